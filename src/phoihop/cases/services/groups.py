"""Hot-spot working groups: set one up for a sensitive case, name each agency's focal point,
write the shared log, record the press orientation, and set tasks that live in the plans app
(through plans.services.create_task, the one way a task is made)."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Membership, Organization, User
from phoihop.org.scope import holds_role
from phoihop.plans import services as plans
from phoihop.plans.models import Plan, Task, TaskParticipant
from phoihop.plans.services.tasks import designated_focal_points

from .. import permissions
from ..models import (
    Case,
    PressOrientation,
    WorkingGroup,
    WorkingGroupLogEntry,
    WorkingGroupMember,
    WorkingGroupTask,
)


def _record(group: WorkingGroup, *, by, action=Action.UPDATE, message: str, changes=None):
    audit.record(
        action=action,
        obj=group,
        by=by,
        changes=changes or {},
        organization=group.case.department,
        message=message,
    )


def _check_day(errors: Errors, field: str, day: datetime.date | None) -> None:
    if day is None:
        errors.add(field, _("Cần nhập ngày."))
    elif day > timezone.localdate() or day < settings.DATE_MIN:
        errors.add(field, _("Ngày không hợp lệ: không thể ở tương lai."))


@transaction.atomic
def create_working_group(*, case: Case, name: str, mandate: str = "", by) -> WorkingGroup:
    deny_unless(permissions.can_create_group(by, case))
    errors = Errors()
    name, mandate = (name or "").strip(), (mandate or "").strip()
    if not name:
        errors.add("name", _("Tên tổ công tác không được để trống."))
    if WorkingGroup.objects.filter(case=case).exists():
        errors.add("name", _("Vụ việc này đã có tổ công tác."))
    errors.raise_if_any()
    group = WorkingGroup.objects.create(case=case, name=name, mandate=mandate, created_by=by)
    _record(
        group,
        by=by,
        action=Action.CREATE,
        message=_("Thành lập tổ công tác cho vụ việc %(n)s") % {"n": case.number},
        changes=audit.diff({}, audit.snapshot(group, WorkingGroup.AUDITED_FIELDS)),
    )
    return group


def _is_member_of(person: User, organization: Organization) -> bool:
    within = Organization.objects.within(organization)
    return Membership.objects.filter(
        user=person, user__is_active=True, organization__in=within
    ).exists()


@transaction.atomic
def set_group_member(
    *, group: WorkingGroup, organization: Organization, focal_person: User | None = None, by
) -> WorkingGroupMember:
    """Add an agency with its focal point, or change the focal point of one already in.
    Without a person named, the agency's designated focal point (when it has exactly one)."""
    deny_unless(permissions.can_manage_group(by, group))
    errors = Errors()
    if not organization.is_active:
        errors.add("organization", _("Cơ quan này đã ngừng hoạt động hoặc đã lưu trữ."))
    if focal_person is None:
        focal_person = designated_focal_points([organization]).get(organization.pk)
    if focal_person is None:
        errors.add(
            "focal_username",
            _("%(name)s chưa có đúng một cán bộ đầu mối đã đăng ký: hãy nhập tên đăng nhập.")
            % {"name": organization.name},
        )
    elif not _is_member_of(focal_person, organization):
        errors.add(
            "focal_person",
            _("Cán bộ đầu mối phải là cán bộ của %(name)s.") % {"name": organization.name},
        )
    errors.raise_if_any()
    member, created = WorkingGroupMember.objects.update_or_create(
        group=group, organization=organization, defaults={"focal_person": focal_person}
    )
    _record(
        group,
        by=by,
        message=(_("Thêm %(org)s vào tổ công tác") if created else _("Đổi đầu mối của %(org)s"))
        % {"org": organization.name},
        changes={"focal_person": [None, focal_person.get_full_name()]},
    )
    return member


@transaction.atomic
def write_group_log(
    *, group: WorkingGroup, organization: Organization, happened_on, text: str, by
) -> WorkingGroupLogEntry:
    deny_unless(permissions.can_write_group_log(by, group))
    errors = Errors()
    text = (text or "").strip()
    allowed = {o.pk for o in permissions.group_log_agencies(by, group)}
    if organization.pk not in allowed:
        errors.add("organization", _("Chỉ ghi nhật ký cho cơ quan của mình trong tổ công tác."))
    if not text:
        errors.add("text", _("Nội dung không được để trống."))
    _check_day(errors, "happened_on", happened_on)
    errors.raise_if_any()
    entry = WorkingGroupLogEntry.objects.create(
        group=group, organization=organization, happened_on=happened_on, text=text, written_by=by
    )
    _record(
        group,
        by=by,
        message=_("Nhật ký: %(org)s, ngày %(d)s")
        % {"org": organization.name, "d": happened_on.strftime("%d/%m/%Y")},
    )
    return entry


def press_approvers(group: WorkingGroup):
    """Who may approve what the press is told: the department's leaders (and administrators)."""
    department = group.case.department
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization=department,
            memberships__role__in=permissions.DECIDER_ROLES,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


