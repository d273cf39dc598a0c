"""Reads of the library (a selector never writes)."""

import datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth

from phoihop.core.pagination import paginate
from phoihop.core.search import CappedRanking, rank_capped
from phoihop.org.models import Organization

from .models import Collection, Item, Use
from .permissions import EDITOR_ROLES, kept_organization_ids

# A list of items counts up to this many (ADR 0028's bound, as the cases and the newsroom).
COUNT_CAP = 1000


def items_for(user, filters: dict | None = None):
    """The items `user` may read, narrowed by a list's filters (q, kind, field, access,
    collection), newest first; with words, the matches best first as
    `core.search.rank_capped` ranks them (a `CappedRanking`: sliced and counted as a
    queryset, not filtered further)."""
    filters = filters or {}
    items = Item.objects.visible_to(user).for_list()
    if filters.get("kind"):
        items = items.filter(kind=filters["kind"])
    if filters.get("access"):
        items = items.filter(access=filters["access"])
    if filters.get("field"):
        items = items.filter(fields=filters["field"])
    if filters.get("collection"):
        items = items.filter(collections=filters["collection"])
    if filters.get("published_from"):
        items = items.filter(published_on__gte=filters["published_from"])
    if filters.get("published_to"):
        items = items.filter(published_on__lte=filters["published_to"])
    return rank_capped(items, (filters.get("q") or "").strip())


def page_of(request, rows):
    """The page of a list of items: counted up to COUNT_CAP (the rows past it are "more than
    N pages", ADR 0028), a ranked search up to what it ranked."""
    if isinstance(rows, CappedRanking):
        count, more = rows.known_count()
    else:
        count = rows.order_by()[: COUNT_CAP + 1].count()
        more = count > COUNT_CAP
    return paginate(request, rows, count=count, at_least=more)


def item_for_page(user, pk: int) -> Item | None:
    return (
        Item.objects.visible_to(user)
        .select_related("organization", "directive", "current_version")
        .defer("current_version__text")
        .filter(pk=pk)
        .first()
    )


def collections_for(user):
    """Collections readers reach: those of the organisations in the user's directory; a
    collection shows only the items of it the reader may read."""
    collections = Collection.objects.select_related("organization")
    if not user.is_authenticated:
        return collections.none()
    directory = Organization.objects.visible_to(user)
    return collections.filter(organization__in=directory.values("pk"))


def collection_items(user, collection: Collection):
    return items_for(user).filter(collections=collection)


def owners_for(user):
    """The organisations whose library the user keeps."""
    return Organization.objects.within_scope_of(user, EDITOR_ROLES).filter(archived_at__isnull=True)


def monthly_uses(item: Item, *, months: int = 12, today: datetime.date) -> list[dict]:
    """Views and downloads of one item per month, the latest `months` months, newest first."""
    start = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    rows = (
        Use.objects.filter(item=item, day__gte=start)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            views=Count("pk", filter=Q(kind=Use.Kind.VIEW)),
            downloads=Count("pk", filter=Q(kind=Use.Kind.DOWNLOAD)),
        )
        .order_by("-month")
    )
    return [
        {"month": row["month"], "views": row["views"], "downloads": row["downloads"]}
        for row in rows
    ]


def keeps_any(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or kept_organization_ids(user)))


def readable(user, ids) -> "Item.objects":
    """The items among `ids` (ids or a subquery) that `user` may read."""
    return Item.objects.visible_to(user).filter(pk__in=ids)


def items_of_organizations(user, organization_ids, *, exclude=()) -> "Item.objects":
    """The items owned by the given organisations that `user` may read, newest first: what an
    activity of those organisations may cite (the caller caps how many it lists)."""
    return (
        Item.objects.visible_to(user)
        .filter(organization_id__in=list(organization_ids))
        .exclude(pk__in=exclude)
        .only("pk", "title", "published_on")
        .order_by("-published_on", "-pk")
    )


def read_by(person, viewer, *, limit: int = 50) -> list[Item]:
    """The items `person` viewed or downloaded (their once-a-day use rows), latest first, at
    most `limit`, each only if `viewer` may read it; `last_read` is the last day (Vietnam's)."""
    rows = list(
        Use.objects.filter(user=person, item__in=Item.objects.visible_to(viewer).values("pk"))
        .values("item_id")
        .annotate(last_read=Max("day"))
        .order_by("-last_read", "-item_id")[:limit]
    )
    items = Item.objects.only("pk", "title", "kind", "published_on").in_bulk(
        [row["item_id"] for row in rows]
    )
    result = []
    for row in rows:
        item = items.get(row["item_id"])
        if item is not None:
            item.last_read = row["last_read"]
            result.append(item)
    return result
