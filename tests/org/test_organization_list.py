import datetime

import pytest
from django.urls import reverse

from phoihop.core import search
from phoihop.org.models import Field, Membership

from ..factories import AreaFactory, OrganizationFactory

URL = reverse("org:organization_list")


def names(response) -> list[str]:
    return [o.name for o in response.context["organizations"]]


@pytest.fixture
def thanh_hoa(db):
    return AreaFactory(code="38", name="Thanh Hóa", level="province", type="tỉnh")


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"] or "login" in response["Location"]


def test_member_sees_only_own_subtree(client, province_tree, make_member):
    member = make_member(province_tree["committee"])
    client.force_login(member)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Sở Y tế tỉnh Thanh Hóa", "Ủy ban nhân dân tỉnh Thanh Hóa"]
    assert "Tỉnh ủy Thanh Hóa" not in response.content.decode()


def test_system_admin_sees_everything(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(URL)
    assert len(names(response)) == 4
    assert "Thêm tổ chức" in response.content.decode()


def test_plain_member_gets_no_create_or_import_button(client, province_tree, make_member):
    client.force_login(make_member(province_tree["committee"]))
    body = client.get(URL).content.decode()
    assert "Thêm tổ chức" not in body
    assert "Nhập từ bảng tính" not in body


def test_filters_by_kind_level_and_field(client, province_tree, admin_user):
    health = province_tree["health"]
    health.fields.add(Field.objects.get(code="y-te"))
    OrganizationFactory(name="Sở Y tế cấp xã", level="commune")
    client.force_login(admin_user)
    assert names(client.get(URL, {"kind": "department", "level": "province"})) == [
        "Sở Y tế tỉnh Thanh Hóa"
    ]
    assert names(client.get(URL, {"field": "y-te"})) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_filters_by_province_including_its_communes(client, admin_user, thanh_hoa):
    commune = AreaFactory(code="16000", name="Phường Hạc Thành", parent=thanh_hoa)
    OrganizationFactory(name="UBND tỉnh", area=thanh_hoa)
    OrganizationFactory(name="UBND phường Hạc Thành", area=commune)
    OrganizationFactory(name="UBND nơi khác", area=AreaFactory(code="40", level="province"))
    client.force_login(admin_user)
    assert names(client.get(URL, {"area": "38"})) == ["UBND phường Hạc Thành", "UBND tỉnh"]


def test_text_search_ignores_diacritics(client, province_tree, admin_user):
    search.rebuild(["organization"])
    client.force_login(admin_user)
    response = client.get(URL, {"q": "so y te thanh hoa"})
    assert names(response) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_text_search_respects_scope(client, province_tree, make_member):
    search.rebuild(["organization"])
    client.force_login(make_member(province_tree["committee"]))
    assert names(client.get(URL, {"q": "ban tuyen giao"})) == []


def test_as_of_date_shows_organisations_valid_then(client, admin_user):
    OrganizationFactory(
        name="Sở Thông tin và Truyền thông",
        valid_from=datetime.date(2008, 1, 1),
        valid_to=datetime.date(2025, 2, 28),
    )
    OrganizationFactory(name="Sở Khoa học và Công nghệ")
    client.force_login(admin_user)
    assert names(client.get(URL)) == ["Sở Khoa học và Công nghệ"]
    assert names(client.get(URL, {"at": "2024-06-01"})) == [
        "Sở Khoa học và Công nghệ",
        "Sở Thông tin và Truyền thông",
    ]


def test_archived_only_with_toggle(client, admin_user):
    from django.utils import timezone

    OrganizationFactory(name="Ban đã giải thể", archived_at=timezone.now())
    client.force_login(admin_user)
    assert names(client.get(URL)) == []
    response = client.get(URL, {"include_archived": "on"})
    assert names(response) == ["Ban đã giải thể"]
    assert "Đã lưu trữ" in response.content.decode()


def test_bad_filter_value_is_reported_not_a_crash(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"at": "31/02/2024", "kind": "khong-co", "area": "99"})
    assert response.status_code == 200
    assert len(names(response)) == 4
    assert "không hợp lệ" in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"kind": "department"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-testid="organization-table"' in body
    assert "Sở Y tế tỉnh Thanh Hóa" in body


def test_paginates_by_page_size(client, admin_user, monkeypatch):
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 5)
    for n in range(12):
        OrganizationFactory(name=f"Sở số {n:02d}")
    client.force_login(admin_user)
    response = client.get(URL, {"page": 3})
    assert names(response) == ["Sở số 10", "Sở số 11"]
    assert "Trang 3/3" in response.content.decode()


