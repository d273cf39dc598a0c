"""`phoihop seed_demo`: realistic demo data that can be seeded again without duplicates."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.org import demo
from phoihop.org.areas import load_areas
from phoihop.org.models import Membership, Organization, User

from ..conftest import kept_for_the_module


def signs_in(username: str, password: str) -> bool:
    """As the login page does: django-axes checks a lockout, so it needs the request."""
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


@pytest.fixture(scope="module")
def areas_once(django_db_setup, django_db_blocker):
    """The 34 provinces and 3,321 communes, loaded once for the module."""
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        yield


@pytest.fixture
def areas(areas_once, db):
    """Each case starts from the loaded areas; what it seeds is rolled back after it."""


@pytest.fixture
def seeded(areas):
    demo.seed()


def test_seeding_twice_creates_no_duplicates(areas):
    first = demo.seed()
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())

    second = demo.seed()

    assert first.created == len(demo.all_specs()) and first.created > 100
    assert second.created == 0 and second.updated == 0 and second.users_created == 0
    assert (
        Organization.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_every_role_has_a_demo_user_who_can_sign_in(seeded):
    roles = set(
        Membership.objects.filter(user__username__in=[u.username for u in demo.USERS]).values_list(
            "role", flat=True
        )
    )

    assert roles == set(Membership.Role.values)
    assert User.objects.get(username="admin").is_superuser
    for spec in demo.USERS:
        assert signs_in(spec.username, demo.DEMO_PASSWORD)


def test_demo_users_hold_the_documented_roles(seeded):
    def role(username, identifier):
        return Membership.objects.get(
            user__username=username, organization__identifier=identifier
        ).role

    assert role("quantri.thanhhoa", "38.TU") == Membership.Role.ORG_ADMIN
    assert role("quantri.thanhhoa", "38.UBND") == Membership.Role.ORG_ADMIN
    assert role("lanhdao.tgdv", "38.BTGDVTU") == Membership.Role.LEADER
    assert role("daumoi.syt", "38.SYT") == Membership.Role.FOCAL_POINT
    assert role("ctv.thanhhoa", "38.BTGDVTU") == Membership.Role.COLLABORATOR
    assert role("xa.hacthanh", "38.14797.DU") == Membership.Role.SPECIALIST
    assert role("xa.hacthanh", "38.14797.BXDD") == Membership.Role.SPECIALIST
    assert role("chuyenvien.phutho", "25.BTGDVTU") == Membership.Role.SPECIALIST
    assert User.objects.get(username="lanhdao.tgdv").full_name == "Lê Thị Hương"


def test_thanh_hoa_has_its_party_and_state_bodies_with_real_names(seeded):
    party = Organization.objects.get(identifier="38.TU")
    propaganda = Organization.objects.get(identifier="38.BTGDVTU")
    health = Organization.objects.get(identifier="38.SYT")

    assert party.name == "Tỉnh ủy Thanh Hóa" and party.area.code == "38"
    assert party.area.valid_to is None
    assert propaganda.parent == party and propaganda.abbreviation == "BTGDVTU"
    assert health.name == "Sở Y tế tỉnh Thanh Hóa"
    assert health.parent.identifier == "38.UBND"
    assert list(health.fields.values_list("code", flat=True)) == ["y-te"]
    science = Organization.objects.get(identifier="38.SKHCN")
    assert set(science.fields.values_list("code", flat=True)) == {
        "khoa-hoc-cong-nghe",
        "thong-tin-truyen-thong",
    }


def test_merged_units_point_to_their_successors(seeded):
    def successors(identifier):
        org = Organization.objects.get(identifier=identifier)
        return org.valid_to, set(org.successors.values_list("identifier", flat=True))

    assert successors("38.BTGTU") == (demo.PARTY_MERGER_END, {"38.BTGDVTU"})
    assert successors("38.BDVTU") == (demo.PARTY_MERGER_END, {"38.BTGDVTU"})
    assert successors("38.STTTT") == (demo.STATE_MERGER_END, {"38.SKHCN"})
    assert successors("38.SLDTBXH") == (demo.STATE_MERGER_END, {"38.SNV"})
    assert successors("38.STNMT") == (demo.STATE_MERGER_END, {"38.SNNMT"})


def test_phu_tho_history_links_the_three_old_provinces_to_the_new_one(seeded):
    new_party = Organization.objects.get(identifier="25.TU")
    new_committee = Organization.objects.get(identifier="25.UBND")

    old_parties = Organization.objects.filter(identifier__in=["26.TU", "17.TU", "25.TU.CU"])
    old_committees = Organization.objects.filter(
        identifier__in=["26.UBND", "17.UBND", "25.UBND.CU"]
    )
    assert set(new_party.predecessors.all()) == set(old_parties) and len(old_parties) == 3
    assert set(new_committee.predecessors.all()) == set(old_committees)
    vinh_phuc = Organization.objects.get(identifier="26.TU")
    assert vinh_phuc.name == "Tỉnh ủy Vĩnh Phúc"
    assert str(vinh_phuc.valid_to) == "2025-06-30"
    assert vinh_phuc.area.name == "Tỉnh Vĩnh Phúc" and vinh_phuc.area.valid_to is not None
    assert Organization.objects.get(identifier="25.TU.CU").name == (
        "Tỉnh ủy Phú Thọ (trước 01/7/2025)"
    )
    assert str(new_party.valid_from) == "2025-07-01" and new_party.area.valid_to is None


def test_phu_tho_propaganda_departments_follow_the_2025_mergers(seeded):
    department = Organization.objects.get(identifier="25.BTGDVTU")
    merged = department.predecessors.order_by("identifier")
    assert [o.name for o in merged] == [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Hòa Bình",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ (trước 01/7/2025)",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Vĩnh Phúc",
    ]
    for unit in merged:
        assert (str(unit.valid_from), str(unit.valid_to)) == ("2025-02-01", "2025-06-30")
        [before] = unit.predecessors.all()
        assert before.name.startswith("Ban Tuyên giáo Tỉnh ủy ")
        assert str(before.valid_to) == "2025-01-31"


def test_each_demo_commune_has_a_party_committee_board_and_peoples_committee(seeded):
    party_committees = Organization.objects.filter(
        level="commune", kind="party_committee", identifier__startswith="38."
    )
    assert party_committees.count() == 12
    hac_thanh = Organization.objects.get(identifier="38.14797.DU")
    assert hac_thanh.name == "Đảng ủy phường Hạc Thành"
    assert hac_thanh.parent.identifier == "38.TU"
    assert hac_thanh.area.name == "Phường Hạc Thành"
    board = Organization.objects.get(parent=hac_thanh)
    assert board.name == "Ban Xây dựng Đảng Đảng ủy phường Hạc Thành"
    committee = Organization.objects.get(identifier="38.14797.UBND")
    assert committee.name == "Ủy ban nhân dân phường Hạc Thành"
    assert committee.parent.identifier == "38.UBND"
    assert Organization.objects.filter(level="commune", identifier__startswith="25.").count() == 36


def test_search_finds_the_health_department_without_diacritics(seeded):
    admin = User.objects.get(username="admin")

    hits = search.search(admin, "so y te thanh hoa")

    assert hits and hits[0].title == "Sở Y tế tỉnh Thanh Hóa"


def test_a_commune_specialist_only_finds_what_they_may_see(seeded):
    """Their province's organisations (the directory, ADR 0010), not Phú Thọ's; people only
    within their scope."""
    officer = User.objects.get(username="xa.hacthanh")

    titles = [hit.title for hit in search.search(officer, "dang uy", limit=100)]
    people = [hit.title for hit in search.search(officer, "tran thi mai", kinds=["person"])]

    assert "Đảng ủy phường Hạc Thành" in titles and "Đảng ủy phường Hàm Rồng" in titles
    assert all("Việt Trì" not in title for title in titles)
    assert people == []  # the Health department's focal point is outside their scope


def test_seeded_organisations_leave_an_audit_trail(seeded):
    party = Organization.objects.get(identifier="38.TU")

    entries = list(entries_for(party))

    assert len(entries) == 1 and entries[0].actor.username == "admin"


def test_reset_restores_what_demo_players_changed(seeded):
    health = Organization.objects.get(identifier="38.SYT")
    Organization.objects.filter(pk=health.pk).update(name="Sở Y tế (đã sửa)")
    Membership.objects.filter(user__username="daumoi.syt").update(role="leader")
    user = User.objects.get(username="chuyenvien.tgdv")
    user.set_password("mat-khau-khac")
    user.save()

    result = demo.seed(reset=True)

    assert result.updated == 1
    assert Organization.objects.get(identifier="38.SYT").name == "Sở Y tế tỉnh Thanh Hóa"
    assert Membership.objects.get(user__username="daumoi.syt").role == "focal_point"
    assert signs_in("chuyenvien.tgdv", demo.DEMO_PASSWORD)
