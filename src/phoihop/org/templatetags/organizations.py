from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_badges(context, organization) -> str:
    return badges(organization, context.get("today"))


def badges(organization, today=None) -> str:
    """Archived / no longer in force / not yet in force, as Bootstrap badges."""
    return status_badges(
        organization.archived_at, organization.valid_from, organization.valid_to, today
    )


def status_badges(archived_at, valid_from, valid_to, today=None) -> str:
    """The badges of `badges()` from the columns themselves (list rows are read as values).

    A function rather than an included template: lists and trees show it on every one of up to
    100 rows, and an include costs a template render each time.
    """
    today = today or timezone.localdate()
    shown = []
    if archived_at:
        shown.append(("text-bg-secondary", "badge-archived", _("Đã lưu trữ")))
    if valid_to and valid_to < today:
        ended = _("Hết hiệu lực từ %(date)s") % {"date": day(valid_to)}
        shown.append(("badge-historical", "badge-historical", ended))
    if valid_from and valid_from > today:
        upcoming = _("Hiệu lực từ %(date)s") % {"date": day(valid_from)}
        shown.append(("text-bg-info", "badge-upcoming", upcoming))
    return format_html_join(" ", '<span class="badge {}" data-testid="{}">{}</span>', shown)


def validity_text(start, end) -> str:
    """The validity dates as "01/07/2025 – …", or nothing when there are none."""
    if start is None and end is None:
        return ""
    return f"{day(start) if start else '…'} – {day(end) if end else '…'}"


def day(date) -> str:
    """A date as dd/mm/yyyy, the Vietnamese short form. (Django's `date` filter and
    dateformat.format parse the format on every call: 20 µs, against 1 µs here.)"""
    return f"{date.day:02d}/{date.month:02d}/{date.year:04d}"
