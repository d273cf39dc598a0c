"""A refusal the throttle has decided, answered again before Django runs (ADR 0038).

A page view that refused a client for exceeding a limit (core.throttle) marks its 429 response
(`replayable`). The WSGI layer (`ReplayRefusals`, around the application in phoihop/wsgi.py)
then keeps that answer, as the client received it (status, headers, body, after every
middleware), and gives it again to the same client address for the same method and path until
the window ends, with `Retry-After` counted down: no request object, no session, CSRF or
middleware chain, no URL resolution, view, template or query.

Why: a flood from one address is hundreds of requests a second that the throttle already
refuses, each through Django's whole request cycle (~1 ms of a sync worker); on a small server
that share of the cores is taken from the staff's pages. A dictionary lookup costs ~µs.

What it does not change: the limits are counted as before (every request up to the first
refusal, in the database, across workers); this only answers again what a process has
already answered. The memory is per process, bounded (`MAX_ENTRIES`), and kept only for
limits' refusals, not for a honeypot (a robot behind a shared address must not lock its
neighbours out), and not for a response that sets a cookie. The body names the minutes to
wait; when that number would change, the request goes through Django once more (refused
from the throttle's per-process memory, without a write) and the new answer is kept.
A refused address gets the refusal for every request of that method to that path (for the
portal's lookup: the empty lookup form too, until the window ends).
"""

import math
import time
from dataclasses import dataclass

from .middleware import client_address

# Beyond this many remembered refusals (a flood from many addresses at once), new ones are not
# kept: Django still refuses them, from the throttle's cache, without a database write.
MAX_ENTRIES = 10_000
_clock = time.monotonic  # tests move it


def retry_minutes(seconds: int) -> int:
    """The minutes a refusal asks the client to wait, as its page says them."""
    return max(1, math.ceil(seconds / 60))


def replayable(response, retry_after: int):
    """Mark a 429 response of a limit's refusal as one the WSGI layer may give again to the
    same client, method and path for `retry_after` seconds."""
    response.replay_seconds = retry_after
    return response


@dataclass(frozen=True)
class _Refusal:
    until: float  # the clock (time.monotonic) when the window ends
    minutes: int  # the minutes the body names
    status: str
    headers: list[tuple[str, str]]  # without Retry-After, which is counted down
    body: bytes


_refused: dict[tuple, _Refusal] = {}


def forget_all() -> None:
    """Clear this process's memory (tests)."""
    _refused.clear()


def _key(environ) -> tuple:
    return (
        environ.get("REQUEST_METHOD", ""),
        environ.get("PATH_INFO", ""),
        client_address(environ) or "unknown",
    )


def _replay(key, start_response):
    refusal = _refused.get(key)
    if refusal is None:
        return None
    left = refusal.until - _clock()
    if left <= 0:
        del _refused[key]
        return None
    wait = math.ceil(left)
    if retry_minutes(wait) != refusal.minutes:
        return None  # the body would name the wrong minutes: Django answers and it is kept anew
    start_response(refusal.status, [*refusal.headers, ("Retry-After", str(wait))])
    return [refusal.body]


def _keep(key, response) -> None:
    seconds = getattr(response, "replay_seconds", None)
    if not seconds or response.streaming or response.cookies:
        return
    now = _clock()
    if key not in _refused and len(_refused) >= MAX_ENTRIES:
        for stale in [k for k, r in _refused.items() if r.until <= now]:
            del _refused[stale]
        if len(_refused) >= MAX_ENTRIES:
            return
    _refused[key] = _Refusal(
        until=now + seconds,
        minutes=retry_minutes(seconds),
        status=f"{response.status_code} {response.reason_phrase}",
        headers=[(k, v) for k, v in response.items() if k.lower() != "retry-after"],
        body=response.content,
    )


class ReplayRefusals:
    """WSGI middleware: a remembered refusal is answered here; anything else goes to Django,
    and a refusal Django marks `replayable` is remembered on the way out."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = _key(environ)
        replayed = _replay(key, start_response)
        if replayed is not None:
            return replayed
        response = self.application(environ, start_response)
        _keep(key, response)
        return response
