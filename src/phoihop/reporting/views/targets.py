"""Targets (chỉ tiêu kế hoạch): the list with results beside them, and the .xlsx import."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.spreadsheets import append_row
from phoihop.org.models import Organization
from phoihop.org.scope import grants
from phoihop.plans.views.common import xlsx_response

from .. import imports
from ..forms import TargetFilterForm, TargetImportForm
from ..models import Indicator, Regime, Target
from ..permissions import RECEIVER_ROLES
from ..targets import LIGHTS, outcomes

# A light filter computes every target's result before cutting pages: at most this many.
MAX_LIGHT_FILTERED = 2000


def _years(visible) -> list[int]:
    spans = visible.values_list("start_year", "end_year").distinct().order_by()
    return sorted({year for start, end in spans for year in range(start, end + 1)}, reverse=True)


def list_url(**filters) -> str:
    """The targets list with these filters (the dashboard links to it)."""
    query = urlencode({key: value for key, value in filters.items() if value})
    url = reverse("reporting:target_list")
    return f"{url}?{query}" if query else url


@login_required
@require_GET
def target_list(request):
    today = timezone.localdate()
    visible = Target.objects.visible_to(request.user)
    owners = Organization.objects.filter(pk__in=visible.values("owner")).order_by("name")
    indicators = Indicator.objects.filter(pk__in=visible.values("indicator")).order_by("name")
    form = TargetFilterForm(
        request.GET, indicators=indicators, owners=owners, years=_years(visible), lights=LIGHTS
    )
    filters = form.valid_data()
    targets = visible.select_related(
        "indicator", "indicator__numerator", "indicator__denominator", "organization", "area"
    ).order_by("indicator__code", "organization__name", "area__name", "-end_year", "pk")
    if owner := filters.get("owner"):
        targets = targets.filter(owner_id=owner)
    if unit := filters.get("unit"):
        targets = targets.filter(Q(owner_id=unit) | Q(organization_id=unit))
    if year := filters.get("year"):
        targets = targets.covering(year)
    if indicator := filters.get("indicator"):
        targets = targets.filter(indicator_id=indicator)
    light = filters.get("light") or ""
    if light:
        found = [o for o in outcomes(targets[:MAX_LIGHT_FILTERED], today) if o.light == light]
        page_obj = paginate(request, found)
        rows = list(page_obj.object_list)
    else:
        page_obj = paginate(request, targets)
        rows = outcomes(page_obj.object_list, today)
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "filtered": any(filters.values()),
        "can_import": bool(_importing_owners(request.user)),
    }
    return render_page(request, "reporting/target_list.html", context, fragment="results")


def _importing_owners(user) -> list[Organization]:
    """The organisations whose targets the user may set: those where they hold a receiver's
    role; for system administrators, the receivers of regimes."""
    ids = {grant.organization_id for grant in grants(user, RECEIVER_ROLES)}
    if user.is_superuser:
        ids |= set(Regime.objects.values_list("receiver_id", flat=True))
    return list(Organization.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def target_import(request):
    """Upload → every row checked; "Kiểm tra" only reports, "Nhập" writes all rows or none."""
    owners = _importing_owners(request.user)
    if not owners:
        raise PermissionDenied
    form = TargetImportForm(request.POST or None, request.FILES or None, owners=owners)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        owner = form.owners[form.cleaned_data["owner"]]
        try:
            report = imports.import_targets(
                owner=owner, by=request.user, upload=form.cleaned_data["file"], dry_run=dry_run
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        if report is not None and report.ok and not dry_run:
            messages.success(request, _("Đã nhập %(n)s chỉ tiêu kế hoạch.") % {"n": report.created})
            return redirect(list_url(owner=owner.pk))
    status = 400 if form.errors else 200
    context = {"form": form, "report": report}
    return TemplateResponse(request, "reporting/target_import.html", context, status=status)


@login_required
@require_GET
def target_import_template(request):
    if not _importing_owners(request.user):
        raise PermissionDenied
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chỉ tiêu kế hoạch"
    append_row(sheet, list(imports.COLUMN_NAMES.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    append_row(sheet, ["TG.BUOI", "38.SYT", "", "2026", 24, "Ví dụ: chỉ tiêu một năm"])
    append_row(sheet, ["HN.TYLE", "", "38", "2026–2030", 1.5, "Ví dụ: chỉ tiêu nhiệm kỳ"])
    content = io.BytesIO()
    workbook.save(content)
    return xlsx_response(content.getvalue(), "mau-nhap-chi-tieu-ke-hoach.xlsx")
