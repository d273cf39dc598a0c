"""Writes for areas, organisations, people and memberships.

Every function here checks permission first, then invariants, writes inside one transaction and
leaves one audit entry per changed object. Views, forms and the API only call these.
"""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.core import audit, search
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless

from . import permissions, twofactor
from .models import ApiToken, Area, Field, Membership, Organization, User

ABBREVIATION = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9\-]*$")

# Organisation attributes a caller may set; many-to-many ones are handled apart.
ORGANIZATION_FIELDS = (
    "name",
    "abbreviation",
    "identifier",
    "kind",
    "level",
    "parent",
    "area",
    "email",
    "phone",
    "address",
    "valid_from",
    "valid_to",
)


def validate_organization(
    organization: Organization,
    *,
    fields: Iterable[Field] = (),
    successors: Iterable[Organization] = (),
) -> None:
    """Invariants of one organisation, raised together as field errors in Vietnamese."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    organization.name = (organization.name or "").strip()
    organization.abbreviation = (organization.abbreviation or "").strip().upper()
    organization.identifier = (organization.identifier or "").strip() or None
    if not organization.name:
        add("name", _("Tên tổ chức không được để trống."))
    if organization.kind not in Organization.Kind.values:
        add("kind", _("Loại tổ chức không hợp lệ."))
    if organization.level not in Organization.Level.values:
        add("level", _("Cấp tổ chức không hợp lệ."))
    if organization.abbreviation and not ABBREVIATION.match(organization.abbreviation):
        add(
            "abbreviation",
            _("Ký hiệu chỉ gồm chữ in hoa, chữ số và dấu gạch ngang, ví dụ BTGDVTU, SYT."),
        )
    if (
        organization.valid_from
        and organization.valid_to
        and organization.valid_to < organization.valid_from
    ):
        add("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
    parent = organization.parent
    if (
        parent is not None
        and organization.pk is not None
        and parent.is_within(organization)  # itself or one of its descendants
    ):
        add("parent", _("Không thể chọn chính tổ chức này hoặc đơn vị trực thuộc làm cấp trên."))
    if parent is not None and parent.is_archived and organization.archived_at is None:
        add("parent", _("Tổ chức cấp trên đã được lưu trữ."))
    if organization.identifier:
        clash = Organization.objects.filter(identifier=organization.identifier)
        if organization.pk:
            clash = clash.exclude(pk=organization.pk)
        if clash.exists():
            add("identifier", _("Mã định danh này đã được dùng cho tổ chức khác."))
    if organization.pk and any(s.pk == organization.pk for s in successors):
        add("successors", _("Tổ chức không thể kế thừa chính nó."))
    _check_lengths_and_email(organization, add)
    if errors:
        raise ValidationError(errors)


def _check_lengths_and_email(organization: Organization, add) -> None:
    for name in ("name", "abbreviation", "identifier", "phone", "address", "email"):
        value = getattr(organization, name) or ""
        limit = Organization._meta.get_field(name).max_length
        if len(value) > limit:
            add(name, _("Tối đa %(n)s ký tự.") % {"n": limit})
    if organization.email:
        try:
            validate_email(organization.email)
        except ValidationError:
            add("email", _("Thư điện tử không hợp lệ."))


def _set_path(organization: Organization) -> None:
    parent = organization.parent
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    organization.depth = parent.depth + 1 if parent else 0


def _move_subtree(organization: Organization, old_path: str, old_depth: int) -> None:
    """After a change of parent, rewrite the paths of every descendant in one UPDATE."""
    Organization.objects.filter(path__startswith=old_path).exclude(pk=organization.pk).update(
        path=Concat(Value(organization.path), Substr("path", len(old_path) + 1)),
        depth=F("depth") - old_depth + organization.depth,
    )


@transaction.atomic
def create_organization(
    *,
    by: User,
    fields: Iterable[Field] = (),
    successors: Iterable[Organization] = (),
    **attrs: Any,
) -> Organization:
    unknown = set(attrs) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation attributes: {sorted(unknown)}")
    organization = Organization(**attrs)
    deny_unless(permissions.can_create_organization(by, organization.parent))
    fields, successors = list(fields), list(successors)
    validate_organization(organization, fields=fields, successors=successors)
    organization.save()
    _set_path(organization)
    organization.save(update_fields=["path", "depth"])
    organization.fields.set(fields)
    organization.successors.set(successors)
    after = audit.snapshot(organization, Organization.AUDITED_FIELDS)
    audit.record(
        action=Action.CREATE,
        obj=organization,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=organization,
    )
    search.index(organization)
    return organization


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    by: User,
    fields: Iterable[Field] | None = None,
    successors: Iterable[Organization] | None = None,
    **attrs: Any,
) -> Organization:
    unknown = set(attrs) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation attributes: {sorted(unknown)}")
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    deny_unless(permissions.can_change_organization(by, organization))
    if "parent" in attrs and attrs["parent"] != organization.parent:
        new_parent = attrs["parent"]
        if new_parent is None:
            deny_unless(permissions.is_system_admin(by))  # only they create top-level units
        else:
            deny_unless(permissions.can_change_organization(by, new_parent))
    before = audit.snapshot(organization, Organization.AUDITED_FIELDS)
    old_path, old_depth = organization.path, organization.depth
    for name, value in attrs.items():
        setattr(organization, name, value)
    validate_organization(
        organization,
        fields=fields if fields is not None else (),
        successors=successors if successors is not None else (),
    )
    _set_path(organization)
    organization.save()
    if organization.path != old_path:
        _move_subtree(organization, old_path, old_depth)
    if fields is not None:
        organization.fields.set(list(fields))
    if successors is not None:
        organization.successors.set(list(successors))
    changes = audit.diff(before, audit.snapshot(organization, Organization.AUDITED_FIELDS))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=organization,
            by=by,
            changes=changes,
            organization=organization,
        )
    search.index(organization)
    return organization


@transaction.atomic
def archive_organization(*, organization: Organization, by: User, reason: str = "") -> Organization:
    """Archive instead of delete: reports may still need the organisation."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    deny_unless(permissions.can_archive_organization(by, organization))
    if organization.is_archived:
        raise ValidationError(_("Tổ chức này đã được lưu trữ."))
    active_children = organization.children.filter(archived_at__isnull=True)
    if active_children.exists():
        raise ValidationError(
            _("Cần lưu trữ hoặc chuyển các đơn vị trực thuộc trước: %(names)s.")
            % {"names": ", ".join(active_children.values_list("name", flat=True)[:5])}
        )
    organization.archived_at = timezone.now()
    organization.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        action=Action.ARCHIVE,
        obj=organization,
        by=by,
        changes={"archived_at": [None, organization.archived_at.isoformat()]},
        organization=organization,
        message=reason,
    )
    search.index(organization)
    return organization


