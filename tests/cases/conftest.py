"""A small Thanh Hóa world for the cases tests: the propaganda department that receives
cases, the Department of Health (a lead) and of Education (a co-agency), people in each role,
a commune and a field of work, and someone from another province."""

from types import SimpleNamespace

import pytest

from phoihop.org.models import Field, Membership

from ..conftest import build_province_tree
from ..factories import AreaFactory, OrganizationFactory, make_case

Role = Membership.Role


@pytest.fixture
def world(db, make_member):
    thanh_hoa = AreaFactory(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    commune = AreaFactory(
        code="14947", name="Phường Hạc Thành", type="phường", level="commune", parent=thanh_hoa
    )
    other_commune = AreaFactory(
        code="15010", name="Xã Quảng Phú", type="xã", level="commune", parent=thanh_hoa
    )
    tree = build_province_tree(area=thanh_hoa)
    propaganda, health = tree["propaganda"], tree["health"]
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", parent=tree["committee"]
    )
    elsewhere = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An", kind="propaganda_department"
    )
    field, _ = Field.objects.get_or_create(code="y-te", defaults={"name": "Y tế"})
    other_field, _ = Field.objects.get_or_create(code="giao-duc", defaults={"name": "Giáo dục"})
    people = SimpleNamespace(
        specialist=make_member(propaganda, Role.SPECIALIST, username="cv.tgdv"),
        leader=make_member(propaganda, Role.LEADER, username="ld.tgdv"),
        collaborator=make_member(propaganda, Role.COLLABORATOR, username="ctv.tgdv"),
        party_leader=make_member(tree["party"], Role.LEADER, username="ld.tinhuy"),
        health_focal=make_member(health, Role.FOCAL_POINT, username="daumoi.syt"),
        health_specialist=make_member(health, Role.SPECIALIST, username="cv.syt"),
        education_specialist=make_member(education, Role.SPECIALIST, username="cv.sgd"),
        outsider=make_member(elsewhere, Role.SPECIALIST, username="cv.nghean"),
    )
    return SimpleNamespace(
        province=thanh_hoa,
        commune=commune,
        other_commune=other_commune,
        education=education,
        elsewhere=elsewhere,
        field=field,
        other_field=other_field,
        people=people,
        **tree,  # party, propaganda, committee, health
    )


@pytest.fixture
def new_case(world):
    """new_case(**overrides): a case received by the world's department, recorded by its
    specialist, in the world's commune and field."""

    def make(**attrs):
        defaults = {
            "by": world.people.specialist,
            "department": world.propaganda,
            "area": world.commune,
            "field": world.field,
        }
        return make_case(**(defaults | attrs))

    return make
