"""Recurring progress reports: when each one falls due, and which period a report belongs to.

A task reporting monthly on the 20th expects one report from every participant for each 20th
between the task's start and its deadline (the last day of a short month when the day does not
exist); quarterly means the 20th of March, June, September and December.
"""

import calendar
import datetime
from collections.abc import Iterator

from django.utils import timezone

from .models import Task


def _due_in_month(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _months(task: Task) -> tuple[int, ...]:
    if task.report_frequency == Task.Frequency.QUARTERLY:
        return (3, 6, 9, 12)
    return tuple(range(1, 13))


def schedule_start(task: Task) -> datetime.date:
    created = task.created_at or timezone.now()
    return timezone.localdate(created) if timezone.is_aware(created) else created.date()


def due_dates(
    task: Task, start: datetime.date | None = None, end: datetime.date | None = None
) -> Iterator[datetime.date]:
    """The report due dates of `task` within [start, end] (default: its whole schedule)."""
    if task.report_frequency == Task.Frequency.NONE or not task.report_day:
        return
    first = max(start or schedule_start(task), schedule_start(task))
    last = min(end or task.effective_deadline, task.effective_deadline)
    months = _months(task)
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month in months:
            due = _due_in_month(year, month, task.report_day)
            if first <= due <= last:
                yield due
        month += 1
        if month > 12:
            year, month = year + 1, 1


def previous_due(task: Task, day: datetime.date) -> datetime.date | None:
    """The latest due date strictly before `day`."""
    window_start = day - datetime.timedelta(days=100)
    dates = list(due_dates(task, window_start, day - datetime.timedelta(days=1)))
    return dates[-1] if dates else None


def next_due(task: Task, day: datetime.date) -> datetime.date | None:
    """The first due date on or after `day`."""
    return next(iter(due_dates(task, day, day + datetime.timedelta(days=100))), None)


def period_for_report(
    task: Task, day: datetime.date, filed: set[datetime.date]
) -> datetime.date | None:
    """The period a report filed on `day` answers: a missed earlier period first (a late
    report), otherwise the coming one. None when the task has no recurring reports."""
    previous = previous_due(task, day)
    if previous is not None and previous not in filed:
        return previous
    return next_due(task, day)