@transaction.atomic
def restore_organization(*, organization: Organization, by: User, reason: str = "") -> Organization:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    deny_unless(permissions.can_archive_organization(by, organization))
    if not organization.is_archived:
        raise ValidationError(_("Tổ chức này không ở trạng thái lưu trữ."))
    if organization.parent and organization.parent.is_archived:
        raise ValidationError(_("Cần khôi phục tổ chức cấp trên trước."))
    before = organization.archived_at.isoformat()
    organization.archived_at = None
    organization.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        action=Action.RESTORE,
        obj=organization,
        by=by,
        changes={"archived_at": [before, None]},
        organization=organization,
        message=reason,
    )
    search.index(organization)
    return organization


# People and memberships ------------------------------------------------------------------------


@transaction.atomic
def add_member(
    *,
    organization: Organization,
    by: User,
    role: str,
    user: User | None = None,
    username: str = "",
    full_name: str = "",
    email: str = "",
    position: str = "",
) -> Membership:
    """Give an existing person within the administrator's scope (or a new account, invited by
    e-mail by the caller) a role in the organisation."""
    deny_unless(permissions.can_manage_members(by, organization))
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if organization.is_archived:
        raise ValidationError(_("Tổ chức đã được lưu trữ, không thể thêm thành viên."))
    if user is not None and not permissions.can_view_person(by, user):
        # Outside the administrator's scope: the same answer as an account that does not exist.
        raise ValidationError({"user": [_("Không tìm thấy tài khoản này trong phạm vi của bạn.")]})
    if user is not None and not user.is_active:
        raise ValidationError({"user": [_("Tài khoản này đã bị khóa.")]})
    if user is None:
        user = _create_person(
            by=by,
            username=username,
            full_name=full_name,
            email=email,
            position=position,
            organization=organization,
        )
    if Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError({"user": [_("Người này đã là thành viên của tổ chức.")]})
    membership = Membership.objects.create(user=user, organization=organization, role=role)
    audit.record(
        action=Action.CREATE,
        obj=membership,
        by=by,
        changes={"user": [None, str(user)], "role": [None, membership.get_role_display()]},
        organization=organization,
    )
    return membership


