"""/api/v1/reporting/submissions and /api/v1/reporting/values (issue 16, item 9): the same
services, permissions and audit as the pages.

Values are read and written like DHIS2's dataValueSets, in JSON or CSV: one item per field of
a report, `key` being the indicator's code or the narrative section's code. A write goes
through `submissions.save_values`, all or nothing: one bad value refuses the whole call with
an error per bad value (`errors`, keyed by the field's key; in CSV by "dòng N" too).

In JSON a number is written as a string with a point before the decimals ("12.5") or as a JSON
number; yes/no as true/false; a text as a string. Values read back come the same way (numbers
as strings, so no precision is lost).
"""

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import ValidationError as PydanticError
from pydantic import field_validator

from phoihop.core.api import (
    ErrorOut,
    InputSchema,
    PageParams,
    error_body,
    one_of,
    paginate,
    validation_errors,
)
from phoihop.core.periods import Period
from phoihop.org.models import Organization

from . import submissions as services
from .models import Narrative, Regime, Submission, Value

router = Router(tags=["reporting"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PERIOD_PATTERN = r"^[0-9]{4}(-[0-9]{2}|-Q[1-4]|-H[12]|-9M)?$"
MAX_CSV_ROWS = 5000
CSV_COLUMNS = ("regime", "period", "organization", "key", "value")


# Submissions ---------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class RegimeRef(Schema):
    id: int
    code: str
    name: str


class PeriodRef(Schema):
    code: str
    name: str


class SubmissionOut(Schema):
    id: int
    regime: RegimeRef
    period: PeriodRef
    organization: Ref
    state: str
    cutoff: datetime.date
    deadline: datetime.date
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    on_time: bool | None
    decided_at: datetime.datetime | None
    return_reason: str
    url: str


class SubmissionPage(Schema):
    count: int
    items: list[SubmissionOut]


class SubmissionListParams(PageParams):
    regime: int | None = Field(None, description="id của chế độ báo cáo")
    period: str | None = Field(None, pattern=PERIOD_PATTERN, description="Mã kỳ, ví dụ 2026-03")
    organization: int | None = Field(None, description="id của đơn vị báo cáo")
    state: one_of(*Submission.State.values) | None = None


def submission_out(submission: Submission) -> dict[str, Any]:
    regime = submission.regime
    return {
        "id": submission.pk,
        "regime": {"id": regime.pk, "code": regime.code, "name": regime.name},
        "period": {"code": submission.period_code, "name": submission.period.name},
        "organization": {"id": submission.organization_id, "name": submission.organization.name},
        "state": submission.state,
        "cutoff": submission.cutoff,
        "deadline": submission.deadline,
        "first_submitted_at": submission.first_submitted_at,
        "submitted_at": submission.submitted_at,
        "on_time": submission.is_on_time,
        "decided_at": submission.decided_at,
        "return_reason": submission.return_reason,
        "url": submission.get_absolute_url(),
    }


def _visible(request):
    return Submission.objects.visible_to(request.user).select_related(
        "regime__receiver", "regime__report_form", "organization"
    )


def _submission_or_404(request, submission_id: int) -> Submission:
    return get_object_or_404(_visible(request), pk=submission_id)


@router.get("/reporting/submissions", response={200: SubmissionPage, **ERRORS})
def list_submissions(request, params: Query[SubmissionListParams]):
    """The reports the caller sees: its units' own, and those sent to the organisations it
    receives for; newest period first."""
    rows = _visible(request).order_by("-cutoff", "regime__code", "organization__name", "pk")
    if params.regime:
        rows = rows.filter(regime_id=params.regime)
    if params.period:
        rows = rows.filter(period_code=params.period)
    if params.organization:
        rows = rows.filter(organization_id=params.organization)
    if params.state:
        rows = rows.filter(state=params.state)
    return paginate(rows, params.page, params.page_size, serialize=submission_out)


@router.get("/reporting/submissions/{int:submission_id}", response={200: SubmissionOut, **ERRORS})
def get_submission(request, submission_id: int):
    return submission_out(_submission_or_404(request, submission_id))


class StartIn(InputSchema):
    regime: int
    period: str = Field(pattern=PERIOD_PATTERN, max_length=7)
    organization: int


def _start(request, regime_id: int, period: str, organization_id: int) -> Submission:
    """The caller's unit's report for the period, started if need be (404 for a regime or an
    organisation the caller does not see)."""
    regime = get_object_or_404(Regime.objects.select_related("report_form"), pk=regime_id)
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user), pk=organization_id
    )
    return services.start_submission(regime, period, organization, request.user)


