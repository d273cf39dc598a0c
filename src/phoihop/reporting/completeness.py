"""Completeness and timeliness of a regime's reports (issue 16, item 5): the page a receiver's
specialist opens on the 15th.

For one regime and one period, the units expected to report are the regime's assigned
organisations that existed on the period's cut-off (`Regime.expected_reporters`, ADR 0015): a
commune dissolved on 1-7-2025 is not expected after it, a new one is from its first period.
Each expected unit is joined to its submission of the period (at most one: the unique
constraint) in SQL, so the counts are one aggregate and a page of units one query, whatever
the number of units (3,321 communes for a national monthly regime). A unit is

- on time when its report was first sent by the end of the deadline day the report was given
  (`Submission.is_on_time`; a return for correction does not make it late),
- late when it was first sent after that day,
- not sent (missing) when no report was ever sent; once the regime's deadline has passed it is
  overdue.

The history strip answers the same questions for the page's units over the last periods: one
query for their submissions and one for whether each was expected in each period.
"""

import contextlib
import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, IntegerField, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.db.models.query import EmptyQuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.periods import PER_YEAR, Period, WorkingCalendar
from phoihop.org.models import Organization

from .models import Regime, Submission
from .models.regimes import reporters_q
from .permissions import can_receive

HISTORY_LENGTH = 6  # periods in a unit's history strip, the chosen one included
State = Submission.State

SENT = Q(sub__first_submitted_at__isnull=False)
# The first sending's date in the site's time zone (TruncDate reads the current time zone),
# compared with the deadline day stored on the submission: Submission.is_on_time in SQL.
ON_TIME = SENT & Q(sent_on__lte=F("sub__deadline"))
LATE = SENT & Q(sent_on__gt=F("sub__deadline"))

# What a number of the page counts, by the `status` filter of the unit list that it links to.
FILTERS: dict[str, Q] = {
    "submitted": SENT,
    "on_time": ON_TIME,
    "late": LATE,
    "missing": ~SENT,
    "awaiting": Q(sub__state=State.SUBMITTED),
    "returned": Q(sub__state=State.RETURNED),
    "accepted": Q(sub__state=State.ACCEPTED),
}
FILTER_LABELS = {
    "": _("Tất cả đơn vị"),
    "submitted": _("Đã gửi"),
    "on_time": _("Gửi đúng hạn"),
    "late": _("Gửi muộn"),
    "missing": _("Chưa gửi"),
    "awaiting": _("Chờ tiếp nhận"),
    "returned": _("Bị trả lại"),
    "accepted": _("Đã tiếp nhận"),
}


def shift(period: Period, steps: int) -> Period:
    """The period `steps` periods after (before, when negative) `period`, of its kind."""
    per_year = PER_YEAR[period.kind]
    position = period.year * per_year + period.index - 1 + steps
    return Period(
        period.kind, position // per_year, position % per_year + 1, calendar=period.calendar
    )


def default_period(regime: Regime, today: datetime.date) -> Period | None:
    """The period whose reports are being collected now: the last one whose data window has
    closed (on the 15th, the month that was cut off on the 14th), or a regime's last one when
    it has ended. None for a regime without periods."""
    if not regime.frequency:
        return None
    if regime.valid_to and regime.valid_to < today:  # a regime that ended: its last period
        today = regime.valid_to + datetime.timedelta(days=1)
    current = Period.containing(today, regime.frequency, regime.calendar)
    if current is None:  # nine months: the last quarter's days; this year's is closed
        return Period(regime.frequency, today.year, calendar=regime.calendar)
    return shift(current, -1)


def expected_units(regime: Regime, period: Period, *, within: QuerySet | None = None):
    """The expected organisations, each with its report of the period joined (`sub__…`) and
    `sent_on`, the first sending's local date. `within`: only these organisations (a reporting
    unit's own)."""
    units = regime.expected_reporters(period)
    if within is not None:
        units = units.filter(pk__in=within.values("pk"))
    return units.annotate(
        sub=FilteredRelation(
            "report_submissions",
            condition=Q(
                report_submissions__regime=regime,
                report_submissions__period_code=period.code,
            ),
        ),
        sent_on=TruncDate("sub__first_submitted_at"),
    )


def counts(units) -> dict[str, int]:
    """Every number of the page, in one aggregate query."""
    with _without_merge_joins():
        totals = units.aggregate(
            expected=Count("pk"),
            **{name: Count("pk", filter=condition) for name, condition in FILTERS.items()},
        )
    return {name: totals[name] or 0 for name in totals}


@contextlib.contextmanager
def _without_merge_joins():
    """PostgreSQL plans the count over a national regime's 3,321 units as a merge join that
    walks every submission in organisation order (1.2 million at the benchmark's scale, 2.9 s)
    instead of reading the period's 3,321 by the (regime, period) index and hashing them
    (59 ms): its estimate assumes the walk stops early, and it does not. For this one
    statement (SET LOCAL ends with its transaction), merge joins are off."""
    if connection.vendor != "postgresql":
        yield
        return
    # No savepoint: inside a transaction already, the setting lasts until it ends (a plan
    # choice only); otherwise this opens one around the statement.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_mergejoin = off")
        yield