def _create_person(
    *, by: User, username: str, full_name: str, email: str, position: str, organization
) -> User:
    errors: dict[str, list[str]] = {}
    username = username.strip()
    if not username:
        errors["username"] = [_("Tên đăng nhập không được để trống.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập này đã có người dùng.")]
    if not full_name.strip():
        errors["full_name"] = [_("Họ và tên không được để trống.")]
    if errors:
        raise ValidationError(errors)
    person = User(
        username=username, full_name=full_name.strip(), email=email.strip(), position=position
    )
    person.set_unusable_password()  # the person sets it through the password-reset e-mail
    person.full_clean(exclude=["password"])
    person.save()
    audit.record(
        action=Action.CREATE,
        obj=person,
        by=by,
        changes=audit.diff({}, audit.snapshot(person, User.AUDITED_FIELDS)),
        organization=organization,
    )
    search.index(person)
    return person


@transaction.atomic
def change_member_role(*, membership: Membership, role: str, by: User) -> Membership:
    membership = (
        Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
    )
    deny_unless(permissions.can_manage_members(by, membership.organization))
    if role not in Membership.Role.values:
        raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
    if role == membership.role:
        return membership
    if membership.role == Membership.Role.ORG_ADMIN:
        _refuse_losing_admin(membership, by)
    before = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        action=Action.UPDATE,
        obj=membership,
        by=by,
        changes={"role": [before, membership.get_role_display()]},
        organization=membership.organization,
    )
    return membership


def _refuse_losing_admin(membership: Membership, by: User) -> None:
    """An organisation admin may not drop their own admin role, and an organisation keeps at
    least one admin (a system administrator can still do both)."""
    if permissions.is_system_admin(by):
        return
    if membership.user_id == by.pk:
        raise ValidationError(_("Bạn không thể tự gỡ quyền quản trị của mình."))
    others = Membership.objects.filter(
        organization=membership.organization, role=Membership.Role.ORG_ADMIN
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("Tổ chức phải còn ít nhất một người quản trị."))


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "user")
        .filter(pk=membership.pk)
        .first()
    )
    if membership is None:
        raise ValidationError(_("Thành viên này đã được gỡ khỏi tổ chức."))
    deny_unless(permissions.can_manage_members(by, membership.organization))
    if membership.role == Membership.Role.ORG_ADMIN:
        _refuse_losing_admin(membership, by)
    audit.record(
        action=Action.DELETE,
        obj=membership,
        by=by,
        changes={
            "user": [str(membership.user), None],
            "role": [membership.get_role_display(), None],
        },
        organization=membership.organization,
    )
    membership.delete()


@transaction.atomic
def update_profile(*, person: User, by: User, **attrs: Any) -> User:
    allowed = {"full_name", "email", "position", "phone"}
    if set(attrs) - allowed:
        raise TypeError(f"Unknown profile attributes: {sorted(set(attrs) - allowed)}")
    deny_unless(person.pk == by.pk or permissions.is_system_admin(by))
    person = User.objects.select_for_update().get(pk=person.pk)  # never half-change the caller's
    before = audit.snapshot(person, User.AUDITED_FIELDS)
    for name, value in attrs.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    if not person.full_name:
        raise ValidationError({"full_name": [_("Họ và tên không được để trống.")]})
    person.full_clean(exclude=["password"])
    person.save(update_fields=list(attrs))
    changes = audit.diff(before, audit.snapshot(person, User.AUDITED_FIELDS))
    if changes:
        audit.record(action=Action.UPDATE, obj=person, by=by, changes=changes)
    search.index(person)
    return person


# API tokens ------------------------------------------------------------------------------------


@transaction.atomic
@transaction.atomic
def record_admin_change(*, obj, changes: dict[str, list[Any]], created: bool, by: User) -> None:
    """A system administrator saved a person, group, area or field of work in the Django admin
    (core.admin.ServiceAdmin): audit it and refresh the search rows that show it — the object's
    own, and for an area those of its organisations and child areas (they name it)."""
    deny_unless(permissions.is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)
    if isinstance(obj, User | Area):
        search.index(obj)
    if isinstance(obj, Area) and not created:
        search.index_many(Organization.objects.filter(area=obj).select_related("area"))
        search.index_many(Area.objects.filter(parent=obj).select_related("parent"))


