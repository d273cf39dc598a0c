"""Writes for a task's definition: title, deadline, reporting schedule and its participants."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core import audit, search
from phoihop.core.audit import Action
from phoihop.core.notifications import notify
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Membership, Organization, User

from .. import permissions, selectors
from ..models import Plan, Task, TaskParticipant
from .common import _active_check, record_citations

TASK_FIELDS = (
    "title",
    "description",
    "field",
    "deadline",
    "deadline_exception",
    "outside_parties_reason",
    "report_frequency",
    "report_day",
)


@dataclass(frozen=True)
class ParticipantSpec:
    """One organisation's place in a task, as a form, the API or an import states it."""

    organization: Organization
    role: str = TaskParticipant.Role.CO
    focal_person: User | None = None


def _validate_task_fields(task: Task, errors: Errors) -> None:
    task.title = (task.title or "").strip()
    task.deadline_exception = (task.deadline_exception or "").strip()
    if not task.title:
        errors.add("title", _("Tên nhiệm vụ không được để trống."))
    if task.deadline is None:
        errors.add("deadline", _("Cần nhập hạn hoàn thành."))
    elif task.deadline.year != task.plan.year and not task.deadline_exception:
        errors.add(
            "deadline",
            _(
                "Hạn hoàn thành %(date)s nằm ngoài năm %(year)s của kế hoạch. Nếu đây là ngoại "
                "lệ, hãy ghi rõ lý do."
            )
            % {"date": task.deadline.strftime("%d/%m/%Y"), "year": task.plan.year},
        )
    if task.report_frequency not in Task.Frequency.values:
        errors.add("report_frequency", _("Chu kỳ báo cáo không hợp lệ."))
    elif task.report_frequency != Task.Frequency.NONE:
        if not task.report_day or not 1 <= task.report_day <= 31:
            errors.add("report_day", _("Chọn ngày báo cáo trong tháng, từ 1 đến 31."))
    else:
        task.report_day = None


def validate_participants(
    plan: Plan, specs: Sequence[ParticipantSpec], outside_reason: str, errors: Errors
) -> list[bool]:
    """Exactly one lead, no organisation twice, all active; parties of the programme, or
    organisations of the same province with a stated reason. Returns, per spec, whether it is
    outside the programme's parties."""
    leads = [s for s in specs if s.role == TaskParticipant.Role.LEAD]
    if len(leads) != 1:
        errors.add("participants", _("Mỗi nhiệm vụ phải có đúng một đơn vị chủ trì."))
    if any(s.role not in TaskParticipant.Role.values for s in specs):
        errors.add("participants", _("Vai trò của đơn vị tham gia không hợp lệ."))
    seen: set[int] = set()
    for spec in specs:
        if spec.organization.pk in seen:
            errors.add(
                "participants",
                _("%(name)s được chọn hơn một lần.") % {"name": spec.organization.name},
            )
        seen.add(spec.organization.pk)
        _active_check(errors, "participants", spec.organization)
    plan_parties = selectors.parties(plan)
    outside = [not s.organization.is_within(*plan_parties) for s in specs]
    others = [s.organization.pk for s, out in zip(specs, outside, strict=True) if out]
    if others:
        nearby = set(
            selectors.province_candidates(plan.issuing_organization)
            .filter(pk__in=others)
            .values_list("pk", flat=True)
        )
        for spec in specs:
            if spec.organization.pk in others and spec.organization.pk not in nearby:
                errors.add(
                    "participants",
                    _("%(name)s không thuộc các bên của chương trình và không cùng tỉnh.")
                    % {"name": spec.organization.name},
                )
        if not outside_reason.strip():
            names = ", ".join(
                s.organization.name for s, out in zip(specs, outside, strict=True) if out
            )
            errors.add(
                "outside_parties_reason",
                _("%(names)s không phải là bên của chương trình: hãy xác nhận lý do mời phối hợp.")
                % {"names": names},
            )
    _check_focal_people(specs, errors)
    return outside


