"""GET /api/v1/areas and /api/v1/areas/{id}."""

import datetime

import pytest

from phoihop.org.models import Area
from phoihop.org.services import create_api_token

from ..factories import AreaFactory, UserFactory

OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)
LIST = "/api/v1/areas"


def area(code, name, level, *, old=False, **fields):
    validity = {"valid_to": OLD_END} if old else {"valid_from": NEW_START}
    return AreaFactory(code=code, name=name, level=level, **validity, **fields)


@pytest.fixture
def reform(db):
    phu_tho = area("25", "Tỉnh Phú Thọ", Area.Level.PROVINCE, type="tỉnh", short_name="Phú Thọ")
    ha_noi = area("01", "Thành phố Hà Nội", Area.Level.PROVINCE, type="thành phố trung ương")
    viet_tri = area("07900", "Phường Việt Trì", Area.Level.COMMUNE, parent=phu_tho)
    area("04831", "Xã Đà Bắc", Area.Level.COMMUNE, parent=phu_tho)
    area("00004", "Phường Ba Đình", Area.Level.COMMUNE, parent=ha_noi)
    vinh_phuc = area("26", "Tỉnh Vĩnh Phúc", Area.Level.PROVINCE, old=True)
    hoa_binh = area("17", "Tỉnh Hòa Bình", Area.Level.PROVINCE, old=True)
    old_phu_tho = area("25", "Tỉnh Phú Thọ", Area.Level.PROVINCE, old=True)
    for old_province in (vinh_phuc, hoa_binh, old_phu_tho):
        old_province.successors.set([phu_tho])
    city = area("227", "Thành phố Việt Trì", Area.Level.DISTRICT, old=True, parent=old_phu_tho)
    nong_trang = area("07894", "Phường Nông Trang", Area.Level.COMMUNE, old=True, parent=city)
    nong_trang.successors.set([viet_tri])
    return locals()


@pytest.fixture
def api(client, db):
    client.force_login(UserFactory())
    return client


def names(response):
    return [item["name"] for item in response.json()["items"]]


def test_anonymous_callers_get_401_with_the_error_shape(client, reform):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}


