"""POST /api/v1/directives/extract within bounds: text length, citations returned, calls."""

import datetime

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/api/v1/directives/extract"
CITATION = "Nghị quyết 20-NQ/TW. "
START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def api(admin_user):
    client = Client(REMOTE_ADDR="10.0.0.7")
    client.force_login(admin_user)
    return client


def extract(client, text):
    return client.post(URL, {"text": text}, content_type="application/json")


def test_text_over_the_configured_length_is_refused_with_the_api_error_shape(api, settings):
    settings.TEXT_INPUT_MAX_CHARS = 1000
    assert extract(api, "a" * 1000).status_code == 200
    response = extract(api, "a" * 1001)
    assert response.status_code == 413
    assert response.json() == {
        "detail": "Văn bản quá dài.",
        "errors": {"text": ["Văn bản dài quá 1.000 ký tự; hãy gửi từng phần."]},
    }


def test_the_default_limit_refuses_a_megabyte_quickly(api):
    response = extract(api, CITATION * 45_000)  # ~1 MB: 5 s of work and 23 MB out before
    assert response.status_code == 413


def test_citations_returned_are_capped_and_say_so(api, settings):
    settings.TEXT_OUTPUT_MAX_ITEMS = 3
    body = extract(api, CITATION * 5).json()
    assert (body["count"], len(body["items"]), body["truncated"]) == (3, 3, True)
    assert [item["symbol"] for item in body["items"]] == ["20-NQ/TW"] * 3

    exact = extract(api, CITATION * 3).json()
    assert (exact["count"], exact["truncated"]) == (3, False)


def test_calls_per_account_are_limited(api, settings, admin_user):
    settings.THROTTLE_TEXT_PER_ACCOUNT = "2/m"
    with time_machine.travel(START, tick=False):
        assert extract(api, CITATION).status_code == 200
        other_address = Client(REMOTE_ADDR="10.0.0.8")
        other_address.force_login(admin_user)
        assert extract(other_address, CITATION).status_code == 200
        refused = extract(api, CITATION)
        assert refused.status_code == 429
        assert refused.json() == {
            "detail": "Quá nhiều yêu cầu. Hãy thử lại sau 1 phút.",
            "errors": {},
        }
        assert refused["Retry-After"] == "60"
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert extract(api, CITATION).status_code == 200


def test_calls_per_address_are_limited(api, settings, make_member, province_tree):
    settings.THROTTLE_TEXT_PER_ADDRESS = "1/m"
    with time_machine.travel(START, tick=False):
        assert extract(api, CITATION).status_code == 200
        colleague = Client(REMOTE_ADDR="10.0.0.7")
        colleague.force_login(make_member(province_tree["health"]))
        assert extract(colleague, CITATION).status_code == 429
