"""One search API for every app, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Apps register a kind of object once (in AppConfig.ready) with the function that tells which
objects a user may see. Services call `index(obj)` after every write; `rebuild()` re-indexes all.
Text is folded (no diacritics, đ→d, lower case), so "so y te thanh hoa" finds
"Sở Y tế tỉnh Thanh Hóa"; results whose title carries the query with its exact diacritics rank
first. Every list's text filter is `filter_text(queryset, query)` on the same index (ADR 0008).
See docs/architecture.md, "Search".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length

from .models import SearchDocument
from .text import fold, normalize, search_terms


@dataclass(frozen=True)
class Document:
    """What an object tells the index about itself."""

    title: str
    url: str
    subtitle: str = ""
    extra_text: str = ""
    boost: int = 0  # higher ranks first among equally good matches


@dataclass(frozen=True)
class SearchKind:
    kind: str
    model: type[models.Model]
    label: str
    visible: Callable[..., models.QuerySet]
    document: Callable[[models.Model], Document]
    costly_visibility: bool = False


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    id: int
    title: str
    subtitle: str
    url: str


_registry: dict[str, SearchKind] = {}
_DOCUMENT_FIELDS = ("kind", "title", "title_normalized", "subtitle", "url", "search_text", "boost")


def register(
    kind: str,
    model: type[models.Model],
    *,
    label: str,
    visible: Callable[..., models.QuerySet],
    document: Callable[[models.Model], Document] | None = None,
    costly_visibility: bool = False,
) -> None:
    """Make `model` searchable. `document` defaults to the model's `search_document()`.

    `costly_visibility`: `visible(user)` nests subqueries that take milliseconds to build and
    plan; a scoped user's search asks first whether the kind has any match at all.
    """
    _registry[kind] = SearchKind(
        kind=kind,
        model=model,
        label=label,
        visible=visible,
        document=document or (lambda obj: obj.search_document()),
        costly_visibility=costly_visibility,
    )


def registered_kinds() -> list[SearchKind]:
    return list(_registry.values())


def _kind_of(obj: models.Model) -> SearchKind:
    for entry in _registry.values():
        if isinstance(obj, entry.model):
            return entry
    raise LookupError(f"{type(obj).__name__} is not registered for search")


def _row(entry: SearchKind, obj: models.Model) -> SearchDocument:
    content_type = ContentType.objects.get_for_model(entry.model)
    return _document_row(entry, content_type, obj.pk, entry.document(obj))


def index(obj: models.Model) -> None:
    """Create or refresh the search row of one object."""
    row = _row(_kind_of(obj), obj)
    SearchDocument.objects.update_or_create(
        content_type=row.content_type,
        object_id=row.object_id,
        defaults={field: getattr(row, field) for field in _DOCUMENT_FIELDS},
    )


def unindex(obj: models.Model) -> None:
    """Drop the search row of an object about to be deleted (a deleting service calls it), so
    no search answers with a page that is gone."""
    content_type = ContentType.objects.get_for_model(_kind_of(obj).model)
    SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def index_many(objs: Iterable[models.Model], *, batch_size: int = 1000) -> int:
    """Index many objects of one kind at once (used by rebuilds and imports)."""
    rows = []
    count = 0
    for obj in objs:
        rows.append(_row(_kind_of(obj), obj))
        if len(rows) >= batch_size:
            count += _replace(rows)
            rows = []
    return count + (_replace(rows) if rows else 0)


def index_documents(model: type[models.Model], documents: dict[int, Document]) -> int:
    """Create or refresh the search rows of many objects of one registered model from
    documents the caller built ({pk: Document}), in two statements: the bulk path of an
    import that already holds what each object's document says (e.g. a press import's stories
    with their articles in memory), where `index_many` would read each object's document
    again."""
    entry = _registered_model(model)
    content_type = ContentType.objects.get_for_model(model)
    rows = [_document_row(entry, content_type, pk, doc) for pk, doc in documents.items()]
    return _replace(rows) if rows else 0


def _document_row(entry: SearchKind, content_type, pk: int, doc: Document) -> SearchDocument:
    return SearchDocument(
        content_type=content_type,
        object_id=pk,
        kind=entry.kind,
        title=doc.title[:400],
        title_normalized=normalize(doc.title)[:400],
        subtitle=doc.subtitle[:400],
        url=doc.url[:400],
        search_text=fold(f"{doc.title} {doc.subtitle} {doc.extra_text}"),
        boost=doc.boost,
    )


def _replace(rows: list[SearchDocument]) -> int:
    by_type: dict[int, list[int]] = {}
    for row in rows:
        by_type.setdefault(row.content_type.pk, []).append(row.object_id)
    for content_type_id, ids in by_type.items():
        SearchDocument.objects.filter(content_type_id=content_type_id, object_id__in=ids).delete()
    SearchDocument.objects.bulk_create(rows)
    return len(rows)


def rebuild(kinds: Iterable[str] | None = None, *, queryset_for=None) -> dict[str, int]:
    """Re-index every object of the given kinds (all by default)."""
    counts = {}
    for entry in _registry.values():
        if kinds is not None and entry.kind not in kinds:
            continue
        content_type = ContentType.objects.get_for_model(entry.model)
        SearchDocument.objects.filter(content_type=content_type).delete()
        queryset = queryset_for(entry) if queryset_for else entry.model._default_manager.all()
        counts[entry.kind] = index_many(queryset.iterator(chunk_size=2000))
    return counts


class _Matches(Expression):
    """The search document contains every term: the words typed so far whole, the last one
    also as the start of a word (the user may still be typing it). Answered by the database's
    own index, whatever alias the query gives the table (a list filter uses it in a subquery).

    A prefix of every word would make "y" of "so y te" match every word starting with y: on
    80,000 documents that tripled the time of the index lookup.
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, terms: list[str]):
        super().__init__()
        self.terms = terms
        self.id = F("id")

    def get_source_expressions(self):
        return [self.id]

    def set_source_expressions(self, exprs):
        (self.id,) = exprs

    def as_postgresql(self, compiler, connection):
        *whole, last = self.terms
        table = compiler.quote_name_unless_alias(self.id.alias)
        return f"{table}.search_vector @@ to_tsquery('simple', %s)", [
            " & ".join([*whole, f"{last}:*"])
        ]

    def as_sql(self, compiler, connection):  # SQLite: the FTS5 table kept in step by triggers
        *whole, last = self.terms
        id_sql, params = compiler.compile(self.id)
        # The unary "+" stops SQLite from driving the query by the primary key and re-running
        # the FTS lookup once per row (seconds with thousands of matches instead of ms).
        sql = (
            f"+{id_sql} IN (SELECT rowid FROM core_searchdocument_fts"
            " WHERE core_searchdocument_fts MATCH %s)"
        )
        return sql, [*params, " ".join([*(f'"{term}"' for term in whole), f'"{last}"*'])]


