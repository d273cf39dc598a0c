"""Lockout after repeated sign-in failures (django-axes), on the login page and the API's token
exchange, and the audit of every sign-in, failure and lockout."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phoihop.core.models import AuditEntry
from phoihop.org.models import Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
Action = AuditEntry.Action
WRONG = "sai-mat-khau"
LOCKED = "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau"
HERE = "10.0.0.7"
ELSEWHERE = "10.9.9.9"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.fixture
def person(province_tree, make_member):
    return make_member(
        province_tree["health"], role=Membership.Role.LEADER, username="lan", full_name="Lê Lan"
    )


def sign_in(password, *, username="lan", address=HERE):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response, client


def token(password, *, username="lan", address=HERE):
    return Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


# The login page ---------------------------------------------------------------------------------


def test_the_right_password_is_refused_once_an_account_is_locked_on_the_login_page(person):
    for _ in range(2):
        response, _client = sign_in(WRONG)
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    third, _client = sign_in(WRONG)
    assert third.status_code == 429
    page = third.content.decode()
    assert f"{LOCKED} 15 phút." in page
    assert "<nav" in page  # the site's own layout
    assert int(third["Retry-After"]) == 900

    right, client = sign_in(PASSWORD)
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert not signed_in(client)


def test_a_lockout_ends_after_the_cool_off_window(person):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            sign_in(WRONG)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        response, client = sign_in(PASSWORD)
        assert response.status_code == 429
        assert f"{LOCKED} 5 phút." in response.content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1), tick=False):
        response, client = sign_in(PASSWORD)
        assert response.status_code == 302
        assert signed_in(client)


def test_attempts_during_a_lockout_do_not_extend_it(person):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(3):
            sign_in(WRONG)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(WRONG)[0].status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert sign_in(PASSWORD)[0].status_code == 302


def test_a_successful_sign_in_resets_the_count(person):
    for _ in range(2):
        sign_in(WRONG)
    response, _client = sign_in(PASSWORD)
    assert response.status_code == 302
    for _ in range(2):
        assert sign_in(WRONG)[0].status_code == 200
    assert sign_in(PASSWORD)[0].status_code == 302


def test_a_stranger_guessing_a_password_does_not_lock_the_owner_out_elsewhere(person):
    for _ in range(3):
        sign_in(WRONG, address=ELSEWHERE)
    assert sign_in(PASSWORD, address=ELSEWHERE)[0].status_code == 429

    response, client = sign_in(PASSWORD, address=HERE)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_address_spraying_many_usernames_is_locked_for_every_account(person):
    for number in range(6):
        response, _client = sign_in(WRONG, username=f"nguoi{number}", address=ELSEWHERE)
    assert response.status_code == 429

    assert sign_in(PASSWORD, address=ELSEWHERE)[0].status_code == 429
    assert sign_in(PASSWORD, address=HERE)[0].status_code == 302


# The API's token exchange -----------------------------------------------------------------------


def test_the_token_endpoint_locks_out_too_with_the_api_error_shape(person):
    assert token(WRONG).status_code == 401
    assert token(WRONG).status_code == 401
    third = token(WRONG)
    assert third.status_code == 429
    assert third.json() == {"detail": f"{LOCKED} 15 phút.", "errors": {}}
    assert int(third["Retry-After"]) == 900

    right = token(PASSWORD)
    assert right.status_code == 429
    assert "token" not in right.json()


def test_failures_on_the_page_and_the_api_count_together(person):
    sign_in(WRONG)
    token(WRONG)
    assert sign_in(WRONG)[0].status_code == 429
    assert token(PASSWORD).status_code == 429


def test_a_token_exchange_resets_the_count_and_is_audited(person):
    token(WRONG)
    token(WRONG)
    assert token(PASSWORD).status_code == 200
    assert token(WRONG).status_code == 401
    entry = AuditEntry.objects.filter(action=Action.LOGIN).get()
    assert (entry.actor, entry.via, entry.ip_address) == (person, "api", HERE)


# The audit trail --------------------------------------------------------------------------------


def test_a_sign_in_is_audited_with_its_address(person):
    sign_in(PASSWORD)
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert (entry.actor, entry.object_id, entry.ip_address, entry.via) == (
        person,
        str(person.pk),
        HERE,
        "web",
    )


def test_failures_are_audited_with_the_username_typed_and_the_address(person):
    sign_in(WRONG)
    sign_in(WRONG, username="khong-ai")
    failures = AuditEntry.objects.filter(action=Action.LOGIN_FAILED).order_by("id")
    assert [(e.actor, e.object_repr, e.object_id, e.ip_address) for e in failures] == [
        (None, "lan", str(person.pk), HERE),
        (None, "khong-ai", "", HERE),
    ]
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_a_lockout_is_audited_once_and_refused_attempts_say_so(person):
    for _ in range(3):
        sign_in(WRONG)
    sign_in(PASSWORD)
    entries = list(AuditEntry.objects.order_by("id").values_list("action", "message"))
    assert entries == [
        (Action.LOGIN_FAILED, "Sai tên đăng nhập hoặc mật khẩu"),
        (Action.LOGIN_FAILED, "Sai tên đăng nhập hoặc mật khẩu"),
        (Action.LOGIN_FAILED, "Sai tên đăng nhập hoặc mật khẩu"),
        (Action.LOCKOUT, "Tạm khóa 15 phút do đăng nhập sai nhiều lần"),
        (Action.LOGIN_FAILED, "Bị từ chối vì đang tạm khóa"),
    ]
    lockout = AuditEntry.objects.get(action=Action.LOCKOUT)
    assert (lockout.object_repr, lockout.ip_address, lockout.actor) == ("lan", HERE, None)


def test_sign_in_events_show_on_the_audit_page(client, person, admin_user):
    sign_in(WRONG)
    sign_in(WRONG, username="khong-ai")
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"), {"action": Action.LOGIN_FAILED})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Sai tên đăng nhập hoặc mật khẩu") == 2
    assert f">{HERE}</td>" in page
    assert f'href="{person.get_absolute_url()}">lan</a>' in page  # the account, linked
    assert "khong-ai" in page  # a username that names nobody, as typed
