from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from phoihop.core.templatetags.dates import vn_date

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_badges(context, organization) -> str:
    """Archived / no longer in force / not yet in force, as Bootstrap badges."""
    today = context.get("today") or timezone.localdate()
    shown = []
    if organization.archived_at:
        shown.append(("text-bg-secondary", "badge-archived", _("Đã lưu trữ")))
    if organization.valid_to and organization.valid_to < today:
        ended = _("Hết hiệu lực từ %(date)s") % {"date": vn_date(organization.valid_to)}
        shown.append(("badge-historical", "badge-historical", ended))
    if organization.valid_from and organization.valid_from > today:
        upcoming = _("Hiệu lực từ %(date)s") % {"date": vn_date(organization.valid_from)}
        shown.append(("text-bg-info", "badge-upcoming", upcoming))
    return format_html_join(" ", '<span class="badge {}" data-testid="{}">{}</span>', shown)


@register.filter
def validity(organization) -> str:
    """When an organisation is in force, "01/07/2025 – …" ("…": no limit that side); "" when
    it has no dates. One call per row of a list instead of two date filters."""
    if organization.valid_from is None and organization.valid_to is None:
        return ""
    return f"{vn_date(organization.valid_from) or '…'} – {vn_date(organization.valid_to) or '…'}"
