"""Import registry documents from .xlsx or .csv: every row is checked first, and nothing is
imported unless all rows are valid. A dry run shows what would be created.

Columns (header row, any order, case and diacritics ignored): "Số ký hiệu", "Ngày ban hành",
"Trích yếu" (required); "Cơ quan ban hành", "Tên loại", "Lĩnh vực" (names or codes separated by
";"), "Tình trạng", "Tổ chức" (identifier of the owning organisation; empty: the central
catalogue), "Thực hiện văn bản" (symbols of the documents it implements, with "ngày …" when a
symbol names several documents).
"""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core import audit, import_runs, search, spreadsheets
from phoihop.core.audit import Action
from phoihop.core.models import ImportRun
from phoihop.core.services import deny_unless
from phoihop.core.spreadsheets import ImportResult, RowError, cell_date, cell_text
from phoihop.core.text import fold
from phoihop.org.models import Field, Organization

from . import permissions, reference
from .models import Document
from .services._common import Lookups
from .services.citations import Cited, key_of_found, reresolve_citations, resolve
from .services.documents import document_snapshot, validate_document
from .services.numbering import bump_counter

MAX_ROWS = 5000

CENTRAL_REFUSED = gettext_lazy(
    "Bạn không có quyền thêm văn bản Trung ương dùng chung: hãy ghi mã tổ chức của mình ở cột "
    "«Tổ chức» để đăng ký văn bản vào danh mục của tổ chức."
)

COLUMNS = {
    "symbol": ("so ky hieu", "so, ky hieu", "ky hieu", "so hieu"),
    "issued_on": ("ngay ban hanh", "ngay"),
    "abstract": ("trich yeu", "noi dung"),
    "issuing_body": ("co quan ban hanh",),
    "kind_label": ("ten loai",),
    "fields": ("linh vuc",),
    "status": ("tinh trang", "trang thai"),
    "organization": ("to chuc", "ma to chuc", "don vi"),
    "implements": ("thuc hien van ban", "thuc hien"),
}
REQUIRED = ("symbol", "issued_on", "abstract")
REQUIRED_TITLES = {"symbol": "Số ký hiệu", "issued_on": "Ngày ban hành", "abstract": "Trích yếu"}


# --- reading --------------------------------------------------------------------------------


def read_table(uploaded, *, name: str = "") -> list[tuple[int, dict[str, object]]]:
    """(line number, {column: value}) for each non-empty data row; the header is the first
    non-empty row. Read by the one safe reader in core, which raises `SpreadsheetError`.
    `name` is the uploaded file's name when `uploaded` is bytes (it tells a CSV)."""
    (_header_line, header), *table = spreadsheets.read_rows(uploaded, name=name, max_rows=MAX_ROWS)
    columns = _columns(header)
    return [
        (line, {key: values[i] if i < len(values) else None for key, i in columns})
        for line, values in table
    ]


def _columns(header: list[object]) -> list[tuple[str, int]]:
    aliases = {alias: key for key, names in COLUMNS.items() for alias in names}
    found = {}
    for index, title in enumerate(header):
        key = aliases.get(fold(str(title or "")).strip(" *:"))
        if key and key not in found:
            found[key] = index
    missing = [REQUIRED_TITLES[key] for key in REQUIRED if key not in found]
    if missing:
        raise ValidationError(
            _("Thiếu cột bắt buộc: %(columns)s. Dòng đầu tiên phải là tiêu đề cột.")
            % {"columns": ", ".join(missing)}
        )
    return list(found.items())


# --- checking -------------------------------------------------------------------------------