def test_filter_by_parent_lists_direct_children(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"parent": province_tree["committee"].pk})
    assert names(response) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_parent_column_hides_organisations_outside_scope(client, province_tree, make_member):
    client.force_login(make_member(province_tree["health"]))
    body = client.get(URL).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in body
    assert "Ủy ban nhân dân tỉnh Thanh Hóa" not in body


def test_a_row_shows_labels_parent_area_dates_and_badges(
    client, province_tree, make_member, thanh_hoa
):
    merged = OrganizationFactory(
        name="Sở Khoa học và Công nghệ tỉnh Thanh Hóa",
        kind="department",
        abbreviation="SKHCN",
        parent=province_tree["committee"],
        area=thanh_hoa,
        valid_from=datetime.date(2008, 4, 1),
        valid_to=datetime.date(2025, 2, 28),
    )
    client.force_login(make_member(province_tree["committee"]))
    body = client.get(URL, {"at": "2025-01-15"}).content.decode()
    row = body[body.index(reverse("org:organization_detail", args=[merged.pk])) :]
    row = row[: row.index("</tr>")]
    for cell in ("(SKHCN)", "Sở, ban, ngành", "Cấp tỉnh", "Thanh Hóa", "01/04/2008 – 28/02/2025"):
        assert cell in row
    parent_url = reverse("org:organization_detail", args=[province_tree["committee"].pk])
    assert f'<a href="{parent_url}">Ủy ban nhân dân tỉnh Thanh Hóa</a>' in row
    assert "Hết hiệu lực từ 28/02/2025" in row  # ended before today, listed as of January


def test_open_ended_validity_and_an_upcoming_organisation(client, admin_user, thanh_hoa):
    OrganizationFactory(name="Xã mới", area=thanh_hoa, valid_from=datetime.date(2025, 7, 1))
    OrganizationFactory(name="Sở sắp lập", area=thanh_hoa, valid_from=datetime.date(2099, 1, 1))
    OrganizationFactory(name="Sở không hạn", area=thanh_hoa)
    client.force_login(admin_user)
    body = client.get(URL, {"at": "01/01/2100"}).content.decode()
    names = ("Xã mới", "Sở sắp lập", "Sở không hạn")
    row = {name: body[body.index(name) :].split("</tr>", 1)[0] for name in names}
    assert "01/07/2025 – …" in row["Xã mới"] and "badge" not in row["Xã mới"]
    assert "01/01/2099 – …" in row["Sở sắp lập"]
    assert "Hiệu lực từ 01/01/2099" in row["Sở sắp lập"]  # not yet in force today
    assert "–" not in row["Sở không hạn"]


def test_list_query_count_does_not_grow_with_rows(
    client, admin_user, thanh_hoa, django_assert_max_num_queries, settings
):
    parent = OrganizationFactory(name="UBND tỉnh", area=thanh_hoa)
    for n in range(30):
        OrganizationFactory(name=f"Sở {n}", parent=parent, area=thanh_hoa)
    client.force_login(admin_user)
    # Session, user, the two filter choice lists, the page's ids, its rows (parents and areas
    # joined), the total, the unread count.
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(names(response)) == settings.PAGE_SIZE
    assert response.context["page_obj"].paginator.count == 31


def test_list_query_count_with_text_search(
    client, province_tree, make_member, django_assert_max_num_queries
):
    for n in range(20):
        OrganizationFactory(name=f"Phòng Y tế {n}", parent=province_tree["health"])
    search.rebuild(["organization"])
    client.force_login(make_member(province_tree["committee"], role=Membership.Role.LEADER))
    # Session, user, the two filter choice lists, the grants, the province's areas, the page's
    # ids, its rows, the unread count; the 21 rows fit in the first page: no COUNT.
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"q": "y te"})
    assert len(names(response)) == 21


def test_a_list_that_fits_in_its_first_page_is_not_counted_again(
    client, admin_user, thanh_hoa, monkeypatch, django_assert_num_queries
):
    # core.pagination reads the first page before counting: with room to spare it is the list.
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 2)
    parent = OrganizationFactory(name="Ủy ban nhân dân tỉnh Thanh Hóa", area=thanh_hoa)
    client.force_login(admin_user)
    client.get(URL)
    # Session, user, the two filter choice lists (not cached in tests), the page's ids, its rows,
    # the unread count.
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.context["page_obj"].paginator.count == 1
    assert "1 tổ chức có hiệu lực" in response.content.decode()
    for name in ("Sở Y tế tỉnh Thanh Hóa", "Sở Tư pháp tỉnh Thanh Hóa"):
        OrganizationFactory(name=name, parent=parent, area=thanh_hoa)
    with django_assert_num_queries(8):  # a full first page: the COUNT too
        response = client.get(URL)
    body = response.content.decode()
    assert "3 tổ chức có hiệu lực" in body and "Trang 1/2" in body
