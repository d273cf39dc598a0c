"""Import a plan's tasks from .xlsx, in the columns plans.spreadsheets writes, on the one import
contract (core.spreadsheets.ImportResult): a dry run lists every bad row with its line number,
and nothing is written unless every row is valid; large files run in the worker."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core import audit, import_runs, search
from phoihop.core import spreadsheets as core_spreadsheets
from phoihop.core.audit import Action
from phoihop.core.models import ImportRun
from phoihop.core.services import deny_unless
from phoihop.core.spreadsheets import ImportResult, RowError, cell_date, cell_text
from phoihop.core.text import fold

from . import permissions, services
from .models import Plan, Task
from .selectors import OrganizationResolver
from .spreadsheets import CO_SEPARATORS, HEADER_KEYS, REQUIRED_COLUMNS, header_of

MAX_IMPORT_ROWS = 5000
HEADER_SEARCH_LINES = 10


@dataclass
class _Row:
    line: int
    attrs: dict[str, Any]
    specs: list[services.ParticipantSpec]


def _read_sheet(upload) -> tuple[dict[str, int], list[tuple[int, tuple]], int]:
    """Header positions and data rows (with their line numbers) of the first sheet.

    The export's own layout (a title and a time above the header) reads back, so the header is
    looked for in the first ten lines."""
    try:
        table = core_spreadsheets.read_rows(
            upload, formats=("xlsx",), max_rows=MAX_IMPORT_ROWS + HEADER_SEARCH_LINES
        )
    except core_spreadsheets.SpreadsheetError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    columns: dict[str, int] = {}
    header_line = 0
    rows = []
    for line, values in table:
        if not columns:
            found = {HEADER_KEYS.get(fold(cell_text(v))): i for i, v in enumerate(values)}
            found.pop(None, None)
            if set(found) >= REQUIRED_COLUMNS:
                columns, header_line = found, line
            elif line >= HEADER_SEARCH_LINES:
                break
            continue
        if any(cell_text(v) for v in values):
            rows.append((line, values))
    if not columns:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Không thấy dòng tiêu đề có các cột “Nhiệm vụ”, “Đơn vị chủ trì”, "
                        "“Hạn hoàn thành”."
                    )
                ]
            }
        )
    return columns, rows, header_line


class _RowParser:
    def __init__(self, plan: Plan, columns: dict[str, int]):
        self.plan = plan
        self.columns = columns
        self.resolver = OrganizationResolver(plan)
        self.fields = services.fields_by_key()

    def value(self, values: tuple, key: str):
        index = self.columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def parse(self, line: int, values: tuple, errors: list[RowError]) -> _Row | None:
        before = len(errors)

        def error(key: str, message: str) -> None:
            errors.append(RowError(line, header_of(key), message))

        attrs: dict[str, Any] = {
            "title": cell_text(self.value(values, "title")),
            "description": cell_text(self.value(values, "description")),
        }
        if not attrs["title"]:
            error("title", _("Thiếu tên nhiệm vụ."))
        field_text = cell_text(self.value(values, "field"))
        if field_text:
            attrs["field"] = self.fields.get(fold(field_text)) or self.fields.get(field_text)
            if attrs["field"] is None:
                error("field", _("Không có lĩnh vực “%(text)s”.") % {"text": field_text})
        specs = self._participants(values, error)
        raw_deadline = self.value(values, "deadline")
        try:
            attrs["deadline"] = cell_date(raw_deadline)
        except ValueError:
            error(
                "deadline",
                _("Ngày “%(text)s” không hợp lệ; dùng dạng 31/12/2026.")
                % {"text": cell_text(raw_deadline)},
            )
        exception = cell_text(self.value(values, "exception"))
        attrs["deadline_exception"] = exception
        attrs["outside_parties_reason"] = exception
        if len(errors) > before:
            return None
        return _Row(line=line, attrs=attrs, specs=specs)

    def _participants(self, values, error) -> list[services.ParticipantSpec]:
        specs = []
        lead_text = cell_text(self.value(values, "lead"))
        if not lead_text:
            error("lead", _("Thiếu đơn vị chủ trì."))
        else:
            try:
                specs.append(services.ParticipantSpec(self.resolver.resolve(lead_text), "lead"))
            except LookupError as exc:
                error("lead", str(exc))
        co_text = cell_text(self.value(values, "co"))
        for separator in CO_SEPARATORS[1:]:
            co_text = co_text.replace(separator, CO_SEPARATORS[0])
        for part in filter(None, (p.strip() for p in co_text.split(CO_SEPARATORS[0]))):
            try:
                specs.append(services.ParticipantSpec(self.resolver.resolve(part), "co"))
            except LookupError as exc:
                error("co", str(exc))
        return specs


def _invariant_errors(plan: Plan, row: _Row, by, errors: list[RowError]) -> list[bool] | None:
    """The same checks as creating one task by hand, reported against the row."""
    task = services.build_task(plan, by, row.attrs)
    try:
        return services.check_new_task(task, row.specs)
    except ValidationError as exc:
        labels = {
            "deadline": header_of("deadline"),
            "title": header_of("title"),
            "participants": header_of("co"),
            "outside_parties_reason": header_of("exception"),
        }
        for key, messages in exc.message_dict.items():
            for message in messages:
                errors.append(RowError(row.line, labels.get(key, ""), message))
        return None


def import_tasks(
    *, plan: Plan, by, upload, dry_run: bool = True, progress=None, on_written=None
) -> ImportResult:
    """Check every row; unless it is a dry run and only when every row is valid, create them
    all in one transaction.

    In the worker (core.import_runs), `progress(rows_checked)` is told how far the check is, and
    `on_written(count)` runs inside the writing transaction."""
    plan = Plan.objects.select_related("programme", "issuing_organization").get(pk=plan.pk)
    deny_unless(permissions.can_import_tasks(by, plan))
    columns, raw_rows, _header_line = _read_sheet(upload)
    report = ImportResult(dry_run=dry_run, rows=len(raw_rows))
    if len(raw_rows) > MAX_IMPORT_ROWS:
        report.errors.append(RowError(0, "", _("Tệp có quá %(n)s dòng.") % {"n": MAX_IMPORT_ROWS}))
        return report
    if not raw_rows:
        report.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào.")))
        return report
    parser = _RowParser(plan, columns)
    checked = []
    for count, (line, values) in enumerate(raw_rows, start=1):
        row = parser.parse(line, values, report.errors)
        if row is not None:
            outside = _invariant_errors(plan, row, by, report.errors)
            if outside is not None:
                checked.append((row, outside))
        if progress is not None:
            progress(count)
    if report.errors or dry_run:
        return report
    report.created = _write(plan, by, checked, on_written)
    return report


@transaction.atomic
def _write(plan: Plan, by, checked, on_written=None) -> int:
    tasks = []
    for row, outside in checked:
        task = services.build_task(plan, by, row.attrs)
        services.save_new_task(task, row.specs, outside, by)
        services.notify_assigned(task, [spec.organization for spec in row.specs])
        tasks.append(task)
    audit.record(
        action=Action.IMPORT,
        obj=plan,
        by=by,
        changes={"tasks": [None, len(tasks)]},
        organization=plan.issuing_organization,
        message=_("Nhập %(n)s nhiệm vụ từ bảng tính") % {"n": len(tasks)},
    )
    search.index_many(
        Task.objects.filter(pk__in=[t.pk for t in tasks]).select_related(
            "plan", "lead_organization"
        )
    )
    if on_written is not None:
        on_written(len(tasks))
    return len(tasks)


# Large imports run in the worker -----------------------------------------------------------------

WORKER_KIND = "plans.tasks"


def data_rows(upload) -> int:
    """How many data rows the file holds (a ValidationError on "file" when it is unreadable)."""
    _columns, rows, _header_line = _read_sheet(upload)
    return len(rows)


def queue_import(*, plan: Plan, by, upload, rows: int, dry_run: bool) -> ImportRun:
    """Hand a large file to the worker (core.import_runs); its page shows the progress."""
    deny_unless(permissions.can_import_tasks(by, plan))
    return import_runs.start_upload(
        kind=WORKER_KIND, upload=upload, by=by, total=rows, dry_run=dry_run, target_id=plan.pk
    )


def run_queued_import(run: ImportRun, data: bytes, progress, on_written) -> list[RowError]:
    """The worker's side: the same checks and the same all-or-nothing write as the page."""
    plan = Plan.objects.get(pk=run.target_id)
    report = import_tasks(
        plan=plan,
        by=run.created_by,
        upload=data,
        dry_run=run.dry_run,
        progress=progress,
        on_written=on_written,
    )
    return report.errors
