"""Task lists (mine, my organisation's, any filter), their export and timeline, and the league
table of organisations by on-time rate."""

import datetime
from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate

from .. import selectors, spreadsheets
from ..forms import LeagueForm, TaskFilterForm
from ..models import BUCKET_FILTER_LABELS, Bucket
from .common import xlsx_response

TIMELINE_LIMIT = 200


def _filtered(request):
    form = TaskFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    return form, filters


def _title(filters: selectors.TaskFilters) -> str:
    if filters.mine:
        return _("Việc của tôi")
    if filters.plan is not None:
        return filters.plan.title
    if filters.organization is not None:
        roles = {"lead": _("chủ trì"), "co": _("phối hợp")}
        if filters.role in roles:
            return _("Nhiệm vụ %(role)s của %(name)s") % {
                "role": roles[filters.role],
                "name": filters.organization.name,
            }
        return _("Nhiệm vụ của %(name)s") % {"name": filters.organization.name}
    return _("Nhiệm vụ")


def _count_from(counts: dict[str, int], bucket: str) -> int:
    combined = {
        "": ("done_on_time", "done_late", "open_on_track", "open_overdue"),
        "open": ("open_on_track", "open_overdue"),
        "done": ("done_on_time", "done_late"),
    }
    return sum(counts[b] for b in combined.get(bucket, (bucket,)))


@login_required
@require_GET
def task_list(request):
    form, filters = _filtered(request)
    today = timezone.localdate()
    tasks = selectors.filter_tasks(request.user, filters, today)
    without_bucket = selectors.TaskFilters(**{**filters.__dict__, "bucket": ""})
    counts = selectors.bucket_counts(
        selectors.filter_tasks(request.user, without_bucket, today), today
    )
    # The tab counts already say how many rows the list has: no second COUNT query. The page
    # is found on ids alone, then only its rows are loaded with their joins.
    page_obj = paginate(
        request,
        tasks.values_list("pk", flat=True),
        count=_count_from(counts, filters.bucket),
    )
    page_tasks = selectors.tasks_in_order(list(page_obj.object_list), today)
    tabs = [
        {
            "bucket": b,
            "label": BUCKET_FILTER_LABELS[b],
            "count": counts.get(b),
            "query": filters.as_query(bucket=b),
            "active": filters.bucket == b,
        }
        for b in [*Bucket.values, "due_soon"]
    ]
    context = {
        "form": form,
        "filters": filters,
        "title": _title(filters),
        "page_obj": page_obj,
        "tasks": page_tasks,
        "tabs": tabs,
        "counts": counts,
        "all_query": filters.as_query(bucket=""),
        "filter_query": filters.as_query(),
        "today": today,
    }
    return render_page(request, "plans/task_list.html", context, fragment="results")


@login_required
@require_GET
def task_export(request):
    _form, filters = _filtered(request)
    tasks = selectors.filter_tasks(request.user, filters)
    content = spreadsheets.export_tasks(tasks, title=_title(filters))
    return xlsx_response(content, f"nhiem-vu-{timezone.localdate():%Y%m%d}.xlsx")


def _timeline_rows(tasks, today: datetime.date):
    """Bars from each task's start to its deadline, grouped by lead organisation."""
    tasks = list(tasks[:TIMELINE_LIMIT])
    if not tasks:
        return [], None, None
    starts = {t.pk: min(timezone.localdate(t.created_at), t.effective_deadline) for t in tasks}
    first = min([*starts.values(), today])
    last = max([*(t.effective_deadline for t in tasks), today])
    span = max((last - first).days, 1)

    def percent(day):
        return round(100 * (day - first).days / span, 2)

    groups: OrderedDict = OrderedDict()
    for task in sorted(tasks, key=lambda t: (t.lead_organization.name, t.effective_deadline)):
        left = percent(starts[task.pk])
        width = max(percent(task.effective_deadline) - left, 0.8)
        groups.setdefault(task.lead_organization, []).append(
            {"task": task, "left": left, "width": width}
        )
    return list(groups.items()), {"first": first, "last": last}, percent(today)


@login_required
@require_GET
def task_timeline(request):
    form, filters = _filtered(request)
    today = timezone.localdate()
    tasks = selectors.for_table(selectors.filter_tasks(request.user, filters, today))
    total = tasks.count()
    groups, bounds, today_left = _timeline_rows(tasks, today)
    context = {
        "form": form,
        "filters": filters,
        "title": _title(filters),
        "groups": groups,
        "bounds": bounds,
        "today_left": today_left,
        "total": total,
        "limit": TIMELINE_LIMIT,
        "filter_query": filters.as_query(),
        "today": today,
    }
    return render_page(request, "plans/task_timeline.html", context, fragment="results")


@login_required
@require_GET
def league(request):
    """Organisations (as lead) ranked by on-time rate for a period."""
    year = timezone.localdate().year
    form = LeagueForm(
        request.GET or None,
        initial={"date_from": datetime.date(year, 1, 1), "date_to": datetime.date(year, 12, 31)},
    )
    date_from, date_to = form.period()
    today = timezone.localdate()
    page_obj = paginate(
        request, selectors.league_table(request.user, date_from, date_to, today=today)
    )
    rows = selectors.league_rows(page_obj.object_list)
    for row in rows:
        row.links = {
            key: selectors.TaskFilters(
                organization=row.organization,
                role="lead",
                due_from=date_from,
                due_to=date_to,
                bucket=bucket,
            ).as_query()
            for key, bucket in (
                ("due", ""),
                *((b, b) for b in ("done_on_time", "done_late", "open_overdue")),
            )
        }
    context = {
        "form": form,
        "rows": rows,
        "page_obj": page_obj,
        "date_from": date_from,
        "date_to": date_to,
        "rank_offset": page_obj.start_index() - 1 if rows else 0,
    }
    return render_page(request, "plans/league.html", context, fragment="results")
