"""«Báo cáo định kỳ»: the reports a user's units must send, this period and the two before."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.periods import Period, WorkingCalendar
from phoihop.org.models import Organization
from phoihop.org.scope import grants

from .. import permissions
from .. import submissions as services
from ..models import Regime, Submission
from .common import report_url

RECENT_PERIODS = 3  # the current period and the two before it
# A unit's periodic reports -------------------------------------------------------------------


@dataclass
class Due:
    """One report a unit must send: a regime × period, with its submission if started."""

    regime: Regime
    period: Period
    organization: Organization
    deadline: datetime.date
    opens_on: datetime.date
    submission: Submission | None
    today: datetime.date

    @property
    def url(self) -> str:
        return report_url(self.regime.pk, self.period.code, self.organization.pk)

    @property
    def state_label(self) -> str:
        if self.submission is None:
            return _("Chưa mở nhập") if self.today < self.opens_on else _("Chưa nhập")
        return self.submission.get_state_display()

    @property
    def state_key(self) -> str:
        return self.submission.state if self.submission else "missing"

    @property
    def sent(self) -> bool:
        return self.submission is not None and self.submission.first_submitted_at is not None

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def timing(self) -> str:
        if self.sent:
            if self.submission.is_on_time:
                return _("Gửi đúng hạn")
            return _("Gửi muộn")
        days = self.days_left
        if days > 0:
            return ngettext("Còn %(n)s ngày", "Còn %(n)s ngày", days) % {"n": days}
        if days == 0:
            return _("Hạn hôm nay")
        return ngettext("Quá hạn %(n)s ngày", "Quá hạn %(n)s ngày", -days) % {"n": -days}

    @property
    def late(self) -> bool:
        return (self.sent and not self.submission.is_on_time) or (
            not self.sent and self.days_left < 0
        )


def _recent_periods(regime: Regime, today: datetime.date) -> list[Period]:
    current = Period.containing(today, regime.frequency, regime.calendar)
    if current is None:  # nine months, after its cut-off: this year's is the latest
        current = Period(regime.frequency, today.year, calendar=regime.calendar)
    found = [current]
    while len(found) < RECENT_PERIODS:
        found.append(services.previous_period(found[-1]))
    return found


def reporting_units(user) -> list[Organization]:
    """The organisations whose reports the user fills: those of their own memberships."""
    ids = {g.organization_id for g in grants(user, permissions.FILLER_ROLES)}
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def due_reports(user, today: datetime.date) -> list[Due]:
    units = reporting_units(user)
    pairs = [
        (regime, unit)
        for unit in units
        for regime in Regime.objects.expecting(unit, today)
        .exclude(frequency="")
        .select_related("receiver")
        .order_by("code")
    ]
    periods = {regime.pk: _recent_periods(regime, today) for regime, _unit in pairs}
    codes = {p.code for found in periods.values() for p in found}
    started = {
        (s.regime_id, s.period_code, s.organization_id): s
        for s in Submission.objects.filter(
            organization__in=[u.pk for u in units],
            regime__in=[r.pk for r, _u in pairs],
            period_code__in=codes,
        )
    }
    working = WorkingCalendar.load(today - datetime.timedelta(days=400))
    rows = []
    for regime, unit in pairs:
        for period in periods[regime.pk]:
            submission = started.get((regime.pk, period.code, unit.pk))
            rows.append(
                Due(
                    regime=regime,
                    period=period,
                    organization=unit,
                    deadline=submission.deadline
                    if submission
                    else regime.deadline(period, working),
                    opens_on=regime.entry_opens_on(period),
                    submission=submission,
                    today=today,
                )
            )
    rows.sort(key=lambda row: (-row.period.window_end.toordinal(), row.regime.code))
    return rows


@login_required
@require_GET
def my_reports(request):
    """«Báo cáo định kỳ»: the reports the user's units must send, current and recent."""
    today = timezone.localdate()
    page_obj = paginate(request, due_reports(request.user, today))
    context = {
        "page_obj": page_obj,
        "rows": list(page_obj.object_list),
        "can_receive": _receives_any(request.user),
        "today": today,
    }
    return render_page(request, "reporting/my_reports.html", context)


def _receives_any(user) -> bool:
    return user.is_superuser or bool(grants(user, permissions.RECEIVER_ROLES))
