"""Who may do what with programmes, plans and tasks. Rights cascade down the organisation tree.

- The *plan owner* is the issuing organisation's staff (administrators, leaders, specialists):
  they create and edit plans and tasks and decide on deadline extensions.
- Each *participant* organisation's staff (including its focal points) report their own part;
  nobody reports for another organisation.
- Completion is confirmed by the *lead* organisation's staff.
- Whoever sees a task (every role of the issuer and of each participant) may comment on it.
"""

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role

from .models import ExtensionRequest, Plan, Programme, Task, TaskParticipant

Role = Membership.Role
OWNER_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST}
REPORTER_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST, Role.FOCAL_POINT}


def can_create_programme(user, signing_organization: Organization | None = None) -> bool:
    if signing_organization is None:
        return is_system_admin(user) or bool(grants(user, OWNER_ROLES))
    return holds_role(user, signing_organization, OWNER_ROLES)


def can_change_programme(user, programme: Programme) -> bool:
    return holds_role(user, programme.signing_organization, OWNER_ROLES)


def can_create_plan(user, issuing_organization: Organization | None = None) -> bool:
    return can_create_programme(user, issuing_organization)


def can_change_plan(user, plan: Plan) -> bool:
    return holds_role(user, plan.issuing_organization, OWNER_ROLES)


def can_archive_programme(user, programme: Programme) -> bool:
    """Only a programme whose period is over (the service checks the same rule)."""
    return (
        programme.archived_at is None
        and can_change_programme(user, programme)
        and programme.has_ended()
    )


def can_restore_programme(user, programme: Programme) -> bool:
    return programme.archived_at is not None and can_change_programme(user, programme)


def can_archive_plan(user, plan: Plan) -> bool:
    return plan.archived_at is None and can_change_plan(user, plan) and plan.has_ended()


def can_restore_plan(user, plan: Plan) -> bool:
    return plan.archived_at is not None and can_change_plan(user, plan)


def can_add_task(user, plan: Plan) -> bool:
    return can_change_plan(user, plan) and plan.archived_at is None


def can_import_tasks(user, plan: Plan) -> bool:
    return can_add_task(user, plan)


def can_change_task(user, task: Task) -> bool:
    """The task's definition (title, deadline, participants) belongs to the plan owner."""
    return holds_role(user, task.issuing_organization, OWNER_ROLES)


def can_report_progress(user, participant: TaskParticipant) -> bool:
    """An organisation reports only its own part: its staff or its named focal point."""
    if participant.focal_person_id and participant.focal_person_id == getattr(user, "pk", None):
        return user.is_active
    return holds_role(user, participant.organization, REPORTER_ROLES)


def reportable_participants(user, task: Task) -> list[TaskParticipant]:
    return [p for p in task.participants.all() if can_report_progress(user, p)]


def can_confirm_completion(user, task: Task) -> bool:
    return task.completed_on is None and holds_role(user, task.lead_organization, REPORTER_ROLES)


def can_reopen_task(user, task: Task) -> bool:
    if task.completed_on is None:
        return False
    return can_change_task(user, task) or holds_role(user, task.lead_organization, REPORTER_ROLES)


def can_request_extension(user, task: Task) -> bool:
    if task.completed_on is not None:
        return False
    return any(can_report_progress(user, p) for p in task.participants.all())


def can_decide_extension(user, extension: ExtensionRequest) -> bool:
    return extension.status == ExtensionRequest.Status.PENDING and can_change_task(
        user, extension.task
    )


def can_set_focal_person(user, participant: TaskParticipant) -> bool:
    return can_change_task(user, participant.task) or holds_role(
        user, participant.organization, {Role.ORG_ADMIN, Role.LEADER}
    )


def can_comment(user, task: Task) -> bool:
    """Whoever may see the task may discuss it: every role of the issuing organisation and of
    each participant (focal points included), down the tree, and system administrators. Asked
    of the task itself, so a caller that did not fetch it through visible_to is still refused."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Task.objects.visible_to(user).filter(pk=task.pk).exists()


def can_attach(user, task: Task) -> bool:
    return can_change_task(user, task) or any(
        can_report_progress(user, p) for p in task.participants.all()
    )
