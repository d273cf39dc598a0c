"""The one way articles come in, whatever brought them: a feed or sitemap file, a folder of
saved pages (`phoihop media_import`), the demo corpus, and later the fetcher. Each article is
keyed by its normalised URL, stored once, put in its story's cluster, tagged and indexed.

This is machine work (like the worker's jobs), not a person's action: it writes no audit entry
per article; the command or job that runs it says what it did."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from phoihop.core import search
from phoihop.core.text import fold

from . import alerts, clustering
from .extract import RawArticle, UnreadableFile, kind_of, parse_feed, parse_page, parse_sitemap
from .models import Article, Cluster, Source, Tag
from .tagging import Tagger
from .urls_normal import InvalidURL, normalize_url, url_key

MAX_FILE_BYTES = 50 * 1024 * 1024
# What a folder is read for; anything else in it (a README, images) is passed over.
READ_SUFFIXES = (".xml", ".rss", ".atom", ".html", ".htm")


@dataclass
class ImportResult:
    added: int = 0
    already: int = 0  # the same article (same normalised address) was there
    new_clusters: int = 0
    errors: list[str] = field(default_factory=list)  # in Vietnamese, one a file or article


# Reading files --------------------------------------------------------------------------------


def read_path(path: Path) -> tuple[list[RawArticle], list[str]]:
    """The articles in a file or a folder (its .xml/.rss/.atom files and saved pages)."""
    if path.is_dir():
        articles, errors = [], []
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in READ_SUFFIXES:
                found, failed = read_path(child)
                articles += found
                errors += failed
        return articles, errors
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return [], [f"{path.name}: tệp quá lớn (tối đa 50 MB)."]
        return read_bytes(path.read_bytes(), name=path.name), []
    except OSError:
        return [], [f"{path.name}: không đọc được tệp."]
    except UnreadableFile as exc:
        return [], [f"{path.name}: {exc}"]


def read_bytes(data: bytes, *, name: str = "") -> list[RawArticle]:
    kind = kind_of(data)
    if kind == "feed":
        return parse_feed(data)
    if kind == "sitemap":
        return parse_sitemap(data)
    article = parse_page(data)
    if article is None:
        raise UnreadableFile("Trang không có bài viết hoặc không rõ địa chỉ gốc.")
    return [article]


# Storing ------------------------------------------------------------------------------------


def import_paths(paths: list[Path], *, source: Source | None = None) -> ImportResult:
    articles, errors = [], []
    for path in paths:
        found, failed = read_path(path)
        articles += found
        errors += failed
    result = import_articles(articles, source=source)
    result.errors[:0] = errors
    return result


def import_articles(raws: list[RawArticle], *, source: Source | None = None) -> ImportResult:
    """Store the new ones among `raws` (oldest first, so a story's cluster starts with the
    article that first told it). Each article commits on its own: one bad article costs only
    itself."""
    result = ImportResult()
    tagger = Tagger()
    sources = _sources_by_name()
    keyed = _richest_by_key(raws, result)
    ordered = sorted(keyed.items(), key=lambda item: item[1].published_at or timezone.now())
    for key, raw in ordered:
        if Article.objects.filter(key=key).exists():
            result.already += 1
            continue
        outlet = source or sources.get(fold(raw.outlet))
        created = _store(raw, key=key, source=outlet, tagger=tagger)
        result.added += 1
        result.new_clusters += created
    # Negative stories about a province alert its staff at once (media/alerts.py).
    alerts.on_articles_stored(Article.objects.filter(key__in=keyed).values_list("pk", flat=True))
    return result


def _richest_by_key(raws: list[RawArticle], result: ImportResult) -> dict[str, RawArticle]:
    """One article per normalised address: a sitemap's entry (a title) and the saved page of
    the same article (its text) are one article, kept with the most text."""
    keyed: dict[str, RawArticle] = {}
    for raw in raws:
        try:
            key = url_key(raw.url)
        except InvalidURL:
            result.errors.append(f"«{raw.title[:80]}»: địa chỉ bài viết không hợp lệ.")
            continue
        if key in keyed:
            result.already += 1
            if len(raw.text) <= len(keyed[key].text):
                continue
        keyed[key] = raw
    return keyed


def _sources_by_name() -> dict[str, Source]:
    return {fold(s.name): s for s in Source.objects.all()}


@transaction.atomic
def _store(raw: RawArticle, *, key: str, source: Source | None, tagger: Tagger) -> bool:
    """Store one article in its cluster, with its tags; True if it started a new cluster."""
    text = f"{raw.title}\n{raw.lead}\n{raw.text}"
    values, size = clustering.signature(text)
    keys = clustering.band_keys(values)
    moment = raw.published_at or timezone.now()
    cluster = clustering.best_cluster(values, size, keys)
    started = cluster is None
    if started:
        cluster = Cluster.objects.create(
            headline=raw.title, first_seen_at=moment, last_seen_at=moment
        )
    article = Article.objects.create(
        key=key,
        url=normalize_url(raw.url),
        title=raw.title,
        lead=raw.lead,
        text=raw.text,
        author=raw.author,
        published_at=raw.published_at,
        source=source,
        cluster=cluster,
        signature=clustering.to_bytes(values),
        shingle_count=size,
    )
    clustering.remember_bands(cluster, keys)
    found = tagger.tag(title=raw.title, text=f"{raw.lead}\n{raw.text}")
    Tag.objects.bulk_create(found.rows(article=article, cluster=cluster))
    _count(cluster, moment, negative=bool(found.negative))
    cluster.refresh_from_db()
    search.index(cluster)
    return started


def _count(cluster: Cluster, moment: datetime.datetime, *, negative: bool) -> None:
    """The cluster's figures after one more article (F() so two importers do not lose one)."""
    sources = (
        Article.objects.filter(cluster=cluster, source__isnull=False)
        .values("source_id")
        .distinct()
        .count()
    )
    changes = {"article_count": F("article_count") + 1, "source_count": sources}
    if negative:
        changes["negative"] = True
    Cluster.objects.filter(pk=cluster.pk).update(**changes)
    Cluster.objects.filter(pk=cluster.pk, last_seen_at__lt=moment).update(last_seen_at=moment)
    Cluster.objects.filter(pk=cluster.pk, first_seen_at__gt=moment).update(first_seen_at=moment)
