"""A report as an .xlsx file and back (issue 16, item 4): a unit downloads its form pre-filled
with its name, the period and what it has entered, fills it offline and uploads it.

The sheet «Báo cáo» names the report at the top (unit, period, deadline, and the report's
identity «Mã báo cáo», which an upload must carry), then one row per field: its key, label,
unit, value and guidance. An upload is read through `core.spreadsheets.read_rows` (the checks
every spreadsheet gets) and checked as a whole with the same value checker as the page and the
API; a dry run lists every bad cell (sheet, row, column, reason), and nothing is saved unless
every cell is valid, through `submissions.save_values`.
"""

import datetime
import io
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from phoihop.core.periods import Period
from phoihop.core.services import deny_unless
from phoihop.core.spreadsheets import ImportResult, RowError, append_row, cell_text, read_rows
from phoihop.org.models import Organization

from . import checks, permissions
from . import submissions as services
from .models import FormItem, Regime, Submission

SHEET = "Báo cáo"
IDENTITY = "Mã báo cáo"
HEADER = ("Mã", "Chỉ tiêu / phần", "Đơn vị tính", "Giá trị", "Hướng dẫn")
KEY_COLUMN, VALUE_COLUMN = "A", "D"
MAX_ROWS = 1000
WIDTHS = (16, 60, 14, 40, 50)


def identity(regime: Regime, period: Period, organization: Organization) -> str:
    return f"{regime.code}|{period.code}|{organization.pk}"


def form_workbook(
    regime: Regime,
    period: Period,
    organization: Organization,
    submission: Submission | None,
    deadline: datetime.date,
) -> bytes:
    """The form as .xlsx, pre-filled with the unit, the period and the values entered."""
    spec = regime.report_form.spec()
    stored = services.stored_values(submission, spec) if submission else {}
    details = {
        item.indicator.code: item.indicator
        for item in FormItem.objects.filter(report_form_id=regime.report_form_id).select_related(
            "indicator"
        )
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    bold = Font(bold=True)
    append_row(sheet, [regime.name])
    sheet["A1"].font = Font(bold=True, size=13)
    for label, value in (
        (_("Đơn vị báo cáo"), organization.name),
        (_("Kỳ báo cáo"), period.name),
        (_("Hạn nộp"), f"{deadline:%d/%m/%Y}"),
        (IDENTITY, identity(regime, period, organization)),
    ):
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    append_row(sheet, [_("Ghi giá trị vào cột «Giá trị»; số thập phân dùng dấu phẩy (12,5).")])
    append_row(sheet, list(HEADER))
    header_row = sheet.max_row
    for column in range(1, len(HEADER) + 1):
        cell = sheet.cell(row=header_row, column=column)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for form_field in spec.fields:
        indicator = form_field.indicator
        if indicator is not None and indicator.is_rate:
            continue  # computed from its numerator and denominator
        detail = details.get(form_field.key)
        value = _cell_value(stored.get(form_field.key))
        append_row(
            sheet,
            [
                form_field.key,
                form_field.label,
                detail.unit if detail else "",
                value,
                detail.description if detail else form_field.section,
            ],
        )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return value
    if hasattr(value, "as_tuple"):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


# Reading an upload back ----------------------------------------------------------------------


def upload_values(
    regime: Regime,
    period: Period,
    organization: Organization,
    upload,
    by,
    *,
    dry_run: bool = True,
) -> ImportResult:
    """Check every cell of an uploaded form; unless it is a dry run, and only when every cell
    is valid, save them all (starting the report if need be). `created` counts the values
    saved. An unreadable file is a ValidationError (`SpreadsheetError`)."""
    deny_unless(permissions.can_fill_for(by, organization))
    rows = read_rows(upload, formats=("xlsx",), max_rows=MAX_ROWS)
    result = ImportResult(dry_run=dry_run)
    values, lines = _read_form(rows, identity(regime, period, organization), result.errors)
    result.rows = len(values)
    if result.errors:
        return result
    submission = Submission.objects.filter(
        regime=regime, period_code=period.code, organization=organization
    ).first()
    spec = regime.report_form.spec()
    current = services.stored_values(submission, spec) if submission else {}
    problems = checks.clean_values(spec, {**current, **values}).errors
    for key, messages in problems.items():
        form_field = spec.field(key)
        name = form_field.label if form_field else key
        for message in messages:
            result.errors.append(RowError(lines.get(key, 0), VALUE_COLUMN, f"{name}: {message}"))
    if result.errors or dry_run:
        return result
    _save(regime, period, organization, submission, values, by)
    result.created = len(values)
    return result


@transaction.atomic
def _save(regime, period, organization, submission, values, by) -> None:
    submission = submission or services.start_submission(regime, period, organization, by)
    services.save_values(submission, values, by)


def _read_form(rows, expected: str, errors: list[RowError]) -> tuple[dict, dict]:
    """The values of the rows below the header, by key, and the line of each key."""
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    header_line = None
    found_identity = False
    for line, cells in rows:
        first = cell_text(cells[0]) if cells else ""
        if header_line is None:
            if first == IDENTITY:
                found_identity = True
                if cell_text(cells[1] if len(cells) > 1 else None) != expected:
                    errors.append(
                        RowError(
                            line,
                            "B",
                            _(
                                "Tệp này là biểu mẫu của một báo cáo khác (đơn vị, kỳ hoặc chế "
                                "độ báo cáo); hãy tải biểu mẫu của báo cáo này."
                            ),
                        )
                    )
            elif first == HEADER[0] and len(cells) > 1 and cell_text(cells[1]) == HEADER[1]:
                header_line = line
            continue
        if not first:
            errors.append(RowError(line, KEY_COLUMN, _("Thiếu mã chỉ tiêu.")))
            continue
        if first in values:
            errors.append(
                RowError(line, KEY_COLUMN, _("Mã này đã có ở dòng %(n)s.") % {"n": lines[first]})
            )
            continue
        raw = cells[3] if len(cells) > 3 else None
        values[first] = raw if isinstance(raw, bool) else cell_text(raw)
        lines[first] = line
    if not found_identity or header_line is None:
        errors.append(
            RowError(
                0,
                "",
                _("Tệp không theo biểu mẫu tải về (thiếu dòng «%(identity)s» hoặc dòng tiêu đề).")
                % {"identity": IDENTITY},
            )
        )
    return values, lines
