"""Browsing administrative areas as they were on a chosen date ("as of"), with their history."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate

from .. import areas, selectors
from ..forms import AreaChildrenFilterForm, AreaFilterForm
from ..models import Area

LIST_PAGE_SIZE = 100
CHILDREN_PAGE_SIZE = 50
ORGANIZATIONS_SHOWN = 50


@login_required
@require_GET
def area_list(request):
    today = timezone.localdate()
    form = AreaFilterForm(request.GET, default_at=today)
    criteria = form.criteria()
    at, level, query = criteria["at"], criteria["level"], criteria["q"]
    in_force = selectors.areas_on(request.user, at, level=level)
    rows = areas.filter_text(selectors.with_child_counts(in_force, at), query)
    page_obj = paginate(request, rows, LIST_PAGE_SIZE)
    context = {
        "form": form,
        "page_obj": page_obj,
        "areas": page_obj.object_list,
        **_dates(at, criteria["at_value"]),
        "is_today": at == today,
        "before_reform": at < areas.REFORM_DATE,
        "level": level,
        "level_label": Area.Level(level).label,
        "show_parent": level != Area.Level.PROVINCE,
        "show_child_counts": level != Area.Level.COMMUNE,
        "query": query,
    }
    return render_page(request, "org/area_list.html", context, fragment="results")


@login_required
@require_GET
def area_detail(request, pk):
    area = get_object_or_404(
        Area.objects.visible_to(request.user).select_related("parent__parent"), pk=pk
    )
    form = AreaChildrenFilterForm(request.GET, default_at=selectors.default_date_for(area))
    criteria = form.criteria()
    at, query = criteria["at"], criteria["q"]

    # Every child's parent is this area: no need to join it into each row.
    children = selectors.areas_on(request.user, at, parent_id=area.pk).select_related(None)
    rows = areas.filter_text(selectors.with_child_counts(children, at), query)
    page_obj = paginate(request, rows, CHILDREN_PAGE_SIZE)
    page_obj.object_list = selectors.attach_successors(list(page_obj.object_list))
    located_here = selectors.located_in(request.user, area)
    organizations = list(located_here[: ORGANIZATIONS_SHOWN + 1])
    context = {
        "area": area,
        "ancestors": _ancestors(area),
        "ended_on": selectors.ended_on(area),
        "ended_display": _display(selectors.ended_on(area)),
        "valid_from_display": _display(area.valid_from),
        "valid_to_display": _display(area.valid_to),
        "in_force_on_date": area.is_valid_on(at),
        "page_obj": page_obj,
        "children": page_obj.object_list,
        "form": form,
        **_dates(at, criteria["at_value"]),
        "query": query,
        **_history(area),
        "show_child_counts": any(c.level != Area.Level.COMMUNE for c in page_obj.object_list),
        # A district's successors are every new commune of its old communes: too long for a cell.
        "show_child_successors": any(
            c.successor_list for c in page_obj.object_list if c.level != Area.Level.DISTRICT
        ),
        "organizations": organizations[:ORGANIZATIONS_SHOWN],
        "organization_count": (
            located_here.count() if len(organizations) > ORGANIZATIONS_SHOWN else len(organizations)
        ),
        "organizations_shown": ORGANIZATIONS_SHOWN,
    }
    return render_page(request, "org/area_detail.html", context, fragment="children")


def _dates(at: datetime.date, at_value: str) -> dict:
    """The date shown, and its query string for links when the user chose it."""
    return {
        "at": at,
        "at_display": areas.format_date(at),
        "at_value": at_value,
        "at_query": f"?at={at_value}" if at_value else "",
    }


def _ancestors(area: Area) -> list[Area]:
    """From the province down to the area's parent (parents are select_related)."""
    chain = []
    parent = area.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent if parent.parent_id else None
    return chain[::-1]


def _display(date: datetime.date | None) -> str:
    return areas.format_date(date) if date else ""


def _history(area: Area) -> dict[str, list[Area]]:
    """The areas `area` was formed from and those it became, by code, each with
    `valid_to_display`."""
    predecessors, successors = selectors.area_history(area)
    return {"predecessors": _with_dates(predecessors), "successors": _with_dates(successors)}


def _with_dates(areas: list[Area]) -> list[Area]:
    """The areas by code, each with `valid_to_display` for the template."""
    areas = sorted(areas, key=lambda a: a.code)
    for area in areas:
        area.valid_to_display = _display(area.valid_to)
    return areas
