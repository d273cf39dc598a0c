"""Statutory due dates of a case, in working days from the day it was received.

Counted with `core.periods.WorkingCalendar` (weekends, Tết and the other public holidays, the
recorded substitution days). Without a matching rule the national feedback portal's practice
applies: acknowledge within 2 working days, answer within 20."""

import datetime
from dataclasses import dataclass

from phoihop.core.periods import WorkingCalendar

DEFAULT_ACKNOWLEDGE_DAYS = 2
DEFAULT_ANSWER_DAYS = 20


@dataclass(frozen=True)
class DueDays:
    acknowledge: int
    answer: int


def due_days(kind: str, channel: str, *, urgent_hot_spot: bool) -> DueDays:
    return DueDays(DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_ANSWER_DAYS)


def due_dates(
    start: datetime.date, days: DueDays, calendar: WorkingCalendar | None = None
) -> tuple[datetime.date, datetime.date]:
    """(acknowledge by, answer by), counted from `start` (not itself counted)."""
    calendar = calendar or WorkingCalendar.load(start)
    return (
        calendar.add_working_days(start, days.acknowledge),
        calendar.add_working_days(start, days.answer),
    )
