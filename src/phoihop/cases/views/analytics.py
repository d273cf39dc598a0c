"""The case analytics page and the .xlsx export of any case list. Both read the list's own
filters (`cases.list_filters`), so every number links to the list that counts it and the export
holds the list as displayed."""

import datetime

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from phoihop.plans.views.common import xlsx_response

from .. import selectors
from ..analytics import case_analytics
from ..forms import MISSING_LABELS, RESPONSE_LABELS, CaseAnalyticsForm
from ..spreadsheets import export_cases
from .cases import list_filters


def _with_default_period(request):
    """The page opens on this year's cases (received since 1 January); a period typed, or
    cleared, in the form is kept (an empty `received_from` in the query: since the start)."""
    if "received_from" in request.GET or "received_to" in request.GET:
        return request
    request.GET = request.GET.copy()
    request.GET["received_from"] = datetime.date(timezone.localdate().year, 1, 1).isoformat()
    return request


@login_required
@require_GET
def case_analytics_page(request):
    form, filters, heading = list_filters(_with_default_period(request), CaseAnalyticsForm)
    today = timezone.localdate()
    labels = {key: str(label) for key, label in MISSING_LABELS.items()}
    figures = case_analytics(request.user, filters, today, labels)
    context = {
        "form": form,
        "today": today,
        "figures": figures,
        "response_labels": [RESPONSE_LABELS[key] for key in selectors.RESPONSE_KEYS],
        "list_query": figures["filters"].as_query(),
        **heading,
    }
    return TemplateResponse(request, "cases/case_analytics.html", context)


@login_required
@require_GET
def case_export(request):
    _form, filters, _heading = list_filters(request)
    cases = selectors.filter_cases(request.user, filters, timezone.localdate())
    content = export_cases(cases, title=_("Danh sách vụ việc, ý kiến của Nhân dân"))
    return xlsx_response(content, f"vu-viec-{timezone.localdate():%Y%m%d}.xlsx")
