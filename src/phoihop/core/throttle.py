"""Rate limits: N requests per window, per client address and per account.

One mechanism for every endpoint that costs a lot or guards a secret (password reset, the API
token exchange, text processing) and for the public portal to come:

    throttle.limit(request, "password-reset", account=email,
                   per_address=settings.THROTTLE_PASSWORD_RESET_PER_ADDRESS,
                   per_account=settings.THROTTLE_PASSWORD_RESET_PER_ACCOUNT)

raises `Throttled` once a limit is exceeded; pages answer it with the Vietnamese 429 page
(`ThrottleMiddleware`), the API with its error shape and status 429 (core.api). Both carry
`Retry-After`.

Counts live in the database (`ThrottleCounter`) in fixed windows: shared by every worker and
server, and incremented atomically (`count = count + 1`). django-ratelimit was the library to
use, but it needs memcached or Redis for that — Django's default cache is per process and the
database cache increments by read-then-write — and phoihop runs without a cache server.
Sign-in failures are not counted here: django-axes locks those out (core/lockout.py). Once a
window is refused, each process answers that client's next requests in it from its own cache
(Django's default, per process), without a database write: a flood is refused cheaply; a
page may also let the WSGI layer answer that client's next requests to it before Django runs
(core.refusals, ADR 0038: the portal does).
"""

import datetime
import hashlib
import math
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .middleware import client_ip
from .models import ThrottleCounter
from .refusals import retry_minutes

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"(?P<count>[1-9]\d*)/(?P<multiple>\d*)(?P<unit>[smhd])")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "5/h" = five an hour, "30/10m" = thirty every ten minutes."""
        match = _RATE.fullmatch(text.strip())
        if not match or match["multiple"] == "0":
            raise ValueError(f"not a rate: {text!r} (write it like 5/h or 30/10m)")
        seconds = _PERIODS[match["unit"]] * int(match["multiple"] or 1)
        return cls(count=int(match["count"]), seconds=seconds)


class Throttled(Exception):
    """Too many requests; the client may try again after `retry_after` seconds. `counted`: a
    limit's refusal (the same client is refused until the window ends), not a one-off such as
    a filled honeypot."""

    def __init__(self, retry_after: int, *, counted: bool = False):
        super().__init__(f"rate limit exceeded, retry after {retry_after} s")
        self.retry_after = retry_after
        self.counted = counted


def limit(request, scope: str, *, per_address: str, per_account: str = "", account=None) -> None:
    """Count this request for its client address and, when given, the account it is about
    (a username, an e-mail address, a user); raise Throttled if either limit is exceeded."""
    limits = {"address:" + (client_ip(request) or "unknown"): per_address}
    if account is not None and per_account:
        limits["account:" + _account_key(account)] = per_account
    check(scope, limits)


def check(scope: str, limits: dict[str, str]) -> None:
    """Count one request against each `{client: rate}` of `scope`. Every limit is counted even
    when an earlier one is already exceeded, so each count stays true up to its own refusal."""
    waits = [_hit(scope, client, Rate.parse(rate)) for client, rate in limits.items()]
    if max(waits, default=0):
        raise Throttled(max(waits), counted=True)


def _account_key(account) -> str:
    if getattr(account, "pk", None) is not None:
        return f"user:{account.pk}"
    return str(account).strip().casefold()


def _hit(scope: str, client: str, rate: Rate) -> int:
    """Count one request; the seconds until its window ends if over the limit, else 0.

    A window this process has already refused is refused again without touching the database
    (the process's cache remembers it until the window ends): its count only grows, so the
    answer cannot change, and a flood from one address must not cost a write per request.
    Every request up to the first refusal is counted, so the limit holds across workers."""
    now = timezone.now()
    stamp = int(now.timestamp())
    start = stamp - stamp % rate.seconds
    ends = datetime.datetime.fromtimestamp(start + rate.seconds, tz=datetime.UTC)
    wait = max(1, math.ceil((ends - now).total_seconds()))
    digest = hashlib.sha256(
        f"{scope}|{rate.count}/{rate.seconds}|{client}|{start}".encode()
    ).hexdigest()
    refused = f"throttle-refused:{digest}"
    if cache.get(refused):
        return wait
    counters = ThrottleCounter.objects.filter(key=digest)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            _open_window(digest, ends, now)
        count = counters.values_list("count", flat=True).get()
    if count <= rate.count:
        return 0
    cache.set(refused, True, wait)
    return wait


def _open_window(key: str, ends: datetime.datetime, now: datetime.datetime) -> None:
    try:
        with transaction.atomic():
            ThrottleCounter.objects.create(key=key, window_ends=ends, count=1)
    except IntegrityError:  # another request opened the same window a moment ago
        ThrottleCounter.objects.filter(key=key).update(count=F("count") + 1)
        return
    # Once per client and window: forget the windows that have ended.
    ThrottleCounter.objects.filter(window_ends__lte=now).delete()


def too_many_requests(request, retry_after: int, *, message: str = "", template="429.html"):
    """The Vietnamese 429 page in the site's layout (or `template`: the portal's is a small
    page of its own, drawn cheaply for a flood)."""
    minutes = retry_minutes(retry_after)
    context = {
        "message": message
        or _("Bạn đã gửi quá nhiều yêu cầu. Hãy thử lại sau %(minutes)s phút.")
        % {"minutes": minutes},
        "minutes": minutes,
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class ThrottleMiddleware:
    """Answers `Throttled` raised by a page view with the 429 page (the API answers it itself)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Throttled):
            return too_many_requests(request, exception.retry_after)
        return None
