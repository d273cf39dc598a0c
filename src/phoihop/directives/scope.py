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


def document_scope(user, *, field: str = "organization") -> Q | None:
    """A filter on `<field>` for what `user` may see; None means no restriction.

    Written as "<field> IN (the organisations in scope)" so the database reads the small set of
    organisations once instead of joining every row to its organisation.
    """
    if user.is_superuser:
        return None
    organizations = Organization.objects.within_scope_of(user, with_ancestors=True)
    return Q(**{f"{field}__in": organizations.values("pk")})
