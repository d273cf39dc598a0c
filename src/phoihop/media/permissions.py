"""Who reads the press monitoring. Press articles are public; what phoihop adds (clusters,
tags, the negative flag) is the department's working view, so it is for staff: system
administrators and the administrators, leaders and specialists of any organisation. Sources
and feeds are kept, and press files imported, by the staff of a propaganda department (the
department that follows the press) and system administrators; the tagging rules by system
administrators (the Django admin)."""

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants

Role = Membership.Role
STAFF_ROLES = {Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST}


def can_read_press(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_system_admin(user) or bool(grants(user, STAFF_ROLES))


def can_change_press_rules(user) -> bool:
    return is_system_admin(user)


def can_open_case(user) -> bool:
    """Open a public-opinion case from a story: staff of a propaganda department that records
    citizens' items (the cases app's rule, cases/permissions.py)."""
    from phoihop.cases.permissions import can_record_item, intake_departments

    return can_read_press(user) and can_record_item(user) and intake_departments(user).exists()


def can_create_task(user) -> bool:
    """Create a task from a story: staff who own plans (plans.permissions, checked again by
    plans.services.create_task for the chosen plan)."""
    from phoihop.plans.permissions import OWNER_ROLES

    return can_read_press(user) and (is_system_admin(user) or bool(grants(user, OWNER_ROLES)))


def can_manage_sources(user) -> bool:
    """Edit sources and feeds, import press files: system administrators and the staff of a
    propaganda department (Ban Tuyên giáo và Dân vận), whose work the press monitoring is."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_system_admin(user):
        return True
    return (
        Organization.objects.within_scope_of(user, STAFF_ROLES)
        .filter(kind=Organization.Kind.PROPAGANDA_DEPARTMENT, archived_at__isnull=True)
        .exists()
    )
