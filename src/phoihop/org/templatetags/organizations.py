from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_badges(context, organization) -> str:
    return badges(organization, context.get("today"))


def badges(organization, today=None) -> str:
    """Archived / no longer in force / not yet in force, as Bootstrap badges.

    A function rather than an included template: lists and trees show it on every one of up to
    100 rows, and an include costs a template render each time.
    """
    today = today or timezone.localdate()
    shown = []
    if organization.archived_at:
        shown.append(("text-bg-secondary", "badge-archived", _("Đã lưu trữ")))
    if organization.valid_to and organization.valid_to < today:
        date = dateformat.format(organization.valid_to, "d/m/Y")
        shown.append(
            ("badge-historical", "badge-historical", _("Hết hiệu lực từ %(date)s") % {"date": date})
        )
    if organization.valid_from and organization.valid_from > today:
        date = dateformat.format(organization.valid_from, "d/m/Y")
        shown.append(("text-bg-info", "badge-upcoming", _("Hiệu lực từ %(date)s") % {"date": date}))
    return format_html_join(" ", '<span class="badge {}" data-testid="{}">{}</span>', shown)


@register.simple_tag
def validity_range(organization) -> str:
    """The validity dates as "01/07/2025 – …", or nothing when there are none. (Django's `date`
    filter looks the format up in the locale on every call: 40 µs a row.)"""
    start, end = organization.valid_from, organization.valid_to
    if start is None and end is None:
        return ""
    return f"{_day(start)} – {_day(end)}"


def _day(date) -> str:
    return dateformat.format(date, "d/m/Y") if date else "…"
