"""A small Thanh Hóa world for the plans tests: the propaganda department (plan owner), the
People's Committee with three departments, a programme between them, a 2026 plan, people in
each role, and an organisation in another province."""

import datetime
from types import SimpleNamespace

import pytest

from phoihop.org.models import Membership

from .. import factories
from ..conftest import build_province_tree
from ..factories import AreaFactory, OrganizationFactory

Role = Membership.Role


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Counts and league tables are cached by the tasks' version (the latest `updated_at`);
    with frozen time several writes share one timestamp, so tests compute them afresh.
    test_caching.py turns the cache on with time moving."""
    from django.core.cache import cache

    settings.PLANS_COUNT_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db, make_member):
    thanh_hoa = AreaFactory(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    nghe_an = AreaFactory(
        code="40", name="Tỉnh Nghệ An", short_name="Nghệ An", type="tỉnh", level="province"
    )
    tree = build_province_tree(area=thanh_hoa)
    propaganda, committee, health = tree["propaganda"], tree["committee"], tree["health"]
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
        abbreviation="SGDĐT",
        identifier="38.SGDDT",
        parent=committee,
    )
    culture = OrganizationFactory(
        name="Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa",
        abbreviation="SVHTTDL",
        identifier="38.SVHTTDL",
        parent=committee,
    )
    press = OrganizationFactory(
        name="Báo Thanh Hóa", kind="press", abbreviation="BTH", identifier="38.BTH", area=thanh_hoa
    )
    elsewhere = OrganizationFactory(
        name="Sở Y tế tỉnh Nghệ An", abbreviation="SYT", identifier="40.SYT", area=nghe_an
    )
    people = SimpleNamespace(
        specialist=make_member(
            propaganda, Role.SPECIALIST, username="chuyenvien", full_name="Lê Thị Chuyên Viên"
        ),
        leader=make_member(propaganda, Role.LEADER, username="lanhdao"),
        health_focal=make_member(health, Role.FOCAL_POINT, username="daumoi.syt"),
        health_leader=make_member(health, Role.LEADER, username="giamdoc.syt"),
        education_focal=make_member(education, Role.FOCAL_POINT, username="daumoi.sgddt"),
        culture_focal=make_member(culture, Role.FOCAL_POINT, username="daumoi.svh"),
        collaborator=make_member(propaganda, Role.COLLABORATOR, username="ctv"),
        outsider=make_member(elsewhere, Role.ORG_ADMIN, username="ngoai.tinh"),
        admin=factories.system_admin(),
    )
    programme = factories.make_programme(
        by=people.specialist,
        signing_organization=propaganda,
        counterparts=[health, education],
        title="Chương trình phối hợp công tác tuyên truyền khoa giáo giai đoạn 2021–2025",
        number="05-CTr/BTGDVTU-SYT-SGDĐT",
        legal_basis="Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư",
        start_year=2021,
        end_year=2025,
        signed_on=datetime.date(2021, 3, 15),
        regular_contents="Tuyên truyền chủ trương, chính sách về y tế, giáo dục.",
        hot_issue_contents="Phối hợp định hướng dư luận khi có dịch bệnh.",
        midterm_review_on=datetime.date(2023, 6, 30),
        final_review_on=datetime.date(2026, 12, 15),
    )
    plan = factories.make_plan(
        by=people.specialist, programme=programme, year=2026, title="Kế hoạch phối hợp năm 2026"
    )
    return SimpleNamespace(
        **tree,
        thanh_hoa=thanh_hoa,
        education=education,
        culture=culture,
        press=press,
        elsewhere=elsewhere,
        programme=programme,
        plan=plan,
        people=people,
    )


@pytest.fixture
def make_task(world):
    """factories.make_task with this world's defaults: the 2026 plan, by its specialist, led by
    Health with Education as co-agency, due 30/06/2026, on a subject of health."""

    def make(deadline=datetime.date(2026, 6, 30), lead=None, co=None, plan=None, by=None, **attrs):
        return factories.make_task(
            plan=plan or world.plan,
            by=by or world.people.specialist,
            lead=lead or world.health,
            co=[world.education] if co is None else co,
            title=attrs.pop("title", "Tuyên truyền phòng chống dịch sốt xuất huyết"),
            deadline=deadline,
            **attrs,
        )

    return make
