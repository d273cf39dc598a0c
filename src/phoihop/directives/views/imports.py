"""Import registry documents from a spreadsheet, with a dry run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phoihop.core.spreadsheets import SpreadsheetError

from .. import permissions
from ..forms import ImportForm
from ..services import imports
from ._common import apply_errors


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
            rows = imports.read_table(form.cleaned_data["file"])
            result = imports.import_documents(rows=rows, by=request.user, dry_run=dry_run)
        except SpreadsheetError as exc:
            form.add_error("file", exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if result.ok and not dry_run:
                messages.success(
                    request, _("Đã nhập %(n)s văn bản vào danh mục.") % {"n": result.created}
                )
                return redirect("directives:document_list")
    context = {"form": form, "result": result}
    status = 400 if form.errors else 200
    return render(request, "directives/document_import.html", context, status=status)
