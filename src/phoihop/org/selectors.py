"""Reads shared by the organisation, area, people and audit pages and the API. A selector never
writes. Every read starts from `visible_to` or the scope API (org.scope, ADR 0010)."""

import datetime
from typing import Any

from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone

from phoihop.core import search
from phoihop.core.models import AuditEntry
from phoihop.core.queries import count_of

from . import scope
from .models import Area, Field, Membership, Organization, User, valid_on

SUGGESTION_LIMIT = 10
ADMIN_ROLES = frozenset({Membership.Role.ORG_ADMIN})


# Organisations ----------------------------------------------------------------------------------


def changeable_organizations(user) -> QuerySet:
    """Organisations the user may change (and so create children under)."""
    return Organization.objects.within_scope_of(user, ADMIN_ROLES)


def areas_within(area: Area | int) -> QuerySet:
    """The ids of an area and of every area below it (communes, and districts of old)."""
    pk = area.pk if isinstance(area, Area) else area
    return Area.objects.filter(Q(pk=pk) | Q(parent_id=pk) | Q(parent__parent_id=pk)).values("pk")


def filter_organizations(
    queryset: QuerySet,
    *,
    kind: str | None = None,
    level: str | None = None,
    area: Area | int | None = None,
    field: Field | str | None = None,
    at: datetime.date | None = None,
    include_archived: bool = False,
    parent: Organization | int | None = None,
    **ignored: Any,
) -> QuerySet:
    """Apply the list filters (everything but the text query) to an organisation queryset."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if level:
        queryset = queryset.filter(level=level)
    if area is not None:
        queryset = queryset.filter(area_id__in=areas_within(area))
    if field is not None:
        if isinstance(field, Field):
            queryset = queryset.filter(fields=field)
        else:
            queryset = queryset.filter(fields__code=field)
    if parent is not None:
        queryset = queryset.filter(parent_id=getattr(parent, "pk", parent))
    if at is not None:
        queryset = queryset.filter(valid_on(at))
    if not include_archived:
        queryset = queryset.filter(archived_at__isnull=True)
    return queryset


def directory_roots(user, queryset: QuerySet) -> QuerySet:
    """Top of the tree for this user: the organisations of `queryset` (what they see) whose
    parent they do not see, or that have none."""
    if user.is_superuser:
        return queryset.filter(parent__isnull=True)
    # The (id, parent) pairs of what they see, read by index and compared here: a "parent not
    # in (what they see)" subquery made the database test every organisation of the country.
    parents = dict(Organization.objects.visible_to(user).order_by().values_list("pk", "parent_id"))
    roots = [pk for pk, parent in parents.items() if parent is None or parent not in parents]
    return queryset.filter(pk__in=roots)


def _in_force(show_all: bool) -> Q:
    """Neither archived nor out of their validity today (everything when `show_all`)."""
    return Q() if show_all else Q(archived_at__isnull=True) & valid_on(timezone.localdate())


def tree_level(queryset: QuerySet, show_all: bool) -> QuerySet:
    """One level of the tree, by name, each node with `child_count` (its children shown)."""
    children = Organization.objects.filter(parent=OuterRef("pk")).filter(_in_force(show_all))
    return (
        queryset.filter(_in_force(show_all))
        .annotate(child_count=count_of(children))
        .order_by("name", "pk")
    )


def visible_ancestors(user, organization: Organization) -> list[Organization]:
    """Visible ancestors, root first, in one query through the materialised path."""
    ids = organization.ancestor_ids()
    if not ids:
        return []
    return list(Organization.objects.visible_to(user).filter(pk__in=ids).order_by("depth"))


def detail_relations(user, organization: Organization, child_limit: int) -> dict[str, Any]:
    """What the detail page lists around an organisation, within what the user sees: its
    first children (and how many), its successors and predecessors."""
    visible = Organization.objects.visible_to(user)
    children = list(visible.filter(parent=organization).order_by("name", "pk")[: child_limit + 1])
    child_total = (
        visible.filter(parent=organization).count()
        if len(children) > child_limit
        else len(children)
    )
    return {
        "children": children[:child_limit],
        "child_total": child_total,
        "successors": list(visible.filter(predecessors=organization).order_by("name")),
        "predecessors": list(visible.filter(successors=organization).order_by("name")),
    }


def located_in(user, area: Area) -> QuerySet:
    """The organisations the user sees whose area is `area` (the area page), by name."""
    located = Organization.objects.visible_to(user).filter(area=area)
    return located.only("name", "kind", "archived_at").order_by("name")


def suggest_areas(user, query: str) -> list[Area]:
    """Current areas for the form's type-ahead: by code prefix, else by the search index."""
    query = query.strip()
    if not query:
        return []
    current = Area.objects.current().select_related("parent")
    if query.isdigit():
        return list(current.filter(code__startswith=query).order_by("code")[:SUGGESTION_LIMIT])
    ids = [hit.id for hit in search.search(user, query, kinds=["area"], limit=50)]
    found = current.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:SUGGESTION_LIMIT]


