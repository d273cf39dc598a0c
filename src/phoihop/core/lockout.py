"""Sign-in lockout (django-axes) and the audit of every sign-in, failure and lockout.

Failures are counted per *username and address* (AXES_FAILURE_LIMIT within AXES_COOLOFF_TIME):
a stranger who guesses a person's password from their own machine locks only that pair, so they
cannot lock the person out of every office at will. An address whose failures, for any
usernames, reach LOGIN_FAILURES_PER_ADDRESS is locked for every account, which stops password
spraying from one place. A locked attempt is refused before the password is checked, even when
it is right, and is not counted: the lockout ends when it said it would.

Every path that signs in goes through `django.contrib.auth.authenticate(request, ...)`: the login
page, the admin's and the API's token exchange, so all of them are covered.
"""

import math

import axes.signals  # noqa: F401  (axes' receivers first: see audit_login_failed)
from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .api import error_body
from .throttle import retry_minutes, too_many_requests

Action = audit.Action
USERNAME_MAX_LENGTH = 150


def attempted_username(request, credentials) -> str:
    """The username as typed, made safe to store (axes keeps it in a table): no NUL, bounded."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = getattr(request, "POST", {}).get("username")
    return str(raw or "").replace("\0", "")[:USERNAME_MAX_LENGTH]


class LockoutBackend(AxesStandaloneBackend):
    """axes' check before Django's ModelBackend. Marks the request as a sign-in with credentials
    (only those are audited: a session opened without them, as the test client's force_login
    does, is not a sign-in attempt), and an attempt refused because of an existing lockout, so
    the audit can tell it from the failure that caused the lockout."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            request.credentials_checked = True
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.refused_while_locked_out = True
            raise


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a second, higher limit per address (see the module doc)."""

    def _recent(self, request):
        return AccessAttempt.objects.filter(attempt_time__gte=_cool_off_start(request))

    def _address_failures(self, request) -> int:
        failures = self._recent(request).filter(ip_address=request.axes_ip_address)
        return failures.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials=None) -> int:
        """Failures of this username from this address; an address past its own limit counts
        as locked for every username."""
        failures = super().get_failures(request, credentials)
        if self._address_failures(request) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def seconds_left(self, request, credentials=None) -> int:
        """Until the lockout ends: the newest counted failure (of the pair, or of the address
        when that is what is locked) leaves the cool-off window."""
        recent = self._recent(request).filter(ip_address=request.axes_ip_address)
        pair = recent.filter(username=get_client_username(request, credentials))
        pair_failures = pair.aggregate(total=Sum("failures_since_start"))["total"] or 0
        locking = pair if pair_failures >= get_failure_limit(request, credentials) else recent
        newest = locking.aggregate(newest=Max("attempt_time"))["newest"]
        if newest is None:
            return 60
        left = newest + get_cool_off(request) - timezone.now()
        return max(1, math.ceil(left.total_seconds()))


def _cool_off_start(request):
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    return attempt_time - get_cool_off(request)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the 429 page, or the API's error shape under /api/."""
    seconds = LockoutHandler().seconds_left(request, credentials)
    message = _("Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau %(minutes)s phút.") % {
        "minutes": retry_minutes(seconds)
    }
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(message), status=429)
        response["Retry-After"] = str(seconds)
        return response
    return too_many_requests(request, seconds, message=message)


# The audit of sign-in events. These are signal receivers on purpose: signing in is not a domain
# flow with a service of ours (Django and its admin authenticate, axes locks out), and the
# signals are the one place every sign-in path passes.


def _account(username: str):
    User = get_user_model()
    return User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="phoihop_audit_login")
def audit_login(sender, request, user, **kwargs):
    if not getattr(request, "credentials_checked", False):
        return
    audit.record_sign_in(action=Action.LOGIN, username=user.get_username(), user=user, by=user)


@receiver(user_login_failed, dispatch_uid="phoihop_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    """The failure, then the lockout it caused if any. axes' own receiver has run already
    (axes.signals is imported above, before this one is connected) and flagged the request."""
    username = attempted_username(request, credentials)
    account = _account(username)
    refused = getattr(request, "refused_while_locked_out", False)
    audit.record_sign_in(
        action=Action.LOGIN_FAILED,
        username=username,
        user=account,
        message=_("Bị từ chối vì đang tạm khóa")
        if refused
        else _("Sai tên đăng nhập hoặc mật khẩu"),
    )
    if getattr(request, "axes_locked_out", False) and not refused:
        minutes = retry_minutes(int(get_cool_off(request).total_seconds()))
        audit.record_sign_in(
            action=Action.LOCKOUT,
            username=username,
            user=account,
            message=_("Tạm khóa %(minutes)s phút do đăng nhập sai nhiều lần")
            % {"minutes": minutes},
        )
