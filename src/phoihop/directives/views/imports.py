"""Import registry documents from a spreadsheet, with a dry run."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import import_runs
from phoihop.core.htmx import render_page
from phoihop.core.models import ImportRun
from phoihop.core.spreadsheets import SpreadsheetError

from .. import imports, permissions
from ..forms import ImportForm


@login_required
@require_http_methods(["GET", "POST"])
def document_import(request):
    if not permissions.can_import_documents(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        try:
            upload = form.cleaned_data["file"]
            rows = imports.read_table(upload)
            if len(rows) > settings.SPREADSHEET_WORKER_ROWS:
                run = imports.queue_import(
                    by=request.user, upload=upload, rows=len(rows), dry_run=dry_run
                )
                return redirect("directives:document_import_run", run.pk)
            result = imports.import_documents(rows=rows, by=request.user, dry_run=dry_run)
        except SpreadsheetError as exc:
            form.add_error("file", exc.message)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            if result.ok and not dry_run:
                messages.success(
                    request, _("Đã nhập %(n)s văn bản vào danh mục.") % {"n": result.created}
                )
                return redirect("directives:document_list")
    context = {"form": form, "result": result}
    status = 400 if form.errors else 200
    return render(request, "directives/document_import.html", context, status=status)


@login_required
@require_GET
def document_import_run(request, run_id):
    """The progress, then the result, of an import run by the worker; only its uploader sees it."""
    run = get_object_or_404(ImportRun, pk=run_id, kind=imports.WORKER_KIND, created_by=request.user)
    done = ngettext(
        "Đã nhập %(n)s văn bản vào danh mục.", "Đã nhập %(n)s văn bản vào danh mục.", run.created
    )
    ready = ngettext(
        "Tất cả %(n)s dòng hợp lệ. Chọn lại tệp và bấm «Nhập» để thêm vào danh mục.",
        "Tất cả %(n)s dòng hợp lệ. Chọn lại tệp và bấm «Nhập» để thêm vào danh mục.",
        run.total,
    )
    context = {
        "run": run,
        "errors": import_runs.row_errors(run),
        "done_message": done % {"n": run.created},
        "ready_message": ready % {"n": run.total},
    }
    return render_page(request, "directives/document_import_run.html", context, fragment="progress")
