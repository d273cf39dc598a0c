"""Reads of the newsroom: stories (clusters) filtered by their tags, a story's appearances and
tags, a source's feeds."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from phoihop.cases.models import Case
from phoihop.core import search
from phoihop.core.models import SearchDocument
from phoihop.core.text import search_terms
from phoihop.org.models import Area, Field

from .extract import VIETNAM
from .models import Article, Cluster, Source, StoryCase, Tag


@dataclass(frozen=True)
class NewsroomFilters:
    q: str = ""
    field: Field | None = None
    area: Area | None = None
    source: Source | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    negative: bool = False


# The newsroom counts its stories up to this many (the pages say "page 1 of more than 50"
# past it): counting every story of a national store on every view cost more than the page.
COUNT_CAP = 1000


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VIETNAM)


def newsroom_clusters(user, filters: NewsroomFilters):
    """The stories `user` may read matching `filters`, latest first: for the API, the export
    and the attention chart, which read or count them all (the newsroom page reads a page of
    them: `newsroom`)."""
    return _newsroom(user, filters, by_page=False)[0]


def newsroom(user, filters: NewsroomFilters):
    """The newsroom's list: its stories (as newsroom_clusters) and how many, exact up to
    COUNT_CAP, and whether there are more (`capped_count`). A query alone, its matches
    already counted by the text filter, costs no count of its own."""
    clusters, found = _newsroom(user, filters, by_page=True)
    if found is not None and filters == NewsroomFilters(q=filters.q):
        if clusters.query.is_empty():
            return clusters, 0, False
        count = min(found, COUNT_CAP + 1)
        return clusters, count, count > COUNT_CAP
    return clusters, *capped_count(clusters)


def _newsroom(user, filters: NewsroomFilters, *, by_page: bool):
    clusters = Cluster.objects.visible_to(user)
    tagged = Q()
    if filters.field:
        tagged &= Q(pk__in=Tag.objects.filter(field=filters.field).values("cluster_id"))
    if filters.area:
        tagged &= Q(pk__in=Tag.objects.filter(area=filters.area).values("cluster_id"))
    if filters.source:
        tagged &= Q(pk__in=Article.objects.filter(source=filters.source).values("cluster_id"))
    if filters.negative:
        tagged &= Q(negative=True)
    if filters.date_from:
        tagged &= Q(last_seen_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        tagged &= Q(first_seen_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    clusters = clusters.filter(tagged).order_by("-first_seen_at", "-pk")
    # Read whole (the API counts them, the chart groups them), or with a field, a province
    # or a source too (the matches would be few among the stories walked): filter_text's plan,
    # the matches joined with the stories, is the better one.
    if not by_page or filters.field or filters.area or filters.source:
        return search.filter_text(clusters, filters.q), None
    return text_filtered(clusters, filters.q)


# A query matching more stories than the newsroom counts is answered newest first, each
# story's search document checked as the list walks the latest-first index (text_filtered).
WALK_FROM = COUNT_CAP + 1


def text_filtered(clusters, query: str):
    """`clusters` narrowed to the stories whose search document matches `query`: the matches
    of core.search.filter_text (every folded word, the last one as a prefix, diacritics
    optional), planned for a list shown newest first, a page at a time.

    filter_text reads the matching documents' ids first (or joins them all): its cost is the
    number of matches, whatever the page shows. A common query on a national store ("ngo doc
    thuc pham": 5,800 stories of 67,000 at 100,000 articles, ten times more at a million)
    then read and sorted every match to show 25. Here the matches are counted first, up to
    WALK_FROM, over the index of the search documents: fewer, and their ids are the filter
    (as filter_text does). More, and the stories are walked newest first through
    `media_cluster_latest`, each one's document checked through its unique (content type,
    object) index until the page is full: at least one story in (stories ÷ WALK_FROM) matches,
    so a page costs a bounded number of look-ups however large the store.

    On SQLite (development, tests) this is filter_text itself. Returns the stories and the
    number of stories matching the query (among all, up to WALK_FROM), None when not counted.
    """
    if connection.vendor != "postgresql" or not query.strip():
        return search.filter_text(clusters, query), None
    terms = search_terms(query)
    if not terms:
        return clusters.none(), 0
    documents = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Cluster)
    )
    found = list(
        search._matching(documents, terms)
        .order_by()
        .values_list("object_id", flat=True)[:WALK_FROM]
    )
    if len(found) < WALK_FROM:
        return clusters.filter(pk__any_of=found), len(found)
    # A scalar subquery (LIMIT 1) is checked row by row: PostgreSQL does not turn it into a
    # join of every match, as it does an EXISTS or an IN.
    document = search._matching(documents.filter(object_id=OuterRef("pk")), terms)
    walked = clusters.alias(matched=Subquery(document.values("pk")[:1]))
    return walked.filter(matched__isnull=False), len(found)


def capped_count(clusters) -> tuple[int, bool]:
    """How many stories `clusters` holds, exact up to COUNT_CAP, and whether it holds more
    (then the count is COUNT_CAP + 1, a lower bound: core.pagination's `at_least`)."""
    count = clusters.order_by()[: COUNT_CAP + 1].count()
    return count, count > COUNT_CAP


def cluster_rows(ids: list[int]) -> list[Cluster]:
    """The page's stories in `ids` order, each with `fields` and `provinces` (names) read in
    one query for the page."""
    clusters = {c.pk: c for c in Cluster.objects.filter(pk__in=ids)}
    fields, provinces = defaultdict(list), defaultdict(list)
    tags = (
        Tag.objects.filter(cluster_id__in=ids)
        .filter(Q(kind=Tag.Kind.FIELD) | Q(kind=Tag.Kind.AREA, area__level=Area.Level.PROVINCE))
        .values_list("cluster_id", "field__name", "area__name")
        .distinct()
    )
    for cluster_id, field_name, area_name in tags:
        if field_name and field_name not in fields[cluster_id]:
            fields[cluster_id].append(field_name)
        if area_name and area_name not in provinces[cluster_id]:
            provinces[cluster_id].append(area_name)
    rows = [clusters[pk] for pk in ids if pk in clusters]
    for row in rows:
        row.field_names = sorted(fields[row.pk])
        row.province_names = sorted(provinces[row.pk])
    return rows


def cluster_for_page(user, pk: int) -> Cluster | None:
    return Cluster.objects.visible_to(user).filter(pk=pk).first()


def appearances(cluster: Cluster) -> list[Article]:
    return list(cluster.articles.select_related("source").order_by("published_at", "pk"))


@dataclass
class TagSummary:
    kind: str
    label: str
    name: str
    reasons: list[str]


def tag_summary(cluster: Cluster) -> list[TagSummary]:
    """The story's tags, one line per field/area/organisation/negative flag, with the words
    that decided it in any of its articles."""
    lines: dict[tuple, TagSummary] = {}
    tags = (
        Tag.objects.filter(cluster=cluster)
        .select_related("field", "area", "organization")
        .order_by("kind", "pk")
    )
    labels = dict(Tag.Kind.choices)
    for tag in tags:
        target = tag.field or tag.area or tag.organization
        key = (tag.kind, getattr(target, "pk", None))
        line = lines.setdefault(
            key,
            TagSummary(tag.kind, str(labels[tag.kind]), str(target) if target else "", []),
        )
        line.reasons += [r for r in tag.reasons if r not in line.reasons]
    order = [k for k, _ in Tag.Kind.choices]
    return sorted(lines.values(), key=lambda line: (order.index(line.kind), line.name))


def first_field_id(cluster: Cluster) -> int | None:
    """The field tagged on most of the story's articles, to propose for a case."""
    counts = (
        Tag.objects.filter(cluster=cluster, kind=Tag.Kind.FIELD)
        .values("field_id")
        .annotate(n=Count("id"))
        .order_by("-n", "field_id")
    )
    first = counts.first()
    return first["field_id"] if first else None


def cases_of(user, cluster: Cluster) -> list:
    """The cases opened from the story that `user` may see."""
    return list(
        Case.objects.visible_to(user)
        .filter(pk__in=StoryCase.objects.filter(cluster=cluster).values("case_id"))
        .only("pk", "number", "title")
        .order_by("pk")
    )


def sources_for(user):
    return Source.objects.visible_to(user).select_related("organization", "home_area")


def source_for_page(user, pk: int) -> Source | None:
    return sources_for(user).filter(pk=pk).first()


def articles_per_day(source: Source, days: int = 7) -> float:
    since = timezone.now() - datetime.timedelta(days=days)
    return round(source.articles.filter(published_at__gte=since).count() / days, 1)