class _RowContext:
    """Everything looked up once for the whole file."""

    def __init__(self, by):
        self.by = by
        self.lookups = Lookups.load()
        self.fields = {}
        for item in Field.objects.all():
            self.fields[fold(item.name)] = item
            self.fields[fold(item.code)] = item
        self.statuses = {}
        for value, label in Document.Status.choices:
            self.statuses[fold(str(label))] = value
            self.statuses[fold(value)] = value
        self.organizations: dict[str, Organization | None] = {}
        self.candidates = Document.objects.visible_to(by)
        self.earlier_rows: dict[str, list[Document]] = {}

    def organization(self, identifier: str) -> Organization | None:
        if identifier not in self.organizations:
            found = Organization.objects.filter(identifier=identifier).first()
            self.organizations[identifier] = found if self._known(found) else None
        return self.organizations[identifier]

    def _known(self, organization: Organization | None) -> bool:
        """An organisation the importer neither sees nor writes for reads as unknown, so the
        error says nothing about what exists elsewhere."""
        if organization is None:
            return False
        return permissions.can_create_document(self.by, organization) or (
            Organization.objects.visible_to(self.by).filter(pk=organization.pk).exists()
        )


def _check_row(values: dict, context: _RowContext) -> tuple[Document, list, list, list[str]]:
    """Build one document; returns (document, fields, implements, error messages)."""
    errors: list[str] = []
    document = Document(
        abstract=cell_text(values.get("abstract")),
        issuing_body=cell_text(values.get("issuing_body")),
        kind_label=cell_text(values.get("kind_label")),
        created_by=context.by,
    )
    try:
        document.issued_on = cell_date(values.get("issued_on"))
    except (TypeError, ValueError):
        errors.append(
            _("Ngày ban hành «%(value)s» không hợp lệ (ví dụ đúng: 30/9/2020).")
            % {"value": cell_text(values.get("issued_on"))}
        )
    status = cell_text(values.get("status"))
    document.status = context.statuses.get(fold(status), "") if status else "in_force"
    if status and not document.status:
        errors.append(_("Tình trạng «%(value)s» không hợp lệ.") % {"value": status})
    identifier = cell_text(values.get("organization"))
    if identifier:
        document.organization = context.organization(identifier)
        if document.organization is None:
            errors.append(_("Không có tổ chức mã «%(value)s».") % {"value": identifier})
    if not identifier and not permissions.can_create_document(context.by, None):
        errors.append(str(CENTRAL_REFUSED))
    elif document.organization and not permissions.can_create_document(
        context.by, document.organization
    ):
        errors.append(_("Bạn không có quyền thêm văn bản cho tổ chức này."))
    fields = []
    for name in filter(
        None, (part.strip() for part in re.split(r"[;,\n]", cell_text(values.get("fields"))))
    ):
        item = context.fields.get(fold(name))
        if item is None:
            errors.append(_("Lĩnh vực «%(value)s» không có trong danh mục.") % {"value": name})
        else:
            fields.append(item)
    implements = _implemented(cell_text(values.get("implements")), context, errors)
    bad_date = document.issued_on is None
    try:
        validate_document(document, symbol=cell_text(values.get("symbol")), lookups=context.lookups)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if not (bad_date and name == "issued_on"):
                errors += messages
    return document, fields, implements, errors


def _implemented(text: str, context: _RowContext, errors: list[str]) -> list[Document]:
    """Documents named in the "Thực hiện văn bản" cell, each resolved like a citation: in the
    registry, or else among the earlier rows of the same file."""
    if not text:
        return []
    found = reference.extract(text)
    if not found:
        errors.append(_("Không đọc được số ký hiệu trong «%(value)s».") % {"value": text})
        return []
    cited = [Cited(c.system, key_of_found(c), c.date) for c in found]
    resolutions = resolve(cited, context.candidates)
    registry = {
        d.pk: d for d in Document.objects.filter(pk__in=[r.document_id for r in resolutions])
    }
    documents = []
    for citation, item, resolution in zip(found, cited, resolutions, strict=True):
        earlier = [
            d
            for d in context.earlier_rows.get(item.key, [])
            if item.date is None or d.issued_on == item.date
        ]
        if resolution.document_id and not earlier:
            documents.append(registry[resolution.document_id])
        elif len(earlier) == 1 and not resolution.ambiguous and not resolution.document_id:
            documents.append(earlier[0])
        elif resolution.ambiguous or earlier:
            errors.append(
                _("%(symbol)s ứng với nhiều văn bản; hãy ghi thêm ngày ban hành.")
                % {"symbol": citation.symbol}
            )
        else:
            errors.append(
                _("Chưa có văn bản %(symbol)s trong danh mục.") % {"symbol": citation.symbol}
            )
    return documents