@transaction.atomic
def record_press_orientation(
    *, group: WorkingGroup, given_on, text: str, approved_by: User, by
) -> PressOrientation:
    deny_unless(permissions.can_manage_group(by, group))
    errors = Errors()
    text = (text or "").strip()
    if not text:
        errors.add("text", _("Nội dung định hướng không được để trống."))
    _check_day(errors, "given_on", given_on)
    if approved_by is None or not holds_role(
        approved_by, group.case.department, permissions.DECIDER_ROLES
    ):
        errors.add("approved_by", _("Người duyệt phải là lãnh đạo của đơn vị tiếp nhận."))
    errors.raise_if_any()
    note = PressOrientation.objects.create(
        group=group,
        department=group.case.department,
        given_on=given_on,
        text=text,
        approved_by=approved_by,
        written_by=by,
    )
    _record(
        group,
        by=by,
        message=_("Định hướng thông tin ngày %(d)s, %(who)s duyệt")
        % {"d": given_on.strftime("%d/%m/%Y"), "who": approved_by.get_full_name()},
    )
    return note


def department_approvers(departments):
    """Who may approve a department's press orientation: its leaders and administrators."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organization__in=departments,
            memberships__role__in=permissions.DECIDER_ROLES,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


@transaction.atomic
def record_topic_orientation(
    *,
    department: Organization,
    topic: str,
    text: str,
    given_on,
    approved_by: User,
    recipients: Sequence[Organization],
    by,
) -> PressOrientation:
    """What a propaganda department tells the press about a topic (định hướng thông tin), sent
    to the press agencies `recipients`, approved by one of its leaders. Its staff record it
    (the same right as recording citizens' items)."""
    deny_unless(permissions.can_record_item(by, department))
    errors = Errors()
    text, topic = (text or "").strip(), (topic or "").strip()
    if not text:
        errors.add("text", _("Nội dung định hướng không được để trống."))
    if not topic:
        errors.add("topic", _("Nêu chủ đề được định hướng."))
    _check_day(errors, "given_on", given_on)
    if approved_by is None or not holds_role(approved_by, department, permissions.DECIDER_ROLES):
        errors.add("approved_by", _("Người duyệt phải là lãnh đạo của đơn vị định hướng."))
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        errors.add("recipients", _("Chọn ít nhất một cơ quan báo chí nhận định hướng."))
    if any(o.kind != Organization.Kind.PRESS or o.archived_at for o in recipients):
        errors.add("recipients", _("Chỉ gửi định hướng cho cơ quan báo chí đang hoạt động."))
    errors.raise_if_any()
    note = PressOrientation.objects.create(
        department=department,
        topic=topic[:500],
        given_on=given_on,
        text=text,
        approved_by=approved_by,
        written_by=by,
    )
    note.recipients.set(recipients)
    audit.record(
        action=Action.CREATE,
        obj=note,
        by=by,
        organization=department,
        message=_(
            "Định hướng thông tin «%(t)s» ngày %(d)s gửi %(n)s cơ quan báo chí, %(who)s duyệt"
        )
        % {
            "t": topic[:200],
            "d": given_on.strftime("%d/%m/%Y"),
            "n": len(recipients),
            "who": approved_by.get_full_name(),
        },
    )
    return note


def plans_for_group_tasks(user):
    """The active plans in which `user` may add a task (plans.permissions.can_add_task)."""
    from phoihop.plans.permissions import OWNER_ROLES

    owned = Organization.objects.within_scope_of(user, OWNER_ROLES).values("pk")
    return (
        Plan.objects.active()
        .filter(issuing_organization__in=owned)
        .select_related("issuing_organization")
        .order_by("-year", "title")
    )


@transaction.atomic
def create_group_task(
    *,
    group: WorkingGroup,
    plan: Plan,
    lead: Organization,
    co_agencies: Sequence[Organization] = (),
    title: str,
    deadline,
    description: str = "",
    outside_parties_reason: str = "",
    by,
) -> Task:
    """A task of the group, created in the plans app by its own service (which checks the
    plan owner's right, the participants and the deadline); the group keeps a link to it."""
    deny_unless(permissions.can_manage_group(by, group))
    parts = [plans.ParticipantSpec(lead, TaskParticipant.Role.LEAD)]
    parts += [
        plans.ParticipantSpec(o, TaskParticipant.Role.CO) for o in co_agencies if o.pk != lead.pk
    ]
    task = plans.create_task(
        plan=plan,
        by=by,
        participants=parts,
        title=title,
        deadline=deadline,
        description=description,
        outside_parties_reason=outside_parties_reason,
    )
    WorkingGroupTask.objects.create(group=group, task=task)
    _record(
        group,
        by=by,
        message=_("Giao nhiệm vụ «%(t)s» trong kế hoạch %(p)s")
        % {"t": task.title[:200], "p": plan.title[:200]},
        changes={"tasks": [None, task.pk]},
    )
    return task
