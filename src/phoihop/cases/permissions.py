"""Who may do what with citizens' cases. Rights cascade down the organisation tree.

- The *receiving department* (its administrators, leaders and specialists) records items,
  verifies, assigns, merges, splits, closes and reopens its cases.
- The *lead organisation*'s staff (focal points included) answer the case assigned to it.
- Co-agencies, collaborators and everyone else who sees a case read its text, never the
  citizen's identity: contact details are for the department's and the lead organisation's
  staff and the leaders above them (docs/adr/0020-cases-personal-data-apart.md).
- Extensions are requested by whoever may answer, and decided by the department's leaders.
"""

import datetime

from django.utils import timezone

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role

from .models import Case

Role = Membership.Role
HANDLER_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST}
ANSWER_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST, Role.FOCAL_POINT}
IDENTITY_ROLES = ANSWER_ROLES  # never Role.COLLABORATOR
DECIDER_ROLES = {Role.ORG_ADMIN, Role.LEADER}


def intake_departments(user):
    """The propaganda departments where `user` may record items (system administrators: all)."""
    within = Organization.objects.within_scope_of(user, HANDLER_ROLES)
    return within.filter(
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT, archived_at__isnull=True
    ).order_by("name")


def can_record_item(user, department: Organization | None = None) -> bool:
    if department is None:
        return is_system_admin(user) or bool(grants(user, HANDLER_ROLES))
    return (
        department.kind == Organization.Kind.PROPAGANDA_DEPARTMENT
        and department.archived_at is None
        and holds_role(user, department, HANDLER_ROLES)
    )


def can_handle_case(user, case: Case) -> bool:
    """Verify, assign, edit, merge, split: the receiving department's staff."""
    return not case.is_merged and holds_role(user, case.department, HANDLER_ROLES)


def can_verify_case(user, case: Case) -> bool:
    return case.status == Case.Status.RECEIVED and can_handle_case(user, case)


def can_assign_case(user, case: Case) -> bool:
    return case.status in (Case.Status.VERIFIED, Case.Status.ASSIGNED) and can_handle_case(
        user, case
    )


def _is_lead_staff(user, case: Case) -> bool:
    return case.lead_organization is not None and holds_role(
        user, case.lead_organization, ANSWER_ROLES
    )


def can_answer_case(user, case: Case) -> bool:
    """The lead organisation answers a case assigned to it; the department may answer itself
    once it has verified the case (a plain question)."""
    if case.status == Case.Status.ASSIGNED and _is_lead_staff(user, case):
        return True
    return case.status in (Case.Status.VERIFIED, Case.Status.ASSIGNED) and can_handle_case(
        user, case
    )


def can_close_case(user, case: Case) -> bool:
    return case.status == Case.Status.ANSWERED and can_handle_case(user, case)


def can_reopen_case(user, case: Case, today: datetime.date | None = None) -> bool:
    """The department reopens a closed case at the citizen's request, within the window."""
    if not case.is_closed or not can_handle_case(user, case):
        return False
    until = case.reopen_until
    return until is not None and (today or timezone.localdate()) <= until


def can_merge_case(user, case: Case) -> bool:
    return not case.is_closed and can_handle_case(user, case)


def can_split_item(user, case: Case) -> bool:
    return not case.is_closed and can_handle_case(user, case)


def can_add_item(user, case: Case) -> bool:
    return not case.is_closed and can_handle_case(user, case)


def can_see_identity(user, case: Case) -> bool:
    """The citizen's name and contact: the department's and the lead organisation's staff and
    their leaders (roles held above cascade), never co-agencies or collaborators."""
    return holds_role(user, case.department, IDENTITY_ROLES) or _is_lead_staff(user, case)


def can_request_extension(user, case: Case) -> bool:
    return case.completed_on is None and not case.is_merged and can_answer_case(user, case)


def can_decide_extension(user, case: Case) -> bool:
    return not case.is_merged and holds_role(user, case.department, DECIDER_ROLES)


# Hot-spot working groups (models/groups.py) ----------------------------------------------------

GROUP_ROLES = ANSWER_ROLES  # the department's and the member agencies' staff, not collaborators


def can_create_group(user, case: Case) -> bool:
    """A sensitive case (a hot spot) gets one working group, set up by the department."""
    return case.hot_spot and not case.is_closed and can_handle_case(user, case)


def _is_group_agency_staff(user, group) -> bool:
    return any(holds_role(user, m.organization, GROUP_ROLES) for m in group.members.all())


def can_manage_group(user, group) -> bool:
    """Members, press orientation and tasks: the receiving department's staff."""
    return holds_role(user, group.case.department, HANDLER_ROLES)


def can_write_group_log(user, group) -> bool:
    return can_manage_group(user, group) or _is_group_agency_staff(user, group)


def group_log_agencies(user, group) -> list:
    """The agencies `user` may write a log entry for: any member agency for the department's
    staff, their own for an agency's staff."""
    members = [m.organization for m in group.members.all()]
    if can_manage_group(user, group):
        return members
    return [o for o in members if holds_role(user, o, GROUP_ROLES)]


# Public-opinion collaborators' monthly notes (models/notes.py) ---------------------------------


def note_departments(user):
    """The propaganda departments where `user` is a public-opinion collaborator."""
    return Organization.objects.filter(
        memberships__user=user,
        memberships__role=Role.COLLABORATOR,
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
        archived_at__isnull=True,
    ).order_by("name")


def can_file_note(user) -> bool:
    return user.is_authenticated and note_departments(user).exists()


def can_edit_note(user, note) -> bool:
    """A draft is its collaborator's alone, until they send it."""
    return note.is_draft and note.collaborator_id == user.pk


def can_take_up_topic(user, topic) -> bool:
    """The department's staff turn a sent topic into an item of a case, once."""
    note = topic.note
    return (
        not note.is_draft
        and topic.item_id is None
        and holds_role(user, note.department, HANDLER_ROLES)
    )


# Data-subject requests (models/requests.py) ----------------------------------------------------


def can_handle_data_request(user, case: Case) -> bool:
    """Record and answer a person's request about their data: whoever may read the identity."""
    return can_see_identity(user, case)


# Publication (models/public.py) ------------------------------------------------------------------


def can_publish_case(user, case: Case) -> bool:
    """Publish (with redaction) or withdraw a case's public texts: the receiving department's
    staff, who decide what the public reads."""
    return can_handle_case(user, case)
