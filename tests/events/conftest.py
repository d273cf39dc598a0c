import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from phoihop.events import services
from phoihop.events.models import EventKind
from phoihop.org.models import Area, Membership
from tests.conftest import build_outsider, build_province_tree
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_plan,
)


def kind(code: str) -> EventKind:
    """The kinds the data migration loads (a transactional test elsewhere may have flushed
    them: load them again)."""
    from django.apps import apps

    from phoihop.events.kinds import load_default_kinds

    if not EventKind.objects.filter(code=code).exists():
        load_default_kinds(apps)
    return EventKind.objects.get(code=code)


def member(organization, username, full_name, role=Membership.Role.SPECIALIST):
    user = UserFactory(username=username, full_name=full_name)
    MembershipFactory(user=user, organization=organization, role=role)
    return user


def today_at(hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


@pytest.fixture
def world(db):
    # Located in the province, so that its organisations are in each other's directory.
    province = AreaFactory(code="38", name="Tỉnh Thanh Hóa", type="tỉnh", level=Area.Level.PROVINCE)
    tree = build_province_tree(province)
    tree["health"].area = province
    tree["health"].save(update_fields=["area"])
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", parent=tree["committee"], area=province
    )
    people = SimpleNamespace(
        officer=member(tree["propaganda"], "chuyenvien.kg", "Lê Thị Khoa"),
        health_leader=member(
            tree["health"], "giamdoc.syt", "Trịnh Văn Hùng", Membership.Role.LEADER
        ),
        health_staff=member(tree["health"], "chuyenvien.syt", "Nguyễn Thị Mai"),
        teacher=member(education, "chuyenvien.sgd", "Hoàng Văn Nam"),
        outsider=build_outsider(),
    )
    plan = make_plan(issuing_organization=tree["propaganda"], title="Kế hoạch công tác khoa giáo")
    return SimpleNamespace(**tree, education=education, people=people, plan=plan)


@pytest.fixture
def make_event(world):
    def make(**attrs):
        values = {
            "by": world.people.officer,
            "organizer": world.propaganda,
            "kind": kind("giao-ban"),
            "title": "Hội nghị giao ban khối khoa giáo 6 tháng",
            "starts_at": today_at(8),
            "ends_at": today_at(11, 30),
            "place": "Hội trường Tỉnh ủy Thanh Hóa",
        }
        return services.create_event(**(values | attrs))

    return make
