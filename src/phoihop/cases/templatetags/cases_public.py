"""The case page's "public side" panel: the tracking code the staff can read out to the
citizen, and whether (and how) the case is published."""

from django import template

from .. import permissions, tracking
from ..models import Publication

register = template.Library()


@register.filter
def tracking_display(code: str) -> str:
    return tracking.display(code or "")


@register.inclusion_tag("cases/_public_panel.html", takes_context=True)
def public_panel(context, case):
    user = context["request"].user
    publication = (
        Publication.objects.filter(case=case).only("pk", "published", "published_at").first()
    )
    return {
        "case": case,
        "publication": publication,
        "can_publish": permissions.can_publish_case(user, case),
        "csrf_token": context.get("csrf_token"),
    }
