"""Two-factor sign-in: setting it up, the code step after the password, recovery codes, the
requirement for administrators, turning it off, and the token endpoint."""

import time
from binascii import unhexlify

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.core.models import AuditEntry
from phoihop.org import services, twofactor
from phoihop.org.models import ApiToken, Membership
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def required_for_admins(settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True


@pytest.fixture
def person(province_tree, make_member):
    return make_member(
        province_tree["health"], role=Membership.Role.SPECIALIST, username="mai", full_name="Mai"
    )


def code_for(key_hex: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    totp = TOTP(unhexlify(key_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def with_two_factor(user) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for `user`; returns its secret and recovery codes."""
    key = twofactor.new_secret()
    codes = services.enable_two_factor(user=user, key=key, step=-1, by=user)
    return key, codes


def sign_in_with_password(client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def is_fully_signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


# Setting it up ----------------------------------------------------------------------------------


def test_enabling_shows_a_qr_code_then_ten_recovery_codes_once(client, person):
    client.force_login(person)
    profile = client.get(reverse("profile")).content.decode()
    assert "Bật xác thực hai bước" in profile

    page = client.get(reverse("two_factor_setup"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    assert page["Cache-Control"].startswith("max-age=0")
    key = client.session[twofactor.SETUP_SESSION_KEY]
    assert twofactor.secret_for_typing(key) in html
    assert not TOTPDevice.objects.filter(user=person).exists()  # nothing saved before the code

    wrong = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=person).exists()

    done = client.post(reverse("two_factor_setup"), {"code": code_for(key)})
    html = done.content.decode()
    assert done.status_code == 200
    shown = set(StaticToken.objects.filter(device__user=person).values_list("token", flat=True))
    assert len(shown) == 10
    assert all(code in html for code in shown)
    assert TOTPDevice.objects.get(user=person).confirmed
    assert AuditEntry.objects.filter(actor=person, message="Bật xác thực hai bước").exists()
    # This session is verified: the profile opens and says it is on; the codes are not shown.
    profile = client.get(reverse("profile")).content.decode()
    assert "Đang bật" in profile and "Còn 10 mã khôi phục" in profile
    assert not any(code in profile for code in shown)


def test_the_code_that_confirmed_the_set_up_cannot_sign_in_again(client, person):
    client.force_login(person)
    client.get(reverse("two_factor_setup"))
    key = client.session[twofactor.SETUP_SESSION_KEY]
    code = code_for(key)
    client.post(reverse("two_factor_setup"), {"code": code})
    client.logout()

    sign_in_with_password(client, "mai")
    refused = client.post(reverse("two_factor_verify"), {"code": code})
    assert "Mã không đúng" in refused.content.decode()
    assert not is_fully_signed_in(client)


# The code step ----------------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_before_any_page(client, person):
    key, _codes = with_two_factor(person)
    sign_in_with_password(client, "mai")

    for url in (reverse("home"), reverse("profile"), "/plans/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_verify") + "?next=")
    assert client.get("/api/v1/me").status_code == 401  # the API sees no session either
    page = client.get(reverse("two_factor_verify"))
    assert "Xác thực hai bước" in page.content.decode()

    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(key), "next": reverse("profile")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    assert is_fully_signed_in(client)
    assert client.get("/api/v1/me").status_code == 200
    assert AuditEntry.objects.filter(
        actor=person, action=AuditEntry.Action.LOGIN, message="Xác thực hai bước"
    ).exists()


def test_a_wrong_code_is_refused_audited_and_slows_the_next_try(client, person, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a first wait of a minute: no race with the clock
    key, _codes = with_two_factor(person)
    sign_in_with_password(client, "mai")
    right = code_for(key)
    wrong = "123456" if right != "123456" else "654321"

    response = client.post(reverse("two_factor_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã được dùng" in response.content.decode()
    assert not is_fully_signed_in(client)
    assert AuditEntry.objects.filter(actor=person, message="Sai mã xác thực hai bước").exists()
    # Straight after a failure even the right code waits (django-otp's doubling delay).
    throttled = client.post(reverse("two_factor_verify"), {"code": right})
    assert "Hãy thử lại sau" in throttled.content.decode()
    assert not is_fully_signed_in(client)


def test_hostile_codes_are_a_form_error_not_a_crash(client, person):
    with_two_factor(person)
    sign_in_with_password(client, "mai")
    for code in ("", "x" * 5000, "\x00\x00", "١٢٣٤٥٦", "' OR 1=1 --"):
        response = client.post(reverse("two_factor_verify"), {"code": code})
        assert response.status_code == 200, code
    assert not is_fully_signed_in(client)
    api = client.post(
        "/api/v1/auth/token",
        {"username": "mai", "password": PASSWORD, "otp_code": "\ud800x"},
        content_type="application/json",
    )
    assert api.status_code in (401, 422)


def test_a_recovery_code_works_once(client, person):
    _key, codes = with_two_factor(person)
    sign_in_with_password(client, "mai")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert is_fully_signed_in(client)
    client.logout()

    sign_in_with_password(client, "mai")
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert "Mã không đúng" in again.content.decode()
    assert not is_fully_signed_in(client)
    assert StaticToken.objects.filter(device__user=person).count() == 9


def test_the_code_step_only_follows_next_within_the_site(client, person):
    key, _codes = with_two_factor(person)
    sign_in_with_password(client, "mai")
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(key), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_htmx_requests_are_sent_to_the_code_step_with_hx_redirect(client, person):
    with_two_factor(person)
    sign_in_with_password(client, "mai")
    response = client.get(reverse("profile"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("two_factor_verify"))


def test_the_django_admin_login_also_needs_the_second_step(client, admin_user):
    key, _codes = with_two_factor(admin_user)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "quantri", "password": PASSWORD}
    )
    assert response.status_code == 302
    admin_index = client.get("/admin/")
    assert admin_index.status_code == 302
    assert admin_index["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": code_for(key)})
    assert client.get("/admin/").status_code == 200


# Required for administrators --------------------------------------------------------------------


@pytest.mark.usefixtures("required_for_admins")
@pytest.mark.parametrize("kind", ["system_admin", "org_admin"])
def test_an_administrator_without_two_factor_must_set_it_up_first(
    client, kind, admin_user, province_tree, make_member
):
    if kind == "system_admin":
        user = admin_user
    else:
        user = make_member(province_tree["party"], role=Membership.Role.ORG_ADMIN)
    sign_in_with_password(client, user.username)

    for url in (reverse("home"), reverse("profile"), "/admin/", reverse("two_factor_verify")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup")), url
    page = client.get(reverse("two_factor_setup"))
    assert 'data-testid="two-factor-required"' in page.content.decode()

    key = client.session[twofactor.SETUP_SESSION_KEY]
    client.post(reverse("two_factor_setup"), {"code": code_for(key)})
    assert is_fully_signed_in(client)


@pytest.mark.usefixtures("required_for_admins")
def test_people_who_administer_nothing_are_not_forced(client, person):
    sign_in_with_password(client, "mai")
    assert is_fully_signed_in(client)


@pytest.mark.usefixtures("required_for_admins")
def test_an_administrator_cannot_turn_two_factor_off(client, admin_user):
    key, _codes = with_two_factor(admin_user)
    sign_in_with_password(client, "quantri")
    client.post(reverse("two_factor_verify"), {"code": code_for(key)})
    page = client.get(reverse("two_factor_disable"))
    assert "bắt buộc dùng xác thực hai bước" in page.content.decode()
    client.post(reverse("two_factor_disable"), {"password": PASSWORD})
    assert twofactor.has_two_factor(admin_user)


def test_the_requirement_can_be_switched_off(client, admin_user, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = False
    sign_in_with_password(client, "quantri")
    assert is_fully_signed_in(client)


# Turning it off ---------------------------------------------------------------------------------


def test_turning_two_factor_off_needs_the_password_and_is_audited(client, person):
    key, _codes = with_two_factor(person)
    sign_in_with_password(client, "mai")
    client.post(reverse("two_factor_verify"), {"code": code_for(key)})

    wrong = client.post(reverse("two_factor_disable"), {"password": "doan-bua"})
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert twofactor.has_two_factor(person)

    response = client.post(reverse("two_factor_disable"), {"password": PASSWORD})
    assert response["Location"] == reverse("profile")
    assert not twofactor.has_two_factor(person)
    assert not StaticToken.objects.filter(device__user=person).exists()
    assert AuditEntry.objects.filter(actor=person, message="Tắt xác thực hai bước").exists()
    client.logout()
    sign_in_with_password(client, "mai")
    assert is_fully_signed_in(client)  # the password alone is enough again


# The token endpoint -----------------------------------------------------------------------------


def test_the_token_endpoint_needs_the_second_factor_from_those_who_have_one(client, person):
    key, _codes = with_two_factor(person)
    url = "/api/v1/auth/token"
    body = {"username": "mai", "password": PASSWORD}
    without = client.post(url, body, content_type="application/json")
    assert without.status_code == 401
    assert without.json()["detail"] == "Cần mã xác thực hai bước hợp lệ (otp_code)."
    assert not ApiToken.objects.exists()

    with_code = client.post(
        url, {**body, "otp_code": code_for(key, steps_ahead=1)}, content_type="application/json"
    )
    assert with_code.status_code == 200
    assert ApiToken.objects.filter(user=person).count() == 1


@pytest.mark.usefixtures("required_for_admins")
def test_an_administrator_without_two_factor_gets_no_token(client, admin_user):
    response = client.post(
        "/api/v1/auth/token",
        {"username": "quantri", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}
    assert not ApiToken.objects.exists()


def test_another_persons_device_never_verifies_a_session(client, person):
    other = UserFactory(username="khac")
    other_key, _ = with_two_factor(other)
    with_two_factor(person)
    sign_in_with_password(client, "mai")
    client.post(reverse("two_factor_verify"), {"code": code_for(other_key)})
    assert not is_fully_signed_in(client)


# The Django admin -------------------------------------------------------------------------------


def test_a_system_administrator_resets_a_lost_authenticator_in_the_admin(
    client, admin_user, person
):
    with_two_factor(person)
    client.force_login(admin_user)
    # django-otp's own device pages (secrets, unaudited deletes) are not in the admin.
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404

    response = client.post(
        "/admin/org/user/",
        {"action": "reset_two_factor", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    assert not twofactor.has_two_factor(person)
    assert not StaticToken.objects.filter(device__user=person).exists()
    assert AuditEntry.objects.filter(
        actor=admin_user, object_id=str(person.pk), message="Đặt lại xác thực hai bước"
    ).exists()
    sign_in_with_password(client, "mai")
    assert is_fully_signed_in(client)  # no code step any more


def test_nobody_else_may_reset_someones_two_factor(person, province_tree, make_member):
    with_two_factor(person)
    org_admin = make_member(province_tree["committee"], role=Membership.Role.ORG_ADMIN)
    with pytest.raises(PermissionDenied):
        services.reset_two_factor(user=person, by=org_admin)
    assert twofactor.has_two_factor(person)


def test_a_password_set_in_the_admin_revokes_the_persons_tokens(client, admin_user, person):
    token, _raw = services.create_api_token(user=person, name="Cũ", by=person)
    client.force_login(admin_user)
    new_password = "Doi-mat-khau-2026"
    response = client.post(
        f"/admin/org/user/{person.pk}/password/",
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
