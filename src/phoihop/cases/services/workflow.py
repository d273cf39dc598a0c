"""The case's life: received → verified → assigned → answered → closed (resolved or not),
and reopened at the citizen's request within CASES_REOPEN_DAYS of closing."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import search
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Membership, Organization, User
from phoihop.plans.selectors import province_candidates
from phoihop.plans.services import ParticipantSpec
from phoihop.plans.services.tasks import designated_focal_points

from .. import permissions
from ..models import Case, CaseParticipant, Item
from .common import record_change, snapshot
from .intake import set_due_dates


def _check_day(field: str, day, case: Case):
    """A day recorded after the fact (a reply sent on paper): not before the case was
    received, not in the future."""
    if day is not None and not case.received_on <= day <= timezone.localdate():
        Errors({field: [_("Ngày phải từ ngày tiếp nhận đến hôm nay.")]}).raise_if_any()
    return day or timezone.localdate()


@transaction.atomic
def verify_case(*, case: Case, by, note: str = "", acknowledged_on=None) -> Case:
    """The department has checked the concern is real and understood: acknowledged (today,
    or on the day it says it did)."""
    deny_unless(permissions.can_verify_case(by, case))
    day = _check_day("acknowledged_on", acknowledged_on, case)
    before = snapshot(case)
    case.status = Case.Status.VERIFIED
    case.acknowledged_on = day
    case.save()
    record_change(case, by=by, before=before, message=(note or "").strip())
    return case


def _check_parts(errors: Errors, specs: Sequence[ParticipantSpec], case: Case) -> None:
    leads = [s for s in specs if s.role == CaseParticipant.Role.LEAD]
    if len(leads) != 1:
        errors.add("lead", _("Mỗi vụ việc phải có đúng một đơn vị chủ trì."))
    if any(s.role not in CaseParticipant.Role.values for s in specs):
        errors.add("co_agencies", _("Vai trò của đơn vị xử lý không hợp lệ."))
    seen: set[int] = set()
    candidates = set(
        province_candidates(case.department)
        .filter(pk__in=[s.organization.pk for s in specs])
        .values_list("pk", flat=True)
    )
    for spec in specs:
        name = spec.organization.name
        if spec.organization.pk in seen:
            errors.add("co_agencies", _("%(name)s được chọn hơn một lần.") % {"name": name})
        seen.add(spec.organization.pk)
        if spec.organization.pk not in candidates:
            errors.add(
                "lead" if spec.role == CaseParticipant.Role.LEAD else "co_agencies",
                _("%(name)s đã ngừng hoạt động hoặc không cùng tỉnh với đơn vị tiếp nhận.")
                % {"name": name},
            )
        if spec.focal_person is not None and not _is_member(spec.focal_person, spec.organization):
            errors.add(
                "co_agencies",
                _("Cán bộ đầu mối được chọn không phải là cán bộ của %(name)s.") % {"name": name},
            )


def _is_member(person: User, organization: Organization) -> bool:
    within = Organization.objects.within(organization)
    return Membership.objects.filter(user=person, organization__in=within).exists()


@transaction.atomic
def assign_case(*, case: Case, by, parts: Sequence[ParticipantSpec], note: str = "") -> Case:
    """One lead organisation answers, co-agencies help (replacing any earlier assignment);
    a part without a named focal person gets its organisation's designated focal point."""
    deny_unless(permissions.can_assign_case(by, case))
    errors = Errors()
    _check_parts(errors, parts, case)
    errors.raise_if_any()
    before = snapshot(case)
    before["participants"] = sorted(
        str(p) for p in case.participants.select_related("organization")
    )
    case.participants.all().delete()
    defaults = designated_focal_points([s.organization for s in parts if s.focal_person is None])
    CaseParticipant.objects.bulk_create(
        CaseParticipant(
            case=case,
            organization=spec.organization,
            role=spec.role,
            focal_person=spec.focal_person or defaults.get(spec.organization.pk),
        )
        for spec in parts
    )
    case.lead_organization = next(
        s.organization for s in parts if s.role == CaseParticipant.Role.LEAD
    )
    case.status = Case.Status.ASSIGNED
    if case.acknowledged_on is None:
        case.acknowledged_on = timezone.localdate()
    case.save()
    after = sorted(str(p) for p in case.participants.select_related("organization"))
    record_change(
        case,
        by=by,
        before=before,
        message=(note or "").strip(),
        extra={"participants": [before["participants"], after]},
    )
    return case


@transaction.atomic
def answer_case(*, case: Case, by, answer: str, answered_on=None) -> Case:
    """The answer, given today or on the day a written reply was sent (`answered_on`): that
    day decides whether the case was answered on time."""
    deny_unless(permissions.can_answer_case(by, case))
    answer = (answer or "").strip()
    if not answer:
        Errors({"answer": [_("Nội dung trả lời không được để trống.")]}).raise_if_any()
    day = _check_day("answered_on", answered_on, case)
    before = snapshot(case)
    case.answer = answer
    case.completed_on = day
    case.answered_at = timezone.now()
    case.answered_by = by
    case.status = Case.Status.ANSWERED
    if case.acknowledged_on is None:
        case.acknowledged_on = case.completed_on
    case.save()
    record_change(case, by=by, before=before)
    search.index(case)
    return case


@transaction.atomic
def close_case(*, case: Case, by, resolved: bool, note: str = "") -> Case:
    """ "Closed, resolved" and "closed, not resolved" are different outcomes: the second says
    why."""
    deny_unless(permissions.can_close_case(by, case))
    note = (note or "").strip()
    if not resolved and not note:
        Errors(
            {"note": [_("Hãy ghi rõ vì sao vụ việc đóng khi chưa giải quyết được.")]}
        ).raise_if_any()
    before = snapshot(case)
    case.status = Case.Status.CLOSED_RESOLVED if resolved else Case.Status.CLOSED_UNRESOLVED
    case.close_note = note
    case.closed_at = timezone.now()
    case.save()
    record_change(case, by=by, before=before)
    search.index(case)
    return case


@transaction.atomic
def reopen_case(*, case: Case, by, reason: str) -> Case:
    """The citizen is not satisfied and asks again within the window: the case goes back to
    its lead organisation (or to the department if it had none) with new due dates counted
    from today, as a new request would have."""
    deny_unless(permissions.can_reopen_case(by, case))
    reason = (reason or "").strip()
    if not reason:
        Errors({"reason": [_("Hãy ghi lý do mở lại vụ việc.")]}).raise_if_any()
    before = snapshot(case)
    case.status = Case.Status.ASSIGNED if case.lead_organization_id else Case.Status.VERIFIED
    case.completed_on = None
    case.closed_at = None
    case.extended_deadline = None
    case.reopened_count += 1
    first = case.items.order_by("received_at", "id").values_list("channel", flat=True).first()
    set_due_dates(case, first or Item.Channel.HOTLINE, timezone.localdate())
    case.save()
    record_change(case, by=by, before=before, message=reason)
    search.index(case)
    return case
