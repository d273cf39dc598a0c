"""The one way articles come in, whatever brought them: a feed or sitemap file, a folder of
saved pages (`phoihop media_import`), the upload page, the demo corpus and the fetcher. Each
article is keyed by its normalised URL, stored once, put in its story's cluster, tagged and
indexed, a batch of articles at a time (docs/adr/0027-press-import-in-batches.md).

This is machine work (like the worker's jobs), not a person's action: it writes no audit entry
per article; the command or job that runs it says what it did."""

import datetime
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import import_runs, search
from phoihop.core.spreadsheets import RowError
from phoihop.core.text import fold

from . import clustering
from .extract import RawArticle, UnreadableFile, kind_of, parse_feed, parse_page, parse_sitemap
from .models import STORY_DOCUMENT_ARTICLES, Article, Cluster, Source, Tag
from .tagging import FoundTags, Tagger
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


# Uploaded files (the upload page, run in the worker) ------------------------------------------

WORKER_KIND = "media.press_files"  # core.import_runs' name for this runner
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_TOTAL_BYTES = 500 * 1024 * 1024  # uncompressed, all members together


def upload_files(data: bytes, *, read: bool = True) -> list[tuple[str, bytes | None]]:
    """The files of an upload: itself, or the members of a .zip worth reading (by suffix),
    each with its name and (when `read`) its bytes; a member too large has None. Raises
    UnreadableFile for an archive that cannot be opened or is too large. With `read=False`
    (the upload page counting files) only the archive's directory is read."""
    if not data.startswith(b"PK\x03\x04"):
        return [("", data)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                m
                for m in archive.infolist()
                if not m.is_dir() and PurePosixPath(m.filename).suffix.lower() in READ_SUFFIXES
            ]
            if len(members) > ZIP_MAX_MEMBERS:
                raise UnreadableFile(f"Tệp nén có quá nhiều tệp (tối đa {ZIP_MAX_MEMBERS}).")
            if sum(m.file_size for m in members) > ZIP_MAX_TOTAL_BYTES:
                raise UnreadableFile("Tệp nén quá lớn khi giải nén (tối đa 500 MB).")
            files, total = [], 0
            for m in members:
                content = _member(archive, m) if read and m.file_size <= MAX_FILE_BYTES else None
                total += len(content or b"")
                if total > ZIP_MAX_TOTAL_BYTES:  # a directory that lied about the sizes
                    raise UnreadableFile("Tệp nén quá lớn khi giải nén (tối đa 500 MB).")
                files.append((PurePosixPath(m.filename).name, content))
            return files
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise UnreadableFile("Tệp nén hỏng, không mở được.") from exc
    except (NotImplementedError, RuntimeError) as exc:  # encrypted, an unknown compression
        raise UnreadableFile("Tệp nén có mật khẩu hoặc nén theo cách không đọc được.") from exc


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    with archive.open(member) as handle:
        return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]


def read_upload(data: bytes, *, name: str = "") -> tuple[list[RawArticle], list[str]]:
    """The articles of an uploaded file or .zip, and a Vietnamese line per file not read."""
    try:
        files = upload_files(data)
    except UnreadableFile as exc:
        return [], [f"{name}: {exc}"]
    articles, errors = [], []
    for member, content in files:
        shown = member or name
        if content is None:
            errors.append(f"{shown}: tệp quá lớn (tối đa 50 MB).")
            continue
        try:
            articles += read_bytes(content, name=shown)
        except UnreadableFile as exc:
            errors.append(f"{shown}: {exc}")
    return articles, errors


def run_queued_import(run, data: bytes, progress, on_written) -> list[RowError]:
    """The worker's runner of an upload (core.import_runs): read every file, import what was
    read (a bad file costs only itself), then report the files not read as notes. Nothing
    read at all fails the run. Running it twice adds nothing the second time."""
    raws, errors = read_upload(data, name=run.file_name)
    if not raws:
        return [RowError(0, "", message) for message in errors] or [
            RowError(0, "", _("Tệp không có bài báo nào để nhập."))
        ]
    import_runs.set_total(run, len(raws))
    result = import_articles(raws, progress=progress)
    with transaction.atomic():
        on_written(result.added)
    notes = [*errors, *result.errors]
    if result.already:
        notes.append(
            _("%(n)s bài đã có từ trước (cùng địa chỉ), không nhập lại.") % {"n": result.already}
        )
    return [RowError(n, "", message) for n, message in enumerate(notes, start=1)]


# Storing ------------------------------------------------------------------------------------

# Articles written per transaction: a batch costs about fifteen statements whatever its size
# (see the batch-import ADR), so larger batches only lengthen the lock other importers wait on.
BATCH_SIZE = 500
# Where the two importers' serialisation lock lives on PostgreSQL (an arbitrary constant).
IMPORT_LOCK = 0x6D65646961  # "media"


