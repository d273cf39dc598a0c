"""A province's communes reporting monthly to its propaganda department, and their reports,
shared by the completeness, reminder, target and dashboard tests.

Reports are written with the ORM in the states the submission services leave them in (sent,
returned, accepted, with their first sending time): the services belong to another stage of
issue 16 and these tests are about reading them."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from phoihop.core.periods import Period
from phoihop.org.models import Membership, Organization
from phoihop.reporting.models import Submission, Value
from phoihop.reporting.services import Assignment
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_form,
    make_indicator,
    make_regime,
)

D = datetime.date
Kind, Level = Organization.Kind, Organization.Level
State = Submission.State


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def nd09(code: str) -> Period:
    return Period.from_code(code, "nd09")


def make_submission(
    regime,
    organization,
    code: str,
    state: str = State.SUBMITTED,
    *,
    sent: datetime.date | None = None,
    values: dict | None = None,
) -> Submission:
    """A report of `organization` for period `code`: sent (first) on `sent` unless a draft,
    with `values` {indicator: number}."""
    period = regime.period(code)
    submission = Submission.objects.create(
        regime=regime,
        period_code=period.code,
        cutoff=period.window_end,
        organization=organization,
        state=state,
        deadline=regime.deadline(period),
        first_submitted_at=at(sent) if sent and state != State.DRAFT else None,
        submitted_at=at(sent) if sent and state != State.DRAFT else None,
        decided_at=at(sent, 15) if state in (State.ACCEPTED, State.RETURNED) else None,
    )
    for indicator, number in (values or {}).items():
        Value.objects.create(submission=submission, indicator=indicator, number=number)
    return submission


@dataclass
class Province:
    area: Any
    department: Any  # the receiver
    specialist: Any  # a specialist of the department
    regime: Any
    indicator: Any
    boards: dict[str, Any]  # the communes' Party boards, by commune name
    people: dict[str, Any] = field(default_factory=dict)  # a focal point per board
    leaders: dict[str, Any] = field(default_factory=dict)


COMMUNES = ("Phường Hạc Thành", "Xã Đông Sơn", "Xã Nga Sơn", "Xã Lam Sơn", "Xã Quảng Phú")


def build_province(*, boards: int = 0, suffix: str = "") -> Province:
    """Thanh Hóa's communes since 1-7-2025: Hạc Thành, Đông Sơn (dissolved on 30-9-2025),
    Nga Sơn, Lam Sơn (created on 10-8-2025), Quảng Phú; `boards` more communes when asked
    (the query-count tests). Their boards report monthly, 3 working days after the cut-off."""
    area = AreaFactory(name="Tỉnh Thanh Hóa", level="province", type="tỉnh")
    party = OrganizationFactory(name="Tỉnh ủy Thanh Hóa", kind=Kind.PARTY_COMMITTEE, area=area)
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind=Kind.PROPAGANDA_DEPARTMENT,
        parent=party,
        area=area,
    )
    specialist = UserFactory(username=f"chuyenvien.btg{suffix}", full_name="Lê Thị Chuyên")
    MembershipFactory(user=specialist, organization=department, role=Membership.Role.SPECIALIST)
    indicator = make_indicator(code=f"TG.BUOI{suffix}", name="Số buổi tuyên truyền", unit="buổi")
    regime = make_regime(
        code=f"TH.XA.THANG{suffix}",
        name="Báo cáo tháng công tác tuyên giáo cấp xã",
        receiver=department,
        report_form=make_form(indicators=[indicator]),
        valid_from=D(2025, 7, 1),
        remind_days_before=2,
        remind_on_deadline=True,
        remind_when_overdue=True,
        escalate_after_days=3,
        assignments=[
            Assignment(
                organization_kind=Kind.PARTY_BOARD,
                organization_level=Level.COMMUNE,
                area=area,
                valid_from=D(2025, 7, 1),
            )
        ],
    )
    dates = {"Xã Đông Sơn": {"valid_to": D(2025, 9, 30)}, "Xã Lam Sơn": {}}
    names = list(COMMUNES) + [f"Xã Thử Nghiệm {n:04d}" for n in range(boards)]
    built = {}
    for name in names:
        commune = AreaFactory(name=name, parent=area)
        validity = dates.get(name, {"valid_from": D(2025, 7, 1)})
        if name == "Xã Lam Sơn":
            validity = {"valid_from": D(2025, 8, 10)}
        built[name] = OrganizationFactory(
            name=f"Ban Xây dựng Đảng {name}",
            kind=Kind.PARTY_BOARD,
            level=Level.COMMUNE,
            area=commune,
            **validity,
        )
    province = Province(area, department, specialist, regime, indicator, built)
    for number, name in enumerate(COMMUNES):
        province.people[name] = UserFactory(username=f"daumoi.xa{number}{suffix}")
        MembershipFactory(
            user=province.people[name],
            organization=built[name],
            role=Membership.Role.FOCAL_POINT,
        )
        province.leaders[name] = UserFactory(username=f"lanhdao.xa{number}{suffix}")
        MembershipFactory(
            user=province.leaders[name], organization=built[name], role=Membership.Role.LEADER
        )
    return province