def unit_rows(units, status: str = ""):
    """The expected units the `status` filter keeps, with what a row shows, by name."""
    if status in FILTERS:
        units = units.filter(FILTERS[status])
    return units.annotate(
        submission_id=F("sub__id"),
        state=F("sub__state"),
        first_submitted_at=F("sub__first_submitted_at"),
        given_deadline=F("sub__deadline"),
    ).order_by("name", "pk")


@dataclass
class Cell:
    """One period of a unit's history strip."""

    period: Period
    status: str  # on_time, late, missing (overdue), pending (not due yet), not_expected
    state: str = ""
    words: str = ""  # "Tháng 8/2025: muộn"


CELL_LABELS = {
    "on_time": _("đúng hạn"),
    "late": _("muộn"),
    "missing": _("quá hạn, chưa gửi"),
    "pending": _("chưa đến hạn"),
    "not_expected": _("không phải báo cáo"),
}


def history_periods(period: Period, length: int = HISTORY_LENGTH) -> list[Period]:
    """The `length` periods ending with `period`, oldest first."""
    return [shift(period, steps) for steps in range(1 - length, 1)]


def deadlines(regime: Regime, periods: list[Period]) -> dict[str, datetime.date]:
    """The regime's deadline of each period (one query for the working-day decisions)."""
    working = WorkingCalendar.load(periods[0].window_end)
    return {p.code: regime.deadline(p, working) for p in periods}


def history(
    regime: Regime,
    periods: list[Period],
    organizations: list[Organization],
    today: datetime.date,
    due: dict[str, datetime.date],
) -> dict[int, list[Cell]]:
    """Each organisation's strip over `periods` (the last one the page's period, in which
    every one of `organizations` is expected): one query for their reports, and at most one
    for the periods whose assignments differ from the page's."""
    if not organizations:
        return {}
    ids = [organization.pk for organization in organizations]
    expected = _expected_in(regime, periods, organizations)
    sent = {
        (row["organization_id"], row["period_code"]): row
        for row in Submission.objects.filter(
            regime=regime, organization_id__in=ids, period_code__in=[p.code for p in periods]
        ).values("organization_id", "period_code", "first_submitted_at", "deadline", "state")
    }
    labels: dict = {}  # (period code, status) -> the words, translated once per page
    strips: dict[int, list[Cell]] = {}
    for pk in ids:
        strips[pk] = [
            _cell(period, sent.get((pk, period.code)), (pk, period.code) in expected, today, due)
            for period in periods
        ]
        for cell in strips[pk]:
            key = (cell.period.code, cell.status)
            if key not in labels:
                labels[key] = f"{cell.period.title}: {CELL_LABELS[cell.status]}"
            cell.words = labels[key]
    return strips


def _cell(period, row, is_expected, today, due) -> Cell:
    if row is not None and row["first_submitted_at"] is not None:
        sent_on = timezone.localdate(row["first_submitted_at"])
        status = "on_time" if sent_on <= row["deadline"] else "late"
        return Cell(period, status, row["state"])
    if not is_expected:
        return Cell(period, "not_expected")
    return Cell(period, "missing" if today > due[period.code] else "pending")


def _expected_in(regime: Regime, periods: list[Period], organizations: list) -> set:
    """(organisation id, period code) for each period in which each organisation was expected.
    They are all expected in the last period; in a period whose assignments in force are the
    same ones, an organisation was expected when the regime was in force and the organisation
    existed on its cut-off (read from the rows); the other periods ask the regime's own rule,
    united into one query."""
    assignments = list(regime.assignments.all())

    def in_force(period):
        return frozenset(a.pk for a in assignments if a.is_valid_on(period.window_end))

    same = in_force(periods[-1])
    found, others = set(), []
    for period in periods:
        cutoff = period.window_end
        if not regime.is_valid_on(cutoff):
            continue
        if in_force(period) != same:
            others.append(period)
            continue
        found |= {(o.pk, period.code) for o in organizations if o.existed_on(cutoff)}
    return found | _expected_by_query(regime, others, [o.pk for o in organizations])


def _expected_by_query(regime: Regime, periods: list[Period], organization_ids) -> set:
    queries = [
        regime.expected_reporters(period)
        .filter(pk__in=organization_ids)
        .annotate(position=Value(position, output_field=IntegerField()))
        .values_list("pk", "position")
        .order_by()
        for position, period in enumerate(periods)
    ]
    queries = [q for q in queries if not isinstance(q, EmptyQuerySet)]
    if not queries:
        return set()
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    return {(pk, periods[position].code) for pk, position in union}


def receives(user, regime: Regime) -> bool:
    """The receiver's people (and those above them) and system administrators see every
    expected unit."""
    return can_receive(user, regime)


def reporting_scope(user, regime: Regime) -> QuerySet | None:
    """The organisations whose rows `user` sees: None for all (the receiver's people), else the
    user's own organisations and those below them, when the regime names or selects one of
    them in any of its assignments; an empty queryset when it does not (nothing to see)."""
    if receives(user, regime):
        return None
    own = Organization.objects.within_scope_of(user)
    selected = reporters_q(regime.assignments.all())
    if selected is None or not own.filter(selected).exists():
        return Organization.objects.none()
    return own


def organizations_of(user) -> list[Organization]:
    """The user's own organisations (memberships), to list the regimes they report under."""
    return [
        m.organization
        for m in user.memberships.select_related("organization").filter(
            organization__archived_at__isnull=True
        )
    ]
