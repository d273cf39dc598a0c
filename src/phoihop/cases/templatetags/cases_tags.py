"""Template helpers for the case pages: status badges and readable timeline entries."""

from django import template
from django.utils.html import format_html

from phoihop.core.choices import choice_label

from ..models import Case

register = template.Library()

STATUS_STYLES = {
    Case.Status.RECEIVED: "secondary",
    Case.Status.VERIFIED: "info",
    Case.Status.ASSIGNED: "primary",
    Case.Status.ANSWERED: "success",
    Case.Status.CLOSED_RESOLVED: "success",
    Case.Status.CLOSED_UNRESOLVED: "warning",
    Case.Status.MERGED: "light",
}


@register.simple_tag
def status_badge(status: str):
    style = STATUS_STYLES.get(status, "secondary")
    text = " text-dark" if style in {"info", "warning", "light"} else ""
    return format_html(
        '<span class="badge text-bg-{}{} text-wrap" data-testid="case-status" data-status="{}">'
        "{}</span>",
        style,
        text,
        status,
        choice_label(Case.Status, status),
    )


@register.filter
def status_change(changes: dict) -> str:
    """ "Đã xác minh → Đã giao xử lý" when an audit entry changed the status, else ""."""
    pair = (changes or {}).get("status")
    if not isinstance(pair, list) or len(pair) != 2:
        return ""
    old, new = (choice_label(Case.Status, v) if v else "" for v in pair)
    return f"{old} → {new}" if old else new
