"""The pivot page of accepted figures (issue 16, item 7) and its .xlsx export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phoihop.plans.views.common import xlsx_response

from .. import pivot
from ..forms import PivotForm
from ..permissions import analytics_provinces, can_read_any_rollups


def _read(request):
    if not can_read_any_rollups(request.user):
        raise PermissionDenied
    form = PivotForm(request.GET or None, user=request.user)
    choice = pivot.read_choice(form)
    areas, tables = [], []
    try:
        areas, tables = pivot.tables(choice)
    except ValidationError as exc:
        choice.errors = exc.messages
    return form, choice, areas, tables


@login_required
@require_GET
def analysis(request):
    form, choice, areas, tables = _read(request)
    return render(
        request,
        "reporting/analysis.html",
        {
            "form": form,
            "choice": choice,
            "areas": areas,
            "tables": tables,
            "periods": choice.periods,
            "pivot_query": choice.query(),
            "country_query": choice.query(area=""),
            "whole_country": analytics_provinces(request.user) is None,
        },
    )


@login_required
@require_GET
def analysis_export(request):
    _form, choice, _areas, tables = _read(request)
    where = choice.area.short_name if choice.area else "Toàn quốc"
    name = f"Tổng hợp số liệu - {where} - {choice.year_from}-{choice.year_to}.xlsx"
    return xlsx_response(pivot.export(choice, tables), name)
