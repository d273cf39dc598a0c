"""Who may do what with events.

- The *organiser's* staff (administrators, leaders, specialists, at the organiser or above it)
  create, change and cancel an event, invite, check people in, record conclusions and files.
- At the door, whoever is invited, or belongs to an organisation taking part or one above it,
  checks themselves in with the door's code (services.check_in_at_door).
- A conclusion becomes a task in a plan only for someone who may also add tasks to that plan.
- Each invited person answers their own invitation and checks themselves in with the door code.
- A person's training record is read by the person and by the staff of their organisations.
"""

from django.utils import timezone

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role
from phoihop.plans import permissions as plans_permissions

from .models import Event, Participant

Role = Membership.Role
OWNER_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST}


def can_create_event(user, organizer: Organization | None = None) -> bool:
    if organizer is None:
        return is_system_admin(user) or bool(grants(user, OWNER_ROLES))
    return holds_role(user, organizer, OWNER_ROLES)


def can_change_event(user, event: Event) -> bool:
    return holds_role(user, event.organizer, OWNER_ROLES)


def can_cancel_event(user, event: Event) -> bool:
    """The organiser's staff, while the event is neither cancelled nor over (services.cancel_event
    also refuses one where someone was checked in)."""
    return (
        can_change_event(user, event)
        and event.cancelled_at is None
        and event.ends_at >= timezone.now()
    )


def can_check_in(user, event: Event) -> bool:
    return can_change_event(user, event) and event.cancelled_at is None


def can_answer(user, participant: Participant) -> bool:
    return participant.person_id == user.pk and participant.event.cancelled_at is None


def can_turn_into_task(user, event: Event, plan) -> bool:
    return can_change_event(user, event) and plans_permissions.can_add_task(user, plan)


def can_view_training(user, person) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or is_system_admin(user):
        return True
    return any(
        holds_role(user, membership.organization, OWNER_ROLES)
        for membership in person.memberships.select_related("organization")
    )


def can_manage_kinds(user) -> bool:
    return is_system_admin(user)
