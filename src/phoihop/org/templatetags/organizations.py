from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_badges(context, organization) -> str:
    """Archived / no longer in force / not yet in force, as Bootstrap badges."""
    today = context.get("today") or timezone.localdate()
    shown = []
    if organization.archived_at:
        shown.append(("text-bg-secondary", "badge-archived", _("Đã lưu trữ")))
    if organization.valid_to and organization.valid_to < today:
        ended = _("Hết hiệu lực từ %(date)s") % {"date": _day(organization.valid_to)}
        shown.append(("badge-historical", "badge-historical", ended))
    if organization.valid_from and organization.valid_from > today:
        upcoming = _("Hiệu lực từ %(date)s") % {"date": _day(organization.valid_from)}
        shown.append(("text-bg-info", "badge-upcoming", upcoming))
    return format_html_join(" ", '<span class="badge {}" data-testid="{}">{}</span>', shown)


def _day(date) -> str:
    return dateformat.format(date, "d/m/Y")