@router.post("/reporting/submissions", response={201: SubmissionOut, **ERRORS})
def start_submission(request, payload: StartIn):
    """Start the report of a unit for a period (or find the one started); only a unit the
    regime expects, while entry is open."""
    submission = _start(request, payload.regime, payload.period, payload.organization)
    return Status(201, submission_out(_submission_or_404(request, submission.pk)))


class ReasonIn(InputSchema):
    reason: str = Field(max_length=services.REASON_MAX_LENGTH)


@router.post(
    "/reporting/submissions/{int:submission_id}/submit", response={200: SubmissionOut, **ERRORS}
)
def submit_submission(request, submission_id: int):
    """Send the report: every required field filled and every rule met, else 400 with an error
    per field."""
    services.submit(_submission_or_404(request, submission_id), request.user)
    return submission_out(_submission_or_404(request, submission_id))


@router.post(
    "/reporting/submissions/{int:submission_id}/return", response={200: SubmissionOut, **ERRORS}
)
def return_submission(request, submission_id: int, payload: ReasonIn):
    """The receiver returns a sent report for correction, with the reason."""
    services.return_submission(
        _submission_or_404(request, submission_id), payload.reason, request.user
    )
    return submission_out(_submission_or_404(request, submission_id))


@router.post(
    "/reporting/submissions/{int:submission_id}/accept", response={200: SubmissionOut, **ERRORS}
)
def accept_submission(request, submission_id: int):
    """The receiver accepts a sent report; its figures are locked."""
    services.accept(_submission_or_404(request, submission_id), request.user)
    return submission_out(_submission_or_404(request, submission_id))


@router.post(
    "/reporting/submissions/{int:submission_id}/reopen", response={200: SubmissionOut, **ERRORS}
)
def reopen_submission(request, submission_id: int, payload: ReasonIn):
    """The receiver reopens an accepted report (or a draft past the lock date), with the
    reason."""
    services.reopen(_submission_or_404(request, submission_id), payload.reason, request.user)
    return submission_out(_submission_or_404(request, submission_id))


# Values --------------------------------------------------------------------------------------


class DataValueOut(Schema):
    submission: int
    regime: str  # the regime's code
    period: str
    organization: int
    key: str
    value: str | bool | None


class DataValuePage(Schema):
    count: int
    items: list[DataValueOut]


class ValueListParams(PageParams):
    submission: int | None = Field(None, description="id của một báo cáo")
    regime: int | None = Field(None, description="id của chế độ báo cáo")
    period: str | None = Field(None, pattern=PERIOD_PATTERN, description="Mã kỳ, ví dụ 2026-03")
    organization: int | None = Field(None, description="id của đơn vị báo cáo")
    format: one_of("json", "csv") = Field("json", description="json (mặc định) hoặc csv")


def _api_value(value_type: str, number: Decimal | None, text: str):
    value = services.python_value(value_type, number, text)
    if value is None or isinstance(value, bool | str):
        return value
    return f"{Decimal(value).normalize():f}"


def _value_rows(submissions):
    """The figures then the narratives of `submissions`, as two querysets of dicts."""
    figures = (
        Value.objects.filter(submission__in=submissions)
        .order_by("submission_id", "indicator__code")
        .values(
            "submission_id",
            "submission__regime__code",
            "submission__period_code",
            "submission__organization_id",
            "indicator__code",
            "indicator__value_type",
            "number",
            "text",
        )
    )
    narratives = (
        Narrative.objects.filter(submission__in=submissions)
        .exclude(text="")
        .order_by("submission_id", "section__code")
        .values(
            "submission_id",
            "submission__regime__code",
            "submission__period_code",
            "submission__organization_id",
            "section__code",
            "text",
        )
    )
    return figures, narratives


