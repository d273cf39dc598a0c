"""Working days and reporting periods: the one engine for both calendars.

Working days follow Vietnam's official calendar through the `holidays` package (weekends,
public holidays including the lunar ones such as Tết and the Hùng Kings' day, and the
substitutions the package knows: a weekday given as a day off, the Saturday worked for it),
then the table of substitution decisions (`WorkingDayChange`), which a system administrator
keeps up to date each year in the admin and which wins over the package in both directions.
The table is read once per computation and never cached in the process, so an edit made
through one worker counts in every other worker's next computation.

Reporting periods come in two calendars (see docs/architecture.md, "Periods and working days"):

- `nd09`: the data cut-off windows (*thời gian chốt số liệu*) of Nghị định 09/2019/NĐ-CP: a
  period's window runs from the 15th of the month before its first month to the 14th of its
  last month (month M: 15/(M-1) → 14/M; first half-year: 15/12 → 14/6; year: 15/12 → 14/12);
- `calendar`: plain calendar periods, used by statistics and Party bodies; the window is the
  calendar span itself.

Each period has a stable code (`2026-03`, `2026-Q1`, `2026-H1`, `2026-9M`, `2026`), the same in
both calendars, so a period is named by its calendar and its code.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from . import audit
from .models import WorkingDayChange
from .services import deny_unless

COUNTRY = "VN"
CUTOFF_DAY = 14  # the data window ends on the 14th and the next one starts on the 15th

ND09 = "nd09"
CALENDAR = "calendar"
CALENDARS = (ND09, CALENDAR)

# Kinds of period and how many months each spans, in the order they are listed.
MONTHS = {"month": 1, "quarter": 3, "half": 6, "nine_months": 9, "year": 12}
KINDS = tuple(MONTHS)
# How many periods of a kind a year has (nine months: one, January to September).
PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "nine_months": 1, "year": 1}

# Codes carry a four-digit year.
MIN_YEAR = 1000
MAX_YEAR = 9999

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
EN_DASH = "\u2013"

_CODE = re.compile(r"([0-9]{4})(?:-(?:([0-9]{2})|Q([1-4])|H([12])|(9M)))?", re.ASCII)


# Working days -----------------------------------------------------------------------------------


@lru_cache(maxsize=128)
def _package_calendar(year: int) -> holidays.HolidayBase:
    """The `holidays` package's calendar of one year: static data, safe to keep per process."""
    return holidays.country_holidays(COUNTRY, years=year, language="vi")


def package_day(day: datetime.date) -> tuple[bool, str | None]:
    """What the `holidays` package alone says of `day`: (is it a working day, holiday name)."""
    calendar = _package_calendar(day.year)
    return calendar.is_working_day(day), calendar.get(day)