def _check_focal_people(specs: Sequence[ParticipantSpec], errors: Errors) -> None:
    for spec in specs:
        if spec.focal_person is not None and not _is_member(spec.focal_person, spec.organization):
            errors.add(  # naming the person would tell who an id is, wherever they work
                "participants",
                _("Cán bộ đầu mối được chọn không phải là cán bộ của %(name)s.")
                % {"name": spec.organization.name},
            )


def _is_member(person: User, organization: Organization) -> bool:
    within = Organization.objects.within(organization)
    return Membership.objects.filter(user=person, organization__in=within).exists()


def _participants_snapshot(task: Task) -> list[str]:
    return [
        f"{p.organization.name} ({p.get_role_display()})"
        for p in task.participants.select_related("organization")
    ]


def _task_snapshot(task: Task) -> dict[str, Any]:
    values = audit.snapshot(task, Task.AUDITED_FIELDS)
    values["participants"] = sorted(_participants_snapshot(task)) if task.pk else []
    return values


def _lead_of(specs: Sequence[ParticipantSpec]) -> Organization:
    return next(s.organization for s in specs if s.role == TaskParticipant.Role.LEAD)


def build_task(plan: Plan, by: User, attrs: dict[str, Any]) -> Task:
    unknown = set(attrs) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task attributes: {sorted(unknown)}")
    attrs = {"report_frequency": Task.Frequency.NONE, **attrs}
    return Task(
        plan=plan,
        programme=plan.programme,
        issuing_organization=plan.issuing_organization,
        created_by=by,
        **attrs,
    )


def check_new_task(task: Task, specs: Sequence[ParticipantSpec]) -> list[bool]:
    """All invariants of a task about to be created; raises ValidationError."""
    errors = Errors()
    _validate_task_fields(task, errors)
    outside = validate_participants(task.plan, specs, task.outside_parties_reason or "", errors)
    errors.raise_if_any()
    return outside


