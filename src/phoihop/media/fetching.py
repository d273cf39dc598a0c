"""The network fetcher: reads the feeds that are due, in the worker (`media.tasks.fetch_feeds`,
queued by `phoihop media_fetch --enqueue` from cron), never in a web request.

For each feed due (its source and itself enabled, `next_fetch_at` passed):
- its host's robots.txt is read (once a day per host, kept in this process) and obeyed for our
  user agent; a robots.txt that cannot be read for a server error or a network error counts
  as "disallow everything" for now (RFC 9309), a missing one (4xx) as "allow";
- the feed is requested with a timeout and the validators the server gave last time
  (If-None-Match / If-Modified-Since); 304 means nothing new;
- new items without text of their own (a sitemap's entries, a feed of summaries) have their
  page fetched (robots.txt again, at most PAGES_PER_FETCH a feed) and read by trafilatura;
- everything goes through the one import pipeline (`pipeline.import_articles`);
- the feed's health is written: last success, the last error in plain Vietnamese words, the
  number of consecutive failures, items a day, and when to try again: its polling interval
  after a success, twice as long after each consecutive failure (capped at MAX_BACKOFF).

Only public addresses are fetched (PRESS_FETCH_PRIVATE_ADDRESSES turns that off for a press
mirror inside an intranet): a feed address typed by staff, or a redirect, naming this machine
or the office network is refused before any request, so the fetcher cannot be pointed at
internal services. Redirects are followed by hand for that reason, each hop checked.

Two workers never fetch one feed at once: a feed is claimed by moving its `next_fetch_at`
forward with a conditional UPDATE before it is fetched.
"""

import datetime
import ipaddress
import logging
import socket
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import pipeline
from .extract import RawArticle, UnreadableFile, kind_of, parse_page
from .models import Article, Feed
from .tagging import Tagger
from .urls_normal import InvalidURL, url_key

logger = logging.getLogger(__name__)

USER_AGENT = "phoihop-press-monitor/1.0 (+https://phoihop.vn/bot)"
CONNECT_TIMEOUT = 10  # seconds
READ_TIMEOUT = 30
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_PAGE_BYTES = 3 * 1024 * 1024
MAX_REDIRECTS = 5
ROBOTS_TTL = datetime.timedelta(hours=24)
MAX_BACKOFF = datetime.timedelta(hours=24)
PAGES_PER_FETCH = 30
FEEDS_PER_RUN = 200


class FetchError(Exception):
    """A fetch that failed; the message is said to the department in Vietnamese. `status` is
    the HTTP status when the server answered with an error."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


# HTTP -----------------------------------------------------------------------------------------


def _session() -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.max_redirects = MAX_REDIRECTS
    session.trust_env = False  # no proxy or .netrc from the worker's environment
    return session


def _check_public(url: str) -> None:
    """FetchError unless every address the URL's host resolves to is a public one (see the
    module's docstring). A host that does not resolve is left to fail in the request."""
    if settings.PRESS_FETCH_PRIVATE_ADDRESSES:
        return
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return
    for address in addresses:
        if not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise FetchError("Địa chỉ trỏ vào mạng nội bộ, không được phép lấy tin từ đó.")


def http_get(
    session: requests.Session, url: str, *, limit: int, headers: dict | None = None
) -> Response:
    """GET with timeouts and a size limit, public addresses only, redirects followed one hop
    at a time; network and HTTP failures become FetchError."""
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_public(url)
            with session.get(
                url,
                headers=headers or {},
                timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
                stream=True,
                allow_redirects=False,
            ) as answer:
                if answer.is_redirect:
                    url = urljoin(url, answer.headers["Location"])
                    continue
                return _read(answer, limit)
        raise FetchError("Địa chỉ chuyển hướng quá nhiều lần.")
    except requests.exceptions.SSLError as exc:
        raise FetchError("Lỗi chứng chỉ bảo mật (HTTPS) của máy chủ.") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError("Máy chủ không trả lời trong thời gian chờ.") from exc
    except requests.exceptions.ConnectionError as exc:
        raise FetchError("Không kết nối được tới máy chủ.") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError("Không lấy được nội dung từ máy chủ.") from exc


