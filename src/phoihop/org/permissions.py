"""Who may do what. Predicates `can_<verb>_<noun>(user, obj) -> bool`; services call them and
templates use them to decide which buttons to show. Rights cascade down the organisation tree
(`scope.holds_role`; active system administrators hold every role everywhere)."""

from .models import Membership, Organization, User
from .scope import grants, holds_role

Role = Membership.Role


def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def administers_somewhere(user) -> bool:
    """System administrators, and organisation administrators of any organisation."""
    return is_system_admin(user) or bool(grants(user, {Role.ORG_ADMIN}))


def can_create_organization(user, parent: Organization | None) -> bool:
    """Top-level organisations are for system administrators; children for their admins."""
    if parent is None:
        return is_system_admin(user)
    return holds_role(user, parent, {Role.ORG_ADMIN})


def can_change_organization(user, organization: Organization) -> bool:
    return holds_role(user, organization, {Role.ORG_ADMIN})


def can_archive_organization(user, organization: Organization) -> bool:
    return can_change_organization(user, organization)


def can_import_organizations(user, parent: Organization | None) -> bool:
    return can_create_organization(user, parent)


def can_manage_members(user, organization: Organization) -> bool:
    return holds_role(user, organization, {Role.ORG_ADMIN})


def can_view_audit(user, organization: Organization | None = None) -> bool:
    """The audit page is for administrators: everything for system admins, their subtree for
    organisation admins."""
    if organization is None:
        return administers_somewhere(user)
    return holds_role(user, organization, {Role.ORG_ADMIN})


def can_view_person(user, person: User) -> bool:
    return User.objects.visible_to(user).filter(pk=person.pk).exists()
