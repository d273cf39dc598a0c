"""Shared pieces of the cases services."""

from phoihop.core import audit
from phoihop.core.audit import Action

from ..models import Case


def record_change(
    case: Case,
    *,
    by,
    before: dict,
    action: str = Action.UPDATE,
    message: str = "",
    extra: dict | None = None,
) -> None:
    """The one audit entry of a change to a case, readable by the receiving department's
    administrators (and shown on the case's timeline)."""
    changes = audit.diff(before, audit.snapshot(case, Case.AUDITED_FIELDS))
    audit.record(
        action=action,
        obj=case,
        by=by,
        changes={**changes, **(extra or {})},
        organization=case.department,
        message=message,
    )


def snapshot(case: Case) -> dict:
    return audit.snapshot(case, Case.AUDITED_FIELDS) if case.pk else {}