def _matching(documents: models.QuerySet, terms: list[str]) -> models.QuerySet:
    """Documents containing every term (see _Matches)."""
    return documents.filter(_Matches(terms))


def _rank(query: str):
    """Lower is better: the query with its exact diacritics in the title, then the folded
    phrase anywhere, then a document's boost, then shorter titles. One integer, so a list can
    order by it from one correlated subquery."""
    closeness = Case(
        When(title_normalized__contains=normalize(query), then=Value(0)),
        When(search_text__contains=fold(query), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return closeness * 1_000_000 - F("boost") * 1000 + Length("title")


def _registered_model(model: type[models.Model]) -> SearchKind:
    for entry in _registry.values():
        if entry.model is model:
            return entry
    raise LookupError(f"{model.__name__} is not registered for search")


# Up to this many matches, a list's text filter reads the matching ids first (see below).
MATCHING_IDS_LIMIT = 5000


def _at_most(rows: models.QuerySet, limit: int) -> list | None:
    """The rows, read in one query, when there are at most `limit` of them; None beyond (one
    more row is read to tell, never all of them). Each "read the matching ids first" step below
    asks this with its own limit."""
    found = list(rows[: limit + 1])
    return None if len(found) > limit else found


def _matching_objects(documents: models.QuerySet, terms: list[str]) -> Q:
    """A filter on `pk` for the objects whose document contains every term.

    PostgreSQL estimates a phrase's matches by multiplying its words' frequencies, but the
    syllables of a Vietnamese word come together: "bao hiem y te" is estimated at 1 row and
    matches 2,900 documents, so as a subquery the list checked every match row by row (15 ms
    for a specialist's document list). The ids read first give the database the true count.
    Beyond MATCHING_IDS_LIMIT, sending the ids would cost more than the misestimate.
    """
    matching = _matching(documents, terms).order_by().values_list("object_id", flat=True)
    ids = _at_most(matching, MATCHING_IDS_LIMIT)
    return Q(pk__in=matching) if ids is None else Q(pk__any_of=ids)


def filter_text(queryset: models.QuerySet, query: str, *, ranked: bool = False):
    """`queryset` narrowed to the objects whose search document matches `query` (diacritics
    optional, every word, the last one as a prefix): the text filter of every list and API.

    Visibility stays the queryset's own (start from `visible_to(user)`). A blank query leaves
    the queryset as it is; a query without a word (punctuation only) matches nothing, as in
    `search()`. `ranked` orders best match first (as `search()` ranks), the queryset's own
    order after that; otherwise the list keeps its order (dates, deadlines, codes).
    """
    if not query.strip():
        return queryset
    terms = search_terms(query)
    if not terms:
        return queryset.none()
    entry = _registered_model(queryset.model)
    documents = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(entry.model)
    )
    narrowed = queryset.filter(_matching_objects(documents, terms))
    if not ranked:
        return narrowed
    return _ranked(narrowed, documents, query, _own_order(queryset))


def _own_order(queryset: models.QuerySet) -> tuple:
    return tuple(queryset.query.order_by or queryset.model._meta.ordering)


def _ranked(narrowed: models.QuerySet, documents: models.QuerySet, query: str, own_order):
    """`narrowed` best match first (`_rank` of each one's document), its own order after."""
    rank = documents.filter(object_id=OuterRef("pk")).annotate(rank=_rank(query))
    return narrowed.annotate(search_rank=Subquery(rank.values("rank")[:1])).order_by(
        "search_rank", *own_order, "pk"
    )


# A ranked list ranks at most this many of its matches (`rank_capped`, ADR 0037): four pages.
RANK_CAP = 100
# From this many matching documents, `rank_capped` walks the list instead of reading their ids
# (the newsroom's bound, ADR 0029).
WALK_FROM = 1001


class CappedRanking:
    """The matches of `filter_text(queryset, query)`, the first `cap` of them (in the
    queryset's own order: newest first for most lists) best match first, the others after
    them in the queryset's own order. A page of it is read as a queryset's slice; `count()`
    counts every match (only asked past the ranked ones).

    Why: a match's rank reads its whole document (the phrase test runs over the text of the
    files), so ranking every match of a common word costs the number of matches, not the page
    ("nguoi tot viec tot": 22,000 library items of 10 KB each at 50,000). A query with at most
    `cap` matches (what people mostly type) is ranked exactly as `filter_text(ranked=True)`.
    """

    def __init__(self, queryset: models.QuerySet, query: str, *, cap: int):
        own_order = _own_order(queryset)
        self.cap, self.model, self.ordered = cap, queryset.model, True  # `ordered`: for Paginator
        documents = SearchDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model)
        )
        terms = search_terms(query)
        self.every_match = None  # counted apart when the matches are walked
        if terms:
            matching = _matching(documents, terms).order_by().values_list("object_id", flat=True)
            ids = _at_most(matching, WALK_FROM - 1)
            if ids is not None:  # as filter_text: the ids are the filter
                matches = queryset.filter(pk__any_of=ids)
            else:
                # A common word: the list is walked in its own order, each object's document
                # checked through its unique index by a scalar subquery (LIMIT 1), which
                # PostgreSQL evaluates row by row instead of joining every match (ADR 0029's
                # walk). At least WALK_FROM match, so the first cap + 1 cost at most
                # (cap + 1) × objects ÷ WALK_FROM checks (5,000 at 50,000 objects).
                document = _matching(documents.filter(object_id=OuterRef("pk")), terms)
                matches = queryset.alias(matched=Subquery(document.values("pk")[:1])).filter(
                    matched__isnull=False
                )
                self.every_match = queryset.filter(pk__in=matching)
        else:
            matches = queryset.none()
        self.matches = matches.order_by(*own_order, "pk")
        head = list(self.matches.values_list("pk", flat=True)[: cap + 1])
        self.more = len(head) > cap  # more matches than are ranked
        self.head = head[:cap]
        if self.head:
            ranked = queryset.filter(pk__any_of=self.head)
            self.ranked = _ranked(ranked, documents, query, own_order)
        else:
            self.ranked = queryset.none()

    def known_count(self) -> tuple[int, bool]:
        """(the number of matches, exact; or cap + 1 and True when there are more)."""
        return (self.cap + 1, True) if self.more else (len(self.head), False)

    def count(self) -> int:
        if not self.more:
            return len(self.head)
        return (self.every_match if self.every_match is not None else self.matches).count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("CappedRanking reads slices only")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        if start < 0 or stop < start:
            raise ValueError("CappedRanking reads forward slices only")
        ranked = len(self.head)
        rows = list(self.ranked[start : min(stop, ranked)]) if start < ranked else []
        if stop > ranked and self.more:  # past the ranked ones: the list's own order
            rows += list(self.matches[max(start, ranked) : stop])
        return rows


