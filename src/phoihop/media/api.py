"""/api/v1/media/…: press sources, articles, stories (clusters), the caller's alerts and
watchlists, and the tagging as a service (`POST /media/classify`). The same reads and
permissions as the pages: press is for staff (media/permissions.py); alerts and watchlists are
their owner's."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from phoihop.cases.api import CodeRef, Ref
from phoihop.core.api import ErrorOut, InputSchema, PageParams, one_of, paginate
from phoihop.core.services import deny_unless
from phoihop.org.models import Area, Organization
from phoihop.org.models import Field as WorkField

from . import selectors
from .extract import VIETNAM
from .models import Alert, Article, Cluster, Source, Watchlist
from .permissions import can_read_press
from .tagging import Tagger

router = Router(tags=["media"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SourceOut(Schema):
    id: int
    name: str
    level: str
    organization: Ref | None
    home_area: CodeRef | None
    enabled: bool
    url: str


class SourcePage(Schema):
    count: int
    items: list[SourceOut]


class ArticleOut(Schema):
    id: int
    key: str
    url: str
    title: str
    lead: str
    author: str
    published_at: datetime.datetime | None
    source: Ref | None
    cluster: int | None


class ArticlePage(Schema):
    count: int
    items: list[ArticleOut]


class ClusterOut(Schema):
    id: int
    headline: str
    first_seen_at: datetime.datetime
    last_seen_at: datetime.datetime
    article_count: int
    source_count: int
    negative: bool
    fields: list[str]
    provinces: list[str]
    url: str


class ClusterPage(Schema):
    count: int
    items: list[ClusterOut]


class AlertOut(Schema):
    id: int
    kind: str
    topic: str
    story_count: int
    baseline: float
    window_start: datetime.datetime | None
    window_end: datetime.datetime | None
    raised_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    clusters: list[int]
    url: str


class AlertPage(Schema):
    count: int
    items: list[AlertOut]


class WatchlistOut(Schema):
    id: int
    kind: str
    topic: str
    field: CodeRef | None
    area: CodeRef | None
    organization: Ref | None
    query: str


class WatchlistPage(Schema):
    count: int
    items: list[WatchlistOut]


class SourceParams(PageParams):
    level: one_of(*Source.Level.values) | None = None
    enabled: bool | None = None


class ArticleParams(PageParams):
    source: int | None = Field(None, description="id của nguồn")
    cluster: int | None = Field(None, description="id của câu chuyện")
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None


class ClusterParams(PageParams):
    q: str | None = Field(None, max_length=200, description="Từ khóa, có dấu hoặc không dấu")
    field: int | None = Field(None, description="id của lĩnh vực")
    area: int | None = Field(None, description="id của tỉnh, thành phố")
    source: int | None = Field(None, description="id của nguồn")
    negative: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


class AlertParams(PageParams):
    kind: one_of(*Alert.Kind.values) | None = None
    open: bool = Field(False, description="chỉ các cảnh báo chưa xem")


class ClassifyIn(InputSchema):
    text: str


class FieldScore(Schema):
    code: str
    name: str
    score: float  # the field's share of the field terms found (0-1), best first
    terms: list[str]


class TaggedArea(Schema):
    id: int
    code: str
    name: str
    level: str
    reasons: list[str]


class TaggedOrganization(Schema):
    id: int
    name: str
    reasons: list[str]


class ClassifyOut(Schema):
    fields: list[FieldScore]
    negative: bool
    negative_terms: list[str]
    areas: list[TaggedArea]
    organizations: list[TaggedOrganization]


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _code_ref(obj) -> dict | None:
    return {"id": obj.pk, "code": obj.code, "name": obj.name} if obj is not None else None


def source_out(source: Source) -> dict:
    return {
        "id": source.pk,
        "name": source.name,
        "level": source.level,
        "organization": _ref(source.organization),
        "home_area": _code_ref(source.home_area),
        "enabled": source.enabled,
        "url": source.get_absolute_url(),
    }


def article_out(article: Article) -> dict:
    return {
        "id": article.pk,
        "key": article.key,
        "url": article.url,
        "title": article.title,
        "lead": article.lead,
        "author": article.author,
        "published_at": article.published_at,
        "source": _ref(article.source),
        "cluster": article.cluster_id,
    }


def cluster_out(cluster: Cluster) -> dict:
    return {
        "id": cluster.pk,
        "headline": cluster.headline,
        "first_seen_at": cluster.first_seen_at,
        "last_seen_at": cluster.last_seen_at,
        "article_count": cluster.article_count,
        "source_count": cluster.source_count,
        "negative": cluster.negative,
        "fields": cluster.field_names,
        "provinces": cluster.province_names,
        "url": cluster.get_absolute_url(),
    }


def alert_out(alert: Alert) -> dict:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "topic": alert.topic,
        "story_count": alert.story_count,
        "baseline": float(alert.baseline),
        "window_start": alert.window_start,
        "window_end": alert.window_end,
        "raised_at": alert.raised_at,
        "acknowledged_at": alert.acknowledged_at,
        "clusters": sorted(c.pk for c in alert.clusters.all()),
        "url": alert.get_absolute_url(),
    }


def watchlist_out(watchlist: Watchlist) -> dict:
    return {
        "id": watchlist.pk,
        "kind": watchlist.kind,
        "topic": watchlist.topic,
        "field": _code_ref(watchlist.field),
        "area": _code_ref(watchlist.area),
        "organization": _ref(watchlist.organization),
        "query": watchlist.query,
    }


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=VIETNAM)


@router.get("/media/sources", response={200: SourcePage, **ERRORS})
def list_sources(request, params: Query[SourceParams]):
    """Press sources, by name."""
    deny_unless(can_read_press(request.user))
    sources = selectors.sources_for(request.user).order_by("name", "pk")
    if params.level:
        sources = sources.filter(level=params.level)
    if params.enabled is not None:
        sources = sources.filter(enabled=params.enabled)
    return paginate(sources, params.page, params.page_size, serialize=source_out)


@router.get("/media/articles", response={200: ArticlePage, **ERRORS})
def list_articles(request, params: Query[ArticleParams]):
    """Articles, newest first (the full text is on the story's page, not in lists)."""
    deny_unless(can_read_press(request.user))
    articles = Article.objects.visible_to(request.user).select_related("source")
    if params.source:
        articles = articles.filter(source_id=params.source)
    if params.cluster:
        articles = articles.filter(cluster_id=params.cluster)
    if params.published_from:
        articles = articles.filter(published_at__gte=_day_start(params.published_from))
    if params.published_to:
        end = _day_start(params.published_to) + datetime.timedelta(days=1)
        articles = articles.filter(published_at__lt=end)
    articles = articles.defer("text", "signature").order_by("-published_at", "-pk")
    return paginate(articles, params.page, params.page_size, serialize=article_out)


def _with_tags(rows: list[Cluster]) -> list[Cluster]:
    return selectors.cluster_rows([row.pk for row in rows])


@router.get("/media/clusters", response={200: ClusterPage, **ERRORS})
def list_clusters(request, params: Query[ClusterParams]):
    """Stories, latest first, with the newsroom's filters; each with its fields and
    provinces."""
    deny_unless(can_read_press(request.user))
    field = WorkField.objects.filter(pk=params.field).first() if params.field else None
    area = Area.objects.filter(pk=params.area).first() if params.area else None
    source = Source.objects.filter(pk=params.source).first() if params.source else None
    filters = selectors.NewsroomFilters(
        q=(params.q or "").strip(),
        field=field,
        area=area,
        source=source,
        date_from=params.date_from,
        date_to=params.date_to,
        negative=params.negative,
    )
    clusters = selectors.newsroom_clusters(request.user, filters)
    named = ((params.field, field), (params.area, area), (params.source, source))
    if any(given and found is None for given, found in named):  # an unknown id: nothing
        clusters = clusters.none()
    return paginate(
        clusters, params.page, params.page_size, serialize=cluster_out, prepare=_with_tags
    )


@router.get("/media/clusters/{int:cluster_id}", response={200: ClusterOut, **ERRORS})
def get_cluster(request, cluster_id: int):
    deny_unless(can_read_press(request.user))
    cluster = get_object_or_404(Cluster.objects.visible_to(request.user), pk=cluster_id)
    return cluster_out(selectors.cluster_rows([cluster.pk])[0])


@router.get("/media/alerts", response={200: AlertPage, **ERRORS})
def list_alerts(request, params: Query[AlertParams]):
    """The caller's own alerts, latest first."""
    deny_unless(can_read_press(request.user))
    alerts = Alert.objects.visible_to(request.user).prefetch_related("clusters")
    if params.kind:
        alerts = alerts.filter(kind=params.kind)
    if params.open:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    alerts = alerts.order_by("-raised_at", "-pk")
    return paginate(alerts, params.page, params.page_size, serialize=alert_out)


@router.get("/media/watchlists", response={200: WatchlistPage, **ERRORS})
def list_watchlists(request, params: Query[PageParams]):
    """The topics the caller follows."""
    deny_unless(can_read_press(request.user))
    rows = (
        Watchlist.objects.visible_to(request.user)
        .select_related("field", "area", "organization")
        .order_by("kind", "pk")
    )
    return paginate(rows, params.page, params.page_size, serialize=watchlist_out)


@router.post("/media/classify", response={200: ClassifyOut, **ERRORS})
def classify(request, payload: ClassifyIn):
    """The press tagging applied to any text: fields of work (best first, `score` = the field's
    share of the field terms found), the negative flag, the areas and organisations named,
    each with the words that decided it. Nothing is stored."""
    deny_unless(can_read_press(request.user))
    found = Tagger().tag(title="", text=payload.text)
    total = sum(len(terms) for terms in found.fields.values()) or 1
    fields = WorkField.objects.in_bulk(list(found.fields))
    scored = sorted(
        (
            {
                "code": fields[pk].code,
                "name": fields[pk].name,
                "score": round(len(terms) / total, 2),
                "terms": terms,
            }
            for pk, terms in found.fields.items()
            if pk in fields
        ),
        key=lambda row: (-row["score"], row["code"]),
    )
    areas = Area.objects.in_bulk(list(found.areas))
    organizations = Organization.objects.visible_to(request.user).in_bulk(list(found.organizations))
    return {
        "fields": scored,
        "negative": bool(found.negative),
        "negative_terms": found.negative,
        "areas": [
            {
                "id": pk,
                "code": areas[pk].code,
                "name": areas[pk].name,
                "level": areas[pk].level,
                "reasons": reasons,
            }
            for pk, reasons in found.areas.items()
            if pk in areas
        ],
        "organizations": [
            {"id": pk, "name": organizations[pk].name, "reasons": reasons}
            for pk, reasons in found.organizations.items()
            if pk in organizations
        ],
    }
