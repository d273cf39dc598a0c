"""Every write to the shares by which a divided area's figures pass to its successors
(`AreaSuccessionShare`). System administrators keep them, in the Django admin (whose saves end
in `record_share_change` / `delete_share`) or through `set_share`; each write checks the
permission, validates with the model's rules and leaves one audit entry, then rewrites the
current-structure roll-ups of the areas concerned (`structure.share_changed`); the read-time
mapping reads the shares as they are.
"""

from decimal import Decimal

from django.db import transaction

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless

from . import structure
from .models import AreaSuccessionShare
from .permissions import can_manage_reporting


@transaction.atomic
def set_share(*, predecessor, successor, share: Decimal, by) -> AreaSuccessionShare:
    """Set (or change) the share of `predecessor`'s figures that goes to `successor`."""
    deny_unless(can_manage_reporting(by))
    row = AreaSuccessionShare.objects.filter(predecessor=predecessor, successor=successor).first()
    created = row is None
    before = {} if created else audit.snapshot(row, AreaSuccessionShare.AUDITED_FIELDS)
    row = row or AreaSuccessionShare(predecessor=predecessor, successor=successor)
    row.share = share
    row.full_clean()
    row.save()
    changes = audit.diff(before, audit.snapshot(row, AreaSuccessionShare.AUDITED_FIELDS))
    if created or changes:
        audit.record(
            action=Action.CREATE if created else Action.UPDATE, obj=row, by=by, changes=changes
        )
        structure.share_changed(row.predecessor_id)
    return row


def record_share_change(*, obj: AreaSuccessionShare, changes: dict, created: bool, by) -> None:
    """A system administrator saved a share in the Django admin (validated there by the
    model's own rules): audit it."""
    deny_unless(can_manage_reporting(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)
    structure.share_changed(obj.predecessor_id)


def delete_share(*, obj: AreaSuccessionShare, by) -> None:
    """Back to the default for that old area once its last share goes: all of it to the
    principal successor. The audit entry keeps what the row said."""
    deny_unless(can_manage_reporting(by))
    audit.record_admin_delete(obj=obj, fields=AreaSuccessionShare.AUDITED_FIELDS, by=by)
    obj.delete()
    structure.share_changed(obj.predecessor_id)
