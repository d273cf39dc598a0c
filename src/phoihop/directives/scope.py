"""Whose documents a user may see, as a query filter.

An organisation's own documents (and its review milestones) are visible within its scope, in
both directions of the tree:

* people at the organisation or above it (rights cascade down, as for organisations), and
* people in its subordinate bodies, because a committee's documents are addressed to them: the
  propaganda department must see the Tỉnh ủy's action programme it carries out.

People in an unrelated organisation see none of them. System administrators see everything.
"""

from django.db.models import Q

from phoihop.org.models import Organization
from phoihop.org.scope import kept_for_the_request

_CACHE = "_phoihop_document_organizations"


def document_scope(user, *, field: str = "organization") -> Q | None:
    """A filter on `<field>` for what `user` may see; None means no restriction.

    Written as "<field> IN (the ids of the organisations in scope)", the ids read once per
    request: the database then reads the few matching documents through the index on `<field>`
    (with "organization IS NULL", two index scans) instead of testing every document of the
    country against a subquery (docs/adr/0012).
    """
    if user.is_superuser:
        return None
    ids = kept_for_the_request(user, _CACHE, lambda: _organization_ids(user))
    return Q(**{f"{field}__any_of": ids})


def sees_organization_documents(user, organization_id: int | None) -> bool:
    """Whether `visible_to(user)` lets through a document owned by `organization_id` (None: the
    central catalogue), decided in Python from the same id list. A page that has read a few
    documents by key filters them with this instead of sending the list again: PostgreSQL
    plans `= ANY(<690 ids>)` element by element, 1-5 ms per query that carries it."""
    if not user.is_authenticated:
        return False
    if organization_id is None or user.is_superuser:
        return True
    ids = kept_for_the_request(user, _CACHE, lambda: _organization_ids(user))
    found = kept_for_the_request(user, _CACHE + "_set", lambda: frozenset(ids))
    return organization_id in found


def _organization_ids(user) -> list[int]:
    organizations = Organization.objects.within_scope_of(user, with_ancestors=True)
    return list(organizations.order_by().values_list("pk", flat=True))
