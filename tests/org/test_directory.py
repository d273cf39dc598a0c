"""The organisation directory (issue 15, item 3; ADR 0010): every signed-in user reads the
organisations of their own province(s) and of the central level, while people, memberships and
writes stay within their scope."""

import pytest
from django.urls import reverse

from phoihop.core import search
from phoihop.org.models import Membership, Organization, User
from tests.factories import AreaFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def provinces(db):
    """Thanh Hóa (the Party committee, its propaganda department, the People's Committee and its
    Health department, a ward's Party committee), Phú Thọ's Health department, and a ministry."""
    thanh_hoa = AreaFactory(name="Tỉnh Thanh Hóa", code="38", level="province", type="tỉnh")
    phu_tho = AreaFactory(name="Tỉnh Phú Thọ", code="25", level="province", type="tỉnh")
    ward = AreaFactory(name="Phường Hạc Thành", parent=thanh_hoa)
    party = OrganizationFactory(name="Tỉnh ủy Thanh Hóa", kind="party_committee", area=thanh_hoa)
    orgs = {
        "party": party,
        "propaganda": OrganizationFactory(
            name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
            kind="propaganda_department",
            parent=party,
            area=thanh_hoa,
        ),
        "committee": (
            committee := OrganizationFactory(
                name="Ủy ban nhân dân tỉnh Thanh Hóa", kind="peoples_committee", area=thanh_hoa
            )
        ),
        "health": OrganizationFactory(
            name="Sở Y tế tỉnh Thanh Hóa", abbreviation="SYT", parent=committee, area=thanh_hoa
        ),
        "ward": OrganizationFactory(
            name="Đảng ủy phường Hạc Thành", kind="party_committee", level="commune", area=ward
        ),
        "phu_tho_health": OrganizationFactory(name="Sở Y tế tỉnh Phú Thọ", area=phu_tho),
        "ministry": OrganizationFactory(name="Bộ Y tế", level="central"),
    }
    for organization in orgs.values():
        search.index(organization)
    return orgs


@pytest.fixture
def specialist(provinces):
    user = MembershipFactory(organization=provinces["propaganda"], role=Role.SPECIALIST).user
    return User.objects.get(pk=user.pk)


def _names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_a_specialist_reads_their_province_and_the_central_level(provinces, specialist):
    assert _names(Organization.objects.visible_to(specialist)) == {
        "Tỉnh ủy Thanh Hóa",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        "Ủy ban nhân dân tỉnh Thanh Hóa",
        "Sở Y tế tỉnh Thanh Hóa",
        "Đảng ủy phường Hạc Thành",
        "Bộ Y tế",
    }


def test_people_and_memberships_stay_within_the_scope(provinces, specialist):
    doctor = MembershipFactory(organization=provinces["health"], role=Role.FOCAL_POINT).user
    colleague = MembershipFactory(organization=provinces["propaganda"]).user
    people = set(User.objects.visible_to(specialist))
    assert colleague in people and doctor not in people
    assert _names(Organization.objects.within_scope_of(specialist)) == {
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"
    }


def test_the_partner_departments_are_in_the_list_tree_and_area_page(client, provinces, specialist):
    client.force_login(specialist)
    listing = client.get(reverse("org:organization_list")).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in listing and "Bộ Y tế" in listing
    assert "Sở Y tế tỉnh Phú Thọ" not in listing
    tree = client.get(reverse("org:organization_tree")).content.decode()
    assert "Ủy ban nhân dân tỉnh Thanh Hóa" in tree and "Tỉnh ủy Thanh Hóa" in tree
    area = provinces["health"].area
    area_page = client.get(reverse("org:area_detail", args=[area.pk])).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in area_page
    assert "Sở Y tế tỉnh Phú Thọ" not in area_page


def test_the_list_names_the_parent_the_reader_sees(client, provinces, specialist):
    client.force_login(specialist)
    url = reverse("org:organization_list") + "?kind=department"
    listing = client.get(url).content.decode()
    parent_url = provinces["committee"].get_absolute_url()
    assert f'href="{parent_url}"' in listing  # "Cấp trên" of the Health department


def test_search_finds_the_health_department_first(provinces, specialist):
    hits = search.search(specialist, "so y te thanh hoa", kinds=["organization"])
    assert hits and hits[0].id == provinces["health"].pk
    assert provinces["phu_tho_health"].pk not in {hit.id for hit in hits}


def test_a_directory_entry_shows_no_people_or_contacts_outside_the_scope(
    client, provinces, specialist
):
    Organization.objects.filter(pk=provinces["health"].pk).update(email="syt@thanhhoa.gov.vn")
    client.force_login(specialist)
    page = client.get(provinces["health"].get_absolute_url()).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in page
    assert 'data-testid="members-link"' not in page
    assert "syt@thanhhoa.gov.vn" not in page
    api = client.get(f"/api/v1/organizations/{provinces['health'].pk}").json()
    assert api["name"] == "Sở Y tế tỉnh Thanh Hóa" and api["email"] == ""
    own = client.get(provinces["propaganda"].get_absolute_url()).content.decode()
    assert 'data-testid="members-link"' in own


