"""The area pages, on a small hand-built set of areas that mirrors the 2025 reorganisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from phoihop.org.models import Area, Membership

from ..factories import AreaFactory, OrganizationFactory, UserFactory

OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)


def province(code, name, *, old=False, **fields):
    kind = "thành phố trung ương" if name.startswith("Thành phố") else "tỉnh"
    short = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    validity = {"valid_to": OLD_END} if old else {"valid_from": NEW_START}
    return AreaFactory(
        code=code,
        name=name,
        short_name=short,
        type=kind,
        level=Area.Level.PROVINCE,
        **validity,
        **fields,
    )


def commune(code, name, parent, *, old=False, kind="xã"):
    validity = {"valid_to": OLD_END} if old else {"valid_from": NEW_START}
    return AreaFactory(code=code, name=name, type=kind, parent=parent, **validity)


@pytest.fixture
def reform(db):
    """New Phú Thọ (from Vĩnh Phúc, Hòa Bình, Phú Thọ) and Thanh Hóa, before and after."""
    new_phu_tho = province("25", "Tỉnh Phú Thọ")
    new_thanh_hoa = province("38", "Tỉnh Thanh Hóa")
    viet_tri = commune("07900", "Phường Việt Trì", new_phu_tho, kind="phường")
    vinh_yen = commune("08896", "Phường Vĩnh Phúc", new_phu_tho, kind="phường")
    commune("04831", "Xã Đà Bắc", new_phu_tho)
    commune("14797", "Phường Hạc Thành", new_thanh_hoa, kind="phường")

    old_phu_tho = province("25", "Tỉnh Phú Thọ", old=True)
    vinh_phuc = province("26", "Tỉnh Vĩnh Phúc", old=True)
    hoa_binh = province("17", "Tỉnh Hòa Bình", old=True)
    old_thanh_hoa = province("38", "Tỉnh Thanh Hóa", old=True)
    for old_province in (old_phu_tho, vinh_phuc, hoa_binh):
        old_province.successors.set([new_phu_tho])
    old_thanh_hoa.successors.set([new_thanh_hoa])
    city = AreaFactory(
        code="227",
        name="Thành phố Việt Trì",
        type="thành phố",
        level=Area.Level.DISTRICT,
        parent=old_phu_tho,
        valid_to=OLD_END,
    )
    nong_trang = commune("07894", "Phường Nông Trang", city, old=True, kind="phường")
    nong_trang.successors.set([viet_tri])
    return {
        "new_phu_tho": new_phu_tho,
        "new_thanh_hoa": new_thanh_hoa,
        "old_phu_tho": old_phu_tho,
        "vinh_phuc": vinh_phuc,
        "hoa_binh": hoa_binh,
        "old_thanh_hoa": old_thanh_hoa,
        "viet_tri_city": city,
        "nong_trang": nong_trang,
        "viet_tri": viet_tri,
        "vinh_yen": vinh_yen,
    }


@pytest.fixture
def member(db):
    return UserFactory(username="canbo", full_name="Lê Thị Cán Bộ")


def rows(response, testid="area-row"):
    return response.content.decode().count(f'data-testid="{testid}"')


# --- access ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, reform):
    for url in (
        reverse("org:area_list"),
        reverse("org:area_detail", args=[reform["new_phu_tho"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_unknown_area_is_not_found(client, member):
    client.force_login(member)
    assert client.get(reverse("org:area_detail", args=[999999])).status_code == 404


# --- list ------------------------------------------------------------------------------------


def test_area_list_shows_todays_provinces_with_their_commune_counts(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert rows(response) == 2
    assert "Tỉnh Vĩnh Phúc" not in page
    assert '<td class="text-end">3</td>' in page  # Phú Thọ has three communes today


def test_area_list_on_an_earlier_date_shows_the_old_provinces(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"at": "2024-01-01"})
    page = response.content.decode()
    assert rows(response) == 4
    assert "Tỉnh Vĩnh Phúc" in page and "Tỉnh Hòa Bình" in page
    assert 'value="01/01/2024"' in page
    assert "01/01/2024" in page


def test_a_bad_date_shows_a_vietnamese_error_and_falls_back_to_today(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"at": "30/02/2024"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày «30/02/2024» không hợp lệ" in page
    assert rows(response) == 2


def test_a_bad_level_shows_an_error_and_lists_provinces(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"level": "village"})
    assert "Cấp địa bàn «village» không hợp lệ" in response.content.decode()
    assert rows(response) == 2


@pytest.mark.parametrize("at", ["31/02/2026", "<script>", "01/01/0001", "2026-13-01", "9" * 40])
def test_any_bad_date_is_said_and_todays_areas_are_shown(client, member, reform, at):
    client.force_login(member)
    for url in (reverse("org:area_list"), reform["new_thanh_hoa"].get_absolute_url()):
        response = client.get(url, {"at": at, "q": "x" * 300, "level": "<b>tỉnh</b>"})
        page = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="filter-errors"' in page
        assert "<script>" not in page and "<b>tỉnh" not in page
        assert response.context["at"] == timezone.localdate()


def test_the_date_box_shows_the_date_in_use(client, member, reform):
    client.force_login(member)
    page = client.get(reverse("org:area_list")).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in page
    old = reform["vinh_phuc"]  # ended before today: shown on its last day
    page = client.get(old.get_absolute_url()).content.decode()
    assert f'value="{old.valid_to:%d/%m/%Y}"' in page


def test_filter_finds_provinces_typed_without_diacritics(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"at": "2024-01-01", "q": "vinh phuc"})
    page = response.content.decode()
    assert rows(response) == 1
    assert "Tỉnh Vĩnh Phúc" in page
    assert "khớp với «vinh phuc»" in page


def test_filter_with_no_match_explains_what_to_try(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"q": "không có"})
    assert 'data-testid="area-empty"' in response.content.decode()


def test_commune_level_lists_communes_with_their_province(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"level": "commune", "q": "phuong"})
    page = response.content.decode()
    assert rows(response) == 3
    assert "Phường Hạc Thành" in page and "Tỉnh Thanh Hóa" in page
    assert "Xã Đà Bắc" not in page


def test_district_level_today_explains_that_districts_ended(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"level": "district"})
    assert "không còn cấp huyện" in response.content.decode()
    old = client.get(reverse("org:area_list"), {"level": "district", "at": "2025-06-30"})
    assert "Thành phố Việt Trì" in old.content.decode()


def test_htmx_filter_returns_only_the_results_fragment(client, member, reform):
    client.force_login(member)
    response = client.get(reverse("org:area_list"), {"q": "thanh"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Tỉnh Thanh Hóa" in page and rows(response) == 1


def test_area_list_query_count_does_not_grow_with_provinces(
    client, member, reform, django_assert_max_num_queries
):
    for number in range(30):
        parent = province(f"{50 + number}", f"Tỉnh Thử {number}")
        commune(f"9{number:04d}", f"Xã Thử {number}", parent)
    client.force_login(member)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("org:area_list"))
    assert rows(response) == 32
    with django_assert_max_num_queries(7):  # the text filter reads the matching ids first
        client.get(reverse("org:area_list"), {"q": "thu", "level": "commune"})


# --- detail ----------------------------------------------------------------------------------


def test_new_province_shows_the_provinces_it_was_formed_from(client, member, reform):
    client.force_login(member)
    response = client.get(reform["new_phu_tho"].get_absolute_url())
    page = response.content.decode()
    assert 'data-testid="area-current"' in page
    predecessors = page.split('data-testid="area-predecessors"')[1].split("</ul>")[0]
    for name in ("Tỉnh Vĩnh Phúc", "Tỉnh Hòa Bình", "Tỉnh Phú Thọ"):
        assert name in predecessors
    assert "từ 01/7/2025" in page
    assert rows(response, "child-row") == 3


def test_old_province_is_badged_and_links_to_its_successor(client, member, reform):
    client.force_login(member)
    response = client.get(reform["vinh_phuc"].get_absolute_url())
    page = response.content.decode()
    assert "Đã giải thể/sáp nhập từ 01/7/2025" in page
    successors = page.split('data-testid="area-successors"')[1].split("</ul>")[0]
    assert reform["new_phu_tho"].get_absolute_url() in successors
    assert "đến hết ngày 30/6/2025" in page


def test_old_area_shows_its_children_as_they_were_on_its_last_day(client, member, reform):
    client.force_login(member)
    response = client.get(reform["old_phu_tho"].get_absolute_url())
    page = response.content.decode()
    assert "Thành phố Việt Trì" in page
    assert "1 đơn vị có hiệu lực ngày 30/6/2025" in page


def test_old_district_lists_communes_with_the_new_communes_that_took_them_over(
    client, member, reform
):
    client.force_login(member)
    response = client.get(reform["viet_tri_city"].get_absolute_url())
    page = response.content.decode()
    assert "Phường Nông Trang" in page
    assert "Kế thừa bởi" in page and "Phường Việt Trì" in page
    breadcrumb = page.split('data-testid="breadcrumb"')[1].split("</ol>")[0]
    assert "Tỉnh Phú Thọ" in breadcrumb


def test_commune_breadcrumb_goes_up_to_the_province(client, member, reform):
    client.force_login(member)
    page = client.get(reform["nong_trang"].get_absolute_url()).content.decode()
    breadcrumb = page.split('data-testid="breadcrumb"')[1].split("</ol>")[0]
    assert breadcrumb.index("Tỉnh Phú Thọ") < breadcrumb.index("Thành phố Việt Trì")
    assert "Phường Việt Trì" in page.split('data-testid="area-successors"')[1]


def test_detail_on_a_date_when_the_area_did_not_exist_says_so(client, member, reform):
    client.force_login(member)
    response = client.get(reform["new_phu_tho"].get_absolute_url(), {"at": "2024-05-01"})
    assert "không có hiệu lực vào ngày 01/5/2024" in response.content.decode()


def test_children_filter_ignores_diacritics_and_pages(client, member, reform):
    big = reform["new_thanh_hoa"]
    for number in range(60):
        commune(f"8{number:04d}", f"Xã Đông Thử {number}", big)
    client.force_login(member)
    first = client.get(big.get_absolute_url())
    assert rows(first, "child-row") == 50
    assert "Trang 1/2" in first.content.decode()
    second = client.get(big.get_absolute_url(), {"page": 2})
    assert rows(second, "child-row") == 11
    filtered = client.get(big.get_absolute_url(), {"q": "dong thu 1"})
    assert rows(filtered, "child-row") == 11  # 1 and 10..19
    htmx = client.get(big.get_absolute_url(), {"q": "hac"}, HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.content.decode() and rows(htmx, "child-row") == 1


def test_detail_lists_the_organisations_of_the_readers_province(client, reform, make_member):
    """The directory of one's own province is readable (ADR 0010); another province's is not."""
    area = reform["new_thanh_hoa"]
    mine = OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa", area=area)
    OrganizationFactory(name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", area=area)
    client.force_login(make_member(mine, role=Membership.Role.SPECIALIST))
    page = client.get(area.get_absolute_url()).content.decode()
    organizations = page.split('data-testid="area-organizations"')[1].split("</ul>")[0]
    assert "Sở Y tế tỉnh Thanh Hóa" in organizations
    assert reverse("org:organization_detail", args=[mine.pk]) in organizations
    assert "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa" in organizations
    elsewhere = OrganizationFactory(name="Sở Y tế tỉnh Phú Thọ", area=reform["new_phu_tho"])
    client.force_login(make_member(elsewhere, role=Membership.Role.SPECIALIST))
    page = client.get(area.get_absolute_url()).content.decode()
    assert "Sở Giáo dục" not in page


def test_detail_without_visible_organisations_says_so(client, member, reform):
    client.force_login(member)
    page = client.get(reform["new_thanh_hoa"].get_absolute_url()).content.decode()
    assert 'data-testid="area-organizations-empty"' in page


def test_area_detail_query_count_does_not_grow_with_children_or_history(
    client, reform, admin_user, django_assert_max_num_queries
):
    city = reform["viet_tri_city"]
    new_parent = reform["new_phu_tho"]
    for number in range(40):
        old = commune(f"7{number:04d}", f"Phường Cũ {number}", city, old=True, kind="phường")
        old.successors.set([commune(f"6{number:04d}", f"Phường Mới {number}", new_parent)])
    for number in range(10):
        OrganizationFactory(name=f"Cơ quan {number}", area=city)
    client.force_login(admin_user)
    with django_assert_max_num_queries(11):
        response = client.get(city.get_absolute_url())
    assert rows(response, "child-row") == 41
    with django_assert_max_num_queries(10):  # children in force have no successors to read
        client.get(new_parent.get_absolute_url(), {"q": "moi"})
