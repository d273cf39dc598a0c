"""A small country across the 2025 reorganisation, for the roll-up tests.

Before 1-7-2025: provinces A (district DA: communes a1, a2) and B (district DB: commune b1).
Since: province P, successor of both, with communes p1 (successor of a1 and a2) and p2
(successor of a2, which was divided, and of b1). Each commune has a People's Committee that
reports under one monthly regime.

Accepted submissions are made here with the ORM and `rollups.submission_accepted`, as the
submission services (another part of issue 16) will: the state move is theirs, the roll-up
hook is what is tested.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from phoihop.core.periods import Period
from phoihop.org.models import Area, Organization
from phoihop.reporting import rollups
from phoihop.reporting.models import Indicator, Regime, Submission, Value
from tests.factories import AreaFactory, OrganizationFactory, make_form, make_regime

REFORM = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)
PROVINCE, DISTRICT, COMMUNE = Area.Level.PROVINCE, Area.Level.DISTRICT, Area.Level.COMMUNE


@dataclass
class World:
    areas: dict[str, Area]
    units: dict[str, Organization]
    regime: Regime


def build_world(indicators: list[Indicator], **regime_attrs) -> World:
    def old(key, level, parent=None, code=None):
        return AreaFactory(
            code=code or key.upper(),
            name=f"Địa bàn cũ {key.upper()}",
            level=level,
            parent=parent,
            valid_to=LAST_OLD_DAY,
        )

    def new(key, level, parent=None, code=None):
        return AreaFactory(
            code=code or key.upper(),
            name=f"Địa bàn mới {key.upper()}",
            level=level,
            parent=parent,
            valid_from=REFORM,
        )

    a = {}
    a["A"] = old("A", PROVINCE, code="01")
    a["B"] = old("B", PROVINCE, code="02")
    a["DA"] = old("DA", DISTRICT, a["A"], code="001")
    a["DB"] = old("DB", DISTRICT, a["B"], code="002")
    a["a1"] = old("a1", COMMUNE, a["DA"], code="00010")
    a["a2"] = old("a2", COMMUNE, a["DA"], code="00020")
    a["b1"] = old("b1", COMMUNE, a["DB"], code="00030")
    a["P"] = new("P", PROVINCE, code="01")
    a["p1"] = new("p1", COMMUNE, a["P"], code="00010")
    a["p2"] = new("p2", COMMUNE, a["P"], code="00030")
    a["A"].successors.add(a["P"])
    a["B"].successors.add(a["P"])
    a["a1"].successors.add(a["p1"])
    a["a2"].successors.add(a["p1"], a["p2"])
    a["b1"].successors.add(a["p2"])
    a["DA"].successors.add(a["p1"], a["p2"])
    a["DB"].successors.add(a["p2"])
    units = {
        key: OrganizationFactory(
            name=f"Ủy ban nhân dân {a[key].name}",
            kind=Organization.Kind.PEOPLES_COMMITTEE,
            level=Organization.Level.COMMUNE,
            area=a[key],
        )
        for key in ("a1", "a2", "b1", "p1", "p2")
    }
    regime = make_regime(report_form=make_form(indicators=indicators), **regime_attrs)
    return World(a, units, regime)


def accept(
    regime: Regime,
    unit: Organization,
    period_code: str,
    values: dict,
    *,
    at: datetime.datetime | None = None,
) -> Submission:
    """An accepted submission of `unit` with `values` ({indicator: number or text}), added to
    the roll-ups as the accept service does."""
    period = Period.from_code(period_code, regime.calendar)
    at = at or timezone.now()
    submission = Submission.objects.create(
        regime=regime,
        period_code=period_code,
        cutoff=period.window_end,
        organization=unit,
        state=Submission.State.ACCEPTED,
        deadline=period.window_end + datetime.timedelta(days=5),
        first_submitted_at=at,
        submitted_at=at,
        decided_at=at,
    )
    Value.objects.bulk_create(
        Value(
            submission=submission,
            indicator=indicator,
            number=None if isinstance(value, str) else Decimal(value),
            text=value if isinstance(value, str) else "",
        )
        for indicator, value in values.items()
    )
    rollups.submission_accepted(submission)
    return submission


def reopen(submission: Submission) -> None:
    """Back to "returned", taken out of the roll-ups, as the reopen service does."""
    rollups.submission_reopened(submission)
    submission.state = Submission.State.RETURNED
    submission.return_reason = "Mở lại để sửa số liệu"
    submission.save(update_fields=["state", "return_reason"])