def _item(row: dict) -> dict:
    if "indicator__code" in row:
        key = row["indicator__code"]
        value = _api_value(row["indicator__value_type"], row["number"], row["text"])
    else:
        key, value = row["section__code"], row["text"]
    return {
        "submission": row["submission_id"],
        "regime": row["submission__regime__code"],
        "period": row["submission__period_code"],
        "organization": row["submission__organization_id"],
        "key": key,
        "value": value,
    }


class _Concatenated:
    """Two querysets read as one list, for `paginate` (count, then a slice)."""

    def __init__(self, first, second):
        self.first, self.second = first, second
        self._first_count = None

    def count(self) -> int:
        self._first_count = self.first.count()
        return self._first_count + self.second.count()

    def __getitem__(self, bounds: slice):
        split = self._first_count if self._first_count is not None else self.first.count()
        start, stop = bounds.start or 0, bounds.stop
        rows = list(self.first[start : min(stop, split)]) if start < split else []
        rest_start, rest_stop = max(start - split, 0), stop - split
        if rest_stop > 0:
            rows += list(self.second[rest_start:rest_stop])
        return rows


CSV_RESPONSE = {
    "responses": {
        200: {  # the int key ninja uses, so both media types are merged into one answer
            "content": {
                "text/csv": {"schema": {"type": "string"}},
            }
        }
    }
}


@router.get(
    "/reporting/values",
    response={200: DataValuePage, **ERRORS},
    openapi_extra=CSV_RESPONSE,
)
def list_values(request, params: Query[ValueListParams]):
    """The values of the reports the caller sees, one item per field (figures, then
    narratives), narrowed by report, regime, period and organisation. `format=csv` answers the
    page as CSV with the columns regime, period, organization, key, value."""
    submissions = Submission.objects.visible_to(request.user)
    if params.submission:
        submissions = submissions.filter(pk=params.submission)
    if params.regime:
        submissions = submissions.filter(regime_id=params.regime)
    if params.period:
        submissions = submissions.filter(period_code=params.period)
    if params.organization:
        submissions = submissions.filter(organization_id=params.organization)
    page = paginate(
        _Concatenated(*_value_rows(submissions.values("pk"))),
        params.page,
        params.page_size,
        serialize=_item,
    )
    if params.format == "csv":
        return _csv_response(page["items"])
    return page


