"""A small Thanh Hóa world for the missions and good-models tests: the propaganda department
(which conducts the missions and keeps the registry), the People's Committee with three
departments (visited), people in each role, and an organisation in another province."""

from types import SimpleNamespace

import pytest

from phoihop.org.models import Membership

from ..conftest import build_province_tree
from ..factories import AreaFactory, OrganizationFactory

Role = Membership.Role


@pytest.fixture
def world(db, make_member):
    thanh_hoa = AreaFactory(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    nghe_an = AreaFactory(
        code="40", name="Tỉnh Nghệ An", short_name="Nghệ An", type="tỉnh", level="province"
    )
    commune = AreaFactory(
        code="14935",
        name="Phường Hạc Thành",
        short_name="Hạc Thành",
        type="phường",
        level="commune",
        parent=thanh_hoa,
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
    elsewhere = OrganizationFactory(
        name="Sở Y tế tỉnh Nghệ An", abbreviation="SYT", identifier="40.SYT", area=nghe_an
    )
    people = SimpleNamespace(
        head=make_member(propaganda, Role.LEADER, full_name="Lê Văn Trưởng", username="truong"),
        specialist=make_member(
            propaganda, Role.SPECIALIST, full_name="Nguyễn Thị Chuyên", username="chuyen"
        ),
        collaborator=make_member(
            propaganda, Role.COLLABORATOR, full_name="Phạm Văn Cộng", username="congtacvien"
        ),
        health_focal=make_member(
            health, Role.FOCAL_POINT, full_name="Trịnh Văn Đầu", username="daumoiyte"
        ),
        education_focal=make_member(
            education, Role.FOCAL_POINT, full_name="Hoàng Thị Giáo", username="daumoigd"
        ),
        outsider=make_member(elsewhere, Role.ORG_ADMIN, full_name="Trần Ngoài", username="ngoai"),
    )
    return SimpleNamespace(
        area=thanh_hoa,
        commune=commune,
        propaganda=propaganda,
        committee=committee,
        health=health,
        education=education,
        culture=culture,
        elsewhere=elsewhere,
        people=people,
        party=tree["party"],
    )
