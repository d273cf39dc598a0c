"""Import targets (chỉ tiêu kế hoạch) from .xlsx on the one import contract
(core.spreadsheets.ImportResult): a dry run lists every bad row with its line number, and
nothing is written unless every row is valid.

One row per target: the indicator's code, the organisation (its identifier, e.g. 38.SYT, or
its full name) or the area (its code), the year (2026) or the term (2026–2030), the value and
an optional note. The targets are given by the organisation chosen on the page (`owner`); a
row naming a target that exists changes its value. A targets file is short (a province's
indicators × its communes × a term is a few thousand rows at most), so it is checked and
written in the request; the row cap keeps it so.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core import spreadsheets
from phoihop.core.services import deny_unless
from phoihop.core.spreadsheets import ImportResult, RowError, cell_text
from phoihop.core.text import fold
from phoihop.org.models import Area, Organization

from . import services
from .models import Indicator, Target
from .models.targets import value_problem
from .permissions import can_set_targets

MAX_IMPORT_ROWS = 5000
HEADER_SEARCH_LINES = 10
# Column headers as a person may write them (folded), to the key read here.
HEADERS = {
    "ma chi tieu": "indicator",
    "chi tieu": "indicator",
    "don vi": "organization",
    "don vi thuc hien": "organization",
    "ma dinh danh don vi": "organization",
    "dia ban": "area",
    "ma dia ban": "area",
    "nam": "years",
    "nam, nhiem ky": "years",
    "nhiem ky": "years",
    "giai doan": "years",
    "gia tri": "value",
    "gia tri chi tieu": "value",
    "ke hoach": "value",
    "ghi chu": "note",
}
COLUMN_NAMES = {
    "indicator": "Mã chỉ tiêu",
    "organization": "Đơn vị",
    "area": "Địa bàn",
    "years": "Năm, nhiệm kỳ",
    "value": "Giá trị",
    "note": "Ghi chú",
}
REQUIRED = {"indicator", "years", "value"}
YEARS = re.compile(r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?")


@dataclass
class _Row:
    line: int
    fields: dict[str, Any]


def _read_sheet(upload):
    try:
        table = spreadsheets.read_rows(
            upload, formats=("xlsx",), max_rows=MAX_IMPORT_ROWS + HEADER_SEARCH_LINES
        )
    except spreadsheets.SpreadsheetError as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    columns: dict[str, int] = {}
    rows = []
    for line, values in table:
        if not columns:
            found = {HEADERS.get(fold(cell_text(v))): i for i, v in enumerate(values)}
            found.pop(None, None)
            if set(found) >= REQUIRED and ({"organization", "area"} & set(found)):
                columns = found
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
                        "Không thấy dòng tiêu đề có các cột “Mã chỉ tiêu”, “Đơn vị” (hoặc “Địa "
                        "bàn”), “Năm, nhiệm kỳ”, “Giá trị”."
                    )
                ]
            }
        )
    return columns, rows


class _Lookups:
    """The indicators, organisations and areas the rows name, each read once."""

    def __init__(self, rows, columns):
        def texts(key):
            index = columns.get(key)
            if index is None:
                return set()
            return {cell_text(v[index]) for _l, v in rows if index < len(v) and v[index]}

        self.indicators = {
            i.code: i
            for i in Indicator.objects.filter(code__in=texts("indicator")).select_related(
                "numerator", "denominator"
            )
        }
        named = texts("organization")
        organizations = Organization.objects.filter(archived_at__isnull=True).filter(
            identifier__in=named
        ) | Organization.objects.filter(archived_at__isnull=True, name__in=named)
        self.by_identifier = {o.identifier: o for o in organizations if o.identifier}
        self.by_name: dict[str, list[Organization]] = {}
        for organization in organizations:
            self.by_name.setdefault(organization.name, []).append(organization)
        self.areas = {a.code: a for a in Area.objects.filter(code__in=texts("area"))}

    def organization(self, text: str) -> Organization:
        if text in self.by_identifier:
            return self.by_identifier[text]
        found = self.by_name.get(text, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise LookupError(
                _("Có nhiều đơn vị tên “%(text)s”; ghi mã định danh của đơn vị.") % {"text": text}
            )
        raise LookupError(_("Không có đơn vị “%(text)s”.") % {"text": text[:100]})


def _parse(line, values, columns, lookups: _Lookups, errors: list[RowError]) -> _Row | None:
    before = len(errors)

    def cell(key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else None

    def error(key, message):
        errors.append(RowError(line, COLUMN_NAMES[key], message))

    fields: dict[str, Any] = {"note": cell_text(cell("note"))[:500]}
    code = cell_text(cell("indicator"))
    fields["indicator"] = lookups.indicators.get(code)
    if fields["indicator"] is None:
        error("indicator", _("Không có chỉ tiêu mã “%(code)s”.") % {"code": code[:60]})
    organization_text, area_text = cell_text(cell("organization")), cell_text(cell("area"))
    if bool(organization_text) == bool(area_text):
        error("organization", _("Ghi một đơn vị, hoặc một địa bàn (không ghi cả hai)."))
    elif organization_text:
        try:
            fields["organization"] = lookups.organization(organization_text)
        except LookupError as exc:
            error("organization", str(exc))
    else:
        fields["area"] = lookups.areas.get(area_text)
        if fields["area"] is None:
            error("area", _("Không có địa bàn mã “%(code)s”.") % {"code": area_text[:20]})
    years = YEARS.fullmatch(cell_text(cell("years")))
    if years is None:
        error("years", _("Ghi năm (2026) hoặc nhiệm kỳ (2026–2030)."))
    else:
        fields["start_year"] = int(years.group(1))
        fields["end_year"] = int(years.group(2) or years.group(1))
    raw = cell("value")
    try:
        fields["value"] = Decimal(cell_text(raw).replace(",", ".")) if raw is not None else None
        if fields["value"] is None or not fields["value"].is_finite():
            raise InvalidOperation
    except InvalidOperation:
        error("value", _("Giá trị “%(text)s” không phải là số.") % {"text": cell_text(raw)[:30]})
    else:
        if fields["indicator"] is not None:
            problem = value_problem(fields["indicator"], fields["value"])
            if problem:
                error("value", problem)
    if len(errors) > before:
        return None
    return _Row(line, fields)


def _check(owner, row: _Row, errors: list[RowError], reach: dict) -> None:
    """The model's rules and the owner's reach, as a hand-made target would meet them (the
    reach asked once per organisation or area named)."""
    target = Target(owner=owner, **row.fields)
    try:
        target.full_clean(validate_constraints=False)
        subject = (target.organization_id, target.area_id)
        if subject not in reach:
            reach[subject] = services.target_reach_problem(owner, target.organization, target.area)
        problem = reach[subject]
        if problem:
            raise ValidationError({"organization": [problem]})
    except ValidationError as exc:
        names = {"start_year": "years", "end_year": "years", "area": "area"}
        for key, messages in exc.message_dict.items():
            column = COLUMN_NAMES.get(names.get(key, key), "")
            errors.extend(RowError(row.line, column, message) for message in messages)


def _duplicates(rows: list[_Row], errors: list[RowError]) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        f = row.fields
        key = (
            f["indicator"].pk,
            getattr(f.get("organization"), "pk", None),
            getattr(f.get("area"), "pk", None),
            f["start_year"],
            f["end_year"],
        )
        if key in seen:
            errors.append(
                RowError(
                    row.line,
                    "",
                    _("Trùng chỉ tiêu, đơn vị và năm với dòng %(line)s.") % {"line": seen[key]},
                )
            )
        else:
            seen[key] = row.line


def import_targets(*, owner: Organization, by, upload, dry_run: bool = True) -> ImportResult:
    """Check every row; unless it is a dry run and only when every row is valid, write them all
    in one transaction (`services.set_target`, one audit entry per target)."""
    deny_unless(can_set_targets(by, owner))
    columns, raw_rows = _read_sheet(upload)
    report = ImportResult(dry_run=dry_run, rows=len(raw_rows))
    if len(raw_rows) > MAX_IMPORT_ROWS:
        report.errors.append(RowError(0, "", _("Tệp có quá %(n)s dòng.") % {"n": MAX_IMPORT_ROWS}))
        return report
    if not raw_rows:
        report.errors.append(RowError(0, "", _("Tệp không có dòng dữ liệu nào.")))
        return report
    lookups = _Lookups(raw_rows, columns)
    rows, reach = [], {}
    for line, values in raw_rows:
        row = _parse(line, values, columns, lookups, report.errors)
        if row is not None:
            _check(owner, row, report.errors, reach)
            rows.append(row)
    _duplicates(rows, report.errors)
    report.errors.sort(key=lambda error: error.line)
    if report.errors or dry_run:
        return report
    report.created = _write(owner, by, rows)
    return report


@transaction.atomic
def _write(owner, by, rows: list[_Row]) -> int:
    for row in rows:
        services.set_target(by=by, owner=owner, **row.fields)
    return len(rows)