# --- importing ------------------------------------------------------------------------------


def import_documents(
    *, rows: list[tuple[int, dict]], by, dry_run: bool, progress=None, on_written=None
) -> ImportResult:
    """Check every row; create all documents only when every row is valid (and not a dry run),
    in one transaction.

    In the worker (core.import_runs), `progress(rows_checked)` is told how far the check is, and
    `on_written(count)` runs inside the writing transaction."""
    deny_unless(permissions.can_import_documents(by))
    context = _RowContext(by)
    result = ImportResult(dry_run=dry_run, rows=len(rows))
    prepared = []
    seen: dict[tuple, int] = {}
    for count, (line, values) in enumerate(rows, start=1):
        document, fields, implements, errors = _check_row(values, context)
        key = (document.symbol_key, document.period, document.organization_id)
        if not errors and key in seen:
            errors.append(
                _("Trùng với dòng %(line)s (%(symbol)s).")
                % {"line": seen[key], "symbol": document.symbol}
            )
        seen.setdefault(key, line)
        context.earlier_rows.setdefault(document.symbol_key, []).append(document)
        result.errors.extend(RowError(line, "", message) for message in errors)
        prepared.append((document, fields, implements))
        result.preview.append(document)
        if progress is not None:
            progress(count)
    if result.errors or dry_run:
        return result
    result.created = _write(prepared, by, on_written)
    return result


@transaction.atomic
def _write(prepared: list[tuple[Document, list, list]], by, on_written=None) -> int:
    if on_written is not None:
        # First, so that a second worker of the same run waits on the run's row lock, then
        # finds it done, instead of racing this one to the registry's unique symbols.
        on_written(len(prepared))
    for document, fields, implements in prepared:
        _save_imported(document, fields, implements, by)
    documents = [document for document, _fields, _implements in prepared]
    search.index_many(documents)
    reresolve_citations({document.symbol_key for document in documents})
    return len(prepared)


def _save_imported(document: Document, fields, implements, by) -> None:
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # someone added the same symbol since the rows were checked
        raise ValidationError(
            _("Văn bản %(symbol)s vừa được thêm vào danh mục; hãy kiểm tra lại tệp.")
            % {"symbol": document.symbol}
        ) from exc
    document.fields.set(fields)
    document.implements.set(implements)
    audit.record(
        action=Action.IMPORT,
        obj=document,
        by=by,
        changes=audit.diff({}, {k: v for k, v in document_snapshot(document).items() if v}),
        organization=document.organization,
    )
    bump_counter(document)


# --- large files: in the worker -------------------------------------------------------------

WORKER_KIND = "directives.documents"


def queue_import(*, by, upload, rows: int, dry_run: bool) -> ImportRun:
    """Hand a large file to the worker (core.import_runs); its page shows the progress."""
    deny_unless(permissions.can_import_documents(by))
    return import_runs.start_upload(
        kind=WORKER_KIND, upload=upload, by=by, total=rows, dry_run=dry_run
    )


def run_queued_import(run: ImportRun, data: bytes, progress, on_written) -> list[RowError]:
    """The worker's side: the same checks and the same all-or-nothing write as the page."""
    return import_documents(
        rows=read_table(data, name=run.file_name),
        by=run.created_by,
        dry_run=run.dry_run,
        progress=progress,
        on_written=on_written,
    ).errors
