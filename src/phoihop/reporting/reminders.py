"""The daily reminder run of periodic reports: for each regime in force, the units expected to
report that have not sent their report hear about it `remind_days_before` days before the
deadline, on the deadline day (`remind_on_deadline`) and once when it has passed
(`remind_when_overdue`); `escalate_after_days` days after the deadline the unit's leaders are
told. A report first sent stops every reminder of its period; a draft does not.

Every notification carries a key naming the event (regime, period, unit, stage, deadline), so
running the job twice, or from two workers, sends nothing twice. Recipients are the unit's
people who fill its reports (`permissions.FILLER_ROLES`); the leaders (else the administrators)
for the escalation. The work is a fixed number of queries per regime and period due, whatever
the number of units: the units still to report are one query, their people one query.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.notifications import Message, deliver
from phoihop.core.periods import Period, WorkingCalendar
from phoihop.org.models import Membership

from .models import Regime, Submission
from .permissions import FILLER_ROLES

# Overdue reports are reminded once, and escalated once, within this many days of their
# deadline: an imported history of old periods must not flood anyone.
LOOK_BACK_DAYS = 92
STAGES = ("soon", "today", "overdue", "escalated")


@dataclass(frozen=True)
class Due:
    """One period of one regime with something to say today, and to whom (the stages)."""

    regime: Regime
    period: Period
    deadline: datetime.date
    stages: tuple[str, ...]


def stages_on(regime: Regime, deadline: datetime.date, today: datetime.date) -> tuple[str, ...]:
    """What the regime's rules say about a report due on `deadline`, on `today`."""
    stages = []
    days_left = (deadline - today).days
    if regime.remind_days_before and days_left == regime.remind_days_before:
        stages.append("soon")
    if regime.remind_on_deadline and days_left == 0:
        stages.append("today")
    if days_left < 0 and -days_left <= LOOK_BACK_DAYS:
        if regime.remind_when_overdue:
            stages.append("overdue")
        if regime.escalate_after_days is not None and -days_left >= regime.escalate_after_days:
            stages.append("escalated")
    return tuple(stages)


def due_periods(today: datetime.date) -> list[Due]:
    """The (regime, period) pairs with a reminder to send today."""
    regimes = Regime.objects.valid_on(today).exclude(frequency="").prefetch_related("assignments")
    working = WorkingCalendar.load(today - datetime.timedelta(days=LOOK_BACK_DAYS + 400))
    found = []
    for regime in regimes:
        for period in _recent_periods(regime, today):
            deadline = regime.deadline(period, working)
            stages = stages_on(regime, deadline, today)
            if stages:
                found.append(Due(regime, period, deadline, stages))
    return found


def _recent_periods(regime: Regime, today: datetime.date) -> list[Period]:
    """The regime's periods whose deadline may fall in the look-back window or before the
    furthest reminder ahead: those of last year, this year and next year (a fixed-day rule
    may put a deadline a year after the period)."""
    return [
        period
        for year in (today.year - 1, today.year, today.year + 1)
        for period in regime.periods_of_year(year)
        if period.window_start <= today + datetime.timedelta(days=regime.MAX_WORKING_DAYS)
    ]


def _unsent(due: Due) -> list:
    """The expected units that have not sent their report of the period."""
    sent = Submission.objects.filter(
        regime=due.regime, period_code=due.period.code, first_submitted_at__isnull=False
    ).values("organization_id")
    return list(due.regime.expected_reporters(due.period).exclude(pk__in=sent).only("pk", "name"))


class _People:
    """The people of the units, by unit and role, read in one query."""

    def __init__(self, organization_ids: set[int]):
        self.by_org: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        memberships = Membership.objects.filter(
            organization_id__in=organization_ids, user__is_active=True
        ).select_related("user")
        for membership in memberships:
            self.by_org[membership.organization_id][membership.role].append(membership.user)

    def fillers(self, organization_id: int) -> list:
        roles = self.by_org.get(organization_id, {})
        return _unique(user for role in FILLER_ROLES for user in roles.get(role, []))

    def leaders(self, organization_id: int) -> list:
        roles = self.by_org.get(organization_id, {})
        return roles.get(Membership.Role.LEADER) or roles.get(Membership.Role.ORG_ADMIN, [])


def _unique(users) -> list:
    seen, found = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found


def _text(due: Due, stage: str, today: datetime.date, unit_name: str) -> tuple[str, str]:
    values = {
        "regime": due.regime.name[:150],
        "period": due.period.title,
        "date": f"{due.deadline:%d/%m/%Y}",
        "days": (today - due.deadline).days,
        "unit": unit_name,
    }
    titles = {
        "soon": _("Sắp đến hạn gửi báo cáo (%(date)s): %(regime)s, %(period)s"),
        "today": _("Hôm nay đến hạn gửi báo cáo: %(regime)s, %(period)s"),
        "overdue": _("Quá hạn gửi báo cáo từ %(date)s: %(regime)s, %(period)s"),
        "escalated": _(
            "Cần chỉ đạo: báo cáo quá hạn %(days)s ngày chưa gửi: %(regime)s, %(period)s"
        ),
    }
    body = _("Đơn vị: %(unit)s. Hạn gửi: %(date)s. Báo cáo chưa được gửi.") % values
    return titles[stage] % values, body


def _url(due: Due, organization_id: int) -> str:
    """The unit's report of the period (its entry page)."""
    return reverse("reporting:report", args=[due.regime.pk, due.period.code, organization_id])


def reminder_key(due: Due, organization_id: int, stage: str) -> str:
    # The deadline is part of the key: a deadline moved by a new working-day decision is a
    # new event and is reminded again.
    return (
        f"report:{due.regime.pk}:{due.period.code}:{organization_id}:{stage}:"
        f"{due.deadline.isoformat()}"
    )


def report_messages(today: datetime.date) -> list[Message]:
    pending = [(due, _unsent(due)) for due in due_periods(today)]
    people = _People({unit.pk for _due, units in pending for unit in units})
    messages = []
    for due, units in pending:
        for unit in units:
            url = _url(due, unit.pk)
            for stage in due.stages:
                recipients = (
                    people.leaders(unit.pk) if stage == "escalated" else people.fillers(unit.pk)
                )
                title, body = _text(due, stage, today, unit.name)
                key = reminder_key(due, unit.pk, stage)
                messages.extend(
                    Message(person, key, stage, title, body, url) for person in recipients
                )
    return messages


def send_reminders(
    today: datetime.date | None = None, *, email: bool | None = None
) -> dict[str, int]:
    """Run the report reminders for `today`; returns how many notifications of each stage were
    new. In-app only unless `email` is true."""
    today = today or timezone.localdate()
    sent: Counter = deliver(report_messages(today), email=bool(email))
    return dict(sent)
