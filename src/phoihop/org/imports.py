"""Import organisations from a spreadsheet (.xlsx or .csv).

On the one import contract (core.spreadsheets.ImportResult), in two steps:
`import_organizations(..., dry_run=True)` reads the file and checks every row without writing
anything (a dry run listing each bad row with its spreadsheet line number, column and a
Vietnamese reason; the rows go through the service's own `validate_organization` and permission
predicates); confirmed, `dry_run=False` checks them again, then creates every organisation in
one transaction, parents before children — all or nothing — in bulk, with one audit entry and
one search row per organisation.

Between the two steps the uploaded file waits under MEDIA_ROOT/imports/, named by a random
uuid; the browser only holds a signed token naming that uuid and the uploader.
"""

import csv
import datetime
import io
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from phoihop.core import audit, import_runs, search, spreadsheets
from phoihop.core.audit import Action
from phoihop.core.models import ImportRun
from phoihop.core.services import deny_unless
from phoihop.core.spreadsheets import ImportResult, RowError, append_row
from phoihop.core.text import fold

from . import permissions, services
from .models import Area, Field, Organization

MAX_FILE_BYTES = getattr(settings, "ORG_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
MAX_ROWS = getattr(settings, "ORG_IMPORT_MAX_ROWS", 5000)
MAX_COLUMNS = 40
UPLOAD_MAX_AGE = 6 * 3600  # seconds a dry-run file may wait for its confirmation
TOKEN_SALT = "phoihop.org.import"
BATCH_SIZE = 500


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header in the template file
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int | None = None


COLUMNS = (
    Column("identifier", "Mã định danh", ("ma", "ma to chuc", "identifier"), max_length=40),
    Column("name", "Tên tổ chức", ("ten", "ten don vi", "name"), True, 255),
    Column(
        "abbreviation", "Ký hiệu", ("ky hieu viet tat", "viet tat", "abbreviation"), max_length=30
    ),
    Column("kind", "Loại", ("loai to chuc", "kind"), True),
    Column("level", "Cấp", ("cap to chuc", "level"), True),
    Column(
        "parent", "Mã đơn vị cấp trên", ("ma cap tren", "don vi cap tren", "parent"), max_length=60
    ),
    Column("area", "Mã địa bàn", ("dia ban", "area"), max_length=10),
    Column("fields", "Lĩnh vực", ("fields",)),
    Column("email", "Thư điện tử", ("email", "e-mail", "e mail"), max_length=254),
    Column("phone", "Điện thoại", ("so dien thoai", "phone"), max_length=40),
    Column("address", "Địa chỉ", ("address",), max_length=300),
    Column("valid_from", "Hiệu lực từ", ("ngay hieu luc", "valid_from", "valid from")),
    Column("valid_to", "Hiệu lực đến", ("het hieu luc", "valid_to", "valid to")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
TEXT_KEYS = ("name", "abbreviation", "identifier", "email", "phone", "address")
# Where a service error on a model field is reported.
FIELD_TO_COLUMN = {"successors": "parent"}

# fmt: off
SAMPLE_ROWS = [
    ["TU-38", "Tỉnh ủy Thanh Hóa", "TU", "Cấp ủy Đảng", "Cấp tỉnh", "", "38", "", "", "", "",
     "01/07/2025"],
    ["BTGDV-38", "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa", "BTGDVTU",
     "Ban Tuyên giáo và Dân vận", "Cấp tỉnh", "TU-38", "38",
     "Dân vận, tôn giáo, dân tộc; bao-chi-xuat-ban", "btgdv@example.gov.vn", "0237 3850 000",
     "Số 1 đường Hạc Thành, phường Hạc Thành", "01/07/2025"],
    ["UBND-38", "Ủy ban nhân dân tỉnh Thanh Hóa", "UBND", "Ủy ban nhân dân", "Cấp tỉnh", "", "38",
     "Kinh tế, phát triển kinh tế - xã hội", "", "", "", "2025-07-01"],
    ["SYT-38", "Sở Y tế tỉnh Thanh Hóa", "SYT", "Sở, ban, ngành", "Cấp tỉnh", "UBND-38", "38",
     "Y tế", "syt@example.gov.vn", "", "", ""],
]
# fmt: on
SAMPLE_HEADER = [column.label for column in COLUMNS if column.key != "valid_to"]


# The file as a whole cannot be read (wrong type, too big, no header…): the same exception as
# the core reader's, so a view handles both in one place.
ImportFileError = spreadsheets.SpreadsheetError


@dataclass
class PlannedRow:
    line: int
    attrs: dict[str, Any]  # create_organization attributes except parent
    fields: list[Field]
    parent: Organization | None = None  # an organisation already in the database
    parent_key: str | None = None  # or the identifier of a row of the same file
    parent_ref: str = ""

    @property
    def identifier(self) -> str | None:
        return self.attrs.get("identifier")

    @property
    def kind_label(self) -> str:
        return str(Organization.Kind(self.attrs["kind"]).label)


# Reading ---------------------------------------------------------------------------------------


def detect_format(name: str, data: bytes) -> str:
    return spreadsheets.detect_format(name, data)


def read_table(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of the first sheet as (line number, cells), read by the one safe
    reader in core (caps on size, rows, columns, cell length and time)."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    table = []
    for line, cells in spreadsheets.read_rows(data, name=name, max_rows=MAX_ROWS):
        values = [_cell(value) for value in cells[:MAX_COLUMNS]]
        if any(value != "" for value in values):  # a row of blanks is an empty row
            table.append((line, values))
    if not table:
        raise ImportFileError(_("Tệp không có dữ liệu."))
    return table


def _cell(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    return spreadsheets.cell_text(value)


def _header_key(text: Any) -> str:
    folded = fold(str(text)).replace("(*)", "").replace("*", "")
    folded = re.sub(r"\(.*?\)", "", folded)
    return re.sub(r"[^0-9a-z_\- ]", "", folded).strip()


def map_header(cells: list[Any]) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """{cell index: (column key, header as written)} and the headers that were not understood."""
    lookup = {}
    for column in COLUMNS:
        for alias in (_header_key(column.label), *column.aliases):
            lookup[alias] = column.key
    mapping: dict[int, tuple[str, str]] = {}
    ignored, seen = [], {}
    for index, text in enumerate(cells):
        label = str(text).strip()
        if not label:
            continue
        key = lookup.get(_header_key(label))
        if key is None:
            ignored.append(label)
        elif key in seen:
            raise ImportFileError(
                _("Cột «%(a)s» và «%(b)s» trùng nhau; hãy giữ lại một cột.")
                % {"a": seen[key], "b": label}
            )
        else:
            seen[key] = label
            mapping[index] = (key, label)
    missing = [c.label for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise ImportFileError(
            _("Dòng 1 phải là tiêu đề cột. Thiếu cột bắt buộc: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return mapping, ignored


# Checking one row -----------------------------------------------------------------------------


class _Row:
    """One data row while it is being checked."""

    def __init__(self, line: int, values: dict[str, Any], labels: dict[str, str]):
        self.line = line
        self.values = values
        self.labels = labels
        self.errors: list[RowError] = []
        self.attrs: dict[str, Any] = {}
        self.fields: list[Field] = []
        self.parent_ref = ""

    def text(self, key: str) -> str:
        value = self.values.get(key, "")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return str(value).strip()

    def error(self, key: str, message: str) -> None:
        label = self.labels.get(key) or COLUMN_BY_KEY[key].label
        self.errors.append(RowError(self.line, label, message))

    def has_error(self, key: str) -> bool:
        label = self.labels.get(key) or COLUMN_BY_KEY[key].label
        return any(e.column == label for e in self.errors)


def _choice(value: str, choices) -> str | None:
    wanted = fold(value)
    if not wanted:
        return None
    for code, label in choices.choices:
        options = {fold(code), fold(str(label)), fold(str(label)).removeprefix("cap ")}
        if wanted in options or wanted.replace("_", " ") == fold(code).replace("_", " "):
            return code
    return None


def _area_codes(raw: str) -> list[str]:
    """A code as typed plus its zero-padded forms (spreadsheets drop leading zeros)."""
    codes = [raw]
    if raw.isdigit():
        codes += [raw.zfill(2), raw.zfill(5)]
    return codes


class _Lookups:
    """Everything a plan needs from the database, read in a handful of queries."""

    def __init__(self, rows: list[_Row], user):
        areas_wanted = {c for r in rows if r.text("area") for c in _area_codes(r.text("area"))}
        self.areas = {
            a.code: a
            for a in Area.objects.current().filter(code__in=areas_wanted).order_by("level")
        }
        self.fields: dict[str, Field] = {}
        for f in Field.objects.all():
            self.fields[fold(f.code)] = f
            self.fields[fold(f.name)] = f
        identifiers = {r.text("identifier") for r in rows if r.text("identifier")}
        self.taken = set(
            Organization.objects.filter(identifier__in=identifiers).values_list(
                "identifier", flat=True
            )
        )
        refs = {r.text("parent") for r in rows if r.text("parent")}
        ids = {int(ref[1:]) for ref in refs if ref[:1] == "#" and ref[1:].isdigit()}
        visible = Organization.objects.visible_to(user)
        self.parents = {o.identifier: o for o in visible.filter(identifier__in=refs)}
        self.parents.update({f"#{o.pk}": o for o in visible.filter(pk__in=ids)})

    def area(self, raw: str) -> Area | None:
        return next((self.areas[c] for c in _area_codes(raw) if c in self.areas), None)


def _check_texts(row: _Row) -> None:
    for key in TEXT_KEYS:
        value = row.text(key)
        limit = COLUMN_BY_KEY[key].max_length
        if limit and len(value) > limit:
            row.error(key, _("Dài quá %(n)s ký tự.") % {"n": limit})
            value = value[:limit]
        row.attrs[key] = value
    if row.attrs["email"]:
        try:
            validate_email(row.attrs["email"])
        except ValidationError:
            row.error("email", _("Thư điện tử «%(v)s» không hợp lệ.") % {"v": row.attrs["email"]})
    row.attrs["identifier"] = row.attrs["identifier"] or None


def _check_choices(row: _Row) -> None:
    for key, choices, what in (
        ("kind", Organization.Kind, _("Loại tổ chức")),
        ("level", Organization.Level, _("Cấp")),
    ):
        raw = row.text(key)
        code = _choice(raw, choices)
        if raw and code is None:
            allowed = "; ".join(str(label) for label in choices.labels)
            row.error(
                key,
                _("%(what)s «%(value)s» không hợp lệ. Dùng một trong: %(allowed)s.")
                % {"what": what, "value": raw, "allowed": allowed},
            )
        elif not raw:
            row.error(key, _("%(what)s không được để trống.") % {"what": what})
        row.attrs[key] = code or ""


def _check_dates(row: _Row) -> None:
    for key in ("valid_from", "valid_to"):
        value = row.values.get(key, "")
        row.attrs[key] = None
        if value in ("", None):
            continue
        try:
            row.attrs[key] = spreadsheets.cell_date(value)
        except ValueError:
            row.error(
                key,
                _("Ngày «%(v)s» không hợp lệ; hãy viết dạng dd/mm/yyyy hoặc yyyy-mm-dd.")
                % {"v": value},
            )


def _check_references(row: _Row, lookups: _Lookups) -> None:
    row.attrs["area"] = None
    code = row.text("area")
    if code:
        row.attrs["area"] = lookups.area(code)
        if row.attrs["area"] is None:
            row.error("area", _("Không có địa bàn hiện hành nào mang mã «%(v)s».") % {"v": code})
    unknown = []
    for part in (p.strip() for p in row.text("fields").split(";")):
        if not part:
            continue
        found = lookups.fields.get(fold(part))
        if found is None:
            unknown.append(part)
        elif found not in row.fields:
            row.fields.append(found)
    if unknown:
        row.error(
            "fields", _("Không có lĩnh vực: %(v)s.") % {"v": ", ".join(f"«{u}»" for u in unknown)}
        )
    row.parent_ref = row.text("parent")


def _check_invariants(row: _Row, parent: Organization | None) -> None:
    """The service's own rules (name, abbreviation, dates…), reported on their columns.

    The identifier is checked in bulk elsewhere, so it is left out here (one query less a row).
    """
    candidate = Organization(**{**row.attrs, "identifier": None, "parent": parent})
    try:
        services.validate_organization(candidate, fields=row.fields)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            key = FIELD_TO_COLUMN.get(name, name)
            key = key if key in COLUMN_BY_KEY else "name"
            if not row.has_error(key):
                for message in errors:
                    row.error(key, message)
    row.attrs["name"], row.attrs["abbreviation"] = candidate.name, candidate.abbreviation


# Checking the whole file ----------------------------------------------------------------------


def import_organizations(
    table: list[tuple[int, list[Any]]],
    *,
    by,
    dry_run: bool,
    source: str = "",
    progress=None,
    on_written=None,
) -> ImportResult:
    """Check every row (`plan_import`); unless it is a dry run, and only when every row is
    valid, create them all in one transaction (`run_import`). `source` names the file in the
    audit; in the worker, `progress` and `on_written` are core.import_runs' callbacks."""
    result = plan_import(table, by, progress=progress)
    result.dry_run = dry_run
    if result.errors or dry_run:
        return result
    try:
        result.created = len(run_import(result, by=by, source=source, on_written=on_written))
    except ImportRowFailure as exc:
        result.errors.append(exc.error)
    return result


def plan_import(table: list[tuple[int, list[Any]]], user, progress=None) -> ImportResult:
    """Check every row; nothing is written. `errors` lists every problem found; when there is
    none, `preview` holds the rows to create, parents before children.

    In the worker (core.import_runs), `progress(rows_checked)` is told how far the check is."""
    (_header_line, header), *data = table
    mapping, ignored = map_header(header)
    labels = {key: label for key, label in mapping.values()}
    rows = []
    for line, cells in data:
        values = {key: cells[i] if i < len(cells) else "" for i, (key, _l) in mapping.items()}
        if any(v not in ("", None) for v in values.values()):
            rows.append(_Row(line, values, labels))
    if not rows:
        raise ImportFileError(_("Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào."))
    lookups = _Lookups(rows, user)
    for count, row in enumerate(rows, start=1):
        _check_texts(row)
        _check_choices(row)
        _check_dates(row)
        _check_references(row, lookups)
        if progress is not None:
            progress(count)
    in_file = _check_identifiers(rows, lookups)
    parents = {id(row): _check_parent(row, in_file, lookups, user) for row in rows}
    for row in rows:
        _check_invariants(row, parents[id(row)])
    _check_cycles(rows, in_file)
    result = ImportResult(dry_run=True, rows=len(rows), ignored_columns=ignored)
    position = {label: index for index, (_key, label) in mapping.items()}
    result.errors = sorted(
        (e for row in rows for e in row.errors),
        key=lambda e: (e.line, position.get(e.column, MAX_COLUMNS)),
    )
    if not result.errors:
        result.preview = _in_creation_order(rows, in_file, parents)
    return result


def _check_identifiers(rows: list[_Row], lookups: _Lookups) -> dict[str, _Row]:
    first: dict[str, _Row] = {}
    for row in rows:
        identifier = row.attrs["identifier"]
        if not identifier:
            continue
        if identifier in first:
            row.error(
                "identifier",
                _("Mã định danh «%(v)s» trùng với dòng %(line)s.")
                % {"v": identifier, "line": first[identifier].line},
            )
            continue
        first[identifier] = row
        if identifier in lookups.taken:
            row.error(
                "identifier",
                _("Mã định danh «%(v)s» đã có trong hệ thống.") % {"v": identifier},
            )
    return first


def _check_parent(row: _Row, in_file: dict[str, _Row], lookups: _Lookups, user):
    """The parent already in the database (None when top-level or in the same file)."""
    ref = row.parent_ref
    if not ref:
        if not permissions.is_system_admin(user):
            row.error(
                "parent",
                _(
                    "Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất; hãy điền mã đơn vị "
                    "cấp trên."
                ),
            )
        return None
    if ref in in_file:
        return None
    parent = lookups.parents.get(ref)
    if parent is None:
        row.error(
            "parent",
            _("Không tìm thấy đơn vị cấp trên có mã «%(v)s» trong tệp hoặc trong hệ thống.")
            % {"v": ref},
        )
    elif not permissions.can_create_organization(user, parent):
        row.error(
            "parent",
            _("Bạn không có quyền thêm đơn vị trực thuộc «%(name)s».") % {"name": parent.name},
        )
    elif parent.is_archived:
        row.error(
            "parent", _("Đơn vị cấp trên «%(name)s» đã được lưu trữ.") % {"name": parent.name}
        )
    return parent


def _check_cycles(rows: list[_Row], in_file: dict[str, _Row]) -> None:
    for row in rows:
        chain, current = [row], row
        while current.parent_ref in in_file:
            current = in_file[current.parent_ref]
            if current is row:
                names = " → ".join(r.attrs["identifier"] or "" for r in [*chain, row])
                row.error("parent", _("Vòng lặp cấp trên: %(chain)s.") % {"chain": names})
                break
            if current in chain:
                break  # a cycle further up: reported on its own rows
            chain.append(current)


def _in_creation_order(rows, in_file, parents) -> list[PlannedRow]:
    children: dict[str, list[_Row]] = {}
    for row in rows:
        if row.parent_ref in in_file:
            children.setdefault(row.parent_ref, []).append(row)
    ordered: list[PlannedRow] = []
    queue = [row for row in rows if row.parent_ref not in in_file]
    while queue:
        row = queue.pop(0)
        ordered.append(
            PlannedRow(
                line=row.line,
                attrs=row.attrs,
                fields=row.fields,
                parent=parents[id(row)],
                parent_key=row.parent_ref if row.parent_ref in in_file else None,
                parent_ref=row.parent_ref,
            )
        )
        queue.extend(children.get(row.attrs["identifier"] or "", []))
    return ordered


# Writing --------------------------------------------------------------------------------------


class ImportRowFailure(Exception):
    def __init__(self, error: RowError):
        super().__init__(error.message)
        self.error = error


@transaction.atomic
def run_import(plan: ImportResult, *, by, source: str = "", on_written=None) -> list[Organization]:
    """Create every planned organisation in bulk, parents first; any failure undoes them all.

    `plan` must come from `plan_import` in the same request: it has run the service's
    invariants (`validate_organization`) and permission checks on every row (`preview` holds
    them, parents first). Each organisation
    still gets its own audit entry and search row, as `services.create_organization` would
    leave, but with a handful of queries per generation instead of ten per row.

    In the worker, `on_written(count)` marks the run done first, inside this transaction: a
    second worker of the same run waits on the run's row lock, then finds it done.
    """
    if plan.errors or not plan.preview:
        raise ValueError("Only a plan without errors can be imported")
    _check_rights(plan.preview, by)
    if on_written is not None:
        on_written(len(plan.preview))
    created: list[tuple[PlannedRow, Organization]] = []
    by_identifier: dict[str, Organization] = {}
    for generation in _generations(plan.preview):
        organizations = _create_generation(generation, by_identifier)
        for row, organization in zip(generation, organizations, strict=True):
            if organization.identifier:
                by_identifier[organization.identifier] = organization
            created.append((row, organization))
    through = Organization.fields.through
    through.objects.bulk_create(
        [through(organization_id=o.pk, field_id=f.pk) for row, o in created for f in row.fields],
        batch_size=BATCH_SIZE,
    )
    message = _("Nhập từ tệp «%(name)s»") % {"name": source} if source else ""
    for row, organization in created:
        audit.record(
            action=Action.IMPORT,
            obj=organization,
            by=by,
            changes=_creation_changes(organization, row.fields),
            organization=organization,
            message=message,
        )
    search.index_many(organization for _row, organization in created)
    return [organization for _row, organization in created]


def _check_rights(rows: list[PlannedRow], by) -> None:
    for row in rows:
        if row.parent_key is None and not permissions.can_create_organization(by, row.parent):
            raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def _generations(rows: list[PlannedRow]) -> list[list[PlannedRow]]:
    """Rows grouped by depth within the file (the plan lists parents before children)."""
    depth: dict[str, int] = {}
    groups: list[list[PlannedRow]] = []
    for row in rows:
        level = depth[row.parent_key] + 1 if row.parent_key else 0
        if row.identifier:
            depth[row.identifier] = level
        while len(groups) <= level:
            groups.append([])
        groups[level].append(row)
    return groups


def _create_generation(rows: list[PlannedRow], by_identifier) -> list[Organization]:
    organizations = [
        Organization(
            parent=by_identifier[row.parent_key] if row.parent_key else row.parent, **row.attrs
        )
        for row in rows
    ]
    try:
        Organization.objects.bulk_create(organizations, batch_size=BATCH_SIZE)
    except IntegrityError as exc:  # an identifier was taken since the dry run
        raise ImportRowFailure(
            RowError(rows[0].line, "", _("Một mã định danh vừa được dùng cho tổ chức khác."))
        ) from exc
    for organization in organizations:
        parent = organization.parent
        organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
        organization.depth = parent.depth + 1 if parent else 0
    Organization.objects.bulk_update(organizations, ["path", "depth"], batch_size=BATCH_SIZE)
    return organizations


def _creation_changes(organization: Organization, fields: list[Field]) -> dict[str, list]:
    """The audit diff a creation leaves, read from memory rather than the database."""
    plain = [f for f in Organization.AUDITED_FIELDS if f not in ("fields", "successors")]
    values = audit.snapshot(organization, plain)
    values["fields"] = sorted(str(f) for f in fields)
    return audit.diff({}, {k: v for k, v in values.items() if v not in (None, "", [])})


# Keeping the file between the two steps -------------------------------------------------------


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def store_upload(data: bytes, fmt: str, user, filename: str = "") -> str:
    """Save the uploaded bytes; return a signed token naming the file and its uploader."""
    directory = _upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale(directory)
    name = uuid.uuid4().hex
    (directory / name).write_bytes(data)
    payload = {"f": name, "u": user.pk, "x": fmt, "n": filename[:200]}
    return signing.dumps(payload, salt=TOKEN_SALT)


def load_upload(token: str, user) -> tuple[str, bytes, str]:
    """(format, bytes, original name) of a stored upload, if the token is genuine, fresh and
    the uploader's own."""
    expired = ImportFileError(_("Phiên nhập đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."))
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature as exc:
        raise expired from exc
    path = _upload_dir() / str(payload.get("f", ""))
    if payload.get("u") != user.pk or not re.fullmatch(r"[0-9a-f]{32}", path.name):
        raise expired
    try:
        return payload.get("x", "csv"), path.read_bytes(), str(payload.get("n", ""))
    except OSError as exc:
        raise expired from exc


def discard_upload(token: str) -> None:
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return
    name = str(payload.get("f", ""))
    if re.fullmatch(r"[0-9a-f]{32}", name):
        (_upload_dir() / name).unlink(missing_ok=True)


def _remove_stale(directory: Path) -> None:
    cutoff = time.time() - UPLOAD_MAX_AGE
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


# Large files: checked, then imported, in the worker ----------------------------------------------

WORKER_KIND = "org.organizations"


def data_rows(table: list[tuple[int, list[Any]]]) -> int:
    """Rows below the header (read_table keeps only non-empty rows)."""
    return len(table) - 1


def queue_import(*, data: bytes, by, filename: str, rows: int, dry_run: bool) -> ImportRun:
    """Hand a large file to the worker (core.import_runs); its page shows the progress."""
    deny_unless(permissions.administers_somewhere(by))
    return import_runs.start(
        kind=WORKER_KIND, data=data, by=by, total=rows, dry_run=dry_run, file_name=filename
    )


def run_queued_import(run: ImportRun, data: bytes, progress, on_written) -> list[RowError]:
    """The worker's side: the same checks and the same all-or-nothing write as the page."""
    return import_organizations(
        read_table(run.file_name, data),
        by=run.created_by,
        dry_run=run.dry_run,
        source=run.file_name,
        progress=progress,
        on_written=on_written,
    ).errors


# Template files -------------------------------------------------------------------------------


def sample_csv() -> bytes:
    """The sample file, UTF-8 with BOM so that Excel shows the diacritics."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [SAMPLE_HEADER, *SAMPLE_ROWS]:
        writer.writerow([spreadsheets.export_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sample_xlsx() -> bytes:
    """The sample as an Excel workbook, with a second sheet listing the allowed values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "To chuc"
    append_row(sheet, SAMPLE_HEADER)
    for row in SAMPLE_ROWS:
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip(
        "ABCDEFGHIJKL", (12, 44, 12, 26, 12, 18, 12, 36, 26, 16, 36, 14), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Huong dan")
    append_row(guide, ["Cột", "Giá trị được chấp nhận"])
    append_row(guide, ["Loại", "; ".join(str(label) for label in Organization.Kind.labels)])
    append_row(guide, ["Cấp", "; ".join(str(label) for label in Organization.Level.labels)])
    append_row(guide, ["Lĩnh vực", "; ".join(Field.objects.values_list("name", flat=True))])
    append_row(guide, ["Hiệu lực từ", "dd/mm/yyyy hoặc yyyy-mm-dd"])
    append_row(
        guide,
        [
            "Mã đơn vị cấp trên",
            "Mã định danh của một dòng trong tệp hoặc của tổ chức "
            "đã có; hoặc #số hiệu của tổ chức đã có",
        ],
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
