"""Every page needs the second factor from those who have one, and from administrators.

After the password step a session is signed in but not yet verified (django-otp's
OTPMiddleware sets `user.is_verified()`). Until it is, a person with an authenticator is sent to
the code step, and a system or organisation administrator without one to the set-up page
(when OTP_REQUIRED_FOR_ADMINS); only those pages, signing out and static files stay open. The
Django admin is behind the same rule, so its own login form cannot skip the second step.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import twofactor

VERIFY, SET_UP = "two_factor_verify", "two_factor_setup"


def pending_step(user) -> str | None:
    """The page an unverified session must go through first, or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    # The flag on the user row spares most requests a query; the devices decide.
    if user.two_factor and twofactor.has_two_factor(user):
        return VERIFY
    if twofactor.two_factor_required(user):
        return SET_UP
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = pending_step(request.user)
        if step is None or self._always_open(request.path, step):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            # Not signed in as far as the API is concerned; a bearer token still works.
            request.user = AnonymousUser()
            return self.get_response(request)
        return self._send_to(request, step)

    @staticmethod
    def _always_open(path: str, step: str) -> bool:
        open_paths = {reverse(step), reverse("logout"), reverse("login")}
        return path in open_paths or path.startswith(settings.STATIC_URL)

    @staticmethod
    def _send_to(request, step: str) -> HttpResponse:
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
