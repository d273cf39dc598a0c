"""Archiving what has ended: programmes and plans (with their tasks) leave the day-to-day lists
and stay on the archive page, whole and restorable. Nothing is deleted (conventions, rule 12).

A task is archived with its plan: the yearly plan is what a department closes, and a task
outside its plan's lists would be found nowhere.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless
from phoihop.org.models import User

from .. import permissions
from ..models import Plan, Programme


def _set_archived(obj, by: User, archived_at, organization, message: str = "") -> None:
    before = obj.archived_at
    obj.archived_at = archived_at
    obj.save(update_fields=["archived_at", "updated_at"])
    audit.record(
        action=Action.UPDATE,
        obj=obj,
        by=by,
        changes={
            "archived_at": [
                before.isoformat() if before else None,
                archived_at.isoformat() if archived_at else None,
            ]
        },
        organization=organization,
        message=message,
    )


@transaction.atomic
def archive_plan(*, plan: Plan, by: User) -> Plan:
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("issuing_organization")
        .get(pk=plan.pk)
    )
    deny_unless(permissions.can_change_plan(by, plan))
    if plan.archived_at is not None:
        raise ValidationError(_("Kế hoạch này đã được lưu trữ."))
    if not plan.has_ended():
        raise ValidationError(
            _(
                "Chỉ lưu trữ kế hoạch đã kết thúc: năm %(year)s chưa hết và còn nhiệm vụ chưa "
                "hoàn thành."
            )
            % {"year": plan.year}
        )
    _set_archived(plan, by, timezone.now(), plan.issuing_organization)
    return plan


@transaction.atomic
def restore_plan(*, plan: Plan, by: User) -> Plan:
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("programme", "issuing_organization")
        .get(pk=plan.pk)
    )
    deny_unless(permissions.can_change_plan(by, plan))
    if plan.archived_at is None:
        raise ValidationError(_("Kế hoạch này chưa được lưu trữ."))
    if plan.programme is not None and plan.programme.archived_at is not None:
        raise ValidationError(
            _("Chương trình của kế hoạch đang được lưu trữ; hãy khôi phục chương trình trước.")
        )
    _set_archived(plan, by, None, plan.issuing_organization)
    return plan


@transaction.atomic
def archive_programme(*, programme: Programme, by: User) -> Programme:
    """The programme and its plans still open, at the same moment (each audited)."""
    programme = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("signing_organization")
        .get(pk=programme.pk)
    )
    deny_unless(permissions.can_change_programme(by, programme))
    if programme.archived_at is not None:
        raise ValidationError(_("Chương trình này đã được lưu trữ."))
    if not programme.has_ended():
        raise ValidationError(
            _("Chương trình kéo dài đến hết năm %(year)s; chỉ lưu trữ chương trình đã kết thúc.")
            % {"year": programme.end_year}
        )
    now = timezone.now()
    open_plans = programme.plans.filter(archived_at__isnull=True).select_related(
        "issuing_organization"
    )
    for plan in open_plans.select_for_update(of=("self",)):
        message = _("Lưu trữ cùng chương trình phối hợp")
        _set_archived(plan, by, now, plan.issuing_organization, message)
    _set_archived(programme, by, now, programme.signing_organization)
    return programme


@transaction.atomic
def restore_programme(*, programme: Programme, by: User) -> Programme:
    """The programme only: its plans are restored one by one, as needed."""
    programme = (
        Programme.objects.select_for_update(of=("self",))
        .select_related("signing_organization")
        .get(pk=programme.pk)
    )
    deny_unless(permissions.can_change_programme(by, programme))
    if programme.archived_at is None:
        raise ValidationError(_("Chương trình này chưa được lưu trữ."))
    _set_archived(programme, by, None, programme.signing_organization)
    return programme
