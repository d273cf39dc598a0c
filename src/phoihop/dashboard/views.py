"""The landing page after login: one organisation's tasks at a glance. Reads only."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from phoihop.org.models import Organization
from phoihop.plans import selectors
from phoihop.plans.models import BUCKET_FILTER_LABELS, BUCKET_STYLES, Bucket


def _organizations(request) -> tuple[list[Organization], Organization | None]:
    """The user's own organisations, and the one chosen (?org=, default the first)."""
    memberships = list(
        request.user.memberships.select_related("organization").order_by(
            "organization__depth", "organization__name"
        )
    )
    organizations = [m.organization for m in memberships]
    raw = request.GET.get("org", "")
    chosen = None
    if raw.isdigit():
        chosen = next((o for o in organizations if o.pk == int(raw)), None)
        if chosen is None:
            chosen = Organization.objects.visible_to(request.user).filter(pk=int(raw)).first()
    elif organizations:
        chosen = organizations[0]
    return organizations, chosen


def _link(organization, **filters) -> str:
    return selectors.TaskFilters(organization=organization, **filters).as_query()


@login_required
@require_GET
def home(request):
    organizations, chosen = _organizations(request)
    today = timezone.localdate()
    has_scope = bool(organizations) or request.user.is_superuser
    summary = selectors.dashboard_summary(request.user, chosen, today) if has_scope else None
    cards = []
    if summary:
        for bucket in [*Bucket.values, "due_soon"]:
            cards.append(
                {
                    "bucket": bucket,
                    "label": BUCKET_FILTER_LABELS[bucket],
                    "style": BUCKET_STYLES[bucket],
                    "count": summary["counts"][bucket],
                    "query": _link(chosen, bucket=bucket),
                }
            )
        for row in summary["overdue_by_organization"]:
            row["query"] = _link(chosen, bucket="open_overdue", lead=row["organization"])
    context = {
        "organizations": organizations,
        "chosen": chosen,
        "summary": summary,
        "cards": cards,
        "total_query": _link(chosen) if summary else "",
        "week_query": _link(chosen, bucket="open", due_from=today, due_to=summary["week_end"])
        if summary
        else "",
        "today": today,
    }
    return TemplateResponse(request, "dashboard/home.html", context)
