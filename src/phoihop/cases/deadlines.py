"""Statutory due dates of a case, in working days from the day it was received.

The days come from the editable `DeadlineRule` table (per kind and channel; rules for urgent
hot spots first), counted with `core.periods.WorkingCalendar` (weekends, Tết and the other
public holidays, the recorded substitution days). Without any matching rule the national
feedback portal's practice applies: acknowledge within 2 working days, answer within 20."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from phoihop.core.periods import WorkingCalendar

from .models import DeadlineRule

DEFAULT_ACKNOWLEDGE_DAYS = 2
DEFAULT_ANSWER_DAYS = 20


@dataclass(frozen=True)
class DueDays:
    acknowledge: int
    answer: int


def _specificity(rule: DeadlineRule) -> tuple[int, int, int]:
    return (int(rule.urgent_hot_spot), int(bool(rule.kind)), int(bool(rule.channel)))


def due_days(kind: str, channel: str, *, urgent_hot_spot: bool) -> DueDays:
    """The most specific rule for the kind and channel: an urgent hot spot's rule before any
    other, then one naming the kind, then one naming the channel, then the general one."""
    candidates = DeadlineRule.objects.filter(
        Q(kind=kind) | Q(kind=""), Q(channel=channel) | Q(channel="")
    )
    if not urgent_hot_spot:
        candidates = candidates.filter(urgent_hot_spot=False)
    rules = sorted(candidates, key=_specificity, reverse=True)
    if not rules:
        return DueDays(DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_ANSWER_DAYS)
    return DueDays(rules[0].acknowledge_days, rules[0].answer_days)


def due_dates(
    start: datetime.date, days: DueDays, calendar: WorkingCalendar | None = None
) -> tuple[datetime.date, datetime.date]:
    """(acknowledge by, answer by), counted from `start` (not itself counted)."""
    calendar = calendar or WorkingCalendar.load(start)
    return (
        calendar.add_working_days(start, days.acknowledge),
        calendar.add_working_days(start, days.answer),
    )
