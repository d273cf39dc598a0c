"""The one way to read an uploaded spreadsheet, and the one way to write a cell of an export.

Reading (`read_rows`): a spreadsheet is hostile input. An .xlsx is a ZIP of XML parts, so before
openpyxl builds anything the ZIP's own directory is checked: member names, total uncompressed
size and compression ratio (Python's zipfile never inflates a member past the size its directory
declares, so the declared sizes bound the work). openpyxl then reads in read-only mode, rows are
streamed, the sheet's declared dimension is ignored (a 2 KB file may claim A1:XFD1048576), and
reading stops at the caps on rows, columns, cell length and time. defusedxml, when installed,
makes openpyxl refuse XML that declares entities. Every way a file can be unreadable ends in one
`SpreadsheetError` with a Vietnamese message, which views show on the upload field (4xx).

Writing (`append_row`): text from users is written as text, never as a formula, with the
characters XML 1.0 cannot hold removed.
"""

import csv
import datetime
import io
import itertools
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
# An OLE2 compound file: an Excel 97-2003 workbook, or an .xlsx encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CSV_SUFFIXES = {".csv", ".txt", ""}
MAX_ZIP_MEMBERS = 1000
# Part names as Office writes them ("[Content_Types].xml", "xl/worksheets/sheet1.xml").
MEMBER_NAME = re.compile(r"[A-Za-z0-9_.\-\[\]][A-Za-z0-9_.\-\[\] ]{0,199}")
# A small part may compress very well (an empty sheet); the ratio matters only past this size.
RATIO_FLOOR_BYTES = 1024 * 1024
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
DEADLINE_EVERY = 256  # rows between two looks at the clock


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be read; `message` says why, in Vietnamese."""


@dataclass(frozen=True)
class Limits:
    max_rows: int  # data rows, the header row not counted
    max_columns: int
    max_cell_chars: int
    max_bytes: int  # uncompressed
    max_ratio: int
    seconds: float

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_rows=settings.SPREADSHEET_MAX_ROWS,
            max_columns=settings.SPREADSHEET_MAX_COLUMNS,
            max_cell_chars=settings.SPREADSHEET_MAX_CELL_CHARS,
            max_bytes=settings.SPREADSHEET_MAX_UNCOMPRESSED_MB * 1024 * 1024,
            max_ratio=settings.SPREADSHEET_MAX_COMPRESSION_RATIO,
            seconds=settings.SPREADSHEET_TIME_LIMIT_SECONDS,
        )


Row = tuple[int, list[Any]]  # (line number in the sheet, cell values)


@dataclass(frozen=True)
class RowError:
    """One problem found in one row. The contract every import keeps: a dry run lists every
    problem of every row, and nothing is written unless there are none."""

    line: int  # line number in the sheet (the header is usually line 1)
    column: str  # the column's header, "" for the row as a whole
    message: str


@dataclass
class ImportResult:
    """What every import answers, page or worker: the rows checked, every RowError of every
    row, and how many objects were created (0 on a dry run or when any row is bad: nothing is
    written unless every row is valid). `preview` holds what a dry run would create, for the
    pages that list it."""

    dry_run: bool
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    preview: list[Any] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # headers not read, to say so

    @property
    def ok(self) -> bool:
        return not self.errors


# Reading a cell: the same for every import.
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def cell_text(value: Any) -> str:
    """A cell as text: "" when empty, "12" for a whole number the sheet holds as 12.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_date(value: Any) -> datetime.date:
    """A cell as a date: a date the sheet holds, or text day first (22/12/2024, 22-12-2024,
    22.12.2024) or ISO (2024-12-22). ValueError when it is none of these, or no real day."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def read_rows(
    source,
    *,
    name: str = "",
    formats: tuple[str, ...] = ("xlsx", "csv"),
    max_rows: int | None = None,
    limits: Limits | None = None,
) -> list[Row]:
    """The non-empty rows of the first sheet, each with its line number (the first row is 1).

    `source` is bytes or an uploaded file. Values are as the sheet holds them (text, numbers,
    dates, booleans; None for an empty cell), without trailing empty cells. `max_rows` lowers the
    configured cap on data rows for one import.
    """
    limits = limits or Limits.from_settings()
    if max_rows is not None:
        limits = replace(limits, max_rows=min(max_rows, limits.max_rows))
    name = name or getattr(source, "name", "") or ""
    data = _read_bytes(source, limits)
    kind = detect_format(name, data, formats)
    reader = _XlsxReader(data, limits) if kind == "xlsx" else _CsvReader(data, limits)
    return reader.rows()


def detect_format(name: str, data: bytes, formats: tuple[str, ...] = ("xlsx", "csv")) -> str:
    """The file's format, "xlsx" or "csv", judged by its content; the name only tells a CSV
    from other text."""
    if not data:
        raise SpreadsheetError(_("Tệp rỗng."))
    suffix = Path(name or "").suffix.lower()
    if data[:4] == ZIP_MAGIC and "xlsx" in formats:
        return "xlsx"
    if data[:8] == OLE_MAGIC or suffix == ".xls":
        raise SpreadsheetError(
            _(
                "Tệp là định dạng Excel 97-2003 (.xls) hoặc đã được đặt mật khẩu. Hãy lưu lại "
                "thành .xlsx (hoặc .csv) không đặt mật khẩu."
            )
        )
    if suffix == ".xlsx":
        raise SpreadsheetError(_bad_workbook_message())
    if "csv" in formats and (suffix == ".csv" or (suffix in CSV_SUFFIXES and b"\0" not in data)):
        return "csv"
    if "csv" in formats:
        raise SpreadsheetError(_("Tệp phải là bảng tính .xlsx hoặc .csv."))
    raise SpreadsheetError(_("Tệp phải là bảng tính Excel .xlsx."))


def _bad_workbook_message() -> str:
    return _("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải là tệp .xlsx.")


def _read_bytes(source, limits: Limits) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(_too_big_message(limits))
    return data


def _too_big_message(limits: Limits) -> str:
    return _(
        "Tệp quá lớn: nội dung vượt quá %(mb)s MB khi giải nén. Hãy chia thành nhiều tệp nhỏ hơn."
    ) % {"mb": limits.max_bytes // (1024 * 1024)}


class _Reader:
    """What both formats share: the caps, applied row by row."""

    def __init__(self, data: bytes, limits: Limits):
        self.data = data
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds

    def raw_rows(self) -> Iterator[tuple[int, tuple | list]]:
        raise NotImplementedError

    def rows(self) -> list[Row]:
        rows: list[Row] = []
        with closing(self.raw_rows()) as raw_rows:
            for count, (line, values) in enumerate(raw_rows):
                if count % DEADLINE_EVERY == 0:
                    self.check_deadline()
                if _is_empty(values):
                    continue
                cells = _trimmed(values)
                self.check_row(line, cells)
                rows.append((line, cells))
                if len(rows) > self.limits.max_rows + 1:  # + the header row
                    raise SpreadsheetError(
                        _("Tệp có quá nhiều dòng: tối đa %(n)s dòng dữ liệu mỗi lần nhập.")
                        % {"n": self.limits.max_rows}
                    )
        if not rows:
            raise SpreadsheetError(_("Tệp không có dữ liệu."))
        return rows

    def check_deadline(self) -> None:
        if time.monotonic() > self.deadline:
            raise SpreadsheetError(
                _("Đọc tệp quá %(s)s giây nên đã dừng. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"s": int(self.limits.seconds)}
            )

    def check_row(self, line: int, cells: list[Any]) -> None:
        if len(cells) > self.limits.max_columns:
            raise SpreadsheetError(
                _("Dòng %(line)s có dữ liệu ở cột thứ %(col)s; tệp nhập có tối đa %(n)s cột.")
                % {"line": line, "col": len(cells), "n": self.limits.max_columns}
            )
        for index, value in enumerate(cells):
            if isinstance(value, str) and len(value) > self.limits.max_cell_chars:
                raise SpreadsheetError(
                    _("Ô ở dòng %(line)s, cột thứ %(col)s dài quá %(n)s ký tự.")
                    % {"line": line, "col": index + 1, "n": self.limits.max_cell_chars}
                )


def _is_empty(values) -> bool:
    # count() runs in C: a sheet may hold a million empty rows between two real ones.
    return values.count(None) + values.count("") == len(values)


def _trimmed(values) -> list[Any]:
    cells = list(values)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


class _XlsxReader(_Reader):
    def raw_rows(self) -> Iterator[tuple[int, list[Any]]]:
        self._check_archive()
        from openpyxl import load_workbook

        workbook = None
        try:
            workbook = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            self.check_deadline()
            yield from self._sheet_rows(workbook, workbook.worksheets[0])
        except SpreadsheetError:
            raise
        except Exception as exc:  # bad XML, missing parts, odd values: openpyxl raises many kinds
            raise SpreadsheetError(_bad_workbook_message()) from exc
        finally:
            if workbook is not None:
                workbook.close()

    def _sheet_rows(self, workbook, sheet) -> Iterator[tuple[int, list[Any]]]:
        """The rows present in the sheet's XML, parsed by openpyxl's own streaming parser.

        Not `sheet.iter_rows()`: it pads every row to the declared dimension and yields an
        empty row for each missing line, so a 2 KB file declaring A1:XFD1048576, or holding
        one cell on line 1,048,576, makes it build a million rows. The parser's arguments are
        those `ReadOnlyWorksheet._cells_by_row` passes (openpyxl is pinned; a test reads dates,
        numbers and shared strings through here).
        """
        from openpyxl.worksheet._reader import WorkSheetParser

        with sheet._get_source() as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for line, cells in parser.parse():
                if line > EXCEL_MAX_ROW:  # a row number no spreadsheet program writes
                    raise SpreadsheetError(_bad_workbook_message())
                yield line, self._values(line, cells)

    def _values(self, line: int, cells: list[dict]) -> list[Any]:
        filled = {c["column"]: c["value"] for c in cells if c["value"] not in (None, "")}
        if not filled:
            return []
        width = max(filled)
        if width > self.limits.max_columns:
            self.check_row(line, [None] * width)  # refuses, naming the line and column
        return [filled.get(column) for column in range(1, width + 1)]

    def _check_archive(self) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
            raise SpreadsheetError(_bad_workbook_message()) from exc
        if len(members) > MAX_ZIP_MEMBERS or any(_odd_member(m) for m in members):
            raise SpreadsheetError(_bad_workbook_message())
        if any(member.flag_bits & 0x1 for member in members):
            raise SpreadsheetError(
                _("Tệp đã được đặt mật khẩu. Hãy lưu lại thành .xlsx không đặt mật khẩu.")
            )
        expanded = sum(member.file_size for member in members)
        packed = sum(member.compress_size for member in members)
        if expanded > self.limits.max_bytes:
            raise SpreadsheetError(_too_big_message(self.limits))
        if expanded > RATIO_FLOOR_BYTES and expanded > self.limits.max_ratio * max(packed, 1):
            raise SpreadsheetError(
                _("Tệp bị nén bất thường (tỉ lệ nén quá %(n)s lần) nên không được đọc.")
                % {"n": self.limits.max_ratio}
            )


def _odd_member(member: zipfile.ZipInfo) -> bool:
    """A part name Office would never write: absolute, climbing, or with odd characters."""
    name = member.filename
    parts = name.rstrip("/").split("/")
    return (
        len(name) > 255
        or name.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or not all(MEMBER_NAME.fullmatch(part) for part in parts)
    )


class _CsvReader(_Reader):
    def raw_rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            text = self.data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SpreadsheetError(
                _("Tệp CSV phải dùng bảng mã UTF-8 (trong Excel: lưu dạng «CSV UTF-8»).")
            ) from exc
        first_line = text.split("\n", 1)[0]
        delimiter = max((";", ",", "\t"), key=first_line.count)
        # csv's own field cap (128 KB) stops a runaway quoted field; the cell cap comes after.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            yield from ((reader.line_num, row) for row in reader)
        except csv.Error as exc:
            raise SpreadsheetError(
                _("Tệp CSV không đúng định dạng ở dòng %(line)s.") % {"line": reader.line_num}
            ) from exc


# Writing ---------------------------------------------------------------------------------------

# Characters XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone
# surrogates; U+FFFE and U+FFFF. openpyxl raises on the first kind and writes a broken file
# with the others.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text a spreadsheet program would read as a formula (or run as one when the cell is edited).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """`value` without the characters XML cannot hold, cut at Excel's cell limit."""
    return _NOT_XML.sub("", value)[:EXCEL_MAX_CELL_CHARS]


