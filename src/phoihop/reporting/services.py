"""Every write to indicators, report forms and reporting regimes.

System administrators keep them in the Django admin, whose saves end in the `record_*_change`
services (core.admin.ServiceAdmin); the demo, the tests and later stages create them with
`create_*`. Each service checks the permission first, validates with the models' own rules
(the same Vietnamese messages as the admin) and writes one audit entry. A regime's entries
carry its receiver, so the receiving organisation's administrators read them too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless
from phoihop.org.models import Organization

from .models import (
    FormItem,
    FormRule,
    FormSection,
    Indicator,
    Regime,
    RegimeAssignment,
    ReportForm,
    Target,
)
from .permissions import can_manage_reporting, can_set_targets


def _record(obj, *, by, created: bool, before: dict, fields, organization=None) -> None:
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if created or changes:
        audit.record(
            action=Action.CREATE if created else Action.UPDATE,
            obj=obj,
            by=by,
            changes=changes,
            organization=organization,
        )


# Indicators ---------------------------------------------------------------------------------


@transaction.atomic
def create_indicator(*, by, **fields: Any) -> Indicator:
    deny_unless(can_manage_reporting(by))
    indicator = Indicator(**fields)
    indicator.full_clean()
    indicator.save()
    _record(indicator, by=by, created=True, before={}, fields=Indicator.AUDITED_FIELDS)
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, by, **changes: Any) -> Indicator:
    deny_unless(can_manage_reporting(by))
    before = audit.snapshot(indicator, Indicator.AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    _record(indicator, by=by, created=False, before=before, fields=Indicator.AUDITED_FIELDS)
    return indicator


def record_indicator_change(*, obj: Indicator, changes: dict, created: bool, by) -> None:
    """A system administrator saved an indicator in the Django admin (validated there by the
    model's own rules): audit it."""
    deny_unless(can_manage_reporting(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


# Report forms -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    indicator: Indicator
    required: bool = True


@dataclass(frozen=True)
class Section:
    title: str
    kind: str = FormSection.Kind.INDICATORS
    code: str = ""
    guidance: str = ""
    required: bool = True
    items: Sequence[Item | Indicator] = ()


@dataclass(frozen=True)
class Rule:
    left: Indicator
    operator: str
    right: Indicator | None = None
    right_value: Decimal | None = None
    message: str = ""


@transaction.atomic
def create_form(
    *,
    by,
    code: str,
    name: str,
    description: str = "",
    sections: Sequence[Section] = (),
    rules: Sequence[Rule] = (),
) -> ReportForm:
    """A form with its sections (in order), their indicators and its rules, checked row by
    row and as a whole (`structure_problems`); nothing is saved when anything is wrong."""
    deny_unless(can_manage_reporting(by))
    report_form = ReportForm(code=code, name=name, description=description)
    report_form.full_clean()
    report_form.save()
    item_position = 0
    for position, spec in enumerate(sections, start=1):
        section = FormSection(
            report_form=report_form,
            position=position,
            kind=spec.kind,
            title=spec.title,
            code=spec.code,
            guidance=spec.guidance,
            required=spec.required,
        )
        _save_row(section)
        for entry in spec.items:
            entry = entry if isinstance(entry, Item) else Item(entry)
            item_position += 1
            _save_row(
                FormItem(
                    report_form=report_form,
                    section=section,
                    indicator=entry.indicator,
                    position=item_position,
                    required=entry.required,
                )
            )
    for position, spec in enumerate(rules, start=1):
        _save_row(
            FormRule(
                report_form=report_form,
                position=position,
                left=spec.left,
                operator=spec.operator,
                right=spec.right,
                right_value=spec.right_value,
                message=spec.message,
            )
        )
    _check_structure(report_form)
    _record(report_form, by=by, created=True, before={}, fields=ReportForm.AUDITED_FIELDS)
    return report_form


def _save_row(row) -> None:
    row.full_clean()
    row.save()


def _check_structure(report_form: ReportForm) -> None:
    problems = report_form.structure_problems()
    if problems:
        raise ValidationError(problems)


def record_form_change(*, obj: ReportForm, changes: dict, created: bool, by) -> None:
    """A system administrator saved a form with its sections, indicators and rules in the
    Django admin, whose formsets refuse what `structure_problems` finds before anything is
    saved; checked again here on the saved rows, then audited (the rows as texts)."""
    deny_unless(can_manage_reporting(by))
    _check_structure(obj)
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)


# Regimes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """One organisation, or the organisations of a kind and level in an area (or anywhere)."""

    organization: Any = None
    organization_kind: str = ""
    organization_level: str = ""
    area: Any = None
    valid_from: Any = None
    valid_to: Any = None


@transaction.atomic
def create_regime(*, by, assignments: Sequence[Assignment] = (), **fields: Any) -> Regime:
    deny_unless(can_manage_reporting(by))
    regime = Regime(**fields)
    regime.full_clean()
    regime.save()
    for spec in assignments:
        _save_row(
            RegimeAssignment(
                regime=regime,
                organization=spec.organization,
                organization_kind=spec.organization_kind,
                organization_level=spec.organization_level,
                area=spec.area,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
            )
        )
    _record(
        regime,
        by=by,
        created=True,
        before={},
        fields=Regime.AUDITED_FIELDS,
        organization=regime.receiver,
    )
    return regime


@transaction.atomic
def update_regime(*, regime: Regime, by, **changes: Any) -> Regime:
    deny_unless(can_manage_reporting(by))
    before = audit.snapshot(regime, Regime.AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(regime, name, value)
    regime.full_clean()
    regime.save()
    _record(
        regime,
        by=by,
        created=False,
        before=before,
        fields=Regime.AUDITED_FIELDS,
        organization=regime.receiver,
    )
    return regime


def record_regime_change(*, obj: Regime, changes: dict, created: bool, by) -> None:
    """A system administrator saved a regime with its assignments in the Django admin: audit
    it for the receiver too."""
    deny_unless(can_manage_reporting(by))
    audit.record_admin_save(
        obj=obj, changes=changes, created=created, by=by, organization=obj.receiver
    )


# Targets ------------------------------------------------------------------------------------


def target_reach_problem(owner, organization=None, area=None) -> str | None:
    """Why `owner` may not give a target to this organisation or area, or None: an
    organisation gives targets to itself, to the organisations below it and to those that
    report to it under a regime it receives; an area target lies within the owner's area
    (anywhere for an organisation without one)."""
    from phoihop.org.selectors import areas_within

    from .models.regimes import reporters_q

    if organization is not None:
        if organization.is_within(owner):
            return None
        regimes = Regime.objects.filter(receiver=owner).prefetch_related("assignments")
        assignments = [a for regime in regimes for a in regime.assignments.all()]
        selected = reporters_q(assignments)
        if selected is not None and Organization.objects.filter(selected, pk=organization.pk):
            return None
        return _(
            "%(owner)s chỉ giao chỉ tiêu cho chính mình, đơn vị trực thuộc hoặc đơn vị báo "
            "cáo cho mình."
        ) % {"owner": owner.name}
    if (
        area is not None
        and owner.area_id is not None
        and not areas_within(owner.area_id).filter(pk=area.pk).exists()
    ):
        return _("Địa bàn nằm ngoài địa bàn của %(owner)s.") % {"owner": owner.name}
    return None


def _check_target(target: Target) -> None:
    target.full_clean()
    problem = target_reach_problem(target.owner, target.organization, target.area)
    if problem:
        raise ValidationError({"organization": [problem]})


def find_target(*, indicator, organization=None, area=None, start_year, end_year):
    return Target.objects.filter(
        indicator=indicator,
        organization=organization,
        area=area,
        start_year=start_year,
        end_year=end_year,
    ).first()


@transaction.atomic
def set_target(
    *,
    by,
    owner,
    indicator: Indicator,
    organization=None,
    area=None,
    start_year: int,
    end_year: int | None = None,
    value: Decimal,
    note: str = "",
) -> Target:
    """The target of `indicator` for the organisation or area in that year or term: created,
    or its value changed when it exists (one audit entry either way, none when nothing
    changed)."""
    deny_unless(can_set_targets(by, owner))
    end_year = end_year or start_year
    target = find_target(
        indicator=indicator,
        organization=organization,
        area=area,
        start_year=start_year,
        end_year=end_year,
    )
    created = target is None
    if created:
        target = Target(
            indicator=indicator,
            organization=organization,
            area=area,
            start_year=start_year,
            end_year=end_year,
        )
    else:
        deny_unless(can_set_targets(by, target.owner))
    before = {} if created else audit.snapshot(target, Target.AUDITED_FIELDS)
    target.owner, target.value, target.note = owner, value, note
    _check_target(target)
    target.save()
    _record(
        target,
        by=by,
        created=created,
        before=before,
        fields=Target.AUDITED_FIELDS,
        organization=owner,
    )
    return target


def record_target_change(*, obj: Target, changes: dict, created: bool, by) -> None:
    """A system administrator saved a target in the Django admin (validated there by the
    model's rules): check who it reaches, then audit it for the owner too."""
    deny_unless(can_set_targets(by, obj.owner))
    problem = target_reach_problem(obj.owner, obj.organization, obj.area)
    if problem:
        raise ValidationError({"organization": [problem]})
    audit.record_admin_save(
        obj=obj, changes=changes, created=created, by=by, organization=obj.owner
    )


@transaction.atomic
def delete_target(*, obj: Target, by) -> None:
    deny_unless(can_set_targets(by, obj.owner))
    audit.record(
        action=Action.DELETE,
        obj=obj,
        by=by,
        changes={
            name: [value, None]
            for name, value in audit.snapshot(obj, Target.AUDITED_FIELDS).items()
        },
        organization=obj.owner,
    )
    obj.delete()