def rank_capped(queryset: models.QuerySet, query: str, *, cap: int | None = None):
    """`queryset` narrowed to `query` and ranked (`CappedRanking`, at most `cap` matches
    ranked, RANK_CAP by default); the queryset itself for a blank query."""
    if not query.strip():
        return queryset
    return CappedRanking(queryset, query, cap=cap or RANK_CAP)


def _without_costly_unmatched(entries: list[SearchKind], terms: list[str]) -> list[SearchKind]:
    """The kinds, less those of costly visibility that have no document matching the terms.

    Programmes, plans and tasks nest visibility subqueries that cost milliseconds to build and
    to plan; asking first whether they matched spares those of the kinds that did not. Only
    their documents are probed: asking about every kind visited every match of a broad query
    ("dang uy": 6,700 documents, 4 ms). A system administrator's visibility is no subquery, so
    search() skips this step for them.
    """
    costly = [e.kind for e in entries if e.costly_visibility]
    if not costly:
        return entries
    documents = SearchDocument.objects.filter(kind__in=costly)
    found = set(_matching(documents, terms).order_by().values_list("kind", flat=True).distinct())
    return [e for e in entries if not e.costly_visibility or e.kind in found]


# Up to this many matches, search() restricts each kind's visibility to the matching ids.
SEARCH_IDS_LIMIT = 200