def _read(answer: requests.Response, limit: int) -> Response:
    if answer.status_code == 304:
        return Response(304)
    if answer.status_code >= 400:
        raise FetchError(_status_words(answer.status_code), answer.status_code)
    body = bytearray()
    for chunk in answer.iter_content(64 * 1024):
        body += chunk
        if len(body) > limit:
            raise FetchError(f"Nội dung quá lớn (trên {limit // (1024 * 1024)} MB), không đọc.")
    return Response(
        answer.status_code,
        bytes(body),
        etag=answer.headers.get("ETag", "")[:300],
        last_modified=answer.headers.get("Last-Modified", "")[:100],
    )


def _status_words(status: int) -> str:
    if status == 404 or status == 410:
        return f"Không tìm thấy địa chỉ (lỗi {status})."
    if status in (401, 403):
        return f"Máy chủ từ chối truy cập (lỗi {status})."
    if status == 429:
        return "Máy chủ yêu cầu giảm tần suất lấy tin (lỗi 429)."
    if status >= 500:
        return f"Máy chủ của báo đang gặp lỗi (lỗi {status})."
    return f"Máy chủ trả lời lỗi {status}."


# robots.txt -----------------------------------------------------------------------------------

_robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}


def _robots_of(session: requests.Session, url: str) -> urllib.robotparser.RobotFileParser:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    cached = _robots.get(origin)
    if cached and time.monotonic() - cached[0] < ROBOTS_TTL.total_seconds():
        return cached[1]
    parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
    try:
        answer = http_get(session, f"{origin}/robots.txt", limit=512 * 1024)
        parser.parse(answer.body.decode("utf-8", "replace").splitlines())
    except FetchError as exc:
        if exc.status and 400 <= exc.status < 500:  # no robots.txt: everything allowed
            parser.allow_all = True
        else:  # unreachable or a server error: nothing allowed until it answers
            parser.disallow_all = True
    _robots[origin] = (time.monotonic(), parser)
    return parser


def allowed(session: requests.Session, url: str) -> bool:
    return _robots_of(session, url).can_fetch(USER_AGENT, url)


def forget_robots() -> None:
    """Drop what was learnt of robots.txt files (tests; a long-lived worker re-reads daily)."""
    _robots.clear()


# Feeds ----------------------------------------------------------------------------------------


def due_feeds(now: datetime.datetime):
    return (
        Feed.objects.filter(enabled=True, source__enabled=True)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .select_related("source")
        .order_by(F("next_fetch_at").asc(nulls_first=True), "pk")
    )


