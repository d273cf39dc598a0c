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


def can_publish_case(user, case: Case) -> bool:
    """Publish (with redaction) or withdraw a case's public texts: the receiving department's
    staff, who decide what the public reads."""
    return can_handle_case(user, case)
