"""Tokens and the current user: POST /auth/token, GET and PATCH /me."""

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from phoihop.core.api import ErrorOut, InputSchema
from phoihop.plans.selectors import calendar_url_for

from .. import permissions, services
from ..models import User

router = Router(tags=["auth"])


class TokenIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)
    name: str = Field(
        "", max_length=100, description="Tên gợi nhớ của mã; mặc định ghi ngày giờ tạo."
    )


class TokenOut(Schema):
    token: str = Field(..., description="Mã truy cập, chỉ trả về một lần: hãy lưu lại ngay.")
    name: str


class MembershipOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    role_label: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    position: str
    phone: str
    is_system_admin: bool
    memberships: list[MembershipOut]
    calendar_url: str = Field(description="Địa chỉ lịch iCalendar riêng (hạn nhiệm vụ, mốc)")


class MeIn(InputSchema):
    """Only the fields sent are changed."""

    full_name: str = Field(None, min_length=1, max_length=150)
    email: str = Field(None, max_length=254)
    position: str = Field(None, max_length=150)
    phone: str = Field(None, max_length=40)


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut},
    summary="Đổi tên đăng nhập và mật khẩu lấy mã truy cập",
)
def create_token(request, payload: TokenIn):
    """Dùng mã trả về trong tiêu đề `Authorization: Bearer <mã>`. Mã có thể thu hồi ở trang hồ
    sơ cá nhân."""
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    name = payload.name.strip() or f"API {timezone.localtime():%d/%m/%Y %H:%M}"
    token, raw = services.create_api_token(user=user, name=name, by=user)
    return {"token": raw, "name": token.name}


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
        "calendar_url": calendar_url_for(user),
        "memberships": [
            {
                "organization_id": m.organization_id,
                "organization_name": m.organization.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in memberships
        ],
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