def fetch_due_feeds(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Fetch every feed that is due (at most FEEDS_PER_RUN); {"feeds", "failed", "added"}."""
    now = now or timezone.now()
    counts = {"feeds": 0, "failed": 0, "added": 0}
    session = _session()
    tagger = None
    for feed in list(due_feeds(now)[:FEEDS_PER_RUN]):
        if not _claim(feed, now):
            continue  # another worker took it
        tagger = tagger or Tagger()
        outcome = fetch_feed(feed, session=session, tagger=tagger, now=now)
        counts["feeds"] += 1
        counts["failed"] += outcome.error != ""
        counts["added"] += outcome.added
    return counts


def _claim(feed: Feed, now: datetime.datetime) -> bool:
    """Move the feed's next fetch past this run, only if nobody did since it was read."""
    unchanged = Feed.objects.filter(pk=feed.pk, next_fetch_at=feed.next_fetch_at)
    if feed.next_fetch_at is None:
        unchanged = Feed.objects.filter(pk=feed.pk, next_fetch_at__isnull=True)
    later = now + datetime.timedelta(minutes=feed.poll_minutes)
    return unchanged.update(next_fetch_at=later) == 1


@dataclass
class Outcome:
    added: int = 0
    already: int = 0
    not_modified: bool = False
    error: str = ""


def fetch_feed(
    feed: Feed,
    *,
    session: requests.Session | None = None,
    tagger: Tagger | None = None,
    now: datetime.datetime | None = None,
) -> Outcome:
    """Fetch one feed now, import what is new, and record its health."""
    now = now or timezone.now()
    session = session or _session()
    outcome = Outcome()
    try:
        raws = _read_feed(feed, session, outcome)
        if raws:
            _add_pages(raws, session)
            result = pipeline.import_articles(raws, source=feed.source, tagger=tagger)
            outcome.added, outcome.already = result.added, result.already
    except FetchError as exc:
        outcome.error = str(exc)
    except Exception:  # a bug must not stop the other feeds; the feed says it failed
        logger.exception("Fetching feed %s failed", feed.pk)
        outcome.error = "Lỗi khi xử lý kênh tin; quản trị hệ thống đã được ghi nhận."
    _record(feed, outcome, now)
    return outcome


def _read_feed(feed: Feed, session: requests.Session, outcome: Outcome) -> list[RawArticle]:
    _check_public(feed.url)  # before robots.txt, whose failure would say something else
    if not allowed(session, feed.url):
        raise FetchError("Tệp robots.txt của trang không cho phép lấy kênh tin này.")
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    answer = http_get(session, feed.url, limit=MAX_FEED_BYTES, headers=headers)
    if answer.status == 304:
        outcome.not_modified = True
        return []
    try:
        if kind_of(answer.body) == "html":
            raise UnreadableFile(
                "Địa chỉ là một trang web, không phải kênh RSS/Atom hay sơ đồ tin (sitemap)."
            )
        raws = pipeline.read_bytes(answer.body)
    except UnreadableFile as exc:
        raise FetchError(str(exc)) from exc
    feed.etag, feed.last_modified = answer.etag, answer.last_modified
    feed.items_per_day = items_per_day(raws, timezone.now())
    return raws


def items_per_day(raws: list[RawArticle], now: datetime.datetime) -> float:
    """What the feed publishes a day: its items of the last 7 days over the days they span
    (a feed lists only its latest items; at least one day)."""
    week_ago = now - datetime.timedelta(days=7)
    moments = [r.published_at for r in raws if r.published_at and r.published_at >= week_ago]
    if not moments:
        return 0.0
    days = max(1.0, (now - min(moments)).total_seconds() / 86400)
    return round(len(moments) / days, 1)


def _add_pages(raws: list[RawArticle], session: requests.Session) -> None:
    """The text of new items that came without it, from their pages (robots.txt obeyed)."""
    wanting = {}
    for raw in raws:
        if raw.text:
            continue
        try:
            wanting[url_key(raw.url)] = raw
        except InvalidURL:
            continue
    stored = set(Article.objects.filter(key__in=list(wanting)).values_list("key", flat=True))
    for key in [k for k in wanting if k not in stored][:PAGES_PER_FETCH]:
        raw = wanting[key]
        try:
            if not allowed(session, raw.url):
                continue
            page = parse_page(http_get(session, raw.url, limit=MAX_PAGE_BYTES).body, url=raw.url)
        except FetchError:
            continue  # the item is kept with what the feed said
        if page is not None:
            raw.text = page.text
            raw.lead = raw.lead or page.lead
            raw.author = raw.author or page.author
            raw.published_at = raw.published_at or page.published_at


def _record(feed: Feed, outcome: Outcome, now: datetime.datetime) -> None:
    if outcome.error:
        feed.consecutive_failures += 1
        feed.last_error = outcome.error[:500]
        feed.last_error_at = now
        wait = min(
            MAX_BACKOFF,
            datetime.timedelta(minutes=feed.poll_minutes) * (2**feed.consecutive_failures),
        )
        feed.backoff_until = now + wait
        feed.next_fetch_at = feed.backoff_until
    else:
        feed.consecutive_failures = 0
        feed.last_success_at = now
        feed.backoff_until = None
        feed.next_fetch_at = now + datetime.timedelta(minutes=feed.poll_minutes)
    feed.save(
        update_fields=[
            "etag", "last_modified", "items_per_day", "consecutive_failures", "last_error",
            "last_error_at", "backoff_until", "next_fetch_at", "last_success_at",
        ]
    )  # fmt: skip