def _matched_ids(entries: list[SearchKind], terms: list[str]) -> dict[str, list[int]] | None:
    """The ids of the documents matching the terms, by kind; None beyond SEARCH_IDS_LIMIT.

    A kind's visibility as `object_id IN (visible ids)` is a hashed subquery: the database
    builds the whole visible set (a specialist's directory: every organisation scanned, 5-10 ms)
    even when one document matched. Restricted to the matched ids, each kind's visibility is a
    few primary-key lookups, and a kind without a match is not asked at all. Beyond the limit,
    sending the ids would cost more than building the set once.
    """
    documents = SearchDocument.objects.filter(kind__in=[e.kind for e in entries])
    rows = _matching(documents, terms).order_by().values_list("kind", "object_id")
    rows = _at_most(rows, SEARCH_IDS_LIMIT)
    if rows is None:
        return None
    matched: dict[str, list[int]] = {}
    for kind, object_id in rows:
        matched.setdefault(kind, []).append(object_id)
    return matched


def search(user, query: str, *, kinds: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
    """What `user` may see that matches `query`, best first."""
    terms = search_terms(query)
    entries = [e for e in _registry.values() if kinds is None or e.kind in set(kinds)]
    if not terms or not entries:
        return []
    # A system administrator's visibility is no subquery: nothing to restrict.
    matched = None if user.is_superuser else _matched_ids(entries, terms)
    if matched is not None:
        entries = [e for e in entries if e.kind in matched]
    elif len(entries) > 1 and not user.is_superuser:
        entries = _without_costly_unmatched(entries, terms)
    if not entries:
        return []
    content_types = ContentType.objects.get_for_models(*(entry.model for entry in entries))
    visible = Q()
    for entry in entries:
        content_type = content_types[entry.model]
        allowed = entry.visible(user)
        if matched is not None:
            allowed = allowed.filter(pk__any_of=matched[entry.kind])
        if allowed.query.is_empty():
            continue
        if allowed.query.has_filters():
            visible |= Q(content_type=content_type, object_id__in=allowed.values("pk"))
        else:  # everything of this kind (e.g. a system administrator): no id subquery to hash
            visible |= Q(content_type=content_type)
    if not visible:
        return []
    documents = _matching(SearchDocument.objects.filter(visible), terms)
    ranked = documents.annotate(rank=_rank(query)).order_by("rank", "title", "id")
    labels = {e.kind: e.label for e in entries}
    return [
        Hit(
            kind=doc.kind,
            label=str(labels.get(doc.kind, doc.kind)),
            id=doc.object_id,
            title=doc.title,
            subtitle=doc.subtitle,
            url=doc.url,
        )
        for doc in ranked.only("kind", "object_id", "title", "subtitle", "url")[:limit]
    ]