def _csv_response(items: list[dict]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        value = item["value"]
        if isinstance(value, bool):
            value = "có" if value else "không"
        writer.writerow(
            [item["regime"], item["period"], item["organization"], item["key"], value or ""]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gia-tri-bao-cao.csv"'
    return response


class DataValueIn(InputSchema):
    key: str = Field(max_length=40)
    value: str | bool | int | float | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value):
        if isinstance(value, float) and value != value:  # NaN
            raise ValueError("NaN")
        return value


class ValuesIn(InputSchema):
    """One report's values: by its id, or by regime, period and organisation (started if
    need be)."""

    submission: int | None = None
    regime: int | None = None
    period: str | None = Field(None, pattern=PERIOD_PATTERN, max_length=7)
    organization: int | None = None
    complete: bool = Field(False, description="Kiểm tra cả các ô bắt buộc (trước khi gửi)")
    values: list[DataValueIn] = Field(max_length=2000)


class ValuesSaved(Schema):
    submissions: list[SubmissionOut]
    saved: int  # values given


def _inlined(schema: dict) -> dict:
    """A pydantic schema with its `$defs` written in place: in an OpenAPI document a
    "#/$defs/…" reference would point at the document's root, where there is none."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if reference.startswith("#/$defs/"):
                return resolve(definitions[reference.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


VALUES_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": _inlined(ValuesIn.model_json_schema())},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/reporting/values",
    response={200: ValuesSaved, **ERRORS, 413: ErrorOut},
    openapi_extra=VALUES_BODY,
)
def write_values(request):
    """Write one report's values (JSON), or the values of one or more reports (CSV with the
    columns regime, period, organization, key, value; the regime by its code), all or
    nothing: any bad value and nothing is saved; the answer lists an error per bad value."""
    try:
        if (request.content_type or "") == "text/csv":
            groups = _csv_groups(request.body)
        else:
            groups = [_json_group(request.body)]
    except _Unprocessable as exc:
        return Status(422, error_body(_("Dữ liệu không hợp lệ."), exc.errors))
    saved: list[Submission] = []
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        for where, target, values, complete in groups:
            submission = (
                _submission_or_404(request, target)
                if isinstance(target, int)
                else _start(request, *target)
            )
            try:
                services.save_values(submission, values, request.user, complete=complete)
            except ValidationError as exc:
                for key, messages in validation_errors(exc).items():
                    errors.setdefault(f"{where}{key}", []).extend(messages)
            saved.append(submission)
        if errors:
            transaction.set_rollback(True)
    if errors:
        return Status(400, error_body(_("Dữ liệu không hợp lệ; chưa lưu giá trị nào."), errors))
    total = sum(len(values) for _where, _target, values, _complete in groups)
    return {
        "submissions": [submission_out(_submission_or_404(request, s.pk)) for s in saved],
        "saved": total,
    }


def _json_group(body: bytes):
    try:
        payload = ValuesIn.model_validate_json(body or b"{}")
    except PydanticError as exc:
        errors: dict[str, list[str]] = {}
        for err in exc.errors():
            location = ".".join(str(p) for p in err.get("loc", ())) or "__all__"
            errors.setdefault(location, []).append(err.get("msg", ""))
        raise _Unprocessable(errors) from None
    values = {}
    for item in payload.values:
        if item.key in values:
            raise _Unprocessable({item.key: [_("Một ô chỉ ghi một lần trong mỗi lần gửi.")]})
        values[item.key] = _from_json(item.value)
    if payload.submission is not None:
        target: Any = payload.submission
    elif None not in (payload.regime, payload.period, payload.organization):
        target = (payload.regime, payload.period, payload.organization)
    else:
        raise _Unprocessable(
            {"submission": [_("Ghi id báo cáo, hoặc chế độ báo cáo, kỳ và đơn vị.")]}
        )
    return "", target, values, payload.complete


def _from_json(value):
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


class _Unprocessable(Exception):
    """A body that does not have the documented shape: answered 422, an error per place."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("unprocessable")
        self.errors = errors


def _csv_groups(body: bytes):
    """The rows of a CSV body grouped by report: (where, (regime id, period, organisation
    id), {key: value}, complete=False) for each."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Unprocessable({"__all__": [_("Tệp CSV phải mã hóa UTF-8.")]}) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) != CSV_COLUMNS:
        raise _Unprocessable(
            {"__all__": [_("Dòng đầu phải là: %(columns)s.") % {"columns": ",".join(CSV_COLUMNS)}]}
        )
    regimes = {}
    groups: dict[tuple, dict] = {}
    errors: dict[str, list[str]] = {}
    for line, row in enumerate(reader, start=2):
        if line > MAX_CSV_ROWS + 1:
            raise _Unprocessable({"__all__": [_("Tối đa %(n)s dòng.") % {"n": MAX_CSV_ROWS}]})
        if not any(cell.strip() for cell in row):
            continue
        where = _("dòng %(n)s") % {"n": line}
        if len(row) != len(CSV_COLUMNS):
            errors.setdefault(where, []).append(_("Cần đúng 5 cột."))
            continue
        code, period, organization, key, value = (cell.strip() for cell in row)
        if code not in regimes:
            regimes[code] = Regime.objects.filter(code=code).values_list("pk", flat=True).first()
        if regimes[code] is None or not organization.isdigit() or len(organization) > 18:
            errors.setdefault(where, []).append(_("Không có chế độ báo cáo hoặc đơn vị này."))
            continue
        try:
            Period.from_code(period)
        except ValueError:
            errors.setdefault(where, []).append(_("Mã kỳ không hợp lệ."))
            continue
        values = groups.setdefault((regimes[code], period, int(organization)), {})
        if key in values:
            errors.setdefault(where, []).append(_("Ô này đã có ở dòng trước."))
            continue
        values[key] = value
    if errors:
        raise _Unprocessable(errors)
    if not groups:
        raise _Unprocessable({"__all__": [_("Tệp CSV không có dòng giá trị nào.")]})
    return [
        (f"{target[1]}/{target[2]}:", target, values, False) for target, values in groups.items()
    ]
