"""Where a user's memberships give them rights: the one scope API (docs/adr/0010).

Two questions, one answer each, in the spirit of NetBox's `restrict(user, action)`:

* "the organisations where this user holds one of these roles" (rights cascade down the tree):
  `Organization.objects.within_scope_of(user, roles)`;
* "does this user hold one of these roles on this organisation or an ancestor":
  `holds_role(user, organization, roles)`.

Both read one membership source, `grants(user)`, loaded once per request. The rule for archived
organisations lives there: a membership in an archived organisation grants nothing. The tree's
materialised paths (ADR 0003) are read only in this module and the org app; other apps pass
organisations and querysets, never path prefixes.

Reading the organisation directory is wider than the scope: `directory_q` (behind
`Organization.objects.visible_to`) adds the organisations of the user's own provinces and the
central level (ADR 0010). People, memberships and every write stay within the scope.
"""

import hashlib
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, Q, When

from phoihop.core import caching

_CACHE = "_phoihop_grants"
_AREAS_CACHE = "_phoihop_province_areas"
_AREA_SET_CACHE = "_phoihop_province_area_set"
_SCOPE_IDS = "_phoihop_scope_ids"


def kept_for_the_request(user, key: str, compute):
    """`compute()`, kept on the user object (a new one each request) under `key`: the reads of
    a user's scope that several queries of one page filter by."""
    if key not in user.__dict__:
        user.__dict__[key] = compute()
    return user.__dict__[key]


@dataclass(frozen=True, slots=True)
class Grant:
    """One membership that grants rights: a role at an organisation (and below it)."""

    organization_id: int
    parent_id: int | None
    kind: str  # the organisation's kind
    role: str
    path: str  # the organisation's tree path; read only inside the org app
    province_id: int | None  # the province the organisation works in (its area's), if any


def grants(user, roles: Collection[str] | None = None) -> list[Grant]:
    """The user's memberships in organisations that are not archived (optionally only some
    roles), read in one query and kept on the user object for the request.

    A membership in an archived organisation grants nothing: archiving ends a body (a merger,
    a dissolution), its people move to the successor, and whoever stays listed there must not
    keep rights over it or its archived units (docs/adr/0010). Those above it keep theirs."""
    if not user.is_authenticated:
        return []
    cache = kept_for_the_request(user, _CACHE, lambda: [Grant(*row) for row in _grant_rows(user)])
    if roles is None:
        return list(cache)
    return [grant for grant in cache if grant.role in roles]


def _grant_rows(user):
    """(organisation id, parent id, kind, role, path, province id) of each membership in an
    organisation that is not archived. The province is the organisation's area if it is one,
    else that area's parent (a commune's), else its grandparent (a pre-2025 district's commune)."""
    from .models import Area, Membership  # models.py imports this module

    province = Area.Level.PROVINCE
    area = "organization__area"
    province_id = Case(
        When(**{f"{area}__level": province}, then=F(f"{area}_id")),
        When(**{f"{area}__parent__level": province}, then=F(f"{area}__parent_id")),
        When(**{f"{area}__parent__parent__level": province}, then=F(f"{area}__parent__parent_id")),
    )
    memberships = Membership.objects.filter(user=user, organization__archived_at__isnull=True)
    return (
        memberships.annotate(province_id=province_id)
        .order_by("organization__path", "role")
        .values_list(
            "organization_id",
            "organization__parent_id",
            "organization__kind",
            "role",
            "organization__path",
            "province_id",
        )
    )


