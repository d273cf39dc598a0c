"""Working days and reporting periods.

Working days follow Vietnam's official calendar through the `holidays` package: weekends and
public holidays (including lunar ones such as Tết and the Hùng Kings' day) are days off, holidays
moved by a substitution decision are days off, and the Saturday worked in exchange for them is a
working day (see docs/architecture.md, "Periods").

Reporting periods follow Nghị định 09/2019/NĐ-CP: a period has a calendar span and a data cut-off
window (*thời gian chốt số liệu*) that starts on the 15th of the month before and ends on the 14th.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

import holidays

COUNTRY = "VN"
CUTOFF_DAY = 14  # the data window ends on the 14th and the next one starts on the 15th


@lru_cache(maxsize=128)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(COUNTRY, years=year)


def is_working_day(day: datetime.date) -> bool:
    """Weekdays that are not public holidays, plus Saturdays worked in exchange for a day off."""
    return _calendar(day.year).is_working_day(day)


def holiday_name(day: datetime.date) -> str | None:
    """The name of the public holiday on `day`, if there is one."""
    return _calendar(day.year).get(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (before it when negative).

    `start` itself is never counted: one working day after Friday is Monday. With `days == 0`
    the result is `start` if it is a working day, otherwise the next working day.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    if remaining == 0:
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
        return day
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` if it is a working day, otherwise the first working day after it."""
    return add_working_days(day, 0)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: how many working days `end` lies after `start`."""
    if end <= start:
        return -working_days_between(end, start) if end < start else 0
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


# Reporting periods ------------------------------------------------------------------------------


def _month_start(year: int, month: int) -> datetime.date:
    while month < 1:
        month += 12
        year -= 1
    while month > 12:
        month -= 12
        year += 1
    return datetime.date(year, month, 1)


def _last_day(year: int, month: int) -> datetime.date:
    return _month_start(year, month + 1) - datetime.timedelta(days=1)


def _window(first_month: datetime.date, last_month: datetime.date):
    """15th of the month before `first_month` to the 14th of `last_month`."""
    before = _month_start(first_month.year, first_month.month - 1)
    return (
        before.replace(day=CUTOFF_DAY + 1),
        last_month.replace(day=CUTOFF_DAY),
    )


@dataclass(frozen=True)
class Period:
    """A reporting period: `kind` is month, quarter, half (1 or 2), nine_months or year."""

    kind: str
    year: int
    index: int = 1  # month 1-12, quarter 1-4, half 1-2; 1 for nine_months and year

    MONTHS = {"month": 1, "quarter": 3, "half": 6, "nine_months": 9, "year": 12}

    def __post_init__(self):
        if self.kind not in self.MONTHS:
            raise ValueError(f"Unknown period kind {self.kind!r}")
        limit = {"month": 12, "quarter": 4, "half": 2}.get(self.kind, 1)
        if not 1 <= self.index <= limit:
            raise ValueError(f"{self.kind} index must be between 1 and {limit}")

    @property
    def first_month(self) -> datetime.date:
        span = self.MONTHS[self.kind]
        return _month_start(self.year, (self.index - 1) * span + 1)

    @property
    def last_month(self) -> datetime.date:
        span = self.MONTHS[self.kind]
        return _month_start(self.year, self.index * span)

    def calendar_span(self) -> tuple[datetime.date, datetime.date]:
        """The calendar period, used by statistics and Party bodies."""
        last = self.last_month
        return self.first_month, _last_day(last.year, last.month)

    def data_window(self) -> tuple[datetime.date, datetime.date]:
        """The data cut-off window of Nghị định 09/2019/NĐ-CP (15th before → 14th)."""
        return _window(self.first_month, self.last_month)

    def contains(self, day: datetime.date, *, calendar: bool = False) -> bool:
        start, end = self.calendar_span() if calendar else self.data_window()
        return start <= day <= end


def month_period_of(day: datetime.date) -> Period:
    """The monthly reporting period whose data window contains `day`."""
    month = _month_start(day.year, day.month + (1 if day.day > CUTOFF_DAY else 0))
    return Period("month", month.year, month.month)
