"""Whose documents a user may see, as a query filter.

An organisation's own documents (and its review milestones) are visible within its scope, in
both directions of the tree:

* people at the organisation or above it (rights cascade down, as for organisations), and
* people in its subordinate bodies, because a committee's documents are addressed to them: the
  propaganda department must see the Tỉnh ủy's action programme it carries out.

People in an unrelated organisation see none of them. System administrators see everything.
"""

from django.db.models import Q

from phoihop.org.models import Organization, user_scope_paths


def ancestor_paths(path: str) -> list[str]:
    """ "/1/2/5/" -> ["/1/", "/1/2/", "/1/2/5/"]."""
    parts = [part for part in path.strip("/").split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def parent_path(path: str) -> str:
    """ "/1/2/5/" -> "/1/2/"; a root's parent path is ""."""
    ancestors = ancestor_paths(path)
    return ancestors[-2] if len(ancestors) > 1 else ""


def in_scope(paths: list[str], organization_path: str) -> bool:
    """The scope rule of the module docstring, for one organisation path."""
    return any(
        organization_path.startswith(path) or path.startswith(organization_path) for path in paths
    )


def document_scope(user, *, field: str = "organization") -> Q | None:
    """A filter on `<field>` for what `user` may see; None means no restriction.

    Written as "<field> IN (the organisations in scope)" so the database reads the small set of
    organisations once instead of joining every row to its organisation.
    """
    if user.is_superuser:
        return None
    paths = user_scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    above = sorted({ancestor for path in paths for ancestor in ancestor_paths(path)})
    organizations = Q(path__in=above)
    for path in paths:
        organizations |= Q(path__startswith=path)
    return Q(**{f"{field}__in": Organization.objects.filter(organizations).values("pk")})