def designated_focal_points(organizations) -> dict[int, User]:
    """Each organisation's designated focal point (cán bộ đầu mối), where it has exactly one
    active person in that role: the default focal person of its part in a task."""
    found: dict[int, list[User]] = {}
    memberships = Membership.objects.filter(
        organization__in=organizations, role=Membership.Role.FOCAL_POINT, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        found.setdefault(membership.organization_id, []).append(membership.user)
    return {org_id: people[0] for org_id, people in found.items() if len(people) == 1}


def save_new_task(task: Task, specs: Sequence[ParticipantSpec], outside: list[bool], by) -> Task:
    """Write a task already checked by check_new_task (used by create_task and imports). A part
    with no focal person named gets the organisation's designated focal point."""
    task.lead_organization = _lead_of(specs)
    task.save()
    defaults = designated_focal_points([s.organization for s in specs if s.focal_person is None])
    TaskParticipant.objects.bulk_create(
        TaskParticipant(
            task=task,
            organization=spec.organization,
            role=spec.role,
            focal_person=spec.focal_person or defaults.get(spec.organization.pk),
            outside_programme=out,
        )
        for spec, out in zip(specs, outside, strict=True)
    )
    after = _task_snapshot(task)
    audit.record(
        action=Action.CREATE,
        obj=task,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=task.issuing_organization,
    )
    record_citations(obj=task, text=f"{task.title}\n{task.description}", by=by)
    return task


@transaction.atomic
def create_task(
    *, plan: Plan, by: User, participants: Sequence[ParticipantSpec], **attrs: Any
) -> Task:
    plan = Plan.objects.select_related("programme", "issuing_organization").get(pk=plan.pk)
    deny_unless(permissions.can_add_task(by, plan))
    task = build_task(plan, by, attrs)
    specs = list(participants)
    outside = check_new_task(task, specs)
    save_new_task(task, specs, outside, by)
    search.index(task)
    notify_assigned(task, [s.organization for s in specs])
    return task


def _sync_participants(task: Task, specs: Sequence[ParticipantSpec], outside: list[bool]) -> list:
    """Make the task's participants match `specs`; returns organisations newly added."""
    existing = {p.organization_id: p for p in task.participants.all()}
    wanted = {s.organization.pk for s in specs}
    leaving = [p for org_id, p in existing.items() if org_id not in wanted]
    reported = [p for p in leaving if p.last_reported_at is not None or p.reports.exists()]
    if reported:
        raise ValidationError(
            {
                "participants": [
                    _("%(name)s đã báo cáo tiến độ nên không thể bỏ khỏi nhiệm vụ.")
                    % {"name": p.organization.name}
                    for p in reported
                ]
            }
        )
    TaskParticipant.objects.filter(pk__in=[p.pk for p in leaving]).delete()
    # Demote first so the one-lead constraint holds at every statement.
    TaskParticipant.objects.filter(task=task, role=TaskParticipant.Role.LEAD).exclude(
        organization=_lead_of(specs)
    ).update(role=TaskParticipant.Role.CO)
    added = []
    newcomers = [s.organization for s in specs if s.organization.pk not in existing]
    defaults = designated_focal_points(newcomers)
    for spec, out in zip(specs, outside, strict=True):
        current = existing.get(spec.organization.pk)
        if current is None:
            TaskParticipant.objects.create(
                task=task,
                organization=spec.organization,
                role=spec.role,
                focal_person=spec.focal_person or defaults.get(spec.organization.pk),
                outside_programme=out,
            )
            added.append(spec.organization)
            continue
        current.role = spec.role
        current.outside_programme = out
        fields = ["role", "outside_programme"]
        if spec.focal_person is not None:
            current.focal_person = spec.focal_person
            fields.append("focal_person")
        current.save(update_fields=fields)
    return added


@transaction.atomic
def update_task(
    *,
    task: Task,
    by: User,
    participants: Sequence[ParticipantSpec] | None = None,
    **attrs: Any,
) -> Task:
    unknown = set(attrs) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task attributes: {sorted(unknown)}")
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan__programme")
        .get(pk=task.pk)
    )
    deny_unless(permissions.can_change_task(by, task))
    before = _task_snapshot(task)
    for name, value in attrs.items():
        setattr(task, name, value)
    errors = Errors()
    _validate_task_fields(task, errors)
    added: list[Organization] = []
    if participants is not None:
        specs = list(participants)
        outside = validate_participants(task.plan, specs, task.outside_parties_reason, errors)
        errors.raise_if_any()
        added = _sync_participants(task, specs, outside)
        task.lead_organization = _lead_of(specs)
    errors.raise_if_any()
    task.save()
    changes = audit.diff(before, _task_snapshot(task))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=task,
            by=by,
            changes=changes,
            organization=task.issuing_organization,
        )
    search.index(task)
    record_citations(obj=task, text=f"{task.title}\n{task.description}", by=by)
    notify_assigned(task, added)
    return task


def notify_assigned(task: Task, organizations: Iterable[Organization]) -> None:
    for person in recipients_for(list(organizations), task=task):
        notify(
            person,
            key=f"task:{task.pk}:assigned",
            title=_("Nhiệm vụ mới: %(title)s") % {"title": task.title[:200]},
            body=_("Hạn hoàn thành: %(date)s")
            % {"date": task.effective_deadline.strftime("%d/%m/%Y")},
            url=task.get_absolute_url(),
        )


def recipients_for(
    organizations: Sequence[Organization], *, task: Task | None = None
) -> list[User]:
    """Who hears about a task for each organisation: its named focal point on the task, else
    the organisation's focal points, else its leaders."""
    people: dict[int, User] = {}
    focal = {}
    if task is not None:
        focal = {
            p.organization_id: p.focal_person
            for p in task.participants.select_related("focal_person")
            if p.focal_person_id
        }
    for organization in organizations:
        if organization.pk in focal:
            people[focal[organization.pk].pk] = focal[organization.pk]
            continue
        members = list(
            User.objects.filter(
                is_active=True,
                memberships__organization=organization,
                memberships__role__in=[Membership.Role.FOCAL_POINT],
            )
        ) or list(
            User.objects.filter(
                is_active=True,
                memberships__organization=organization,
                memberships__role__in=[Membership.Role.LEADER, Membership.Role.ORG_ADMIN],
            )
        )
        for person in members:
            people[person.pk] = person
    return list(people.values())
