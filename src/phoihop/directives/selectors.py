"""Reads shared by the pages and the API: document filters, "cited by", the implementation
chain and the review calendar. Everything starts from `visible_to(user)`."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet, Value

from phoihop.core import search

from . import reference
from .models import Citation, Document
from .scope import document_scope, sees_organization_documents


@dataclass(frozen=True)
class DocumentFilters:
    system: str = ""
    type: str = ""  # type code
    issuer: str = ""
    year: int | None = None
    status: str = ""
    field: str = ""  # org.Field code
    q: str = ""
    symbol: str = ""
    organization: int | None = None
    central: bool | None = None  # True: central catalogue only; False: own documents only
    implements: int | None = None  # documents implementing this one


def filter_documents(user, filters: DocumentFilters) -> QuerySet:
    documents = Document.objects.visible_to(user)
    if filters.symbol:
        key = reference.key_of_text(filters.symbol)
        documents = documents.filter(symbol_key=key) if key else documents.none()
    if filters.system:
        documents = documents.filter(system=filters.system)
    if filters.type:
        documents = documents.filter(type__code=filters.type)
    if filters.issuer:
        documents = documents.filter(issuer__iexact=filters.issuer.strip())
    if filters.year:
        documents = documents.filter(issued_on__year=filters.year)
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.field:
        documents = documents.filter(fields__code=filters.field)
    if filters.organization:
        documents = documents.filter(organization_id=filters.organization)
    if filters.central is not None:
        documents = documents.filter(organization__isnull=filters.central)
    if filters.implements:
        documents = documents.filter(implements=filters.implements)
    if filters.q:
        documents = _matching_text(documents, filters.q)
    return documents.for_list()


def _matching_text(documents: QuerySet, query: str) -> QuerySet:
    """A typed symbol finds that symbol; anything else is core.search's text filter
    (diacritics optional: "bao hiem y te" finds "bảo hiểm y tế"); the list keeps its order."""
    key = reference.key_of_text(query)
    if key:
        return documents.filter(symbol_key=key)
    return search.filter_text(documents, query)


# --- cited by ----------------------------------------------------------------------------------


@dataclass
class CitingGroup:
    label: str
    items: list = field(default_factory=list)
    total: int = 0  # visible citing objects of this kind; items holds at most the first few

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _visible_queryset(model, user):
    manager = model._default_manager
    visible_to = getattr(manager, "visible_to", None) or getattr(manager.all(), "visible_to", None)
    if visible_to is not None:
        queryset = visible_to(user)
    elif user.is_superuser:
        queryset = manager.all()
    else:
        return None  # a model without visible_to: never show it to someone who may not see it
    # A QuerySet's for_list() (when it has one) joins what str() and the link need.
    return queryset.for_list() if hasattr(queryset, "for_list") else queryset


def _visible_objects(model, ids, user) -> list:
    queryset = _visible_queryset(model, user)
    return [] if queryset is None else list(queryset.filter(pk__in=ids))


@dataclass
class CitingKind:
    """One kind of object citing a document: the ids of those `user` may see, newest first."""

    key: str  # the model's label, e.g. "plans.task"
    label: str
    queryset: QuerySet
    ids: list[int]

    def objects(self, ids) -> list:
        """The objects with these ids (a page of `self.ids`), in that order."""
        found = {obj.pk: obj for obj in self.queryset.filter(pk__any_of=list(ids))}
        return [found[pk] for pk in ids if pk in found]


def citing_kinds(citations: QuerySet, user) -> list[CitingKind]:
    """The kinds of object behind `citations` of which `user` may see at least one, by label."""
    kinds = []
    type_ids = citations.order_by().values_list("content_type_id", flat=True).distinct()
    for content_type_id in type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        queryset = _visible_queryset(model, user) if model else None
        if queryset is None:
            continue
        citing = citations.filter(content_type_id=content_type_id).values("object_id")
        # The visible ids first, unordered: counting them reads them all anyway, while
        # "ORDER BY id LIMIT n" let PostgreSQL walk the whole primary key looking for the few a
        # specialist may see (21 ms for the 5,400 documents citing 38-CT/TW, docs/adr/0012).
        ids = sorted(queryset.filter(pk__in=citing).values_list("pk", flat=True), reverse=True)
        if ids:
            label = str(model._meta.verbose_name_plural).capitalize()
            kinds.append(CitingKind(model._meta.label_lower, label, queryset, ids))
    kinds.sort(key=lambda kind: kind.label)
    return kinds


def group_citing_objects(citations: QuerySet, user, *, limit: int = 20) -> list[CitingGroup]:
    """The objects behind `citations` that `user` may see, grouped by kind: per kind the
    `limit` newest (by id), by name, and how many there are."""
    return [
        CitingGroup(kind.label, sorted(kind.objects(kind.ids[:limit]), key=str), len(kind.ids))
        for kind in citing_kinds(citations, user)
    ]


def cited_by(document: Document, user, *, limit: int = 20) -> list[CitingGroup]:
    return group_citing_objects(Citation.objects.filter(document=document), user, limit=limit)


def citing_kinds_of(document: Document, user) -> list[CitingKind]:
    """What cites `document`, kind by kind, as far as `user` may see (its "cited by" page)."""
    return citing_kinds(Citation.objects.filter(document=document), user)


def citing_object(citation: Citation, user):
    """The object that holds the citation, or None when `user` may not see it."""
    model = ContentType.objects.get_for_id(citation.content_type_id).model_class()
    found = _visible_objects(model, [citation.object_id], user) if model else []
    return found[0] if found else None


def open_ambiguities(document: Document, user) -> list[tuple[Citation, object]]:
    """Citations of this document's symbol that name no document yet — ambiguous, or dated
    outside every registered one — with the citing object, for a person to say whether they
    mean this document (or none in the registry)."""
    citations = list(
        Citation.objects.filter(symbol_key=document.symbol_key)
        .filter(Q(ambiguous=True) | Q(date_mismatch=True))
        .order_by("id")[:50]
    )
    ids_by_type: dict[int, set[int]] = defaultdict(set)
    for citation in citations:
        ids_by_type[citation.content_type_id].add(citation.object_id)
    objects = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            for obj in _visible_objects(model, ids, user):
                objects[(content_type_id, obj.pk)] = obj
    return [
        (citation, objects[(citation.content_type_id, citation.object_id)])
        for citation in citations
        if (citation.content_type_id, citation.object_id) in objects
    ]


# --- implementation chain ----------------------------------------------------------------------


def implementation_chain(
    document: Document, user, *, limit: int = 10
) -> tuple[list[Document], int]:
    """The documents implementing this one (the first `limit`, and how many in all), each with
    `.children` (the next level down) — the chain central document → provincial programme →
    plan — only what `user` may see. The next level is read by key and its visibility decided
    in Python (`sees_organization_documents`): one query fewer that carries the scope's ids."""
    implementing = (
        Document.objects.visible_to(user)
        .for_list()
        .filter(implements=document)
        .order_by("issued_on", "id")
    )
    children = Prefetch(
        "implemented_by",
        queryset=Document.objects.for_list().order_by("issued_on", "id"),
        to_attr="children",
    )
    first = list(implementing.prefetch_related(children)[:limit])
    for parent in first:
        parent.children = [
            child
            for child in parent.children
            if sees_organization_documents(user, child.organization_id)
        ]
    if len(first) < limit:
        return first, len(first)
    return first, _count_implementing(document, user)


