"""The world of the submission tests: a propaganda department receiving a monthly report from
two communes, with their clerks, the department's officer and an outsider."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from phoihop.org.models import Membership, Organization
from phoihop.reporting import submissions as services
from phoihop.reporting.models import FormSection, Indicator, Submission
from phoihop.reporting.services import Assignment, Rule, Section
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_form,
    make_indicator,
    make_regime,
)

State = Submission.State
Role = Membership.Role
# Tháng 3/2026 (nd09): data window 15/02–14/03/2026, cut-off Saturday 14/03, deadline three
# working days later (Wednesday 18/03); entry opens five days before the cut-off (09/03) and
# locks ten days after the deadline (after 28/03).
PERIOD = "2026-03"


def at(day: datetime.date, hour: int = 10):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return time_machine.travel(moment, tick=False)


D = datetime.date


def commune(name: str) -> Organization:
    return OrganizationFactory(
        name=name, kind=Organization.Kind.PEOPLES_COMMITTEE, level=Organization.Level.COMMUNE
    )


def member(organization, role=Role.SPECIALIST, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def submission_world(db):
    """A propaganda department receiving a monthly report from two communes: sessions held
    and participants (participants ≥ sessions is not asked; women ≤ participants is), whether
    the commune met the standard, and a required narrative."""
    receiver = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=Organization.Kind.PROPAGANDA_DEPARTMENT
    )
    sessions = make_indicator(code="BUOI", name="Số buổi tuyên truyền")
    people = make_indicator(code="NGUOI", name="Số người tham dự", unit="người")
    women = make_indicator(code="NU", name="Số nữ tham dự", unit="người")
    standard = make_indicator(
        code="DATCHUAN",
        name="Đạt chuẩn",
        value_type=Indicator.ValueType.YES_NO,
        unit="",
        aggregation=Indicator.Aggregation.LATEST,
    )
    report_form = make_form(
        sections=[
            Section("Số liệu", items=[sessions, people, women, standard]),
            Section("Kết quả thực hiện", FormSection.Kind.NARRATIVE, code="KETQUA"),
        ],
        rules=[Rule(left=women, operator="le", right=people)],
    )
    a, b = commune("Xã Hoằng Hóa"), commune("Xã Nga Sơn")
    regime = make_regime(
        receiver=receiver,
        report_form=report_form,
        lock_days_after_deadline=10,
        assignments=[Assignment(organization=a), Assignment(organization=b)],
    )
    return {
        "regime": regime,
        "receiver": receiver,
        "a": a,
        "b": b,
        "clerk": member(a, username="canboxa"),
        "clerk_b": member(b, username="canboxab"),
        "officer": member(receiver, username="chuyenvienbtg"),
        "outsider": member(OrganizationFactory(name="Sở Tài chính"), Role.ORG_ADMIN),
    }


COMPLETE = {"BUOI": "4", "NGUOI": "120", "NU": "70", "DATCHUAN": "có", "KETQUA": "Đã tổ chức."}


def start(world, day=None, who="clerk", organization="a"):
    with at(day or D(2026, 3, 12)):
        return services.start_submission(world["regime"], PERIOD, world[organization], world[who])
