"""/api/v1/reporting…: the reporting periods of both calendars (core.periods)."""

import datetime

from django.utils import timezone
from ninja import Query, Router, Schema

from phoihop.core import periods
from phoihop.core.api import ErrorOut, InputSchema, Year, one_of
from phoihop.core.periods import Period

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
