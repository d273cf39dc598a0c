"""Tokens and the current user: POST /auth/token, GET and PATCH /me."""

import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from phoihop.core import contributions, throttle
from phoihop.core.api import ErrorOut, InputSchema, one_of

from .. import permissions, services, twofactor
from ..models import User

router = Router(tags=["auth"])


class TokenIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)
    name: str = Field(
        "", max_length=100, description="Tên gợi nhớ của mã; mặc định ghi ngày giờ tạo."
    )
    scope: one_of("read", "read_write") = Field(
        "read_write", description="read: chỉ đọc (mọi lệnh ghi bị từ chối 403); read_write."
    )
    expires_in_days: int | None = Field(
        None, ge=1, le=3650, description="Số ngày mã còn hiệu lực; bỏ trống: không hết hạn."
    )
    otp_code: str = Field(
        "",
        max_length=32,
        description="Mã xác thực hai bước (hoặc mã khôi phục), bắt buộc khi tài khoản đã bật.",
    )


class TokenOut(Schema):
    token: str = Field(..., description="Mã truy cập, chỉ trả về một lần: hãy lưu lại ngay.")
    name: str
    scope: str
    expires_at: datetime.datetime | None


class MembershipOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    role_label: str


class MeBase(Schema):
    id: int
    username: str
    full_name: str
    email: str
    position: str
    phone: str
    is_system_admin: bool
    memberships: list[MembershipOut]


def me_schema() -> type[Schema]:
    """`MeBase` plus the fields other apps register (core.contributions), e.g. plans'
    `calendar_url`. API modules are imported by the URLconf, after every app's `ready()`."""
    extra = {
        field.name: (field.annotation, Field(description=field.description))
        for field in contributions.me_fields()
    }
    return create_model("MeOut", __base__=MeBase, **extra)


MeOut = me_schema()


class MeIn(InputSchema):
    """Only the fields sent are changed."""

    full_name: str = Field(None, min_length=1, max_length=150)
    email: str = Field(None, max_length=254)
    position: str = Field(None, max_length=150)
    phone: str = Field(None, max_length=40)


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Đổi tên đăng nhập và mật khẩu lấy mã truy cập",
)
def create_token(request, payload: TokenIn):
    """Dùng mã trả về trong tiêu đề `Authorization: Bearer <mã>`. Mã có thể thu hồi ở trang hồ
    sơ cá nhân. Đăng nhập sai nhiều lần sẽ bị tạm khóa; gọi quá nhiều lần bị từ chối (429)."""
    throttle.limit(
        request,
        "auth-token",
        account=payload.username,
        per_address=settings.THROTTLE_TOKEN_PER_ADDRESS,
        per_account=settings.THROTTLE_TOKEN_PER_ACCOUNT,
    )
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    _require_second_factor(user, payload.otp_code)
    # A sign-in without a session: audited, clears the failures counted for this account and
    # address (django-axes) and updates last_login, as signing in on the login page does.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    name = payload.name.strip() or f"API {timezone.localtime():%d/%m/%Y %H:%M}"
    expires_at = None
    if payload.expires_in_days:
        expires_at = timezone.now() + datetime.timedelta(days=payload.expires_in_days)
    token, raw = services.create_api_token(
        user=user, name=name, scope=payload.scope, expires_at=expires_at, by=user
    )
    return {"token": raw, "name": token.name, "scope": token.scope, "expires_at": expires_at}


def _require_second_factor(user: User, code: str) -> None:
    """A password alone must not mint a token for an account that signs in with two factors,
    nor for an administrator who has not set them up yet."""
    if twofactor.has_two_factor(user):
        try:
            device = services.verify_second_factor(user=user, code=code)
        except services.TwoFactorThrottled as exc:
            raise HttpError(401, _("Nhập sai mã xác thực nhiều lần: hãy thử lại sau.")) from exc
        if device is None:
            raise HttpError(401, _("Cần mã xác thực hai bước hợp lệ (otp_code)."))
    elif twofactor.two_factor_required(user):
        raise HttpError(
            403, _("Tài khoản quản trị phải bật xác thực hai bước ở trang hồ sơ trước khi tạo mã.")
        )


def _me(user: User) -> dict:
    memberships = user.memberships.select_related("organization").order_by("organization__path")
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "position": user.position,
        "phone": user.phone,
        "is_system_admin": permissions.is_system_admin(user),
        "memberships": [
            {
                "organization_id": m.organization_id,
                "organization_name": m.organization.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships
        ],
        **{field.name: field.resolve(user) for field in contributions.me_fields()},
    }


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Người dùng hiện tại")
def me(request):
    return _me(request.auth)


@router.patch(
    "/me",
    response={200: MeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Sửa hồ sơ của người dùng hiện tại",
)
def update_me(request, payload: MeIn):
    changes = payload.dict(exclude_unset=True)
    # A fresh copy: a refused change must not leave bad values on the request's user.
    person = User.objects.get(pk=request.auth.pk)
    person = services.update_profile(person=person, by=request.auth, **changes)
    return _me(person)
