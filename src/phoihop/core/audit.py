"""The audit trail: every change made through the app or the API leaves one AuditEntry.

Services call `record()` inside their transaction, so a rolled-back change leaves no entry.
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from .middleware import current_request_context
from .models import AuditEntry

Action = AuditEntry.Action


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_plain(v) for v in value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`. Many-to-many fields, and reverse foreign keys (the rows
    an admin edits inline with their parent, e.g. a regime's assignments), are read as sorted
    texts of the related rows, which are read with the relations their model names in
    `AUDIT_SELECT_RELATED` (what their text shows)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            if not obj.pk:
                values[name] = []
                continue
            rows = getattr(obj, name).all()
            related = getattr(rows.model, "AUDIT_SELECT_RELATED", ())
            values[name] = sorted(
                str(o) for o in (rows.select_related(*related) if related else rows)
            )
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }


def removed(values: dict[str, Any]) -> dict[str, list[Any]]:
    """The `changes` of a deletion by a service: each filled value of the snapshot, {field:
    [old, None]}, so the entry keeps what the row held."""
    return {name: [value, None] for name, value in values.items() if value not in (None, "", [])}


def record(
    *,
    action: str,
    obj: models.Model,
    by,
    changes: dict[str, list[Any]] | None = None,
    organization=None,
    message: str = "",
) -> AuditEntry:
    """Write one audit entry for `obj`. `organization` scopes who may read it (its tree path)."""
    context = current_request_context()
    return AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) else None,
        actor_name=(by.get_full_name() or by.get_username()) if getattr(by, "pk", None) else "",
        ip_address=context.ip_address,
        via=context.via,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        organization_id=getattr(organization, "pk", None),
        organization_path=getattr(organization, "path", "") or "",
        changes=changes or {},
        message=message[:500],
    )


def record_admin_save(
    *, obj: models.Model, changes: dict, created: bool, by, organization=None
) -> None:
    """The entry of a save in the Django admin (core.admin.ServiceAdmin), when it created the
    object or changed an audited field; the app's service calls it. `organization`: as in
    `record`, who besides system administrators may read the entry."""
    if changes or created:
        record(
            action=Action.CREATE if created else Action.UPDATE,
            obj=obj,
            by=by,
            changes=changes,
            organization=organization,
            message=_("Sửa trong trang quản trị"),
        )


def record_admin_delete(*, obj: models.Model, fields: Iterable[str], by) -> None:
    """The entry of a deletion in the Django admin (core.admin.ServiceAdmin with a `deleted`
    service), written before the row goes: `changes` keeps what it held, {field: [old, None]}."""
    values = snapshot(obj, fields)
    record(
        action=Action.DELETE,
        obj=obj,
        by=by,
        changes={name: [value, None] for name, value in values.items()},
        message=_("Xóa trong trang quản trị"),
    )


def record_sign_in(*, action: str, username: str, user=None, by=None, message: str = ""):
    """A sign-in event: success, failure or lockout. A failure has no actor, and the username
    typed may name nobody, so the entry is about that username (and the account, if any)."""
    from django.contrib.auth import get_user_model

    context = current_request_context()
    actor = by if getattr(by, "pk", None) else None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        ip_address=context.ip_address,
        via=context.via,
        action=action,
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(user.pk) if getattr(user, "pk", None) else "",
        object_repr=username[:300],
        message=message[:500],
    )


def entries_for(*objs: models.Model):
    """The entries of these objects (a programme and its reviews), newest first."""
    wanted = Q(pk__in=[])
    for obj in objs:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        wanted |= Q(content_type=content_type, object_id=str(obj.pk))
    return AuditEntry.objects.filter(wanted).select_related("actor")
