"""Signing in and out, passwords by e-mail, the profile page and personal API tokens."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from phoihop.core.models import AuditEntry
from phoihop.org.models import ApiToken, Membership, user_for_api_token
from tests.conftest import PASSWORD
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(province_tree, make_member):
    return make_member(
        province_tree["health"],
        role=Membership.Role.LEADER,
        username="lan",
        full_name="Lê Thị Lan",
        email="lan@syt.thanhhoa.gov.vn",
    )


# Signing in and out -----------------------------------------------------------------------------


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert "Quên mật khẩu?" in page


def test_signing_in_opens_the_dashboard_and_is_audited(client, person):
    response = client.post(
        reverse("login"), {"username": "lan", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(person.pk)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == person
    assert entry.ip_address == "10.1.2.3"
    assert entry.via == "web"


def test_signing_in_follows_next_within_the_site_only(client, person):
    response = client.post(
        reverse("login") + "?next=/people/",
        {"username": "lan", "password": PASSWORD, "next": "/people/"},
    )
    assert response["Location"] == "/people/"
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "lan", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_a_vietnamese_error_and_keeps_the_username(client, person):
    response = client.post(reverse("login"), {"username": "lan", "password": "sai-mat-khau"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page
    assert 'value="lan"' in page
    assert SESSION_KEY not in client.session
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()


def test_a_deactivated_account_cannot_sign_in(client, person):
    person.is_active = False
    person.save()
    response = client.post(reverse("login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_signed_in_people_visiting_the_login_page_go_to_the_dashboard(client, person):
    client.force_login(person)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_pages_send_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_logout_needs_a_post_and_ends_the_session(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session
    follow = client.get(response["Location"])
    assert "Bạn đã đăng xuất." in follow.content.decode()


# Passwords --------------------------------------------------------------------------------------


def _link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_sends_a_vietnamese_email_with_a_working_link(client, person):
    response = client.post(reverse("password_reset"), {"email": "LAN@syt.thanhhoa.gov.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@syt.thanhhoa.gov.vn"]
    assert message.subject == "Đặt lại mật khẩu phoihop"
    assert "Kính gửi Lê Thị Lan" in message.body
    assert "Tên đăng nhập của bạn: lan" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body

    link = _link_in(message)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Hoa-sen-no-2026"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(new_password)
    assert AuditEntry.objects.filter(
        actor=person, action=AuditEntry.Action.UPDATE, message="Đặt lại mật khẩu"
    ).exists()
    # The link works once.
    again = client.get(link, follow=True)
    assert 'data-testid="invalid-link"' in again.content.decode()


def test_password_reset_does_not_reveal_whether_an_address_exists(client, person):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_people_added_without_a_password_can_still_request_a_reset_email(client, person):
    person.set_unusable_password()
    person.save()
    client.post(reverse("password_reset"), {"email": person.email})
    assert len(mail.outbox) == 1


def test_a_broken_reset_link_says_so_in_vietnamese(client):
    response = client.get(
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "sai-ma"})
    )
    assert response.status_code == 200
    assert "không hợp lệ hoặc đã hết hạn" in response.content.decode()


def test_password_change_keeps_the_session_and_is_audited(client, person):
    client.force_login(person)
    page = client.get(reverse("password_change"))
    assert "Mật khẩu cũ" in page.content.decode()
    new_password = "Song-Ma-chay-qua-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    person.refresh_from_db()
    assert person.check_password(new_password)
    assert client.get(reverse("profile")).status_code == 200  # still signed in
    assert AuditEntry.objects.filter(actor=person, message="Đổi mật khẩu").exists()


def test_password_change_with_a_wrong_old_password_is_refused(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "Abc-xyz-2026!", "new_password2": "Abc-xyz-2026!"},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không đúng" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


# Profile ----------------------------------------------------------------------------------------


def test_profile_lists_own_memberships_with_roles(client, person, province_tree):
    client.force_login(person)
    page = client.get(reverse("profile")).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in page
    assert "Lãnh đạo" in page
    assert 'value="Lê Thị Lan"' in page


def test_profile_update_saves_and_is_audited(client, person):
    client.force_login(person)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Lê Thị Lan Anh",
            "email": "lananh@syt.thanhhoa.gov.vn",
            "position": "Phó Giám đốc",
            "phone": "0237 3852 123",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Lê Thị Lan Anh"
    assert person.position == "Phó Giám đốc"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(person.pk))
    assert entry.changes["full_name"] == ["Lê Thị Lan", "Lê Thị Lan Anh"]
    assert "Đã lưu hồ sơ." in client.get(reverse("profile")).content.decode()


def test_profile_errors_are_in_vietnamese_and_keep_what_was_typed(client, person):
    client.force_login(person)
    response = client.post(
        reverse("profile"),
        {"full_name": "", "email": "khong-phai-email", "position": "Trưởng phòng", "phone": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Trưởng phòng"' in page
    assert 'value="khong-phai-email"' in page
    assert "is-invalid" in page
    person.refresh_from_db()
    assert person.full_name == "Lê Thị Lan"
    assert person.position == ""


def test_profile_page_queries_do_not_grow_with_memberships(
    client, person, django_assert_max_num_queries
):
    for _ in range(15):
        Membership.objects.create(user=person, organization=OrganizationFactory(), role="leader")
    client.force_login(person)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("profile"))
    assert response.status_code == 200


# API tokens -------------------------------------------------------------------------------------


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, person):
    client.force_login(person)
    response = client.post(reverse("token_create"), {"name": "Bảng tính tổng hợp"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    raw = re.search(r'value="(ph_[^"]+)"', page).group(1)
    assert "Chưa dùng" in page
    token = ApiToken.objects.get(user=person)
    assert token.name == "Bảng tính tổng hợp"
    assert token.key_hash == ApiToken.hash(raw)
    assert raw not in token.key_hash
    assert user_for_api_token(raw) == person

    later = client.get(reverse("profile")).content.decode()
    assert raw not in later
    assert token.hint in later
    assert "Bảng tính tổng hợp" in later


def test_a_token_without_a_name_is_refused(client, person):
    client.force_login(person)
    response = client.post(reverse("token_create"), {"name": "  "})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_creating_a_token_with_htmx_returns_only_the_tokens_block(client, person):
    client.force_login(person)
    response = client.post(
        reverse("token_create"), {"name": "Máy chủ báo cáo"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="tokens"' in page
    assert 'data-testid="new-token"' in page


def test_revoking_a_token_stops_it_working(client, person):
    client.force_login(person)
    client.post(reverse("token_create"), {"name": "Tạm thời"})
    token = ApiToken.objects.get(user=person)
    response = client.post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(reverse("profile")).content.decode()
    assert "Đã thu hồi" in page
    assert AuditEntry.objects.filter(
        object_id=str(token.pk), changes__has_key="revoked_at"
    ).exists()


def test_nobody_can_revoke_someone_elses_token(client, person):
    other = UserFactory()
    client.force_login(other)
    from phoihop.org import services

    token, _raw = services.create_api_token(user=person, name="Của Lan", by=person)
    assert client.post(reverse("token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
