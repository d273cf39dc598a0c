"""A province's communes reporting monthly to its propaganda department, and their reports,
shared by the completeness, reminder, target and dashboard tests.

Reports are written by the submission services, at the moments a test gives (on time or late
against their deadline)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.utils import timezone

from phoihop.core.periods import Period
from phoihop.org.models import Membership, Organization
from phoihop.reporting import submissions
from phoihop.reporting.models import Submission
from phoihop.reporting.services import Assignment
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_form,
    make_indicator,
    make_regime,
    system_admin,
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
    """A report of `organization` for period `code` through the submission services: started
    on the cut-off day with `values` ({indicator or code: value}, by default 5 for each
    required figure of the form), first sent on `sent` (the cut-off day by default) unless a
    draft, then returned or accepted by the system administrator that afternoon."""
    admin = system_admin()
    period = regime.period(code)
    with time_machine.travel(at(period.window_end), tick=False):
        submission = submissions.start_submission(regime, period, organization, admin)
        given = {getattr(key, "code", key): value for key, value in (values or {}).items()}
        spec = regime.report_form.spec()
        defaults = {
            field.key: 5
            for field in spec.fields
            if field.required and field.indicator and field.indicator.value_type == "integer"
        }
        submissions.save_values(submission, defaults | given, admin)
    if state == State.DRAFT:
        return submission
    sent = sent or period.window_end
    with time_machine.travel(at(sent), tick=False):
        submissions.submit(submission, admin)
    with time_machine.travel(at(sent, 15), tick=False):
        if state == State.RETURNED:
            submissions.return_submission(submission, "Cần bổ sung số liệu.", admin)
        elif state == State.ACCEPTED:
            submissions.accept(submission, admin)
    submission.refresh_from_db()
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