def import_paths(paths: list[Path], *, source: Source | None = None) -> ImportResult:
    articles, errors = [], []
    for path in paths:
        found, failed = read_path(path)
        articles += found
        errors += failed
    result = import_articles(articles, source=source)
    result.errors[:0] = errors
    return result


def import_articles(
    raws: list[RawArticle],
    *,
    source: Source | None = None,
    tagger: Tagger | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """The one entry point of every import (files, the upload page, the fetcher, the demo):
    store the new ones among `raws`, oldest first (so a story's cluster starts with the
    article that first told it), in batches of `batch_size`, each in one transaction with a
    fixed number of statements (keys read, clusters found, articles, bands, tags, figures and
    search rows written in bulk). Idempotent: an article whose normalised address is stored
    is counted in `already`. `progress(articles_done)` is told after each batch."""
    result = ImportResult()
    tagger = tagger or Tagger()
    sources = _sources_by_name() if source is None else {}
    keyed = _richest_by_key(raws, result)
    ordered = sorted(keyed.values(), key=lambda item: item.raw.published_at or timezone.now())
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        _store_batch(batch, source=source, sources=sources, tagger=tagger, result=result)
        if progress is not None:
            progress(start + len(batch))
    return result


@dataclass
class _Keyed:
    key: str
    url: str
    raw: RawArticle


def _richest_by_key(raws: list[RawArticle], result: ImportResult) -> dict[str, _Keyed]:
    """One article per normalised address: a sitemap's entry (a title) and the saved page of
    the same article (its text) are one article, kept with the most text."""
    keyed: dict[str, _Keyed] = {}
    for raw in raws:
        try:
            url = normalize_url(raw.url)
        except InvalidURL:
            url = ""
        if not url or len(url) > MAX_URL:
            result.errors.append(f"«{raw.title[:80]}»: địa chỉ bài viết không hợp lệ.")
            continue
        key = url_key(url)
        if key in keyed:
            result.already += 1
            if len(raw.text) <= len(keyed[key].raw.text):
                continue
        keyed[key] = _Keyed(key, url, _clean(raw))
    return keyed


MAX_URL = Article._meta.get_field("url").max_length
_LIMITS = {name: Article._meta.get_field(name).max_length for name in ("title", "author")}


def _clean(raw: RawArticle) -> RawArticle:
    """What a column can take: no NUL (PostgreSQL refuses it in text), lengths cut."""

    def text(value: str, limit: int | None = None) -> str:
        value = (value or "").replace("\x00", "")
        return value[:limit] if limit else value

    return RawArticle(
        url=raw.url,
        title=text(raw.title, _LIMITS["title"]),
        lead=text(raw.lead),
        text=text(raw.text),
        author=text(raw.author, _LIMITS["author"]),
        published_at=raw.published_at,
        outlet=text(raw.outlet),
    )


def _sources_by_name() -> dict[str, Source]:
    return {fold(s.name): s for s in Source.objects.all()}


def _serialize_imports() -> None:
    """One batch at a time, whoever imports (the fetcher's job and an upload's may run at
    once): two copies of a new story in two batches then meet in one cluster, and two
    importers of one article do not collide on its key. SQLite's writers are serialised
    already (transactions begin IMMEDIATE: settings.py)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


@dataclass
class _Story:
    """A story touched by the batch: its row and the batch's articles in it, oldest first."""

    cluster: Cluster
    articles: list[Article] = field(default_factory=list)
    negative: bool = False


@dataclass
class _Signed:
    """An article ready to store: its MinHash values, shingle count, band keys and tags
    (computed before the batch's transaction, so the import lock is held only for the
    database work)."""

    item: _Keyed
    values: Any
    size: int
    keys: list[int]
    tags: FoundTags


def _store_batch(
    batch: list[_Keyed], *, source: Source | None, sources: dict, tagger: Tagger, result
) -> None:
    stored = _stored_keys(batch)
    signed = []
    for item in batch:
        if item.key in stored:
            continue
        raw = item.raw
        values, size = clustering.signature(f"{raw.title}\n{raw.lead}\n{raw.text}")
        found = tagger.tag(title=raw.title, text=f"{raw.lead}\n{raw.text}")
        signed.append(_Signed(item, values, size, clustering.band_keys(values), found))
    _write_batch(signed, source=source, sources=sources, result=result)
    result.already += len(batch) - len(signed)


def _stored_keys(batch: list[_Keyed]) -> set[str]:
    keys = [item.key for item in batch]
    return set(Article.objects.filter(key__in=keys).values_list("key", flat=True))


@transaction.atomic
def _write_batch(signed: list[_Signed], *, source: Source | None, sources: dict, result) -> None:
    if not signed:
        return
    _serialize_imports()
    stored = _stored_keys([s.item for s in signed])  # another importer's, since
    signed = [s for s in signed if s.item.key not in stored]
    result.already += len(stored)
    clusterer = clustering.BatchClusterer([s.keys for s in signed])
    placed = [clusterer.place(s.values, s.size, s.keys) for s in signed]
    old = Cluster.objects.in_bulk([c for c in set(placed) if isinstance(c, int)])
    stories: dict[clustering.Candidate, _Story] = {pk: _Story(c) for pk, c in old.items()}
    found_tags = []
    for one, candidate in zip(signed, placed, strict=True):
        raw = one.item.raw
        moment = raw.published_at or timezone.now()
        story = stories.get(candidate)
        if story is None:
            cluster = Cluster(headline=raw.title, first_seen_at=moment, last_seen_at=moment)
            story = stories[candidate] = _Story(cluster)
        article = Article(
            key=one.item.key,
            url=one.item.url,
            title=raw.title,
            lead=raw.lead,
            text=raw.text,
            author=raw.author,
            published_at=raw.published_at,
            source=source or sources.get(fold(raw.outlet)),
            signature=clustering.to_bytes(one.values),
            shingle_count=one.size,
        )
        story.articles.append(article)
        story.negative |= bool(one.tags.negative)
        found_tags.append((article, story, one.tags))
        _widen(story.cluster, moment)
    new = [story for candidate, story in stories.items() if not isinstance(candidate, int)]
    for story in new:
        story.cluster.article_count = len(story.articles)
        story.cluster.source_count = len({a.source_id for a in story.articles if a.source_id})
        story.cluster.negative = story.negative
    Cluster.objects.bulk_create([story.cluster for story in new])
    for story in stories.values():
        for article in story.articles:
            article.cluster = story.cluster
    Article.objects.bulk_create([article for article, _story, _found in found_tags])
    clustering.write_bands(clusterer.new_bands(lambda candidate: stories[candidate].cluster.pk))
    Tag.objects.bulk_create(
        [
            row
            for article, story, found in found_tags
            for row in found.rows(article=article, cluster=story.cluster)
        ],
        batch_size=2000,
    )
    old_stories = [story for candidate, story in stories.items() if isinstance(candidate, int)]
    _recount(old_stories)
    _index(new, old_stories)
    _alert_negative(stories.values())
    result.added += len(signed)
    result.new_clusters += len(new)


def _alert_negative(stories) -> None:
    """Negative stories about a province alert its staff (media/alerts.py) from a job queued
    once the batch is committed, with the ids of the batch's articles in negative stories: the
    import never waits for recipients to be found and e-mailed."""
    ids = sorted(a.pk for story in stories if story.cluster.negative for a in story.articles)
    if ids:
        from .tasks import raise_negative_alerts  # tasks imports fetching, which imports us

        transaction.on_commit(lambda: raise_negative_alerts.enqueue(ids))


def _widen(cluster: Cluster, moment: datetime.datetime) -> None:
    cluster.first_seen_at = min(cluster.first_seen_at, moment)
    cluster.last_seen_at = max(cluster.last_seen_at, moment)


def _recount(stories: list[_Story]) -> None:
    """The figures of stored stories the batch added to, counted again from their articles
    (one query) and written in one statement."""
    if not stories:
        return
    counts = {
        row["cluster_id"]: row
        for row in Article.objects.filter(cluster_id__in=[s.cluster.pk for s in stories])
        .values("cluster_id")
        .annotate(n=Count("pk"), sources=Count("source_id", distinct=True))
        .order_by()
    }
    for story in stories:
        cluster = story.cluster
        cluster.article_count = counts[cluster.pk]["n"]
        cluster.source_count = counts[cluster.pk]["sources"]
        cluster.negative = cluster.negative or story.negative
    Cluster.objects.bulk_update(
        [s.cluster for s in stories],
        ["article_count", "source_count", "negative", "first_seen_at", "last_seen_at"],
    )


def _index(new: list[_Story], old_stories: list[_Story]) -> None:
    """The search rows of every story the batch touched, in two statements: a new story's
    first articles are all in the batch; a stored story's are read in one query."""
    documents = {}
    for story in new:
        documents[story.cluster.pk] = story.cluster.document_of(
            story.articles[:STORY_DOCUMENT_ARTICLES]
        )
    old = [story.cluster for story in old_stories]
    if old:
        first = Window(
            RowNumber(), partition_by=F("cluster_id"), order_by=(F("published_at").asc(), F("pk"))
        )
        rows = (
            Article.objects.filter(cluster_id__in=[c.pk for c in old])
            .annotate(rank=first)
            .filter(rank__lte=STORY_DOCUMENT_ARTICLES)
            .order_by("cluster_id", "rank")
            .only("cluster_id", "title", "lead", "text")
        )
        articles = defaultdict(list)
        for article in rows:
            articles[article.cluster_id].append(article)
        for cluster in old:
            documents[cluster.pk] = cluster.document_of(articles[cluster.pk])
    search.index_documents(Cluster, documents)
