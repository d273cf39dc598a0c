"""core.refusals: a limit's refusal answered again by the WSGI layer, before Django."""

import pytest
from django.http import HttpResponse

from phoihop.core import refusals


@pytest.fixture(autouse=True)
def clean_memory(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(refusals, "_clock", lambda: now[0])
    refusals.forget_all()
    yield now
    refusals.forget_all()


class Django:
    """Stands for Django's WSGI handler: counts its calls, answers what it is given."""

    def __init__(self, make_response):
        self.calls = 0
        self.make_response = make_response

    def __call__(self, environ, start_response):
        self.calls += 1
        response = self.make_response()
        headers = [
            *response.items(),
            *(("Set-Cookie", c.output(header="")) for c in response.cookies.values()),
        ]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response


def refused(seconds=600, *, mark=True):
    response = HttpResponse("Hãy thử lại sau 10 phút.", status=429)
    response["Retry-After"] = str(seconds)
    response["Content-Security-Policy"] = "default-src 'self'"
    return refusals.replayable(response, seconds) if mark else response


def call(app, path="/portal/track/", method="GET", address="10.0.0.1"):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(
        app({"REQUEST_METHOD": method, "PATH_INFO": path, "REMOTE_ADDR": address}, start_response)
    )
    return answer["status"], answer["headers"], body


def test_a_marked_refusal_is_answered_again_without_django(clean_memory):
    django = Django(refused)
    app = refusals.ReplayRefusals(django)
    first = call(app)
    clean_memory[0] += 25.5
    status, headers, body = call(app)
    assert django.calls == 1
    assert status == "429 Too Many Requests"
    assert headers["Retry-After"] == "575"  # counted down
    assert headers["Content-Security-Policy"] == "default-src 'self'"  # every header kept
    assert body == first[2] == "Hãy thử lại sau 10 phút.".encode()


def test_another_address_method_or_path_goes_to_django():
    django = Django(refused)
    app = refusals.ReplayRefusals(django)
    call(app)
    call(app, address="10.0.0.2")
    call(app, method="POST")
    call(app, path="/portal/send/")
    assert django.calls == 4


def test_an_unmarked_refusal_or_one_setting_a_cookie_is_not_kept():
    def with_cookie():
        response = refused()
        response.set_cookie("csrftoken", "x")
        return response

    for make in (lambda: refused(mark=False), with_cookie):
        django = Django(make)
        app = refusals.ReplayRefusals(django)
        call(app)
        call(app)
        assert django.calls == 2


def test_django_answers_again_when_the_minutes_change_and_after_the_window(clean_memory):
    django = Django(refused)
    app = refusals.ReplayRefusals(django)
    call(app)  # 600 s: "10 minutes"
    clean_memory[0] += 59
    call(app)  # 541 s left: still 10 minutes
    assert django.calls == 1
    clean_memory[0] += 2  # 539 s: 9 minutes; Django answers and that answer is kept
    call(app)
    assert django.calls == 2
    clean_memory[0] += 601
    call(app)
    assert django.calls == 3


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(refusals, "MAX_ENTRIES", 2)
    django = Django(refused)
    app = refusals.ReplayRefusals(django)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        call(app, address=address)
    call(app, address="10.0.0.3")  # not kept: the memory was full
    call(app, address="10.0.0.1")  # kept
    assert django.calls == 4