def holds_role(
    user, organization, roles: Collection[str] | None = None, *, or_below: bool = False
) -> bool:
    """Does `user` hold one of `roles` (any role when None) on `organization` or an ancestor?
    Active system administrators hold every role everywhere. `or_below` also counts a role in
    one of the organisation's descendants (who may read what is addressed to them)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    paths = tuple(grant.path for grant in grants(user, roles))
    if organization.path.startswith(paths):
        return True
    return or_below and any(path.startswith(organization.path) for path in paths)


def scope_ids(user) -> list[int]:
    """The ids of `within_scope_of(user)` (any role), read once per request: the scope as an id
    list (ADR 0012), which PostgreSQL hashes, where a subquery of hundreds of organisations is
    estimated to hold as many of a table's rows as any other (a provincial specialist's 690
    made the events' co-organisers a scan of all of them). Not for system administrators
    (everything: no list)."""
    from .models import Organization  # models.py imports this module

    return kept_for_the_request(
        user,
        _SCOPE_IDS,
        lambda: list(
            Organization.objects.within_scope_of(user).order_by().values_list("pk", flat=True)
        ),
    )


def scope_q(
    user,
    roles: Collection[str] | None = None,
    *,
    field: str = "path",
    with_ancestors: bool = False,
) -> Q | None:
    """The filter behind `within_scope_of`, on any column holding a tree path (`field`): the
    subtrees of the user's grants, plus (`with_ancestors`) the organisations above them. None
    means everywhere (system administrators); no grant gives a filter that matches nothing."""
    if user.is_superuser:
        return None
    paths = [grant.path for grant in grants(user, roles)]
    if not paths:
        return Q(pk__in=[])
    return subtrees_q(paths, field=field, with_ancestors=with_ancestors)


def subtrees_q(paths: Collection[str], *, field: str = "path", with_ancestors=False) -> Q:
    """Rows whose `field` lies in one of the subtrees rooted at `paths` (and, `with_ancestors`,
    on the way down to them); an empty list matches nothing."""
    scope = Q(pk__in=[]) if not paths else Q()
    for path in sorted(set(paths)):
        scope |= Q(**{f"{field}__startswith": path})
    if with_ancestors:
        above = sorted({ancestor for path in paths for ancestor in ancestor_paths(path)})
        scope |= Q(**{f"{field}__in": above})
    return scope


def ancestor_paths(path: str) -> list[str]:
    """ "/1/2/5/" -> ["/1/", "/1/2/"]: the paths strictly above."""
    parts = [part for part in path.strip("/").split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts) - 1)]


def directory_q(user) -> Q | None:
    """What the user may read of the organisation directory (name, kind, level, parent, area,
    fields, abbreviation, validity, successors): their scope, the organisations located in
    their own provinces (an area in the province), and the central level. None: everything.
    `in_directory` answers it for one organisation already read."""
    from .models import Organization  # models.py imports this module

    if user.is_superuser:
        return None
    directory = scope_q(user) | Q(level=Organization.Level.CENTRAL)
    areas = province_areas(user)
    if areas:
        directory |= Q(area_id__any_of=areas)
    return directory


def in_directory(user, organization) -> bool:
    """`directory_q` for one organisation already read (its path, level and area): may the
    user read it in the directory? (As `holds_role` answers `scope_q` for one.)"""
    from .models import Organization  # models.py imports this module

    if user.is_superuser:
        return True
    paths = tuple(grant.path for grant in grants(user))
    return (
        organization.path.startswith(paths)
        or organization.level == Organization.Level.CENTRAL
        or organization.area_id in _province_area_set(user)
    )


def _province_area_set(user) -> frozenset[int]:
    return kept_for_the_request(user, _AREA_SET_CACHE, lambda: frozenset(province_areas(user)))


def province_areas(user) -> list[int]:
    """The areas of the user's own provinces (the provinces, their communes or districts, and
    the districts' communes), kept for the request. As a list of ids the directory filter is a
    few index scans; as a subquery it read every area and every organisation (docs/adr/0012)."""
    return kept_for_the_request(user, _AREAS_CACHE, lambda: _areas_of_provinces(user))


def _areas_of_provinces(user) -> list[int]:
    provinces = tuple(sorted({g.province_id for g in grants(user) if g.province_id is not None}))
    if not provinces:
        return []
    # Reference data, the same for everyone in these provinces (areas change only when
    # `load_areas` runs): read for LIST_CACHE_SECONDS, like the filters' lists of provinces.
    return caching.cached(
        "org",
        f"province-areas|{provinces}",
        lambda: _areas_within(provinces),
        seconds=settings.LIST_CACHE_SECONDS,
    )


def _areas_within(provinces: tuple[int, ...]) -> list[int]:
    from .models import Area  # models.py imports this module

    children = Area.objects.filter(parent_id__in=provinces).order_by().values("pk")
    # Only a (pre-2025) district has areas below it: said so, the database reads the districts'
    # communes through the parent index instead of hashing all 14,000 areas (docs/adr/0013).
    districts = children.filter(level=Area.Level.DISTRICT)
    grandchildren = Area.objects.filter(parent_id__in=districts).order_by().values_list("pk")
    below = children.values_list("pk").union(grandchildren)
    return sorted({*provinces, *(pk for (pk,) in below)})


def scope_key(user) -> str:
    """A short key naming the user's scope, for caches shared by everyone with the same one."""
    if user.is_superuser:
        return "all"
    paths = "|".join(sorted({grant.path for grant in grants(user)}))
    return hashlib.sha256(paths.encode()).hexdigest()[:16]
