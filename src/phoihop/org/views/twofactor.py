"""Two-factor sign-in pages: the code step after the password, setting up, turning off.

The password step is the ordinary login view; org.middleware.TwoFactorMiddleware sends a
session that still needs its second factor here. Pages that show a secret or recovery codes are
never cached.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import services, twofactor
from ..forms import CodeForm, PasswordConfirmForm

FEW_RECOVERY_CODES = 3


def _next_url(request) -> str:
    """Where to go once done: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _mark_verified(request, device) -> None:
    # A new session key at the moment the session gains full rights (no fixation).
    request.session.cycle_key()
    otp_login(request, device)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if request.user.is_verified() or not twofactor.has_two_factor(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = services.verify_second_factor(
                user=request.user, code=form.cleaned_data["code"]
            )
        except services.TwoFactorThrottled as exc:
            wait = max(1, int((exc.until - timezone.now()).total_seconds()) + 1)
            form.add_error(
                "code",
                _("Bạn đã nhập sai nhiều lần. Hãy thử lại sau %(seconds)d giây.")
                % {"seconds": wait},
            )
        else:
            if device is not None:
                _mark_verified(request, device)
                _warn_if_few_recovery_codes(request, device)
                return redirect(_next_url(request))
            form.add_error("code", _("Mã không đúng hoặc đã được dùng. Hãy nhập mã mới."))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "registration/two_factor_verify.html", context)


def _warn_if_few_recovery_codes(request, device) -> None:
    if not isinstance(device, StaticDevice):
        return
    left = device.token_set.count()
    if left <= FEW_RECOVERY_CODES:
        messages.warning(
            request,
            _(
                "Bạn còn %(left)d mã khôi phục. Hãy thiết lập lại xác thực hai bước ở trang hồ "
                "sơ để nhận mã mới."
            )
            % {"left": left},
        )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def setup(request):
    """Show a new secret and its QR code; the first correct code turns two-factor sign-in on
    and shows the recovery codes, once."""
    key = request.session.get(twofactor.SETUP_SESSION_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = request.session[twofactor.SETUP_SESSION_KEY] = twofactor.new_secret()
    form = CodeForm(request.POST if request.method == "POST" else None)
    form.fields["code"].widget.attrs["inputmode"] = "numeric"
    if form.is_valid():
        step = twofactor.setup_code_step(key, form.cleaned_data["code"])
        if step is not None:
            codes = services.enable_two_factor(
                user=request.user, key=key, step=step, by=request.user
            )
            del request.session[twofactor.SETUP_SESSION_KEY]
            _mark_verified(request, TOTPDevice.objects.get(user=request.user, confirmed=True))
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "registration/two_factor_codes.html", context)
        form.add_error(
            "code",
            _("Mã không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã đang hiển thị."),
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": twofactor.secret_for_typing(key),
        "qr_code": twofactor.qr_code_data_uri(twofactor.provisioning_uri(request.user, key)),
        "required": twofactor.two_factor_required(request.user),
        "enabled": twofactor.has_two_factor(request.user),
    }
    return render(request, "registration/two_factor_setup.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def disable(request):
    """Turning two-factor sign-in off needs the password again; administrators cannot."""
    if not twofactor.has_two_factor(request.user):
        return redirect("profile")
    required = twofactor.two_factor_required(request.user)
    form = PasswordConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and not required:
        if request.user.check_password(form.cleaned_data["password"]):
            services.disable_two_factor(user=request.user, by=request.user)
            messages.success(request, _("Đã tắt xác thực hai bước."))
            return redirect("profile")
        form.add_error("password", _("Mật khẩu không đúng."))
    context = {"form": form, "required": required}
    return render(request, "registration/two_factor_disable.html", context)