def test_reading_the_directory_grants_no_write(client, provinces, specialist):
    client.force_login(specialist)
    edit = reverse("org:organization_edit", args=[provinces["health"].pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"name": "Đổi tên"}).status_code == 403
    members = reverse("org:member_list", args=[provinces["health"].pk])
    assert client.get(members).status_code == 404
    assert Organization.objects.get(pk=provinces["health"].pk).name == "Sở Y tế tỉnh Thanh Hóa"


def test_an_organisation_without_a_province_reads_only_its_scope_and_the_centre(provinces):
    loner = OrganizationFactory(name="Hội Văn học nghệ thuật")
    user = User.objects.get(pk=MembershipFactory(organization=loner).user.pk)
    assert _names(Organization.objects.visible_to(user)) == {"Hội Văn học nghệ thuật", "Bộ Y tế"}


def test_the_list_query_count_does_not_grow_with_the_directory(
    client, provinces, specialist, django_assert_max_num_queries
):
    client.force_login(specialist)
    url = reverse("org:organization_list")
    client.get(url)
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    for n in range(5):
        OrganizationFactory(name=f"Sở thêm {n}", area=provinces["health"].area)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_a_pre_2025_province_reaches_the_communes_of_its_districts(db):
    ha_tay = AreaFactory(name="Tỉnh Hà Tây", code="28", level="province", type="tỉnh")
    ba_vi = AreaFactory(
        name="Huyện Ba Vì", code="271", level="district", type="huyện", parent=ha_tay
    )
    tan_linh = AreaFactory(name="Xã Tản Lĩnh", parent=ba_vi)
    board = OrganizationFactory(name="Ban Tuyên giáo Tỉnh ủy Hà Tây", area=ha_tay)
    OrganizationFactory(name="Đảng ủy xã Tản Lĩnh", level="commune", area=tan_linh)
    OrganizationFactory(name="Ủy ban nhân dân huyện Ba Vì", level="district", area=ba_vi)
    reader = User.objects.get(pk=MembershipFactory(organization=board).user.pk)
    assert _names(Organization.objects.visible_to(reader)) == {
        "Ban Tuyên giáo Tỉnh ủy Hà Tây",
        "Đảng ủy xã Tản Lĩnh",
        "Ủy ban nhân dân huyện Ba Vì",
    }


def test_a_rows_parent_is_named_exactly_when_the_reader_sees_it(provinces, specialist, rf):
    from phoihop.org.views.organizations import organization_rows

    inside = OrganizationFactory(name="Phòng thuộc Bộ", parent=provinces["ministry"])
    outside = OrganizationFactory(
        name="Trung tâm thuộc Sở Phú Thọ",
        parent=provinces["phu_tho_health"],
        area=provinces["health"].area,  # located in Thanh Hóa: in the directory, its parent not
    )
    request = rf.get("/")
    request.user = specialist
    seen = set(Organization.objects.visible_to(specialist).values_list("pk", flat=True))
    everyone = [*provinces.values(), inside, outside]
    rows = organization_rows(request, [o.pk for o in everyone])
    assert [row.pk for row in rows] == [o.pk for o in everyone]
    assert {row.name: bool(row.parent_visible) for row in rows} == {
        o.name: o.parent_id in seen for o in everyone
    }
    assert {row.name for row in rows if row.parent_visible} == {
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        "Sở Y tế tỉnh Thanh Hóa",
        "Phòng thuộc Bộ",
    }


def test_in_directory_answers_for_one_organisation_what_visible_to_answers_for_all(
    provinces, specialist, admin_user
):
    from phoihop.org.scope import in_directory

    loner = User.objects.get(pk=MembershipFactory(organization=OrganizationFactory()).user.pk)
    stranger = User.objects.get(pk=MembershipFactory(organization=provinces["ward"]).user.pk)
    everyone = list(Organization.objects.all())
    for reader in (specialist, loner, stranger, admin_user):
        seen = set(Organization.objects.visible_to(reader))
        assert {o for o in everyone if in_directory(reader, o)} == seen


def test_a_provinces_areas_are_read_once_for_everyone_working_there(
    provinces, specialist, settings, django_assert_num_queries
):
    from phoihop.org.scope import grants, province_areas

    settings.LIST_CACHE_SECONDS = 300  # reference data, like the filters' lists of provinces
    colleague = MembershipFactory(organization=provinces["committee"]).user
    first = province_areas(User.objects.get(pk=specialist.pk))
    assert provinces["ward"].area_id in first and provinces["phu_tho_health"].area_id not in first
    reader = User.objects.get(pk=colleague.pk)
    grants(reader)
    with django_assert_num_queries(0):
        assert province_areas(reader) == first
