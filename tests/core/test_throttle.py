"""core.throttle: requests per window, per address and per account, counted in the database."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from phoihop.core import throttle
from phoihop.core.models import ThrottleCounter
from phoihop.org.models import Membership
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("5/h", 5, 3600), ("30/10m", 30, 600), ("1/s", 1, 1), ("100/d", 100, 86400)],
)
def test_rates_read_like_the_settings_write_them(text, count, seconds):
    assert throttle.Rate.parse(text) == throttle.Rate(count, seconds)


@pytest.mark.parametrize("text", ["", "5", "0/h", "5/0m", "five/h", "5/w", "-1/h"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(ValueError):
        throttle.Rate.parse(text)


def test_the_request_over_the_limit_is_refused_until_the_window_ends():
    with time_machine.travel(START, tick=False):
        for _ in range(3):
            throttle.check("thu", {"address:1.2.3.4": "3/m"})
        with pytest.raises(throttle.Throttled) as refused:
            throttle.check("thu", {"address:1.2.3.4": "3/m"})
        assert refused.value.retry_after == 60
        throttle.check("thu", {"address:5.6.7.8": "3/m"})  # another client counts apart
        throttle.check("khac", {"address:1.2.3.4": "3/m"})  # and so does another scope
    with time_machine.travel(START + datetime.timedelta(seconds=45), tick=False):
        with pytest.raises(throttle.Throttled) as refused:
            throttle.check("thu", {"address:1.2.3.4": "3/m"})
        assert refused.value.retry_after == 15
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        throttle.check("thu", {"address:1.2.3.4": "3/m"})


def test_ended_windows_are_forgotten():
    with time_machine.travel(START, tick=False):
        throttle.check("thu", {"a": "3/m", "b": "3/m"})
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        throttle.check("thu", {"c": "3/m"})
    assert ThrottleCounter.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises writers: nothing to race",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see tests/core/test_backup.py
def test_concurrent_requests_are_all_counted():
    """Ten requests at the same moment against 5/h: exactly five pass, none is lost."""
    barrier = threading.Barrier(10)
    passed, refused, errors = [], [], []

    def request():
        try:
            barrier.wait(timeout=10)
            throttle.check("dong-thoi", {"address:10.0.0.7": "5/h"})
            passed.append(1)
        except throttle.Throttled:
            refused.append(1)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(10)]
    with time_machine.travel(START, tick=False):  # all in one window
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert (len(passed), len(refused)) == (5, 5)
    # Every request up to the first refusal is counted (none lost); a thread that came after
    # a refusal was seen is refused without another write.
    assert 6 <= ThrottleCounter.objects.get().count <= 10


def test_a_refused_window_is_refused_again_without_a_write(django_assert_num_queries):
    with time_machine.travel(START, tick=False):
        throttle.check("thu", {"address:1.2.3.4": "1/m"})
        with pytest.raises(throttle.Throttled):
            throttle.check("thu", {"address:1.2.3.4": "1/m"})
        with django_assert_num_queries(0), pytest.raises(throttle.Throttled) as refused:
            throttle.check("thu", {"address:1.2.3.4": "1/m"})
        assert refused.value.retry_after == 60
        throttle.check("thu", {"address:5.6.7.8": "1/m"})  # another client is still counted
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        throttle.check("thu", {"address:1.2.3.4": "1/m"})  # a new window


# Password reset -----------------------------------------------------------------------------


@pytest.fixture
def person(province_tree, make_member):
    return make_member(
        province_tree["health"],
        role=Membership.Role.LEADER,
        username="lan",
        email="lan@syt.thanhhoa.gov.vn",
    )


def ask_reset(email, address="10.0.0.7"):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_password_reset_requests_for_one_address_are_limited(settings, person):
    settings.THROTTLE_PASSWORD_RESET_PER_ACCOUNT = "2/h"
    with time_machine.travel(START, tick=False):
        assert ask_reset("lan@syt.thanhhoa.gov.vn").status_code == 302
        assert ask_reset("LAN@syt.thanhhoa.gov.vn", address="10.0.0.8").status_code == 302
        refused = ask_reset("lan@syt.thanhhoa.gov.vn", address="10.0.0.9")
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "Bạn đã gửi quá nhiều yêu cầu. Hãy thử lại sau 60 phút." in page
        assert "<nav" in page
        assert refused["Retry-After"] == "3600"
        assert len(mail.outbox) == 2
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        assert ask_reset("lan@syt.thanhhoa.gov.vn").status_code == 302
        assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_client_address_are_limited(settings, person):
    settings.THROTTLE_PASSWORD_RESET_PER_ADDRESS = "3/h"
    with time_machine.travel(START, tick=False):
        for number in range(3):
            assert ask_reset(f"nguoi{number}@example.vn").status_code == 302
        assert ask_reset("lan@syt.thanhhoa.gov.vn").status_code == 429
        assert mail.outbox == []
        assert ask_reset("lan@syt.thanhhoa.gov.vn", address="10.0.0.8").status_code == 302
        assert len(mail.outbox) == 1


def test_unknown_and_known_addresses_are_limited_alike(settings, person):
    settings.THROTTLE_PASSWORD_RESET_PER_ACCOUNT = "1/h"
    with time_machine.travel(START, tick=False):
        ask_reset("khong-co@example.vn")
        ask_reset("lan@syt.thanhhoa.gov.vn")
        assert ask_reset("khong-co@example.vn").status_code == 429
        assert ask_reset("lan@syt.thanhhoa.gov.vn").status_code == 429


# The API's token exchange -------------------------------------------------------------------


def ask_token(username, password, address="10.0.0.7"):
    return Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_token_requests_are_limited_per_account_with_the_api_error_shape(settings, person):
    settings.THROTTLE_TOKEN_PER_ACCOUNT = "2/10m"
    with time_machine.travel(START, tick=False):
        assert ask_token("lan", PASSWORD).status_code == 200
        assert ask_token("lan", PASSWORD, address="10.0.0.8").status_code == 200
        refused = ask_token("lan", PASSWORD, address="10.0.0.9")
        assert refused.status_code == 429
        assert refused.json() == {
            "detail": "Quá nhiều yêu cầu. Hãy thử lại sau 10 phút.",
            "errors": {},
        }
        assert refused["Retry-After"] == "600"


def test_token_requests_are_limited_per_address(settings, person):
    settings.THROTTLE_TOKEN_PER_ADDRESS = "2/10m"
    with time_machine.travel(START, tick=False):
        assert ask_token("an", "x").status_code == 401
        assert ask_token("binh", "x").status_code == 401
        assert ask_token("lan", PASSWORD).status_code == 429
        assert ask_token("lan", PASSWORD, address="10.0.0.8").status_code == 200