def suggest_organizations(user, query: str, queryset: QuerySet) -> list[Organization]:
    """Organisations of `queryset` for the form's type-ahead, best match first."""
    query = query.strip().lstrip("#")
    if not query:
        return []
    ids = [hit.id for hit in search.search(user, query, kinds=["organization"], limit=50)]
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:SUGGESTION_LIMIT]


def suggest_people(user, query: str, queryset: QuerySet) -> list[User]:
    """People of `queryset` for the form's type-ahead, found by the search index among those
    the user may see (the "person" search kind), best match first."""
    query = query.strip()
    if not query:
        return []
    ids = [hit.id for hit in search.search(user, query, kinds=["person"], limit=50)]
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found][:SUGGESTION_LIMIT]


# Areas ------------------------------------------------------------------------------------------


def areas_on(
    user,
    date: datetime.date,
    *,
    level: str | None = None,
    parent_id: int | None = None,
) -> QuerySet:
    """Areas a user may see that were in force on `date`, by code."""
    queryset = Area.objects.visible_to(user).valid_on(date).select_related("parent")
    if level:
        queryset = queryset.filter(level=level)
    if parent_id is not None:
        queryset = queryset.filter(parent_id=parent_id)
    return queryset.order_by("code", "pk")


def with_child_counts(queryset: QuerySet, date: datetime.date) -> QuerySet:
    """Annotate `child_count`: the children in force on `date` (one query, no N+1)."""
    children = Area.objects.filter(valid_on(date), parent=OuterRef("pk"))
    return queryset.annotate(child_count=count_of(children))


def attach_successors(areas: list[Area]) -> list[Area]:
    """Give each area `successor_list`: the areas it became, by code, each with its parent.

    Only areas that have ended have successors (the loader links old units to the new ones), so
    a page of areas in force needs no query at all, and a page of old ones one query.
    """
    ended = [area.pk for area in areas if area.valid_to is not None]
    successors: dict[int, list[Area]] = {}
    if ended:
        links = (
            Area.successors.through.objects.filter(from_area_id__in=ended)
            .select_related("to_area__parent")
            .order_by("to_area__code")
        )
        for link in links:
            successors.setdefault(link.from_area_id, []).append(link.to_area)
    for area in areas:
        area.successor_list = successors.get(area.pk, [])
    return areas


def area_history(area: Area) -> tuple[list[Area], list[Area]]:
    """(the areas `area` was formed from, those it became): one query over the links in both
    directions, each area with its parent."""
    links = Area.successors.through.objects.filter(
        Q(from_area=area) | Q(to_area=area)
    ).select_related("from_area__parent", "to_area__parent")
    predecessors, successors = [], []
    for link in links:
        if link.to_area_id == area.pk:
            predecessors.append(link.from_area)
        if link.from_area_id == area.pk:
            successors.append(link.to_area)
    return predecessors, successors


def default_date_for(area: Area) -> datetime.date:
    """Today when the area is in force, else the nearest day on which it was."""
    today = timezone.localdate()
    if area.valid_to is not None and area.valid_to < today:
        return area.valid_to
    if area.valid_from is not None and area.valid_from > today:
        return area.valid_from
    return today


def ended_on(area: Area) -> datetime.date | None:
    """The first day an area is no longer in force, if it has ended."""
    if area.valid_to is None:
        return None
    return area.valid_to + datetime.timedelta(days=1)


# People, memberships and the audit log ---------------------------------------------------------


def visible_memberships(user) -> QuerySet:
    """Memberships the viewer may know about: those in organisations within their scope."""
    memberships = Membership.objects.select_related("organization").order_by("organization__path")
    if user.is_superuser:
        return memberships
    return memberships.filter(organization__in=Organization.objects.within_scope_of(user))


def members_within(organization: Organization) -> QuerySet:
    """The memberships of an organisation and of its units."""
    return Membership.objects.filter(organization__in=Organization.objects.within(organization))


def audit_entries_for(user) -> QuerySet:
    """Audit entries about the organisations the user administers (and their units)."""
    condition = scope.scope_q(user, ADMIN_ROLES, field="organization_path")
    return AuditEntry.objects.all() if condition is None else AuditEntry.objects.filter(condition)


def audit_entries_within(entries: QuerySet, organization: Organization) -> QuerySet:
    """The entries about an organisation and its units."""
    return entries.filter(scope.subtrees_q([organization.path], field="organization_path"))
