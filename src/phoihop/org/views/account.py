"""Signing in and out, passwords, and one's own profile with personal API tokens.

Django's auth views do the heavy lifting; the templates have their own names because
django.contrib.admin (installed first) ships `registration/password_*.html` that would win.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from phoihop.core import audit, throttle
from phoihop.core.audit import Action
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page

from .. import services, twofactor
from ..forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ResetRequestForm,
    SetNewPasswordForm,
    TokenForm,
)
from ..models import ApiToken

User = get_user_model()


# Signing in and out -----------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    # Signing in, failing and being locked out are audited by receivers in core/lockout.py,
    # which also cover the admin's login page and the API's token exchange.


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Bạn đã đăng xuất."))
        return response


# Passwords --------------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/reset_request.html"
    email_template_name = "registration/reset_email.html"
    subject_template_name = "registration/reset_subject.txt"
    form_class = ResetRequestForm
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = {"site_name": "phoihop"}

    def form_valid(self, form):
        # Counted per address asked for whether or not it has an account: no oracle, and no
        # flood of e-mails to one person. Over the limit: the 429 page (core.throttle).
        throttle.limit(
            self.request,
            "password-reset",
            account=form.cleaned_data["email"],
            per_address=settings.THROTTLE_PASSWORD_RESET_PER_ADDRESS,
            per_account=settings.THROTTLE_PASSWORD_RESET_PER_ACCOUNT,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/reset_confirm.html"
    form_class = SetNewPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            action=Action.UPDATE, obj=form.user, by=form.user, message=_("Đặt lại mật khẩu")
        )
        # Whoever reset the password may not be whoever made the tokens: none survive it.
        services.revoke_api_tokens(
            user=form.user, by=form.user, reason=_("Thu hồi khi đặt lại mật khẩu")
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/change_password.html"
    success_url = reverse_lazy("profile")
    form_class = ChangePasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(action=Action.UPDATE, obj=form.user, by=form.user, message=_("Đổi mật khẩu"))
        messages.success(self.request, _("Đã đổi mật khẩu."))
        if not form.cleaned_data.get("keep_api_tokens"):
            revoked = services.revoke_api_tokens(
                user=form.user, by=form.user, reason=_("Thu hồi khi đổi mật khẩu")
            )
            if revoked:
                messages.info(
                    self.request, _("Đã thu hồi %(count)d mã truy cập API.") % {"count": revoked}
                )
        return response


login_view = LoginView.as_view()
logout_view = LogoutView.as_view()
password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/reset_sent.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/reset_complete.html"
)
password_change = PasswordChangeView.as_view()


# Profile and API tokens -------------------------------------------------------------------------


def _two_factor_status(person) -> dict:
    since = twofactor.two_factor_since(person) if person.two_factor else None
    return {
        "since": since,
        "required": twofactor.two_factor_required(person),
        "codes_left": twofactor.recovery_codes_left(person) if since else 0,
    }


def _render_profile(request, *, profile_form=None, token_form=None, new_token=None):
    person = request.user
    initial = {name: getattr(person, name) for name in ProfileForm.base_fields}
    context = {
        "profile_form": profile_form or ProfileForm(initial=initial),
        "token_form": token_form or TokenForm(),
        "new_token": new_token,
        "memberships": person.memberships.select_related("organization").order_by(
            "organization__path"
        ),
        "tokens": person.api_tokens.all(),
        "two_factor": _two_factor_status(person),
    }
    return render_page(request, "org/profile.html", context, fragment="tokens")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method != "POST":
        return _render_profile(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        # A fresh copy: a refused change must not leave bad values on request.user.
        person = User._default_manager.get(pk=request.user.pk)
        if call_service(
            form, services.update_profile, person=person, by=request.user, **form.cleaned_data
        ):
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("profile")
    return _render_profile(request, profile_form=form)


@login_required
@never_cache  # the page carries a raw token exactly once: never keep it in a cache
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    raw = None
    if form.is_valid():
        created = call_service(
            form,
            services.create_api_token,
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"] or ApiToken.Scope.READ,
            expires_at=form.expires_at(),
            by=request.user,
        )
        raw = created[1] if created else None
    return _render_profile(request, token_form=TokenForm() if raw else form, new_token=raw)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(token=token, by=request.user)
    if getattr(request, "htmx", False):
        return _render_profile(request)
    messages.success(request, _("Đã thu hồi mã truy cập «%(name)s».") % {"name": token.name})
    return redirect("profile")
