"""Who may do what. Predicates `can_<verb>_<noun>(user, obj) -> bool`; services call them and
templates use them to decide which buttons to show. Rights cascade down the organisation tree."""

from collections.abc import Callable

from .models import Membership, Organization, User, user_scope_paths

Role = Membership.Role


def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _holds_role_over(user, organization: Organization, roles: set[str]) -> bool:
    return _holds_role_at(user, organization.path, roles)


def _holds_role_at(user, tree_path: str, roles: set[str]) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return any(tree_path.startswith(path) for path in user_scope_paths(user, roles))


def organization_path_viewer(user) -> Callable[[str], bool]:
    """Whether the user sees an organisation known by its tree path alone (a list row reads
    its parent's name and path, not the parent): the user's scope is read once."""
    if is_system_admin(user):
        return lambda tree_path: True
    if not user.is_authenticated or not user.is_active:
        return lambda tree_path: False
    scope = tuple(user_scope_paths(user))
    return lambda tree_path: tree_path.startswith(scope)


def can_create_organization(user, parent: Organization | None) -> bool:
    """Top-level organisations are for system administrators; children for their admins."""
    if is_system_admin(user):
        return True
    return parent is not None and _holds_role_over(user, parent, {Role.ORG_ADMIN})


def can_change_organization(user, organization: Organization) -> bool:
    return is_system_admin(user) or _holds_role_over(user, organization, {Role.ORG_ADMIN})


def can_archive_organization(user, organization: Organization) -> bool:
    return can_change_organization(user, organization)


def can_import_organizations(user, parent: Organization | None) -> bool:
    return can_create_organization(user, parent)


def can_manage_members(user, organization: Organization) -> bool:
    return is_system_admin(user) or _holds_role_over(user, organization, {Role.ORG_ADMIN})


def can_view_audit(user, organization: Organization | None = None) -> bool:
    """The audit page is for administrators: everything for system admins, their subtree for
    organisation admins."""
    if is_system_admin(user):
        return True
    if organization is None:
        return bool(user_scope_paths(user, {Role.ORG_ADMIN})) if user.is_authenticated else False
    return _holds_role_over(user, organization, {Role.ORG_ADMIN})


def can_view_person(user, person: User) -> bool:
    return User.objects.visible_to(user).filter(pk=person.pk).exists()


def admin_scope_paths(user) -> list[str] | None:
    """Tree paths where the user administers; None means everywhere (system admin)."""
    if is_system_admin(user):
        return None
    return user_scope_paths(user, {Role.ORG_ADMIN})
