"""/api/v1/reporting…: the reporting periods of both calendars (core.periods), indicators,
reporting regimes and the roll-ups of accepted figures (analytics)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from phoihop.core import periods
from phoihop.core.api import ErrorOut, InputSchema, PageParams, Year, one_of, paginate
from phoihop.core.periods import Period
from phoihop.directives.models import Document
from phoihop.org.models import Area, Organization

from . import analytics
from .models import Indicator, Regime, RegimeAssignment
from .models.indicators import CODE_MAX_LENGTH
from .permissions import analytics_provinces, can_read_any_rollups, can_read_rollups
from .submissions_api import router as submissions_router

router = Router(tags=["reporting"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PeriodOut(Schema):
    code: str
    calendar: str
    type: str
    name: str
    start: datetime.date
    end: datetime.date
    window_start: datetime.date
    window_end: datetime.date


class PeriodPage(Schema):
    count: int
    items: list[PeriodOut]


CalendarName = one_of(*periods.CALENDARS)
PeriodType = one_of(*periods.KINDS)


class PeriodListParams(InputSchema):
    calendar: CalendarName = periods.ND09
    type: PeriodType | None = None
    year: Year | None = None


def period_out(period: Period) -> dict:
    return {
        "code": period.code,
        "calendar": period.calendar,
        "type": period.kind,
        "name": period.name,
        "start": period.start,
        "end": period.end,
        "window_start": period.window_start,
        "window_end": period.window_end,
    }


@router.get("/reporting/periods", response={200: PeriodPage, **ERRORS})
def list_periods(request, params: Query[PeriodListParams]):
    """The reporting periods of a year (this year by default), of one type or of every type
    (months, quarters, halves, nine months, year, in that order); the list is whole, at most 20
    items. `start`/`end` are the calendar span, `window_start`/`window_end` the data window
    (Nghị định 09: from the 15th of the month before; the span itself in the calendar
    calendar)."""
    year = params.year or timezone.localdate().year
    kinds = [params.type] if params.type else periods.KINDS
    items = [
        period_out(period)
        for kind in kinds
        for period in Period.of_year(year, kind, params.calendar)
    ]
    return {"count": len(items), "items": items}


# Indicators and regimes -------------------------------------------------------------------------


class FieldRef(Schema):
    id: int
    code: str
    name: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    value_type: str
    aggregation: str
    numerator: str | None  # codes, for a rate
    denominator: str | None
    rate_multiplier: int | None  # a rate is numerator ÷ denominator × this
    condition_operator: str | None  # for a count of the units meeting a condition
    condition_value: float | None
    direction: str
    allow_negative: bool
    field: FieldRef | None
    description: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class IndicatorPage(Schema):
    count: int
    items: list[IndicatorOut]


class IndicatorListParams(PageParams):
    column_model = Indicator

    code: str | None = Field(None, description="Mã chỉ tiêu, đúng từng ký tự")
    field: int | None = Field(None, description="id của lĩnh vực")
    value_type: one_of(*Indicator.ValueType.values) | None = None
    aggregation: one_of(*Indicator.Aggregation.values) | None = None
    at: datetime.date | None = Field(None, description="Chỉ các chỉ tiêu có hiệu lực vào ngày này")


def indicator_out(indicator: Indicator) -> dict:
    rate = indicator.is_rate
    field = indicator.field
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "aggregation": indicator.aggregation,
        "numerator": indicator.numerator.code if rate else None,
        "denominator": indicator.denominator.code if rate else None,
        "rate_multiplier": indicator.rate_multiplier if rate else None,
        "condition_operator": indicator.condition_operator or None,
        "condition_value": (
            float(indicator.condition_value) if indicator.condition_value is not None else None
        ),
        "direction": indicator.direction,
        "allow_negative": indicator.allow_negative,
        "field": {"id": field.pk, "code": field.code, "name": field.name} if field else None,
        "description": indicator.description,
        "valid_from": indicator.valid_from,
        "valid_to": indicator.valid_to,
    }


@router.get("/reporting/indicators", response={200: IndicatorPage, **ERRORS})
def list_indicators(request, params: Query[IndicatorListParams]):
    """Indicators (chỉ tiêu), reference data for every signed-in user, by code. A rate names
    its numerator and denominator by code; a count of units states its condition
    (`condition_operator` lt | le | eq | ne | ge | gt, `condition_value`; 1 is "yes")."""
    indicators = (
        Indicator.objects.visible_to(request.user)
        .select_related("field", "numerator", "denominator")
        .order_by("code")
    )
    if params.code:
        indicators = indicators.filter(code=params.code)
    if params.field:
        indicators = indicators.filter(field_id=params.field)
    if params.value_type:
        indicators = indicators.filter(value_type=params.value_type)
    if params.aggregation:
        indicators = indicators.filter(aggregation=params.aggregation)
    if params.at:
        indicators = indicators.valid_on(params.at)
    return paginate(indicators, params.page, params.page_size, serialize=indicator_out)


class Ref(Schema):
    id: int
    name: str


class DocumentRef(Schema):
    id: int
    citation: str
    url: str


class FormRef(Schema):
    id: int
    code: str
    name: str


class AssignmentOut(Schema):
    organization: Ref | None  # one organisation named…
    organization_kind: str | None  # …or those of a kind and level in an area (None: anywhere)
    organization_level: str | None
    area: Ref | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None


class RemindersOut(Schema):
    days_before: int | None
    on_deadline: bool
    when_overdue: bool
    escalate_after_days: int | None


class RegimeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    description: str
    legal_basis: DocumentRef | None
    calendar: str
    frequency: str | None
    deadline_rule: str | None
    deadline_day: int | None
    deadline_month_offset: int
    deadline_working_days: int | None
    deadline_label: str
    receiver: Ref
    form: FormRef
    entry_opens_days_before_cutoff: int
    lock_days_after_deadline: int | None
    reminders: RemindersOut
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    assignments: list[AssignmentOut]


class RegimePage(Schema):
    count: int
    items: list[RegimeOut]


class RegimeListParams(PageParams):
    kind: one_of(*Regime.Kind.values) | None = None
    calendar: CalendarName | None = None
    frequency: PeriodType | None = None
    receiver: int | None = Field(None, description="id của đơn vị nhận báo cáo")
    reporter: int | None = Field(
        None,
        description="id của một tổ chức: các chế độ mà tổ chức này phải báo cáo (vào ngày `at`)",
    )
    at: datetime.date | None = Field(None, description="Ngày áp dụng; mặc định hôm nay")


class _RegimePage:
    """What the rows of one page may show their reader, read once for the page: the named
    organisations and legal bases the reader sees (the receiver is seen by construction)."""

    def __init__(self, user):
        self.user = user
        self.organizations: set[int] | None = None  # None: every one
        self.documents: set[int] | None = None

    def prepare(self, rows: list[Regime]) -> list[Regime]:
        prefetch_related_objects(
            rows,
            Prefetch(
                "assignments",
                queryset=RegimeAssignment.objects.select_related("organization", "area"),
            ),
        )
        if not self.user.is_superuser:
            named = {a.organization_id for r in rows for a in r.assignments.all()} - {None}
            self.organizations = set(
                Organization.objects.visible_to(self.user)
                .filter(pk__in=named)
                .values_list("pk", flat=True)
                if named
                else ()
            )
            bases = {r.legal_basis_id for r in rows} - {None}
            self.documents = set(
                Document.objects.visible_to(self.user)
                .filter(pk__in=bases)
                .values_list("pk", flat=True)
                if bases
                else ()
            )
        return rows

    def _sees(self, pk: int, seen: set[int] | None) -> bool:
        return seen is None or pk in seen

    def out(self, regime: Regime) -> dict:
        basis = regime.legal_basis
        shown = basis is not None and self._sees(basis.pk, self.documents)
        return {
            "id": regime.pk,
            "code": regime.code,
            "name": regime.name,
            "kind": regime.kind,
            "description": regime.description,
            "legal_basis": (
                {"id": basis.pk, "citation": basis.citation_label, "url": basis.get_absolute_url()}
                if shown
                else None
            ),
            "calendar": regime.calendar,
            "frequency": regime.frequency or None,
            "deadline_rule": regime.deadline_rule or None,
            "deadline_day": regime.deadline_day,
            "deadline_month_offset": regime.deadline_month_offset,
            "deadline_working_days": regime.deadline_working_days,
            "deadline_label": regime.deadline_label,
            "receiver": {"id": regime.receiver_id, "name": regime.receiver.name},
            "form": {
                "id": regime.report_form_id,
                "code": regime.report_form.code,
                "name": regime.report_form.name,
            },
            "entry_opens_days_before_cutoff": regime.entry_opens_days_before_cutoff,
            "lock_days_after_deadline": regime.lock_days_after_deadline,
            "reminders": {
                "days_before": regime.remind_days_before,
                "on_deadline": regime.remind_on_deadline,
                "when_overdue": regime.remind_when_overdue,
                "escalate_after_days": regime.escalate_after_days,
            },
            "valid_from": regime.valid_from,
            "valid_to": regime.valid_to,
            "assignments": [
                self._assignment(a)
                for a in regime.assignments.all()
                if a.organization_id is None or self._sees(a.organization_id, self.organizations)
            ],
        }

    @staticmethod
    def _assignment(assignment: RegimeAssignment) -> dict:
        organization, area = assignment.organization, assignment.area
        return {
            "organization": {"id": organization.pk, "name": organization.name}
            if organization
            else None,
            "organization_kind": assignment.organization_kind or None,
            "organization_level": assignment.organization_level or None,
            "area": {"id": area.pk, "name": area.name} if area else None,
            "valid_from": assignment.valid_from,
            "valid_to": assignment.valid_to,
        }


@router.get("/reporting/regimes", response={200: RegimePage, **ERRORS})
def list_regimes(request, params: Query[RegimeListParams]):
    """Reporting regimes (chế độ báo cáo) whose receiver the caller reads in the organisation
    directory, by code: who reports (each assignment names an organisation, or the kind and
    level of the organisations of an area), to whom, on which form, for which periods and by
    when. An organisation named in an assignment, or a legal basis, that the caller may not
    see is left out. `reporter`: the regimes in force on `at` (today by default) under which
    that organisation is assigned; an organisation the caller does not see gives none."""
    regimes = (
        Regime.objects.visible_to(request.user)
        .select_related("receiver", "report_form", "legal_basis__type")
        .order_by("code")
    )
    if params.kind:
        regimes = regimes.filter(kind=params.kind)
    if params.calendar:
        regimes = regimes.filter(calendar=params.calendar)
    if params.frequency:
        regimes = regimes.filter(frequency=params.frequency)
    if params.receiver:
        regimes = regimes.filter(receiver_id=params.receiver)
    at = params.at or timezone.localdate()
    if params.reporter:
        reporter = Organization.objects.visible_to(request.user).filter(pk=params.reporter).first()
        regimes = regimes.expecting(reporter, at) if reporter else regimes.none()
    elif params.at:
        regimes = regimes.valid_on(at)
    page = _RegimePage(request.user)
    return paginate(
        regimes, params.page, params.page_size, serialize=page.out, prepare=page.prepare
    )


# Roll-ups ---------------------------------------------------------------------------------------


class AreaRef(Schema):
    id: int
    code: str
    name: str
    level: str


class AnalyticsOut(Schema):
    indicator: str
    area: AreaRef
    period: str
    value: float | str | None  # None: no accepted figure (or an indicator not aggregated)
    units: int  # reporting units counted in the figure


class AnalyticsPage(Schema):
    count: int
    items: list[AnalyticsOut]


class AnalyticsParams(InputSchema):
    indicator: str = Field(..., max_length=CODE_MAX_LENGTH, description="Mã chỉ tiêu")
    area: int | None = Field(
        None, description="id của địa bàn; mặc định: các tỉnh mà người gọi được xem"
    )
    period: str = Field(
        ...,
        max_length=4000,
        description="Mã kỳ, nhiều kỳ cách nhau bằng dấu phẩy: 2026-01,2026-02 hoặc 2016,2017",
    )
    calendar: CalendarName = periods.ND09
    level: one_of(*Area.Level.values) | None = Field(
        None, description="Chia địa bàn thành các địa bàn cấp này (ví dụ các xã của một tỉnh)"
    )
    as_of: datetime.date | None = Field(
        None, description="Cơ cấu địa bàn vào ngày này; mặc định hôm nay"
    )


def _analytics_areas(user, params: AnalyticsParams, as_of: datetime.date) -> list[Area]:
    if not can_read_any_rollups(user):
        raise PermissionDenied
    if params.area is None:
        allowed = analytics_provinces(user)
        provinces = analytics.provinces(as_of)
        return [a for a in provinces if allowed is None or a.pk in allowed]
    area = Area.objects.select_related("parent__parent").filter(pk=params.area).first()
    if area is None:
        raise Http404
    if not can_read_rollups(user, area):
        raise PermissionDenied
    return [area]


@router.get("/reporting/analytics", response={200: AnalyticsPage, **ERRORS})
def analytics_values(request, params: Query[AnalyticsParams]):
    """The accepted figures of one indicator, added up per area and period as the pivot page
    shows them: through the history of the areas (an old area's figures count in its
    successors in the structure of `as_of`, a divided commune's by its shares), a longer
    period adding up its months. `level` breaks `area` down (`level=commune`: its communes).
    Who reads what: system administrators and central bodies the whole country, others the
    provinces their organisations work in (docs/architecture.md, "Roll-ups")."""
    indicator = Indicator.objects.filter(code=params.indicator).first()
    if indicator is None:
        raise ValidationError(
            {"indicator": [_("Không có chỉ tiêu mã «%(code)s».") % {"code": params.indicator}]}
        )
    chosen = analytics.parse_periods(params.period, params.calendar)
    as_of = params.as_of or timezone.localdate()
    areas = analytics.breakdown(_analytics_areas(request.user, params, as_of), params.level, as_of)
    analytics.check_size(len(areas), len(chosen))
    result = analytics.series(indicator, areas, chosen, as_of=as_of, cells=True)  # units
    items = [
        {
            "indicator": indicator.code,
            "area": {"id": area.pk, "code": area.code, "name": area.name, "level": area.level},
            "period": period.code,
            "value": analytics.plain_number(result.value(area.pk, period.code)),
            "units": int(result.cell(area.pk, period.code).units),
        }
        for area in result.areas
        for period in chosen
    ]
    return {"count": len(items), "items": items}


# The submissions and their values (issue 16, item 4).
router.add_router("", submissions_router)
