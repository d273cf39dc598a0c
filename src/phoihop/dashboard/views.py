"""The landing page after login (one organisation's tasks at a glance) and the review counts
(the activities of a period, for sơ kết / tổng kết reports). Reads only."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phoihop.cases import selectors as cases
from phoihop.core.contributions import review_counters
from phoihop.core.spreadsheets import export_list
from phoihop.media import attention as press
from phoihop.org.scope import holds_role
from phoihop.org.views import suggestions
from phoihop.plans import permissions, selectors
from phoihop.plans.models import BUCKET_FILTER_LABELS, BUCKET_STYLES, Bucket
from phoihop.plans.views.common import xlsx_response
from phoihop.reporting import selectors as reporting
from phoihop.reporting.views.completeness import completeness_url
from phoihop.reporting.views.targets import list_url as targets_url

from . import charts
from .forms import DashboardForm, ReviewCountForm

# Every figure of every registered app fits far below this; the cut is a guard, not a page.
REVIEW_EXPORT_LIMIT = 1000


def _link(organization, **filters) -> str:
    return selectors.TaskFilters(organization=organization, **filters).as_query()


def _list_url(organization, **filters) -> str:
    """The task list counting what a number or a chart mark shows."""
    return f"{reverse('plans:task_list')}?{_link(organization, **filters)}"


def _charts(chosen, summary: dict, cards: list[dict]) -> dict:
    """The three charts' geometry, each mark with the link to the tasks it counts."""
    buckets = charts.stacked_bar(
        [card for card in cards if card["bucket"] in Bucket.values],
    )
    overdue = charts.bar_widths(summary["overdue_by_organization"])
    months = [
        month | {"url": _list_url(chosen, due_from=month["month"], due_to=month["month_end"])}
        for month in summary["on_time_by_month"]
    ]
    return {"buckets": buckets, "overdue": overdue, "rate": charts.rate_line(months)}


def _cards(chosen, summary: dict) -> list[dict]:
    return [
        {
            "bucket": bucket,
            "label": BUCKET_FILTER_LABELS[bucket],
            "style": BUCKET_STYLES[bucket],
            "count": summary["counts"][bucket],
            "url": _list_url(chosen, bucket=bucket),
        }
        for bucket in [*Bucket.values, "due_soon"]
    ]


@login_required
@require_GET
def home(request):
    form = DashboardForm(request.GET, user=request.user)
    chosen = form.chosen()
    today = timezone.localdate()
    has_scope = bool(form.organizations) or request.user.is_superuser
    summary = selectors.dashboard_summary(request.user, chosen, today) if has_scope else None
    context = {
        "form": form,
        "organizations": form.organizations,
        "chosen": chosen,
        "summary": summary,
        "today": today,
        "can_create_plan": permissions.can_create_plan(request.user),
    }
    if summary:
        for row in summary["overdue_by_organization"]:
            row["url"] = _list_url(chosen, bucket="open_overdue", lead=row["organization"])
        cards = _cards(chosen, summary)
        context |= {
            "cards": cards,
            "charts": _charts(chosen, summary, cards),
            "total_query": _link(chosen),
            "week_query": _link(chosen, bucket="open", due_from=today, due_to=summary["week_end"]),
        }
    if chosen is not None and holds_role(request.user, chosen):
        context["reports"] = _reports(chosen, today, summary)
    if summary is not None:
        # Open hot spots and overdue cases of the same organisation, each with its list.
        context["cases"] = cases.dashboard_counts(request.user, chosen, today)
    # Today's press alerts and the negative stories about the user's provinces.
    context["press"] = press.dashboard_counts(request.user, today)
    return TemplateResponse(request, "dashboard/home.html", context)


def _reports(chosen, today, summary) -> dict:
    """The reporting tiles of one organisation (its own, so only for its people), each number
    with the list it counts."""
    _monday, sunday = selectors.week_bounds(today)
    found = reporting.dashboard_summary(chosen, today, sunday)
    for row in found["collections"]:
        row.late_url = completeness_url(row.regime, row.period, status="late")
        row.missing_url = completeness_url(row.regime, row.period, status="missing")
    for report in found["due"]:
        report.url = reverse(
            "reporting:report", args=[report.regime.pk, report.period.code, chosen.pk]
        )
    found["off_target_url"] = targets_url(unit=chosen.pk, year=today.year, light="red")
    return found


def _review_sections(user, form: ReviewCountForm) -> tuple[dict, list[dict]]:
    """The counted span and every registered app's figures, grouped by section; each figure's
    bar is its share of the largest figure with the same unit in its section (hours are never
    drawn against a number of events)."""
    start, end, span_name = form.span()
    data = form.valid_data()
    filters = {
        "start": start,
        "end": end,
        "organization": data.get("organization"),
        "programme": data.get("programme"),
    }
    sections: dict[str, list] = {}
    for counter in review_counters():
        for figure in counter.figures(user, **filters):
            sections.setdefault(str(figure.section), []).append(figure)
    drawn = []
    for title, figures in sections.items():
        largest: dict[str, float] = {}
        for figure in figures:
            largest[figure.unit] = max(largest.get(figure.unit, 0), figure.value)
        rows = [
            {"figure": figure, "width": charts.share(figure.value, largest[figure.unit])}
            for figure in figures
        ]
        drawn.append({"title": title, "rows": rows})
    return filters | {"name": span_name}, drawn


@login_required
@require_GET
def review_counts(request):
    """Events, training, missions, good models and publications counted for a review period:
    the figures a sơ kết / tổng kết report and the six-monthly bloc briefing quote."""
    form = ReviewCountForm(request.GET, user=request.user, today=timezone.localdate())
    if suggestions.asked_for(request) == "organization":
        return suggestions.organizations(
            request, "organization", form.fields["organization"].queryset
        )
    span, sections = _review_sections(request.user, form)
    context = {
        "form": form,
        "span": span,
        "sections": sections,
        "counted": any(row["figure"].value for section in sections for row in section["rows"]),
        "export_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "dashboard/review_counts.html", context)


@login_required
@require_GET
def review_counts_export(request):
    form = ReviewCountForm(request.GET, user=request.user, today=timezone.localdate())
    span, sections = _review_sections(request.user, form)
    rows = (
        [section["title"], str(row["figure"].label), row["figure"].value, str(row["figure"].unit)]
        for section in sections
        for row in section["rows"]
    )
    content = export_list(
        sheet_title=_("Thống kê hoạt động"),
        title=_("Thống kê hoạt động — %(span)s") % {"span": span["name"]},
        columns=[(_("Nhóm"), 28), (_("Chỉ tiêu"), 48), (_("Số liệu"), 12), (_("Đơn vị tính"), 14)],
        rows=rows,
        limit=REVIEW_EXPORT_LIMIT,
        cut_message=_("Danh sách dừng ở %(limit)s dòng.") % {"limit": REVIEW_EXPORT_LIMIT},
    )
    name = f"thong-ke-hoat-dong-{span['start']:%Y%m%d}-{span['end']:%Y%m%d}.xlsx"
    return xlsx_response(content, name)
