"""Who may do what with the registry, numbering and reviews.

Decisions (see docs/architecture.md, "Directives"):

* Reading: every signed-in user reads the central catalogue (documents without an owning
  organisation). An organisation's own documents and its review milestones are read within its
  scope (scope.py): people at or above it, and people in its subordinate bodies.
* Editing the central catalogue (creating, changing or moving a document without an owning
  organisation, and moving any document into or out of it): system administrators and the people
  explicitly granted the catalogue-editor right, the Django permission
  `directives.edit_central_catalogue`, given to a person or to a group in the admin (each grant is
  audited, see org/admin.py). Being a propaganda department's editor is not enough: one province
  must not hide or rewrite what every province reads. A province proposes a central document by
  registering it under its own organisation. Every change is audited.
* Editing an organisation's own documents and its review milestones: system administrators,
  people with an editor role at that organisation or above it, and editors of a propaganda
  department directly under it (the department keeps the Tỉnh ủy's documents).
* Numbering: seen by the people at the organisation or above it (Organization.visible_to);
  numbers are given by its editor roles (at the organisation or above).
* Focal points and collaborators read; they never edit the registry.
"""

from django.db.models import Q

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role, kept_for_the_request

Role = Membership.Role
EDITOR_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST})
PROPAGANDA = Organization.Kind.PROPAGANDA_DEPARTMENT
CENTRAL_CATALOGUE_PERMISSION = "directives.edit_central_catalogue"


def kept_for(user) -> set[int]:
    """Ids of the organisations whose documents the user keeps as an editor of the propaganda
    department directly under them (the department keeps the Tỉnh ủy's documents)."""
    return {
        grant.parent_id
        for grant in grants(user, EDITOR_ROLES)
        if grant.kind == PROPAGANDA and grant.parent_id is not None
    }


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_edit_central_catalogue(user) -> bool:
    """System administrators and granted catalogue editors: the permission given to the person
    or to one of their groups, asked in one query and kept for the request (what Django's
    `has_perm` answers with two queries reading every permission the person has)."""
    if not _active(user):
        return False
    return is_system_admin(user) or kept_for_the_request(
        user, "_phoihop_catalogue_editor", lambda: _granted(user, CENTRAL_CATALOGUE_PERMISSION)
    )


def _granted(user, permission: str) -> bool:
    from django.contrib.auth.models import Permission

    app_label, codename = permission.split(".")
    return (
        Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        .filter(Q(user=user) | Q(group__user=user))
        .exists()
    )


def can_edit_for(user, organization: Organization | None) -> bool:
    """May `user` write registry documents and review milestones owned by `organization`
    (None: the central catalogue)?"""
    if not _active(user):
        return False
    if is_system_admin(user):
        return True
    if organization is None:
        return can_edit_central_catalogue(user)
    return holds_role(user, organization, EDITOR_ROLES) or organization.pk in kept_for(user)


def is_registry_editor(user) -> bool:
    """Does the user edit any part of the registry (shows the "new document" button)?"""
    if not _active(user):
        return False
    return (
        is_system_admin(user)
        or bool(grants(user, EDITOR_ROLES))
        or can_edit_central_catalogue(user)
    )


def can_view_document(user, document) -> bool:
    if not _active(user):
        return False
    if document.organization_id is None or user.is_superuser:
        return True
    return holds_role(user, document.organization, or_below=True)  # see scope.py


def can_create_document(user, organization: Organization | None) -> bool:
    return can_edit_for(user, organization)


def can_change_document(user, document) -> bool:
    return can_edit_for(user, document.organization)


def can_move_document(user, document, organization: Organization | None) -> bool:
    """Giving a document another owner: the right to write it where it is and where it goes, so
    a move into or out of the central catalogue needs the catalogue-editor right."""
    return can_change_document(user, document) and can_create_document(user, organization)


def can_import_documents(user) -> bool:
    """The import page; every row is checked again against its own organisation."""
    return is_registry_editor(user)


def can_resolve_citation(user, document) -> bool:
    """Picking which document an ambiguous citation means is an editor's call."""
    return is_registry_editor(user) and can_view_document(user, document)


def can_view_numbering(user, organization: Organization) -> bool:
    return holds_role(user, organization)


def can_reserve_number(user, organization: Organization) -> bool:
    return holds_role(user, organization, EDITOR_ROLES)


def can_manage_reviews(user, organization: Organization) -> bool:
    """Create, edit and complete the milestones `organization` is responsible for."""
    return organization is not None and can_edit_for(user, organization)
