"""API keys of Open311 clients: issued and revoked by system administrators, audited; the
key is returned once and only its hash is kept."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless
from phoihop.org.permissions import is_system_admin

from ..models import Open311Key
from ..models.public import hash_key


@transaction.atomic
def issue_open311_key(*, name: str, by) -> tuple[Open311Key, str]:
    """(the key's row, the key itself: shown once). `by` None is `phoihop open311_key` on
    the server: whoever runs commands there administers it already."""
    deny_unless(by is None or is_system_admin(by))
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": [_("Hãy nhập tên ứng dụng (tối đa 200 ký tự).")]})
    raw = "o311_" + secrets.token_urlsafe(30)
    key = Open311Key.objects.create(
        name=name, prefix=raw[:8], key_hash=hash_key(raw), created_by=by if by else None
    )
    audit.record(
        action=Action.CREATE,
        obj=key,
        by=by,
        changes={"name": [None, name], "prefix": [None, key.prefix]},
        message=_("Cấp khóa Open311"),
    )
    return key, raw


@transaction.atomic
def revoke_open311_key(*, key: Open311Key, by) -> Open311Key:
    deny_unless(is_system_admin(by))
    if key.revoked_at is not None:
        raise ValidationError(_("Khóa này đã bị thu hồi."))
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit.record(
        action=Action.UPDATE,
        obj=key,
        by=by,
        changes={"revoked_at": [None, key.revoked_at.isoformat()]},
        message=_("Thu hồi khóa Open311"),
    )
    return key
