"""The network fetcher against a local HTTP server started by the test (never the internet):
conditional requests and 304, back-off on errors, robots.txt, timeouts, pages fetched for
entries without text, the schedule and the feed's health on the source page."""

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from phoihop.media import fetching
from phoihop.media.models import Article, Feed, Source
from tests.factories import system_admin

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"
ETAG = '"v1"'


class Site:
    """What the local server answers: path -> (status, headers, body); every request kept."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.delay = 0.0

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                if site.delay:
                    time.sleep(site.delay)
                status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                etag = headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]


@pytest.fixture
def site(settings):
    settings.PRESS_FETCH_PRIVATE_ADDRESSES = True  # the test's server listens on this machine
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), site.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    fetching.forget_robots()
    yield site
    server.shutdown()
    server.server_close()
    fetching.forget_robots()


@pytest.fixture
def feed(site):
    source = Source.objects.create(name="Báo Sức khỏe", level=Source.Level.CENTRAL)
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    body = (CORPUS / "suckhoe.rss").read_bytes()
    site.routes["/rss"] = (200, {"ETag": ETAG, "Last-Modified": "Sat, 05 Dec 2026 01:00:00 GMT"},
                           body)  # fmt: skip
    return Feed.objects.create(source=source, kind=Feed.Kind.RSS, url=f"{site.base}/rss")


def test_a_feed_is_imported_then_asked_conditionally_and_304_adds_nothing(site, feed):
    first = fetching.fetch_feed(feed)
    assert first.error == "" and first.added == 3
    assert Article.objects.filter(source=feed.source).count() == 3
    feed.refresh_from_db()
    assert feed.etag == ETAG and feed.last_modified.startswith("Sat, 05 Dec 2026")
    assert feed.last_success_at and feed.consecutive_failures == 0
    assert feed.next_fetch_at == feed.last_success_at + datetime.timedelta(minutes=30)

    second = fetching.fetch_feed(feed)
    assert second.not_modified and second.added == 0 and second.error == ""
    path, headers = site.requests[-1]
    assert path == "/rss" and headers["If-None-Match"] == ETAG
    assert headers["If-Modified-Since"] == "Sat, 05 Dec 2026 01:00:00 GMT"
    assert headers["User-Agent"] == fetching.USER_AGENT
    assert site.paths().count("/robots.txt") == 1  # read once per host
    assert Article.objects.count() == 3


def test_errors_back_off_twice_as_long_each_time_and_a_success_resets(site, feed):
    site.routes["/rss"] = (503, {}, b"busy")
    now = timezone.now()
    fetching.fetch_feed(feed, now=now)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1
    assert feed.last_error == "Máy chủ của báo đang gặp lỗi (lỗi 503)."
    assert feed.next_fetch_at == now + datetime.timedelta(minutes=60)
    fetching.fetch_feed(feed, now=now)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 2
    assert feed.backoff_until == now + datetime.timedelta(minutes=120)
    for _ in range(8):
        fetching.fetch_feed(feed, now=now)
    feed.refresh_from_db()
    assert feed.backoff_until == now + fetching.MAX_BACKOFF  # capped at a day

    site.routes["/rss"] = (200, {}, (CORPUS / "suckhoe.rss").read_bytes())
    fetching.fetch_feed(feed, now=now)
    feed.refresh_from_db()
    assert feed.consecutive_failures == 0 and feed.backoff_until is None
    assert feed.last_success_at == now


def test_robots_txt_is_obeyed(site, feed):
    site.routes["/robots.txt"] = (200, {}, b"User-agent: phoihop-press-monitor\nDisallow: /rss\n")
    outcome = fetching.fetch_feed(feed)
    assert outcome.error == "Tệp robots.txt của trang không cho phép lấy kênh tin này."
    assert site.paths() == ["/robots.txt"]  # the feed itself was never asked
    assert not Article.objects.exists()


def test_a_missing_robots_txt_allows_and_an_unreachable_one_forbids(site, feed):
    del site.routes["/robots.txt"]
    assert fetching.fetch_feed(feed).added == 3
    fetching.forget_robots()
    site.routes["/robots.txt"] = (500, {}, b"oops")
    assert fetching.fetch_feed(feed).error.startswith("Tệp robots.txt")


def test_a_silent_server_times_out_in_words(site, feed, monkeypatch):
    monkeypatch.setattr(fetching, "READ_TIMEOUT", 0.3)
    fetching.fetch_feed(feed)  # robots.txt read while the server is quick
    feed.etag = ""
    site.delay = 1.0
    outcome = fetching.fetch_feed(feed)
    assert outcome.error == "Máy chủ không trả lời trong thời gian chờ."


def test_an_unreadable_feed_and_an_unknown_address_are_said(site, feed):
    site.routes["/rss"] = (200, {}, "<html><body>Trang chủ</body></html>".encode())
    assert fetching.fetch_feed(feed).error.startswith("Địa chỉ là một trang web")
    site.routes["/rss"] = (200, {}, b"%PDF-1.4")
    assert fetching.fetch_feed(feed).error.startswith("Không nhận ra tệp")
    feed.url = f"{site.base}/khong-co"
    assert fetching.fetch_feed(feed).error == "Không tìm thấy địa chỉ (lỗi 404)."
    feed.url = "http://127.0.0.1:9/rss"  # nothing listens there
    fetching.forget_robots()
    assert fetching.fetch_feed(feed).error.startswith("Tệp robots.txt")


def test_sitemap_entries_get_their_text_from_their_pages(site):
    source = Source.objects.create(name="Thời báo Nông thôn", level=Source.Level.CENTRAL)
    page = (CORPUS / "pages/nongthon-gia-lua.html").read_bytes()
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.base}/gia-lua.html</loc><news:news><news:publication><news:name>"
        "Thời báo Nông thôn</news:name></news:publication><news:publication_date>"
        "2026-12-05T06:45:00+07:00</news:publication_date><news:title>Giá lúa tăng"
        "</news:title></news:news></url>"
        f"<url><loc>{site.base}/private/an.html</loc><news:news><news:publication><news:name>"
        "Thời báo Nông thôn</news:name></news:publication><news:title>Bài không được lấy"
        "</news:title></news:news></url></urlset>"
    ).encode()
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/sitemap.xml"] = (200, {}, sitemap)
    site.routes["/gia-lua.html"] = (200, {}, page)
    feed = Feed.objects.create(
        source=source, kind=Feed.Kind.SITEMAP, url=f"{site.base}/sitemap.xml"
    )
    assert fetching.fetch_feed(feed).added == 2
    article = Article.objects.get(title="Giá lúa tăng")
    assert "Thọ Xuân" in article.text  # read by trafilatura from the page
    assert Article.objects.get(title="Bài không được lấy").text == ""
    assert "/private/an.html" not in site.paths()


def test_the_run_fetches_only_due_enabled_feeds_once(site, feed):
    source = feed.source
    later = Feed.objects.create(
        source=source, kind=Feed.Kind.RSS, url=f"{site.base}/later",
        next_fetch_at=timezone.now() + datetime.timedelta(hours=1),
    )  # fmt: skip
    off = Feed.objects.create(source=source, kind=Feed.Kind.RSS, url=f"{site.base}/off",
                              enabled=False)  # fmt: skip
    counts = fetching.fetch_due_feeds()
    assert counts == {"feeds": 1, "failed": 0, "added": 3}
    assert "/later" not in site.paths() and "/off" not in site.paths()
    assert fetching.fetch_due_feeds() == {"feeds": 0, "failed": 0, "added": 0}  # not due again
    source.enabled = False
    source.save()
    assert not fetching.due_feeds(timezone.now() + datetime.timedelta(days=1)).exists()
    assert later.pk and off.pk


def test_a_feed_claimed_by_another_worker_is_left_to_it(site, feed):
    stale = Feed.objects.get(pk=feed.pk)
    assert fetching._claim(feed, timezone.now())
    assert not fetching._claim(stale, timezone.now())


def test_the_source_page_shows_the_health_in_words(client, site, feed):
    site.routes["/rss"] = (403, {}, b"no")
    fetching.fetch_feed(feed)
    client.force_login(system_admin())
    html = client.get(reverse("media:source_detail", args=[feed.source.pk])).content.decode()
    assert "Máy chủ từ chối truy cập (lỗi 403)." in html
    assert "tạm dừng đến" in html


def test_a_feed_on_an_internal_address_is_refused_before_any_request(site, feed, settings):
    """A feed address typed by staff (or a redirect) that names this machine or the office
    network is not fetched: the fetcher cannot be turned against internal services."""
    settings.PRESS_FETCH_PRIVATE_ADDRESSES = False
    fetching.fetch_feed(feed, now=timezone.now())
    feed.refresh_from_db()
    assert site.requests == []
    assert "mạng nội bộ" in feed.last_error


def test_a_redirect_to_an_internal_address_is_refused(settings):
    settings.PRESS_FETCH_PRIVATE_ADDRESSES = False
    session = fetching._session()
    with pytest.raises(fetching.FetchError, match="mạng nội bộ"):
        fetching.http_get(session, "http://169.254.169.254/latest/meta-data/", limit=1000)
