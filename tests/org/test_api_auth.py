"""API authentication: tokens for username/password, bearer tokens, sessions with CSRF, /me."""

import pytest
from django.test import Client

from phoihop.core.models import AuditEntry
from phoihop.org import services
from phoihop.org.models import ApiToken, Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
Role = Membership.Role
UNAUTHENTICATED = {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}


@pytest.fixture
def person(province_tree, make_member):
    user = make_member(
        province_tree["health"],
        role=Role.FOCAL_POINT,
        username="thuy",
        full_name="Phạm Thị Thủy",
        position="Chuyên viên",
    )
    Membership.objects.create(
        user=user, organization=province_tree["propaganda"], role=Role.COLLABORATOR
    )
    return user


@pytest.fixture
def token(person):
    return services.create_api_token(user=person, name="Thử nghiệm", by=person)[1]


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# POST /api/v1/auth/token ------------------------------------------------------------------------


def test_username_and_password_buy_a_working_token(client, person):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "thuy", "password": PASSWORD, "name": "Bảng tính"},
        content_type="application/json",
    )
    assert response.status_code == 200
    raw = response.json()["token"]
    assert raw.startswith("ph_")
    assert response.json()["name"] == "Bảng tính"
    stored = ApiToken.objects.get(user=person)
    assert stored.name == "Bảng tính"
    assert stored.key_hash == ApiToken.hash(raw) != raw
    assert client.get("/api/v1/me", **bearer(raw)).json()["username"] == "thuy"


