"""The report as an .xlsx form: downloaded pre-filled, uploaded back with a dry run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core.htmx import render_page

from .. import permissions, workbook
from ..forms import (
    SheetUploadForm,
)
from .common import report_target, report_url

# The form as a spreadsheet ------------------------------------------------------------------


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def form_download(request, regime, period, organization):
    """The form as .xlsx, pre-filled with the unit, the period and what was entered."""
    regime, period, organization, submission = report_target(request, regime, period, organization)
    deadline = submission.deadline if submission else regime.deadline(period)
    data = workbook.form_workbook(regime, period, organization, submission, deadline)
    response = HttpResponse(data, content_type=XLSX)
    name = f"bao-cao-{regime.code}-{period.code}-{organization.pk}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def form_upload(request, regime, period, organization):
    """Upload a filled form: «Kiểm tra» lists every bad cell; «Nhập» saves every value or
    none."""
    regime, period, organization, submission = report_target(request, regime, period, organization)
    if not permissions.can_fill_for(request.user, organization):
        raise PermissionDenied
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        try:
            result = workbook.upload_values(
                regime,
                period,
                organization,
                form.cleaned_data["file"],
                request.user,
                dry_run=dry_run,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        if result is not None and result.ok and not dry_run:
            messages.success(
                request,
                _("Đã nhập %(n)s giá trị từ tệp Excel.") % {"n": result.created},
            )
            return redirect(report_url(regime.pk, period.code, organization.pk))
    context = {
        "regime": regime,
        "period": period,
        "organization": organization,
        "submission": submission,
        "form": form,
        "result": result,
        "sheet": workbook.SHEET,
        "report_url": report_url(regime.pk, period.code, organization.pk),
    }
    response = render_page(request, "reporting/upload.html", context)
    response.status_code = 400 if form.errors else 200
    return response
