"""The /api/v1/directives API: the {"count", "items"} shape, symbol lookups, extraction, writes,
reviews, numbering and the one error shape."""

import datetime

import pytest
from django.test import Client

from phoihop.org.services import create_api_token
from phoihop.reviews.models import Review

D = datetime.date


@pytest.fixture
def api(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_symbol_lookup_lists_every_document_with_that_symbol(api, central_catalogue):
    response = api.get("/api/v1/directives", {"symbol": "20-NQ/TW"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "items"}
    dates = sorted(item["issued_on"] for item in body["items"])
    assert dates == ["2012-11-01", "2017-10-25", "2022-06-16"]  # khóa XI, XII and XIII
    assert {item["term"] for item in body["items"]} == {"XI", "XII", "XIII"}
    assert body["count"] == 3


def test_the_catalogue_holds_the_central_documents_officials_cite(api, central_catalogue):
    for symbol, issued_on in [
        ("238-QĐ/TW", "2020-09-30"),
        ("221-QĐ/TW", "2009-04-27"),
        ("29-NQ/TW", "2013-11-04"),
        ("38-CT/TW", "2009-09-07"),
        ("42-CT/TW", "2015-03-24"),
        ("57-NQ/TW", "2024-12-22"),
        ("09/2019/NĐ-CP", "2019-01-24"),
        ("30/2020/NĐ-CP", "2020-03-05"),
        ("13/2023/NĐ-CP", "2023-04-17"),
        ("91/2025/QH15", "2025-06-26"),
    ]:
        items = api.get("/api/v1/directives", {"symbol": symbol}).json()["items"]
        assert [item["issued_on"] for item in items] == [issued_on], symbol
    assert api.get("/api/v1/directives", {"central": True, "page_size": 1}).json()["count"] >= 40


def test_list_filters_and_diacritic_free_text_search(api, central_catalogue):
    health = api.get("/api/v1/directives", {"q": "bao hiem y te"}).json()
    assert "38-CT/TW" in [item["symbol"] for item in health["items"]]
    decrees = api.get("/api/v1/directives", {"type": "NĐ", "year": 2019}).json()
    assert [item["symbol"] for item in decrees["items"]] == ["09/2019/NĐ-CP"]
    replaced = api.get("/api/v1/directives", {"status": "replaced", "system": "party"}).json()
    assert {"221-QĐ/TW", "47-QĐ/TW", "03-CT/TW"} <= {item["symbol"] for item in replaced["items"]}


def test_extract_returns_citations_with_their_documents(api, central_catalogue):
    text = "Căn cứ Quyết định số 238-QĐ/TW, ngày 30-9-2020 và Nghị quyết 20-NQ/TW."
    body = api.post(
        "/api/v1/directives/extract", {"text": text}, content_type="application/json"
    ).json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["raw"] == "Quyết định số 238-QĐ/TW, ngày 30-9-2020"
    assert text[first["start"] : first["end"]] == first["raw"]
    assert first["date"] == "2020-09-30" and first["document_id"] is not None
    assert (second["symbol"], second["document_id"], second["ambiguous"]) == (
        "20-NQ/TW",
        None,
        True,
    )


def test_create_and_patch_a_document(api, empty_registry):
    response = api.post(
        "/api/v1/directives",
        {
            "symbol": "38-CT/TW",
            "issued_on": "2009-09-07",
            "abstract": "Về bảo hiểm y tế",
            "fields": ["y-te"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["term"], created["type"], created["fields"]) == ("X", "CT", ["y-te"])
    patched = api.patch(
        f"/api/v1/directives/{created['id']}",
        {"status": "amended"},
        content_type="application/json",
    ).json()
    assert patched["status"] == "amended"


def test_write_errors_use_the_one_error_shape(api, central_catalogue, editor):
    duplicate = api.post(
        "/api/v1/directives",
        {"symbol": "38-CT/TW", "issued_on": "2009-09-07", "abstract": "x"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["errors"]["symbol"] == [
        "Đã có văn bản 38-CT/TW khóa X (ngày 7-9-2009) trong danh mục."
    ]
    bad = api.post(
        "/api/v1/directives",
        {"symbol": "abc", "issued_on": "2009-09-07", "abstract": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Số ký hiệu không hợp lệ" in bad.json()["errors"]["symbol"][0]
    missing = api.post("/api/v1/directives", {"symbol": "1-CT/TW"}, content_type="application/json")
    assert missing.status_code == 422 and "issued_on" in missing.json()["errors"]


def test_readers_cannot_write_and_outsiders_cannot_see_own_documents(
    focal_point, outsider, tree, make_document
):
    plan = make_document("15-KH/TU", D(2009, 11, 10), organization=tree["party"])
    denied = client_for(focal_point).post(
        "/api/v1/directives",
        {"symbol": "1-CT/TW", "issued_on": "2020-01-01", "abstract": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    assert denied.json() == {"detail": "Bạn không có quyền thực hiện thao tác này.", "errors": {}}
    assert client_for(outsider).get(f"/api/v1/directives/{plan.pk}").status_code == 404
    assert Client().get("/api/v1/directives").status_code == 401


def test_bearer_tokens_work(admin_user, central_catalogue):
    _token, raw = create_api_token(user=admin_user, name="thử", by=admin_user)
    response = Client().get(
        "/api/v1/directives", {"symbol": "38-CT/TW"}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.json()["count"] == 1


def test_cited_by_over_the_api(api, make_document, tree):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    plan = make_document(
        "15-KH/TU", D(2009, 11, 10), organization=tree["party"], full_text="Chỉ thị 38-CT/TW"
    )
    body = api.get(f"/api/v1/directives/{central.pk}/cited-by").json()
    assert body == {
        "count": 1,
        "items": [
            {
                "type": "directives.document",
                "id": plan.pk,
                "title": "Kế hoạch 15-KH/TU",
                "url": plan.get_absolute_url(),
            }
        ],
    }


def test_reviews_over_the_api(api, make_document, tree):
    document = make_document("57-NQ/TW", D(2024, 12, 22))
    created = api.post(
        f"/api/v1/directives/{document.pk}/reviews",
        {"kind": "preliminary", "responsible_id": tree["propaganda"].pk, "years_after": 2},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["due_on"] == "2026-12-22"
    listed = api.get("/api/v1/directives/reviews", {"window_days": 60}).json()
    assert [item["id"] for item in listed["items"]] == [created.json()["id"]]
    assert Review.objects.count() == 1


def test_numbering_over_the_api(api, tree):
    department = tree["propaganda"].pk
    preview = api.get(f"/api/v1/directives/numbering/{department}/next", {"type": "KH"}).json()
    reserved = api.post(
        "/api/v1/directives/numbering/reserve",
        {"organization_id": department, "type": "KH"},
        content_type="application/json",
    )
    assert preview == {"number": 1, "symbol": "01-KH/BTGDVTU"}
    assert reserved.status_code == 201 and reserved.json()["symbol"] == "01-KH/BTGDVTU"
    unknown = api.post(
        "/api/v1/directives/numbering/reserve",
        {"organization_id": department, "type": "NĐ"},
        content_type="application/json",
    )
    assert unknown.status_code == 404
