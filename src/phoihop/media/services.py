"""Writes by people: the Django admin's saves of sources, feeds and tagging rules (system
administrators). Articles are written by the import pipeline (pipeline.py)."""

from django.core.exceptions import PermissionDenied

from phoihop.core import audit

from .permissions import can_change_press_rules


def record_press_reference_change(*, obj, changes: dict, created: bool, by) -> None:
    """A system administrator saved a source, a feed or a tagging rule in the Django admin:
    audit it. Articles already tagged keep their tags; new ones follow the rule."""
    if not can_change_press_rules(by):
        raise PermissionDenied
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


def record_press_reference_deletion(*, obj, by) -> None:
    """A negative term removed in the Django admin (it decided tags that stay as they are)."""
    if not can_change_press_rules(by):
        raise PermissionDenied
    audit.record_admin_delete(obj=obj, fields=type(obj).AUDITED_FIELDS, by=by)
    obj.delete()