def test_a_token_gets_a_dated_name_when_none_is_given(client, person):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "thuy", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.json()["name"].startswith("API ")
    assert AuditEntry.objects.filter(
        actor=person, action=AuditEntry.Action.CREATE, object_id=str(ApiToken.objects.get().pk)
    ).exists()


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "thuy", "password": "sai-mat-khau"},
        {"username": "khongco", "password": PASSWORD},
    ],
)
def test_wrong_credentials_get_401_in_the_error_shape(client, person, credentials):
    response = client.post("/api/v1/auth/token", credentials, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng.", "errors": {}}
    assert not ApiToken.objects.exists()


def test_deactivated_people_get_no_token(client, person):
    person.is_active = False
    person.save()
    response = client.post(
        "/api/v1/auth/token",
        {"username": "thuy", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_missing_fields_get_422_with_field_errors(client):
    response = client.post(
        "/api/v1/auth/token", {"username": "thuy"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu không hợp lệ."
    assert "password" in response.json()["errors"]


def test_a_body_that_is_not_json_gets_an_error_not_a_crash(client):
    response = client.post(
        "/api/v1/auth/token", "{không phải json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_the_token_endpoint_needs_no_csrf_token(person):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/api/v1/auth/token",
        {"username": "thuy", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200


# GET /api/v1/me ---------------------------------------------------------------------------------


def test_me_describes_the_bearer(client, person, token, province_tree):
    response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    memberships = sorted(body.pop("memberships"), key=lambda m: m["role"])
    assert body.pop("calendar_url").startswith("http://")
    assert body == {
        "id": person.pk,
        "username": "thuy",
        "full_name": "Phạm Thị Thủy",
        "email": "thuy@example.gov.vn",
        "position": "Chuyên viên",
        "phone": "",
        "is_system_admin": False,
        "can_record_cases": False,  # registered by the cases app (a collaborator records none)
    }
    assert memberships == [
        {
            "organization_id": province_tree["propaganda"].pk,
            "organization_name": "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
            "role": "collaborator",
            "role_label": "Cộng tác viên",
        },
        {
            "organization_id": province_tree["health"].pk,
            "organization_name": "Sở Y tế tỉnh Thanh Hóa",
            "role": "focal_point",
            "role_label": "Cán bộ đầu mối",
        },
    ]


def test_me_says_who_is_a_system_admin(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/api/v1/me").json()
    assert body["is_system_admin"] is True
    assert body["memberships"] == []


def test_me_works_with_a_browser_session(client, person):
    client.force_login(person)
    assert client.get("/api/v1/me").json()["id"] == person.pk


def test_me_without_credentials_is_401(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    "header", ["Bearer ph_khong-ton-tai", "Bearer ", "Token abc", "Basic eA=="]
)
def test_bad_authorization_headers_are_401(client, person, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_revoked_token_is_refused(client, person, token):
    stored = ApiToken.objects.get(user=person)
    services.revoke_api_token(token=stored, by=person)
    response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_tokens_of_deactivated_people_stop_working(client, person, token):
    person.is_active = False
    person.save()
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_using_a_token_records_when_it_was_last_used(client, person, token):
    assert ApiToken.objects.get().last_used_at is None
    client.get("/api/v1/me", **bearer(token))
    assert ApiToken.objects.get().last_used_at is not None


def test_me_queries_are_bounded(client, person, token, django_assert_max_num_queries):
    client.get("/api/v1/me", **bearer(token))  # the first call creates the calendar token
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/me", **bearer(token)).status_code == 200


# PATCH /api/v1/me: unsafe methods, CSRF and bearer tokens ---------------------------------------


def test_bearer_tokens_need_no_csrf_token(person, token):
    strict = Client(enforce_csrf_checks=True)
    response = strict.patch(
        "/api/v1/me", {"position": "Phó phòng"}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 200
    assert response.json()["position"] == "Phó phòng"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(person.pk))
    assert entry.via == "api"
    assert entry.changes == {"position": ["Chuyên viên", "Phó phòng"]}


def test_session_requests_without_a_csrf_token_are_refused(person):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    response = strict.patch(
        "/api/v1/me", {"position": "Phó phòng"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "detail" in response.json()
    person.refresh_from_db()
    assert person.position == "Chuyên viên"


def test_session_requests_with_the_csrf_token_go_through(person):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(person)
    strict.get("/accounts/profile/")  # sets the CSRF cookie, as a page visit does
    csrf = strict.cookies["csrftoken"].value
    response = strict.patch(
        "/api/v1/me",
        {"position": "Phó phòng"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.position == "Phó phòng"


def test_patch_changes_only_the_fields_sent(client, person, token):
    response = client.patch(
        "/api/v1/me", {"phone": "0912 000 111"}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.phone, person.full_name, person.position) == (
        "0912 000 111",
        "Phạm Thị Thủy",
        "Chuyên viên",
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"full_name": ""}, 422, "full_name"),
        ({"full_name": None}, 422, "full_name"),
        ({"phone": "1" * 41}, 422, "phone"),
        ({"email": "khong-phai-email"}, 400, "email"),
    ],
)
def test_patch_rejects_bad_values_with_field_errors(client, person, token, body, status, field):
    response = client.patch("/api/v1/me", body, content_type="application/json", **bearer(token))
    assert response.status_code == status
    assert field in response.json()["errors"]
    person.refresh_from_db()
    assert person.full_name == "Phạm Thị Thủy" and person.email == "thuy@example.gov.vn"


def test_unsafe_requests_with_a_bad_token_get_401(person):
    strict = Client(enforce_csrf_checks=True)
    response = strict.patch(
        "/api/v1/me", {"position": "x"}, content_type="application/json", **bearer("ph_sai")
    )
    assert response.status_code == 401


def test_me_gives_a_private_calendar_url_that_serves_icalendar(person):
    from urllib.parse import urlsplit

    from django.test import Client

    client = Client()
    client.force_login(person)
    url = client.get("/api/v1/me").json()["calendar_url"]
    assert url.endswith(".ics")
    feed = Client().get(urlsplit(url).path)  # no session: the token in the URL is the key
    assert feed.status_code == 200
    assert feed.content.startswith(b"BEGIN:VCALENDAR")
