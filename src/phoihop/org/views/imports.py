"""Spreadsheet import of organisations: upload → dry run (errors or preview) → confirm."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import import_runs
from phoihop.core.htmx import render_page
from phoihop.core.models import ImportRun

from .. import imports, permissions
from ..forms import ImportConfirmForm, ImportUploadForm
from ..models import Field, Organization

PREVIEW_ROWS = 20
TEMPLATES = {
    "csv": ("text/csv; charset=utf-8", "mau-nhap-to-chuc.csv", imports.sample_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mau-nhap-to-chuc.xlsx",
        imports.sample_xlsx,
    ),
}


def _sample_file(fmt: str) -> HttpResponse:
    content_type, filename, build = TEMPLATES[fmt]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def organization_import(request):
    # Importing creates organisations, which needs administrator rights somewhere.
    if not permissions.administers_somewhere(request.user):
        raise PermissionDenied
    if request.method == "GET" and request.GET.get("template") in TEMPLATES:
        return _sample_file(request.GET["template"])
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    bound = request.method == "POST"
    form = ImportUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        return _dry_run(request, form)
    return _page(request, form=form, status=400 if form.errors else 200)


def _page(request, *, status: int = 200, **context):
    context.setdefault("form", ImportUploadForm())
    context.update(
        columns=imports.COLUMNS,
        kinds=Organization.Kind.labels,
        levels=Organization.Level.labels,
        fields=Field.objects.all(),
        max_rows=imports.MAX_ROWS,
        max_mb=imports.MAX_FILE_BYTES // (1024 * 1024),
    )
    return render(request, "org/import.html", context, status=status)


def _dry_run(request, form: ImportUploadForm):
    upload = form.cleaned_data["file"]
    if upload.size > imports.MAX_FILE_BYTES:
        form.add_error(
            "file",
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": imports.MAX_FILE_BYTES // (1024 * 1024)},
        )
        return _page(request, form=form, status=400)
    data = upload.read()
    try:
        fmt = imports.detect_format(upload.name, data)
        table = imports.read_table(upload.name, data)
        if _large(table):
            return _queue_dry_run(request, data, fmt, upload.name, table)
        result = imports.import_organizations(table, by=request.user, dry_run=True)
    except imports.ImportFileError as exc:
        form.add_error("file", exc.message)
        return _page(request, form=form, status=400)
    if result.errors:
        return _page(request, form=form, result=result, filename=upload.name, status=400)
    token = imports.store_upload(data, fmt, request.user, upload.name)
    return _page(
        request,
        result=result,
        preview=result.preview[:PREVIEW_ROWS],
        filename=upload.name,
        confirm_form=ImportConfirmForm(initial={"token": token}),
    )


def _confirm(request):
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400, file_error=_("Thiếu thông tin phiên nhập."))
    token = form.cleaned_data["token"]
    try:
        fmt, data, filename = imports.load_upload(token, request.user)
        table = imports.read_table(f"upload.{fmt}", data)
        if _large(table):
            imports.discard_upload(token)
            _run, response = _queue(
                request, data, filename or f"upload.{fmt}", table, dry_run=False
            )
            return response
        result = imports.import_organizations(
            table, by=request.user, dry_run=False, source=filename
        )
    except imports.ImportFileError as exc:
        return _page(request, status=400, file_error=exc.message)
    imports.discard_upload(token)
    if result.errors:  # the database changed since the dry run (e.g. an identifier was taken)
        return _page(request, result=result, status=400)
    messages.success(
        request,
        ngettext("Đã nhập %(n)s tổ chức.", "Đã nhập %(n)s tổ chức.", result.created)
        % {"n": result.created},
    )
    return redirect("org:organization_tree")


# Large files: the check, then the import, run in the worker; the page polls their progress.


def _large(table) -> bool:
    return imports.data_rows(table) > settings.SPREADSHEET_WORKER_ROWS


def _session_key(run: ImportRun) -> str:
    return f"org-import-{run.pk.hex}"


def _queue(request, data: bytes, filename: str, table, *, dry_run: bool):
    run = imports.queue_import(
        data=data,
        by=request.user,
        filename=filename,
        rows=imports.data_rows(table),
        dry_run=dry_run,
    )
    return run, redirect("org:organization_import_run", run.pk)


def _queue_dry_run(request, data: bytes, fmt: str, filename: str, table):
    """The file is also kept for the confirmation, as for a small file; its signed token waits
    in the session until the worker has found every row valid."""
    run, response = _queue(request, data, filename, table, dry_run=True)
    request.session[_session_key(run)] = imports.store_upload(data, fmt, request.user, filename)
    return response


@login_required
@require_GET
def organization_import_run(request, run_id):
    """The progress, then the result, of an import run by the worker; only its uploader sees it.
    A valid dry run offers the same confirmation as the page does for a small file."""
    run = get_object_or_404(ImportRun, pk=run_id, kind=imports.WORKER_KIND, created_by=request.user)
    errors = import_runs.row_errors(run)
    token = request.session.get(_session_key(run))
    confirm_form = None
    if run.dry_run and run.finished and not errors and token:
        confirm_form = ImportConfirmForm(initial={"token": token})
    done = ngettext("Đã nhập %(n)s tổ chức.", "Đã nhập %(n)s tổ chức.", run.created)
    ready = ngettext(
        "Tệp hợp lệ: sẽ tạo %(n)s tổ chức.", "Tệp hợp lệ: sẽ tạo %(n)s tổ chức.", run.total
    )
    context = {
        "run": run,
        "errors": errors,
        "confirm_form": confirm_form,
        "done_message": done % {"n": run.created},
        "ready_message": ready % {"n": run.total},
    }
    return render_page(request, "org/organization_import_run.html", context, fragment="progress")