def create_api_token(
    *,
    user: User,
    name: str,
    by: User,
    scope: str = ApiToken.Scope.READ_WRITE,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown once and never stored."""
    deny_unless(user.pk == by.pk)
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Hãy đặt tên cho mã truy cập.")]})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": [_("Quyền của mã truy cập không hợp lệ.")]})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": [_("Thời hạn phải ở sau thời điểm hiện tại.")]})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=ApiToken.hash(raw),
        hint=raw[:10],
        scope=scope,
        expires_at=expires_at,
    )
    audit.record(
        action=Action.CREATE,
        obj=token,
        by=by,
        changes={
            "name": [None, token.name],
            "scope": [None, token.scope],
            "expires_at": [None, expires_at.isoformat() if expires_at else None],
        },
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    deny_unless(token.user_id == by.pk or permissions.is_system_admin(by))
    if token.revoked_at is None:
        _mark_revoked(token, by=by, at=timezone.now())
    return token


def _mark_revoked(token: ApiToken, *, by: User, at, message: str = "") -> None:
    token.revoked_at = at
    token.save(update_fields=["revoked_at"])
    audit.record(
        action=Action.UPDATE,
        obj=token,
        by=by,
        changes={"revoked_at": [None, at.isoformat()]},
        message=message,
    )


@transaction.atomic
def revoke_api_tokens(*, user: User, by: User, reason: str) -> int:
    """Revoke every active token of `user` (after a password change or reset); one audit entry
    per token. Returns how many were revoked."""
    deny_unless(user.pk == by.pk or permissions.is_system_admin(by))
    now = timezone.now()
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        _mark_revoked(token, by=by, at=now, message=reason)
    return len(tokens)


# Two-factor sign-in ----------------------------------------------------------------------------


@transaction.atomic
def enable_two_factor(*, user: User, key: str, step: int, by: User) -> list[str]:
    """Save the confirmed authenticator secret (replacing any earlier one) and ten fresh
    recovery codes, which are returned to be shown once. `step` is the time step of the code
    that confirmed the secret: that code cannot be used again to sign in."""
    deny_unless(user.pk == by.pk)
    was_enabled = twofactor.has_two_factor(user)
    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name=_("Ứng dụng xác thực"), key=key, confirmed=True, last_t=step
    )
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=_("Mã khôi phục"), confirmed=True)
    codes = twofactor.new_recovery_codes()
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    _set_two_factor_flag(user, True)
    audit.record(
        action=Action.UPDATE,
        obj=user,
        by=by,
        changes={"two_factor": [was_enabled, True]},
        message=_("Thiết lập lại xác thực hai bước") if was_enabled else _("Bật xác thực hai bước"),
    )
    return codes


def _set_two_factor_flag(user: User, on: bool) -> None:
    User.objects.filter(pk=user.pk).update(two_factor=on)
    user.two_factor = on


@transaction.atomic
def disable_two_factor(*, user: User, by: User) -> None:
    """Remove the authenticator and the recovery codes. The view has checked the password."""
    deny_unless(user.pk == by.pk)
    if twofactor.two_factor_required(user):
        raise ValidationError(
            _("Quản trị hệ thống và quản trị tổ chức bắt buộc dùng xác thực hai bước.")
        )
    if not (user.two_factor or twofactor.has_two_factor(user)):
        return
    _remove_two_factor(user, by=by, message=_("Tắt xác thực hai bước"))


@transaction.atomic
def reset_two_factor(*, user: User, by: User) -> None:
    """A system administrator removes someone's authenticator and recovery codes (a lost
    phone); an administrator so reset sets it up again at their next page."""
    deny_unless(permissions.is_system_admin(by))
    if not (user.two_factor or TOTPDevice.objects.filter(user=user).exists()):
        return
    _remove_two_factor(user, by=by, message=_("Đặt lại xác thực hai bước"))


def _remove_two_factor(user: User, *, by: User, message: str) -> None:
    """The authenticator and the recovery codes go, the flag follows, one audit entry."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _set_two_factor_flag(user, False)
    audit.record(
        action=Action.UPDATE,
        obj=user,
        by=by,
        changes={"two_factor": [True, False]},
        message=message,
    )


class TwoFactorThrottled(Exception):
    """Too many wrong codes in a row: the next try is allowed at `until`."""

    def __init__(self, until: datetime.datetime):
        super().__init__(until)
        self.until = until


@transaction.atomic
def verify_second_factor(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (an authenticator code, or a recovery code, which is
    used up), or None. A wrong code is audited and slows the next try (django-otp doubles the
    wait after each failure); raises TwoFactorThrottled while a wait is running."""
    code = twofactor.normalise_code(code)
    for device in twofactor.devices_for_code(user, code):
        allowed, info = device.verify_is_allowed()
        if not allowed:
            raise TwoFactorThrottled((info or {}).get("locked_until") or timezone.now())
        if code and device.verify_token(code):
            message = _("Xác thực hai bước")
            if isinstance(device, StaticDevice):
                message = _("Xác thực hai bước bằng mã khôi phục (còn %(left)d mã)") % {
                    "left": device.token_set.count()
                }
            audit.record(action=Action.LOGIN, obj=user, by=user, message=message)
            return device
    audit.record(action=Action.OTHER, obj=user, by=user, message=_("Sai mã xác thực hai bước"))
    return None