def export_cell(sheet, value: Any):
    """A cell for `sheet.append` that shows `value` exactly as the user typed it.

    Text starting with a formula character is stored as a text cell (openpyxl would store
    "=..." as a formula) and marked with Excel's quote prefix, so that editing the cell does not
    turn it into a formula either; the user still sees their exact text.
    """
    from openpyxl.cell import Cell

    if not isinstance(value, str):
        return value
    text = clean_text(value)
    cell = Cell(sheet, value=text)
    if text.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(sheet, values) -> None:
    """`sheet.append(values)` for an export: every text written as text."""
    sheet.append([export_cell(sheet, value) for value in values])


def export_value(value: Any) -> Any:
    """For CSV: text that cannot start a formula, without characters XML cannot hold."""
    if isinstance(value, str):
        text = clean_text(value)
        return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    return value


# A list exported as the user filtered it ---------------------------------------------------------

EXPORT_HEADER_FILL = "DDE7F3"


def export_list(
    *,
    sheet_title: str,
    title: str,
    columns: list[tuple[str, int]],
    rows: Iterable[list],
    limit: int,
    cut_message: str,
    date_columns: Iterable[int] = (),
) -> bytes:
    """An .xlsx of a list: its title, when it was exported, a bold header row (`columns`:
    header and width), then `rows` (at most `limit`; the sheet says `cut_message` when it
    stopped there), dates shown dd/mm/yyyy in `date_columns` (1-based), the header frozen.
    Every text is written as text (`append_row`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    exported_at = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    append_row(sheet, [_("Xuất lúc %(at)s") % {"at": exported_at}])
    header_row = 3
    append_row(sheet, [header for header, _width in columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=EXPORT_HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    written = 0
    for row in itertools.islice(rows, limit):
        append_row(sheet, row)
        written += 1
    if written == limit:
        append_row(sheet, [cut_message])
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in date_columns:
        for cell in sheet[get_column_letter(index)][header_row:]:
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
