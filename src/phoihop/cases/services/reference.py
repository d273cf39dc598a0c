"""Writes to the cases' reference data (routing table, deadline rules) by system
administrators: in the Django admin (the `record_*_change` services below it) or, for the demo
and tests, with `create_*`. Each checks the permission, validates with the model's own rules
and writes one audit entry."""

from django.db import transaction

from phoihop.core import audit
from phoihop.core.services import deny_unless
from phoihop.org.permissions import is_system_admin

from ..models import DeadlineRule, RetentionRule, RoutingRule


def _create(model, *, by, **fields):
    deny_unless(is_system_admin(by))
    obj = model(**fields)
    obj.full_clean()
    obj.save()
    audit.record_admin_save(
        obj=obj,
        changes=audit.diff({}, audit.snapshot(obj, model.AUDITED_FIELDS)),
        created=True,
        by=by,
    )
    return obj


@transaction.atomic
def create_routing_rule(*, by, **fields) -> RoutingRule:
    return _create(RoutingRule, by=by, **fields)


@transaction.atomic
def end_routing_rule(*, rule: RoutingRule, by, valid_to) -> RoutingRule:
    """Responsibility moves: the old rule stops on `valid_to` (kept as history)."""
    deny_unless(is_system_admin(by))
    before = audit.snapshot(rule, RoutingRule.AUDITED_FIELDS)
    rule.valid_to = valid_to
    rule.full_clean()
    rule.save()
    audit.record(
        action=audit.Action.UPDATE,
        obj=rule,
        by=by,
        changes=audit.diff(before, audit.snapshot(rule, RoutingRule.AUDITED_FIELDS)),
    )
    return rule


def record_routing_rule_change(*, obj: RoutingRule, changes: dict, created: bool, by) -> None:
    """A system administrator saved a routing rule in the Django admin: audit it."""
    deny_unless(is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


@transaction.atomic
def create_deadline_rule(*, by, **fields) -> DeadlineRule:
    return _create(DeadlineRule, by=by, **fields)


def record_deadline_rule_change(*, obj: DeadlineRule, changes: dict, created: bool, by) -> None:
    """A system administrator saved a deadline rule in the Django admin: audit it. Cases
    already received keep their due dates; new ones are counted with the rule."""
    deny_unless(is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


@transaction.atomic
def create_retention_rule(*, by, **fields) -> RetentionRule:
    return _create(RetentionRule, by=by, **fields)


def record_retention_rule_change(*, obj: RetentionRule, changes: dict, created: bool, by) -> None:
    """A system administrator saved a retention period in the Django admin: audit it. The
    next nightly run applies it."""
    deny_unless(is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)
