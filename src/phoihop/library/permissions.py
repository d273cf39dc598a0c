"""Who may read and keep library items.

* Reading (`visibility_q`, behind `Item.objects.visible_to`): a public item, everyone, signed in
  or not (its page and the public listing; its file needs a sign-in, as every file does); an
  item for signed-in users, every active account; a restricted item, its audience: a member of
  one of the chosen organisations or of a unit below it, holding one of the chosen roles (any
  role when none was chosen). "Propagandists only" is the audience «Đoàn báo cáo viên» (the
  Party committee's body of propagandists is an organisation in the directory).
* Keeping (adding items, new versions, changing access, collections): the editor roles
  (organisation administrator, leader, specialist) at the owning organisation or above it.
  They read every item of the organisations they keep, whatever its access.
* System administrators read and keep everything.
"""

from dataclasses import dataclass

from django.db.models import Q

from phoihop.org.models import Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role, kept_for_the_request

Role = Membership.Role
EDITOR_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST})
_KEPT = "_phoihop_library_kept"
_AUDIENCE = "_phoihop_library_audience"


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def kept_organization_ids(user) -> list[int]:
    """The organisations whose items the user keeps (editor roles there or above)."""
    return kept_for_the_request(
        user,
        _KEPT,
        lambda: list(
            Organization.objects.within_scope_of(user, EDITOR_ROLES)
            .order_by()
            .values_list("pk", flat=True)
        ),
    )


def _audience_pairs(user) -> dict[str, list[int]]:
    """{role: ids of the organisations whose audience the user belongs to with that role}: each
    membership's organisation and the organisations above it."""
    memberships = grants(user)
    if not memberships:
        return {}
    organizations = {
        o.pk: o
        for o in Organization.objects.filter(pk__in={g.organization_id for g in memberships})
    }
    pairs: dict[str, set[int]] = {}
    for grant in memberships:
        organization = organizations.get(grant.organization_id)
        if organization is not None:
            ids = pairs.setdefault(grant.role, set())
            ids.update([organization.pk, *organization.ancestor_ids()])
    return {role: sorted(ids) for role, ids in pairs.items()}


def audience_q(user) -> Q | None:
    """A filter on `Audience` rows the user belongs to; None when none can match."""
    pairs = kept_for_the_request(user, _AUDIENCE, lambda: _audience_pairs(user))
    condition = None
    for role, ids in sorted(pairs.items()):
        term = Q(organization_id__any_of=ids, role__in=["", role])
        condition = term if condition is None else condition | term
    return condition


@dataclass(frozen=True)
class Reach:
    """What a user reads, in three parts: every item of the `levels` of access, every item of
    the `kept` organisations, and the restricted items whose audience rows match `audience`
    (None: none). `everything` (a system administrator) reads all."""

    everything: bool = False
    levels: tuple[str, ...] = ()
    kept: tuple[int, ...] = ()
    audience: Q | None = None


def reach(user) -> Reach:
    from .models import Item

    Access = Item.Access
    if not _active(user):
        return Reach(levels=(Access.PUBLIC,))
    if is_system_admin(user):
        return Reach(everything=True)
    return Reach(
        levels=(Access.PUBLIC, Access.SIGNED_IN),
        kept=tuple(kept_organization_ids(user)),
        audience=audience_q(user),
    )


def visibility_q(user) -> Q | None:
    """The filter on items behind `Item.objects.visible_to(user)`; None: everything."""
    from .models import Audience, Item

    parts = reach(user)
    if parts.everything:
        return None
    condition = Q(access__in=parts.levels)
    if parts.kept:
        condition |= Q(organization_id__any_of=list(parts.kept))
    if parts.audience is not None:
        rows = Audience.objects.filter(parts.audience).values("item_id")
        condition |= Q(access=Item.Access.RESTRICTED, pk__in=rows)
    return condition


def can_keep_library(user) -> bool:
    """Does the user keep any part of the library (the «add» buttons)?"""
    return _active(user) and (is_system_admin(user) or bool(grants(user, EDITOR_ROLES)))


def can_keep_for(user, organization: Organization) -> bool:
    """May the user add or change items and collections owned by `organization`?"""
    if not _active(user):
        return False
    return is_system_admin(user) or holds_role(user, organization, EDITOR_ROLES)


def can_edit_item(user, item) -> bool:
    return can_keep_for(user, item.organization)


def can_edit_collection(user, collection) -> bool:
    return can_keep_for(user, collection.organization)


def can_download(user) -> bool:
    """Files are served to signed-in users only (the item itself is checked by its scope)."""
    return _active(user)