class WorkingCalendar:
    """Working days for one computation: the package's calendar with the recorded decisions
    (`WorkingDayChange`) of the dates it may look at, read in one query by `load`. Build one
    per computation (a request, a job run), never keep one across them: the table may change
    in another worker."""

    def __init__(self, changes: Mapping[datetime.date, WorkingDayChange] | None = None):
        self._changes = dict(changes or {})

    @classmethod
    def load(
        cls, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> "WorkingCalendar":
        """The decisions recorded for dates in [start, end] (an open end when None)."""
        rows = WorkingDayChange.objects.all()
        if start is not None:
            rows = rows.filter(date__gte=start)
        if end is not None:
            rows = rows.filter(date__lte=end)
        return cls({row.date: row for row in rows})

    def is_working_day(self, day: datetime.date) -> bool:
        """Weekdays that are not public holidays, plus Saturdays worked in exchange for a day
        off; a recorded decision for the date wins."""
        change = self._changes.get(day)
        if change is not None:
            return change.kind == WorkingDayChange.Kind.WORKING_DAY
        return package_day(day)[0]

    def holiday_name(self, day: datetime.date) -> str | None:
        """Why `day` is a day off other than a weekend: the public holiday's name, or the
        recorded decision that gave it; None on a working day or a plain weekend."""
        change = self._changes.get(day)
        if change is None:
            return package_day(day)[1]
        if change.kind == WorkingDayChange.Kind.WORKING_DAY:
            return None
        return change.note or _("Ngày nghỉ theo %(decision)s") % {"decision": change.decision}

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (before it when negative).

        `start` itself is never counted: one working day after Friday is Monday. With
        `days == 0` the result is `start` if it is a working day, otherwise the next one.
        """
        step = datetime.timedelta(days=1 if days >= 0 else -1)
        remaining = abs(days)
        day = start
        if remaining == 0:
            while not self.is_working_day(day):
                day += step
            return day
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]: how many working days `end` lies after `start`
        (negative when it lies before)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar.load(day, day).is_working_day(day)


def holiday_name(day: datetime.date) -> str | None:
    return WorkingCalendar.load(day, day).holiday_name(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """See WorkingCalendar.add_working_days; one query."""
    ahead = days >= 0
    calendar = WorkingCalendar.load(start if ahead else None, None if ahead else start)
    return calendar.add_working_days(start, days)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` if it is a working day, otherwise the first working day after it."""
    return add_working_days(day, 0)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """See WorkingCalendar.working_days_between; one query."""
    return WorkingCalendar.load(min(start, end), max(start, end)).working_days_between(start, end)


def _deny_unless_system_admin(by) -> None:
    deny_unless(by.is_authenticated and by.is_active and by.is_superuser)


def record_working_day_change(*, obj: WorkingDayChange, changes: dict, created: bool, by) -> None:
    """A system administrator saved a substitution decision in the Django admin
    (core.admin.ServiceAdmin): audit it. Nothing derived needs refreshing: the table is read
    afresh by every computation."""
    _deny_unless_system_admin(by)
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


def delete_working_day_change(*, obj: WorkingDayChange, by) -> None:
    """A system administrator removed a decision recorded by mistake: the audit entry keeps
    what it said."""
    _deny_unless_system_admin(by)
    audit.record_admin_delete(obj=obj, fields=WorkingDayChange.AUDITED_FIELDS, by=by)
    obj.delete()


# Reporting periods ------------------------------------------------------------------------------


def _month_start(year: int, month: int) -> datetime.date:
    """The first day of month `month` of `year`, where months before 1 or after 12 run into
    the years around it."""
    years, month_index = divmod(month - 1, 12)
    return datetime.date(year + years, month_index + 1, 1)


def _date_range(start: datetime.date, end: datetime.date) -> str:
    """15/02–14/03/2026, or 15/12/2025–14/01/2026 across a year's end."""
    first = f"{start:%d/%m}" if start.year == end.year else f"{start:%d/%m/%Y}"
    return f"{first}{EN_DASH}{end:%d/%m/%Y}"


@dataclass(frozen=True)
class Period:
    """A reporting period: `kind` is month, quarter, half, nine_months or year; `index` the
    month (1-12), quarter (1-4) or half (1-2) within `year`, 1 for the others; `calendar` is
    `nd09` (Nghị định 09 data windows) or `calendar`."""

    kind: str
    year: int
    index: int = 1
    calendar: str = field(default=ND09, kw_only=True)

    def __post_init__(self):
        if self.kind not in MONTHS:
            raise ValueError(f"Unknown period kind {self.kind!r}")
        if self.calendar not in CALENDARS:
            raise ValueError(f"Unknown calendar {self.calendar!r}")
        for name in ("year", "index"):
            if type(getattr(self, name)) is not int:
                raise ValueError(f"A period's {name} is a whole number")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"A period's year is between {MIN_YEAR} and {MAX_YEAR}")
        if not 1 <= self.index <= PER_YEAR[self.kind]:
            raise ValueError(f"{self.kind} index must be between 1 and {PER_YEAR[self.kind]}")

    # Building periods

    @classmethod
    def from_code(cls, code: str, calendar: str = ND09) -> "Period":
        """The period of `code` (2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026) in `calendar`;
        ValueError for anything else."""
        match = _CODE.fullmatch(code) if isinstance(code, str) and len(code) <= 7 else None
        if match is None:
            raise ValueError(f"Not a period code: {str(code)[:20]!r}")
        year, month, quarter, half, nine = match.groups()
        if month:
            return cls("month", int(year), int(month), calendar=calendar)
        if quarter:
            return cls("quarter", int(year), int(quarter), calendar=calendar)
        if half:
            return cls("half", int(year), int(half), calendar=calendar)
        return cls("nine_months" if nine else "year", int(year), calendar=calendar)

    @classmethod
    def of_year(cls, year: int, kind: str, calendar: str = ND09) -> list["Period"]:
        """The periods of one kind in `year`, in order."""
        if kind not in PER_YEAR:
            raise ValueError(f"Unknown period kind {kind!r}")
        return [cls(kind, year, i, calendar=calendar) for i in range(1, PER_YEAR[kind] + 1)]

    @classmethod
    def containing(cls, day: datetime.date, kind: str, calendar: str = ND09) -> "Period | None":
        """The period of `kind` whose window holds `day` (in the nd09 calendar, 20/12/2026
        is in 2027's first month, quarter, half and year); None for a day no period of the kind
        holds (nine months: the last quarter's days)."""
        if kind not in MONTHS:
            raise ValueError(f"Unknown period kind {kind!r}")
        after_cutoff = 1 if calendar == ND09 and day.day > CUTOFF_DAY else 0
        month = _month_start(day.year, day.month + after_cutoff)
        index = (month.month - 1) // MONTHS[kind] + 1
        if index > PER_YEAR[kind]:
            return None
        return cls(kind, month.year, index, calendar=calendar)

    # What a period is

    @property
    def first_month(self) -> datetime.date:
        return _month_start(self.year, (self.index - 1) * MONTHS[self.kind] + 1)

    @property
    def last_month(self) -> datetime.date:
        return _month_start(self.year, self.index * MONTHS[self.kind])

    @property
    def start(self) -> datetime.date:
        """The first day of the calendar span."""
        return self.first_month

    @property
    def end(self) -> datetime.date:
        """The last day of the calendar span."""
        last = self.last_month
        return _month_start(last.year, last.month + 1) - datetime.timedelta(days=1)

    @property
    def window_start(self) -> datetime.date:
        """The first day of the data window: the 15th of the month before the span (nd09)."""
        if self.calendar == CALENDAR:
            return self.start
        before = _month_start(self.first_month.year, self.first_month.month - 1)
        return before.replace(day=CUTOFF_DAY + 1)

    @property
    def window_end(self) -> datetime.date:
        """The last day of the data window: the 14th of the span's last month (nd09)."""
        if self.calendar == CALENDAR:
            return self.end
        return self.last_month.replace(day=CUTOFF_DAY)

    def contains(self, day: datetime.date) -> bool:
        """Whether `day` lies in the period's data window."""
        return self.window_start <= day <= self.window_end

    @property
    def code(self) -> str:
        suffix = {
            "month": f"-{self.index:02d}",
            "quarter": f"-Q{self.index}",
            "half": f"-H{self.index}",
            "nine_months": "-9M",
            "year": "",
        }[self.kind]
        return f"{self.year}{suffix}"

    @property
    def title(self) -> str:
        """The period's name without its window: Tháng 3/2026, Quý I/2026, Năm 2026."""
        values = {"year": self.year, "index": self.index, "roman": ROMAN.get(self.index, "")}
        if self.kind == "month":
            return _("Tháng %(index)s/%(year)s") % values
        if self.kind == "quarter":
            return _("Quý %(roman)s/%(year)s") % values
        if self.kind == "half" and self.index == 1:
            return _("6 tháng đầu năm %(year)s") % values
        if self.kind == "half":
            return _("6 tháng cuối năm %(year)s") % values
        if self.kind == "nine_months":
            return _("9 tháng năm %(year)s") % values
        return _("Năm %(year)s") % values

    @property
    def name(self) -> str:
        """The display name: in the nd09 calendar with its data window, "Tháng 3/2026
        (15/02–14/03/2026)"; in the calendar calendar the title alone, whose span it names."""
        if self.calendar == CALENDAR:
            return self.title
        return f"{self.title} ({_date_range(self.window_start, self.window_end)})"

    def __str__(self) -> str:
        return self.name
