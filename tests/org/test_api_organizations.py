import datetime

import pytest

from phoihop.core import search
from phoihop.core.models import AuditEntry
from phoihop.org import services
from phoihop.org.models import Area, Field, Membership, Organization

from ..factories import AreaFactory, OrganizationFactory

BASE = "/api/v1/organizations"


@pytest.fixture
def thanh_hoa(db):
    return AreaFactory(code="38", name="Thanh Hóa", level=Area.Level.PROVINCE)


@pytest.fixture
def health_admin(province_tree, make_member):
    return make_member(province_tree["health"], role=Membership.Role.ORG_ADMIN)


def api(client, user):
    client.force_login(user)
    return client


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# Reading --------------------------------------------------------------------------------------


def test_list_answers_count_and_items_for_the_callers_scope(client, province_tree, make_member):
    member = make_member(province_tree["committee"])
    response = api(client, member).get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert names(response) == ["Sở Y tế tỉnh Thanh Hóa", "Ủy ban nhân dân tỉnh Thanh Hóa"]
    item = body["items"][0]
    assert item["kind"] == "department" and item["kind_label"] == "Sở, ban, ngành"
    assert item["parent_id"] == province_tree["committee"].pk


def test_bearer_token_works_without_a_session(client, province_tree, health_admin):
    _token, raw = services.create_api_token(user=health_admin, name="Báo cáo", by=health_admin)
    response = client.get(BASE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert names(response) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_anonymous_caller_gets_401(client, db):
    assert client.get(BASE).status_code == 401


def test_filters(client, province_tree, admin_user, thanh_hoa):
    health = province_tree["health"]
    commune = AreaFactory(code="16000", name="Phường Hạc Thành", parent=thanh_hoa)
    Organization.objects.filter(pk=health.pk).update(area=commune)
    health.fields.add(Field.objects.get(code="y-te"))
    old = OrganizationFactory(name="Sở cũ", valid_to=datetime.date(2025, 2, 28))
    api(client, admin_user)
    assert names(client.get(BASE, {"kind": "department"})) == ["Sở Y tế tỉnh Thanh Hóa"]
    assert names(client.get(BASE, {"area": thanh_hoa.pk})) == ["Sở Y tế tỉnh Thanh Hóa"]
    assert names(client.get(BASE, {"field": "y-te"})) == ["Sở Y tế tỉnh Thanh Hóa"]
    assert names(client.get(BASE, {"parent": province_tree["committee"].pk})) == [
        "Sở Y tế tỉnh Thanh Hóa"
    ]
    assert old.name not in names(client.get(BASE))
    assert old.name in names(client.get(BASE, {"at": "2024-01-01"}))
    Organization.objects.filter(pk=old.pk).update(archived_at=datetime.datetime.now(datetime.UTC))
    assert old.name not in names(client.get(BASE, {"at": "2024-01-01"}))
    assert old.name in names(client.get(BASE, {"at": "2024-01-01", "include_archived": True}))


def test_text_query_without_diacritics(client, province_tree, admin_user):
    search.rebuild(["organization"])
    response = api(client, admin_user).get(BASE, {"q": "uy ban nhan dan thanh hoa"})
    assert names(response) == ["Ủy ban nhân dân tỉnh Thanh Hóa"]


def test_pagination(client, admin_user):
    for n in range(7):
        OrganizationFactory(name=f"Sở {n}")
    response = api(client, admin_user).get(BASE, {"page": 2, "page_size": 3})
    assert response.json()["count"] == 7
    assert names(response) == ["Sở 3", "Sở 4", "Sở 5"]
    assert client.get(BASE, {"page_size": 10_000}).status_code == 422


@pytest.mark.parametrize("params", [{"at": "31/02/2024"}, {"area": "abc"}, {"page": "x"}])
def test_bad_query_parameters_are_422_not_500(client, admin_user, params):
    response = api(client, admin_user).get(BASE, params)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_unknown_filter_values_give_empty_lists(client, province_tree, admin_user):
    api(client, admin_user)
    assert client.get(BASE, {"kind": "khong-co"}).json()["count"] == 0
    assert client.get(BASE, {"area": 999999}).json()["count"] == 0


def test_detail_and_404_outside_scope(client, province_tree, make_member):
    health = province_tree["health"]
    member = make_member(health)
    api(client, member)
    assert client.get(f"{BASE}/{health.pk}").json()["name"] == "Sở Y tế tỉnh Thanh Hóa"
    response = client.get(f"{BASE}/{province_tree['committee'].pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_list_query_count(client, admin_user, django_assert_max_num_queries):
    parent = OrganizationFactory(name="UBND")
    fields = list(Field.objects.all()[:2])
    for n in range(20):
        child = OrganizationFactory(name=f"Sở {n}", parent=parent)
        child.fields.add(*fields)
        child.successors.add(parent)
    api(client, admin_user)
    with django_assert_max_num_queries(7):
        response = client.get(BASE)
    assert response.json()["count"] == 21


# Writing --------------------------------------------------------------------------------------


def test_create_under_own_organisation_with_audit(client, province_tree, health_admin, thanh_hoa):
    payload = {
        "name": "Phòng Nghiệp vụ Y",
        "abbreviation": "pnvy",
        "identifier": "PNVY-38",
        "kind": "other",
        "level": "province",
        "parent_id": province_tree["health"].pk,
        "area_id": thanh_hoa.pk,
        "fields": ["y-te"],
        "valid_from": "2025-07-01",
    }
    response = api(client, health_admin).post(BASE, payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["abbreviation"] == "PNVY" and body["fields"] == ["y-te"]
    assert body["area_code"] == "38"
    created = Organization.objects.get(pk=body["id"])
    assert created.path.startswith(province_tree["health"].path)
    entry = AuditEntry.objects.get(object_id=str(created.pk), action="create")
    assert entry.via == "api" and entry.actor == health_admin


def test_create_outside_permission_is_403(client, province_tree, health_admin):
    Membership.objects.create(
        user=health_admin, organization=province_tree["committee"], role="specialist"
    )
    payload = {"name": "X", "kind": "other", "level": "province"}
    api(client, health_admin)
    response = client.post(
        BASE,
        {**payload, "parent_id": province_tree["committee"].pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.post(BASE, payload, content_type="application/json").status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "khong-co"}, "kind"),
        ({"name": "  "}, "name"),
        ({"area_id": 999999}, "area_id"),
        ({"parent_id": 999999}, "parent_id"),
        ({"fields": ["thien-van"]}, "fields"),
        ({"email": "khong-phai-email"}, "email"),
        ({"valid_from": "2025-07-01", "valid_to": "2025-01-01"}, "valid_to"),
        ({"successor_ids": [999999]}, "successor_ids"),
    ],
)
def test_create_validation_errors_are_400_with_field_errors(client, admin_user, changes, field):
    payload = {"name": "Sở A", "kind": "department", "level": "province", **changes}
    response = api(client, admin_user).post(BASE, payload, content_type="application/json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Organization.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "Sở A", "kind": "department"},
        {"name": "Sở A", "kind": "department", "level": "province", "valid_from": "31/02/2025"},
        {"name": "x" * 300, "kind": "department", "level": "province"},
        {"name": "Sở A", "kind": "department", "level": "province", "area_id": "mot"},
    ],
)
def test_malformed_payloads_are_422(client, admin_user, payload):
    response = api(client, admin_user).post(BASE, payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu không hợp lệ."


def test_patch_changes_only_what_is_sent_and_audits_the_diff(client, province_tree, health_admin):
    health = province_tree["health"]
    response = api(client, health_admin).patch(
        f"{BASE}/{health.pk}", {"phone": "0237 111"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    health.refresh_from_db()
    assert health.phone == "0237 111" and health.name == "Sở Y tế tỉnh Thanh Hóa"
    assert health.parent == province_tree["committee"]
    entry = AuditEntry.objects.get(object_id=str(health.pk), action="update")
    assert entry.changes == {"phone": ["", "0237 111"]}


def test_patch_above_own_subtree_is_403_and_outside_scope_404(
    client, province_tree, health_admin, outsider
):
    Membership.objects.create(
        user=health_admin, organization=province_tree["committee"], role="specialist"
    )
    api(client, health_admin)
    url = f"{BASE}/{province_tree['committee'].pk}"
    assert client.patch(url, {"phone": "1"}, content_type="application/json").status_code == 403
    api(client, outsider)
    assert client.patch(url, {"phone": "1"}, content_type="application/json").status_code == 404


def test_patch_duplicate_identifier_is_a_field_error(client, province_tree, admin_user):
    OrganizationFactory(identifier="TRUNG")
    response = api(client, admin_user).patch(
        f"{BASE}/{province_tree['health'].pk}",
        {"identifier": "TRUNG"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "identifier": ["Mã định danh này đã được dùng cho tổ chức khác."]
    }


def test_patch_cycle_reports_parent_id(client, province_tree, admin_user):
    response = api(client, admin_user).patch(
        f"{BASE}/{province_tree['committee'].pk}",
        {"parent_id": province_tree["health"].pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]


def test_archive_and_restore(client, province_tree, admin_user):
    health = province_tree["health"]
    api(client, admin_user)
    response = client.post(
        f"{BASE}/{health.pk}/archive", {"reason": "Sáp nhập"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["archived_at"] is not None
    assert AuditEntry.objects.get(object_id=str(health.pk), action="archive").message == "Sáp nhập"
    again = client.generic("POST", f"{BASE}/{health.pk}/archive")  # no body at all
    assert again.status_code == 400
    assert again.json()["errors"] == {"__all__": ["Tổ chức này đã được lưu trữ."]}
    response = client.generic("POST", f"{BASE}/{health.pk}/restore")
    assert response.status_code == 200 and response.json()["archived_at"] is None


def test_archive_with_active_children_is_400(client, province_tree, admin_user):
    url = f"{BASE}/{province_tree['committee'].pk}/archive"
    response = api(client, admin_user).post(url, {}, content_type="application/json")
    assert response.status_code == 400
    assert "Sở Y tế" in response.json()["errors"]["__all__"][0]


def test_archive_needs_permission(client, province_tree, make_member, outsider):
    url = f"{BASE}/{province_tree['health'].pk}/archive"
    member = make_member(province_tree["health"])
    assert api(client, member).generic("POST", url).status_code == 403
    assert api(client, outsider).generic("POST", url).status_code == 404


def test_openapi_documents_the_organisation_endpoints(client, admin_user):
    spec = api(client, admin_user).get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations" in spec["paths"]
    assert "/api/v1/organizations/{organization_id}/archive" in spec["paths"]
    assert "OrganizationIn" in spec["components"]["schemas"]
