"""Reads of the reporting app for other pages: the dashboard's reporting tiles.

For one organisation (`dashboard_summary`): its own reports due this week and not yet sent;
for each regime it receives, how many of its reporters are late or have not sent the period
being collected (each count links to the completeness page's list); and its targets (those it
set and those set for it) off target this year. A fixed number of queries plus one per regime
received (a department receives a handful), none per unit or per target.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from phoihop.core.periods import WorkingCalendar
from phoihop.org.models import Organization

from . import completeness, targets
from .models import Regime, Submission, Target

RECEIVED_SHOWN = 6  # regimes received, those whose deadline came last first
OFF_TARGET_SHOWN = 5
TARGETS_READ = 300  # a dashboard reads at most this many targets of the year


@dataclass
class DueReport:
    regime: Regime
    period: object  # core.periods.Period
    deadline: datetime.date
    started: bool  # a draft exists


@dataclass
class Collection:
    """The period a received regime is collecting, and its late and missing reporters."""

    regime: Regime
    period: object
    deadline: datetime.date
    expected: int
    late: int
    missing: int
    overdue: bool


def _regimes(organization: Organization, today: datetime.date) -> list[Regime]:
    """The periodic regimes in force that the organisation receives or reports under (marked
    `reports`): one query (and, when there are any, one for their assignments, which also
    say whether the organisation reports under each)."""
    expecting = Regime.objects.expecting(organization, today).values("pk")
    regimes = list(
        Regime.objects.valid_on(today)
        .exclude(frequency="")
        .filter(Q(receiver=organization) | Q(pk__in=expecting))
        .prefetch_related("assignments")
        .order_by("code")
    )
    for regime in regimes:
        regime.reports = regime.receiver_id != organization.pk or _selects(
            regime, organization, today
        )
    return regimes


def _selects(regime: Regime, organization: Organization, today: datetime.date) -> bool:
    """Whether the regime, which `organization` receives, also expects it to report (rare:
    a body reporting under a regime it receives)."""
    return Regime.objects.expecting(organization, today).filter(pk=regime.pk).exists()


def due_this_week(regimes, organization: Organization, today: datetime.date, week_end, working):
    """The organisation's reports due between today and `week_end` and not yet sent."""
    candidates = []
    for regime in regimes:
        for period in (
            completeness.default_period(regime, today),
            completeness.default_period(regime, week_end),
        ):
            if period is None:
                continue
            deadline = regime.deadline(period, working)
            if today <= deadline <= week_end and (regime, period) not in candidates:
                candidates.append((regime, period))
    if not candidates:
        return []
    states = {
        (regime_id, code): sent
        for regime_id, code, sent in Submission.objects.filter(
            organization=organization,
            regime__in=[regime for regime, _period in candidates],
            period_code__in={period.code for _regime, period in candidates},
        ).values_list("regime_id", "period_code", "first_submitted_at")
    }
    due = []
    for regime, period in candidates:
        key = (regime.pk, period.code)
        if key in states and states[key] is not None:
            continue  # sent
        due.append(DueReport(regime, period, regime.deadline(period, working), key in states))
    return sorted(due, key=lambda report: report.deadline)


def collections(regimes, today: datetime.date, working) -> list[Collection]:
    """For each regime the organisation receives, the period being collected and how many of
    its reporters are late or missing."""
    found = []
    for regime in regimes:
        period = completeness.default_period(regime, today)
        found.append((regime, period, regime.deadline(period, working)))
    found.sort(key=lambda row: row[2], reverse=True)
    shown = []
    for regime, period, deadline in found[:RECEIVED_SHOWN]:
        numbers = completeness.counts(completeness.expected_units(regime, period))
        shown.append(
            Collection(
                regime,
                period,
                deadline,
                expected=numbers["expected"],
                late=numbers["late"],
                missing=numbers["missing"],
                overdue=today > deadline,
            )
        )
    return shown


def off_target(organization: Organization, today: datetime.date):
    """The targets of this year set by or for the organisation whose light is red, and how
    many there are."""
    year_targets = (
        Target.objects.filter(Q(owner=organization) | Q(organization=organization))
        .covering(today.year)
        .select_related(
            "indicator", "indicator__numerator", "indicator__denominator", "organization", "area"
        )
        .order_by("indicator__code", "pk")[:TARGETS_READ]
    )
    red = [o for o in targets.outcomes(year_targets, today) if o.light == "red"]
    return red[:OFF_TARGET_SHOWN], len(red)


def dashboard_summary(organization: Organization, today: datetime.date, week_end) -> dict:
    regimes = _regimes(organization, today)
    working = WorkingCalendar.load(today - datetime.timedelta(days=400)) if regimes else None
    reported = [regime for regime in regimes if regime.reports]
    received = [regime for regime in regimes if regime.receiver_id == organization.pk]
    red, red_count = off_target(organization, today)
    return {
        "due": due_this_week(reported, organization, today, week_end, working),
        "collections": collections(received, today, working),
        "off_target": red,
        "off_target_count": red_count,
    }
