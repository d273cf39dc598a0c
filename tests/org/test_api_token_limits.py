"""API tokens: expiry, read-only scope, last use, and revocation with the password."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phoihop.core.models import AuditEntry
from phoihop.org import services
from phoihop.org.models import ApiToken, Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Song-Ma-chay-qua-2026"


@pytest.fixture
def person(province_tree, make_member):
    return make_member(
        province_tree["health"],
        role=Membership.Role.SPECIALIST,
        username="hoa",
        full_name="Nguyễn Thị Hoa",
        email="hoa@syt.thanhhoa.gov.vn",
    )


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def new_token(person, **options) -> str:
    return services.create_api_token(user=person, name="Thử", by=person, **options)[1]


def patch_me(client, raw: str):
    return client.patch(
        "/api/v1/me", {"position": "Phó phòng"}, content_type="application/json", **bearer(raw)
    )


# Expiry -----------------------------------------------------------------------------------------


def test_an_expired_token_is_refused_with_401(client, person):
    raw = new_token(person, expires_at=timezone.now() + datetime.timedelta(days=30))
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, seconds=1)):
        response = client.get("/api/v1/me", **bearer(raw))
        assert response.status_code == 401
        assert response.json() == {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}
        client.force_login(person)
        assert "Đã hết hạn" in client.get(reverse("profile")).content.decode()


def test_an_expiry_in_the_past_is_refused(person):
    with pytest.raises(services.ValidationError):
        new_token(person, expires_at=timezone.now() - datetime.timedelta(minutes=1))


def test_the_profile_form_sets_scope_and_expiry(client, person):
    client.force_login(person)
    client.post(reverse("token_create"), {"name": "Báo cáo", "scope": "read", "expires_in": "30"})
    token = ApiToken.objects.get(user=person)
    assert token.scope == ApiToken.Scope.READ
    expected = timezone.now() + datetime.timedelta(days=30)
    assert abs(token.expires_at - expected) < datetime.timedelta(minutes=1)
    entry = AuditEntry.objects.get(object_id=str(token.pk), action=AuditEntry.Action.CREATE)
    assert entry.changes["scope"] == [None, "read"]
    page = client.get(reverse("profile")).content.decode()
    assert "<td>Chỉ đọc</td>" in page  # the row, not the form's choice
    assert f"{timezone.localtime(token.expires_at):%d/%m/%Y}" in page


def test_the_profile_form_refuses_made_up_choices(client, person):
    client.force_login(person)
    response = client.post(
        reverse("token_create"), {"name": "Lạ", "scope": "admin", "expires_in": "99999999"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_token_endpoint_takes_scope_and_expiry(client, person):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "hoa", "password": PASSWORD, "scope": "read", "expires_in_days": 7},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "read"
    token = ApiToken.objects.get(user=person)
    assert token.scope == "read"
    assert token.expires_at > timezone.now() + datetime.timedelta(days=6)
    bad = client.post(
        "/api/v1/auth/token",
        {"username": "hoa", "password": PASSWORD, "expires_in_days": 10**20},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "expires_in_days" in bad.json()["errors"]


# Scope ------------------------------------------------------------------------------------------


def test_a_read_only_token_reads_but_every_write_is_403(client, person):
    raw = new_token(person, scope=ApiToken.Scope.READ)
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200
    response = patch_me(client, raw)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Mã truy cập này chỉ có quyền đọc: không thể ghi dữ liệu.",
        "errors": {},
    }
    refused = client.post(
        "/api/v1/directives/extract",
        {"text": "Nghị quyết 20-NQ/TW"},
        content_type="application/json",
        **bearer(raw),
    )
    assert refused.status_code == 403
    person.refresh_from_db()
    assert person.position == ""


def test_a_read_write_token_writes(client, person):
    raw = new_token(person, scope=ApiToken.Scope.READ_WRITE)
    response = patch_me(client, raw)
    assert response.status_code == 200
    assert response.json()["position"] == "Phó phòng"


# Last use ---------------------------------------------------------------------------------------


def test_last_use_is_written_at_most_once_a_minute_and_shown(client, person):
    raw = new_token(person)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/me", **bearer(raw))
    token = ApiToken.objects.get(user=person)
    assert token.last_used_at == start

    with time_machine.travel(start + datetime.timedelta(seconds=59), tick=False):
        client.get("/api/v1/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start

    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        client.get("/api/v1/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == later

    client.force_login(person)
    page = client.get(reverse("profile")).content.decode()
    shown = timezone.localtime(later).strftime("%d/%m/%Y %H:%M")
    assert re.search(r'data-testid="last-used">\s*' + re.escape(shown), page)


# Revocation with the password -------------------------------------------------------------------


def change_password(client, **extra):
    return client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            **extra,
        },
    )


def test_changing_the_password_revokes_every_token(client, person):
    raws = [new_token(person), new_token(person, scope=ApiToken.Scope.READ)]
    client.force_login(person)
    page = client.get(reverse("password_change")).content.decode()
    assert "Giữ các mã truy cập API" in page
    assert 'name="keep_api_tokens"' in page and "checked" not in page

    assert change_password(client).status_code == 302
    for raw in raws:  # a client without the session, which would answer for itself
        assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401
    assert AuditEntry.objects.filter(message="Thu hồi khi đổi mật khẩu").count() == 2


def test_changing_the_password_keeps_tokens_when_asked(client, person):
    raw = new_token(person)
    client.force_login(person)
    assert change_password(client, keep_api_tokens="on").status_code == 302
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200


def test_resetting_the_password_always_revokes_tokens(client, person):
    raw = new_token(person)
    client.post(reverse("password_reset"), {"email": "hoa@syt.thanhhoa.gov.vn"})
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "keep_api_tokens": "on"},
    )
    assert done.status_code == 302
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401
    assert AuditEntry.objects.filter(message="Thu hồi khi đặt lại mật khẩu").exists()
