"""Signing in and out, passwords, and one's own profile with personal API tokens.

Django's auth views do the heavy lifting; the templates have their own names because
django.contrib.admin (installed first) ships `registration/password_*.html` that would win.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from phoihop.core import audit, throttle
from phoihop.core.audit import Action
from phoihop.core.forms import BoundaryValidationMixin, ValidatedForm, apply_boundary_rules
from phoihop.core.htmx import render_page

from .. import services, twofactor
from ..models import ApiToken

User = get_user_model()


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form; errors for fields the form lacks go on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)


def style_form(form: forms.Form) -> forms.Form:
    """Bootstrap classes on every widget, and `is-invalid` where the field has an error."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form


class StyledFormMixin:
    """Django's auth forms with our styling and the boundary rules every form has."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        apply_boundary_rules(form, User)
        return style_form(form)


# Signing in and out -----------------------------------------------------------------------------


class LoginForm(BoundaryValidationMixin, AuthenticationForm):
    column_model = User
    error_messages = {
        "invalid_login": gettext_lazy(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và "
            "chữ thường."
        ),
        "inactive": gettext_lazy("Tài khoản này đã bị khóa. Hãy liên hệ quản trị của đơn vị."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class LoginView(StyledFormMixin, auth_views.LoginView):
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


class ResetRequestForm(BoundaryValidationMixin, PasswordResetForm):
    column_model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Thư điện tử")

    def get_users(self, email):
        """Active people with this address, including those who never set a password: people
        added by an administrator start without one and set it through this e-mail."""
        wanted = email.casefold()
        for person in User._default_manager.filter(email__iexact=email, is_active=True):
            if (person.email or "").casefold() == wanted:
                yield person


class PasswordResetView(StyledFormMixin, auth_views.PasswordResetView):
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


class PasswordResetConfirmView(StyledFormMixin, auth_views.PasswordResetConfirmView):
    template_name = "registration/reset_confirm.html"
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


class ChangePasswordForm(BoundaryValidationMixin, PasswordChangeForm):
    keep_api_tokens = forms.BooleanField(
        label=gettext_lazy("Giữ các mã truy cập API"),
        required=False,
        help_text=gettext_lazy(
            "Nếu không chọn, mọi mã truy cập API của bạn bị thu hồi cùng mật khẩu cũ."
        ),
    )


class PasswordChangeView(StyledFormMixin, auth_views.PasswordChangeView):
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


class ProfileForm(ValidatedForm):
    column_model = User

    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=40, required=False)


class TokenForm(ValidatedForm):
    column_model = ApiToken

    # Days a new token lasts; "" never expires.
    EXPIRY_CHOICES = [
        ("30", gettext_lazy("30 ngày")),
        ("90", gettext_lazy("90 ngày")),
        ("365", gettext_lazy("1 năm")),
        ("", gettext_lazy("Không hết hạn")),
    ]

    name = forms.CharField(
        label=gettext_lazy("Tên mã truy cập"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: «Bảng tính tổng hợp» — để sau này biết mã dùng ở đâu."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Quyền"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        required=False,  # left out: the least privilege
        help_text=gettext_lazy("Mã chỉ đọc không thể tạo, sửa hay xóa dữ liệu."),
    )
    expires_in = forms.ChoiceField(
        label=gettext_lazy("Thời hạn"), choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None


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
        "profile_form": style_form(profile_form or ProfileForm(initial=initial)),
        "token_form": style_form(token_form or TokenForm()),
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
        try:
            services.update_profile(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
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
        try:
            _token, raw = services.create_api_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"] or ApiToken.Scope.READ,
                expires_at=form.expires_at(),
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
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