def test_bearer_token_callers_may_list_areas(client, reform):
    user = UserFactory()
    _token, raw = create_api_token(user=user, name="Báo cáo", by=user)
    response = client.get(LIST, {"level": "province"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_list_defaults_to_areas_in_force_today_by_code(api, reform):
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert [item["code"] for item in body["items"]] == ["00004", "01", "04831", "07900", "25"]


def test_list_items_carry_the_documented_fields(api, reform):
    item = api.get(LIST, {"level": "province", "q": "phu tho"}).json()["items"][0]
    phu_tho = reform["phu_tho"]
    assert item == {
        "id": phu_tho.pk,
        "code": "25",
        "name": "Tỉnh Phú Thọ",
        "short_name": "Phú Thọ",
        "type": "tỉnh",
        "level": "province",
        "parent_id": None,
        "valid_from": "2025-07-01",
        "valid_to": None,
        "successor_ids": [],
        "url": f"/areas/{phu_tho.pk}/",
    }


def test_list_filters_by_level_and_parent(api, reform):
    provinces = api.get(LIST, {"level": "province"})
    assert names(provinces) == ["Thành phố Hà Nội", "Tỉnh Phú Thọ"]
    children = api.get(LIST, {"parent": reform["phu_tho"].pk})
    assert names(children) == ["Xã Đà Bắc", "Phường Việt Trì"]


def test_list_on_an_earlier_date_answers_the_old_areas_with_their_successors(api, reform):
    body = api.get(LIST, {"level": "province", "at": "2024-01-01"}).json()
    assert [item["name"] for item in body["items"]] == [
        "Tỉnh Hòa Bình",
        "Tỉnh Phú Thọ",
        "Tỉnh Vĩnh Phúc",
    ]
    assert {tuple(item["successor_ids"]) for item in body["items"]} == {(reform["phu_tho"].pk,)}
    assert all(item["valid_to"] == "2025-06-30" for item in body["items"])
    districts = api.get(LIST, {"level": "district", "at": "2025-06-30"})
    assert names(districts) == ["Thành phố Việt Trì"]


def test_q_matches_names_without_diacritics_or_code_prefixes(api, reform):
    assert names(api.get(LIST, {"q": "viet tri"})) == ["Phường Việt Trì"]
    assert names(api.get(LIST, {"q": "VĨNH PHÚC", "at": "2024-01-01"})) == ["Tỉnh Vĩnh Phúc"]
    assert names(api.get(LIST, {"q": "0790"})) == ["Phường Việt Trì"]


def test_list_pages_with_page_and_page_size(api, reform):
    first = api.get(LIST, {"page_size": 2}).json()
    second = api.get(LIST, {"page_size": 2, "page": 3}).json()
    assert first["count"] == second["count"] == 5
    assert [i["code"] for i in first["items"]] == ["00004", "01"]
    assert [i["code"] for i in second["items"]] == ["25"]
    filtered = api.get(LIST, {"q": "phuong", "page_size": 1, "page": 2}).json()
    assert filtered["count"] == 2 and [i["code"] for i in filtered["items"]] == ["07900"]


def test_bad_level_answers_422_with_a_field_error(api, reform):
    response = api.get(LIST, {"level": "village"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert list(body["errors"]) == ["level"]
    assert "province, district, commune" in body["errors"]["level"][0]


def test_bad_date_answers_422_with_a_field_error(api, reform):
    response = api.get(LIST, {"at": "2024-02-30", "level": "nowhere"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["at"] == ["Ngày không hợp lệ; dùng dạng YYYY-MM-DD."]
    assert "level" in errors


def test_bad_paging_answers_422_not_500(api, reform):
    for params in ({"page": 0}, {"page_size": 100000}, {"page": "abc"}, {"parent": "x"}):
        response = api.get(LIST, params)
        assert response.status_code == 422, params
        assert set(response.json()) == {"detail", "errors"}


def test_detail_of_the_new_province_lists_its_predecessors(api, reform):
    response = api.get(f"{LIST}/{reform['phu_tho'].pk}")
    assert response.status_code == 200
    body = response.json()
    assert [p["name"] for p in body["predecessors"]] == [
        "Tỉnh Hòa Bình",
        "Tỉnh Phú Thọ",
        "Tỉnh Vĩnh Phúc",
    ]
    assert body["successors"] == [] and body["parent"] is None
    assert body["predecessors"][0]["valid_to"] == "2025-06-30"


def test_detail_of_an_old_commune_has_its_parent_and_successor(api, reform):
    body = api.get(f"{LIST}/{reform['nong_trang'].pk}").json()
    assert body["parent"]["name"] == "Thành phố Việt Trì"
    assert body["successor_ids"] == [reform["viet_tri"].pk]
    assert [s["name"] for s in body["successors"]] == ["Phường Việt Trì"]


def test_detail_of_an_unknown_area_answers_404_with_the_error_shape(api, reform):
    response = api.get(f"{LIST}/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_list_query_count_does_not_grow_with_the_page(api, reform, django_assert_max_num_queries):
    for number in range(40):
        old = area(f"9{number:04d}", f"Xã Cũ {number}", Area.Level.COMMUNE, old=True)
        old.successors.set([reform["viet_tri"]])
    with django_assert_max_num_queries(6):
        body = api.get(LIST, {"at": "2025-01-01", "level": "commune"}).json()
    assert body["count"] == 41
    with django_assert_max_num_queries(6):
        api.get(LIST, {"at": "2025-01-01", "q": "xa cu"})


def test_openapi_documents_the_area_endpoints(api):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/areas" in paths and "/api/v1/areas/{area_id}" in paths