def _count_implementing(document: Document, user) -> int:
    """How many documents implementing `document` the user may see. Someone who sees every
    document counts the links alone: joined to the documents, PostgreSQL hashed the whole
    table to count the 5,400 plans implementing 38-CT/TW (10-28 ms instead of 0.5)."""
    links = Document.implements.through.objects.filter(to_document=document)
    if document_scope(user) is None:
        return links.count()
    return Document.objects.visible_to(user).filter(implements=document).count()


def first_and_total(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and how many rows it has in all. Two queries: the
    page stops after `limit` rows with its joins, the count joins nothing. (A `COUNT(*) OVER ()`
    window in the page query made the database join every matching row before the limit: 45 ms
    instead of 3 for the 5,400 documents implementing 38-CT/TW, docs/adr/0012.)"""
    first = list(queryset[:limit])
    if len(first) < limit:
        return first, len(first)
    return first, queryset.count()


# How a document is linked to the ones its page lists beside it.
RELATIONS = ("replaces", "amended_by", "amends", "implements", "same_symbol")


def related_documents(document: Document, user) -> dict[str, list[Document]]:
    """The documents linked to this one that `user` may see, by relation (RELATIONS), each in
    date order: the ones it replaces, the ones amending it, the ones it amends, the ones it
    implements, and the others with its symbol (numbers restart each term or year).

    Two queries instead of one per relation: the links (both many-to-many tables, one UNION),
    then the documents, each page query costing more to send and plan than to run. The few
    documents found are filtered by `sees_organization_documents`, not by the scope's ids in
    SQL.
    """
    amending = Document.amended_by.through.objects  # (from, to): "from" is amended by "to"
    implementing = Document.implements.through.objects  # (from, to): "from" implements "to"
    links = (
        amending.filter(from_document=document)
        .values_list("to_document_id", Value("amended_by"))
        .union(
            amending.filter(to_document=document).values_list("from_document_id", Value("amends")),
            implementing.filter(from_document=document).values_list(
                "to_document_id", Value("implements")
            ),
            all=True,
        )
    )
    linked = defaultdict(set)
    for pk, relation in links:
        linked[pk].add(relation)
    same_symbol = Q(symbol_key=document.symbol_key) & ~Q(pk=document.pk)
    found = (
        Document.objects.for_list()
        .filter(Q(pk__any_of=list(linked)) | Q(replaced_by=document) | same_symbol)
        .order_by("issued_on", "id")
    )
    related = {relation: [] for relation in RELATIONS}
    for other in found:
        if not sees_organization_documents(user, other.organization_id):
            continue
        relations = set(linked.get(other.pk, ()))
        if other.replaced_by_id == document.pk:
            relations.add("replaces")
        if other.symbol_key == document.symbol_key and other.pk != document.pk:
            relations.add("same_symbol")
        for relation in relations:
            related[relation].append(other)
    return related
