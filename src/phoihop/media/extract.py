"""Reading articles out of what a press outlet publishes: an RSS or Atom feed (feedparser), a
news sitemap (defusedxml), or a saved article page (trafilatura: text, title, author, date).
Pure functions over bytes; nothing here touches the database or the network."""

import datetime
import html
import re
import zoneinfo
from calendar import timegm
from dataclasses import dataclass

import feedparser
import trafilatura
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
# A page saved by a browser says where it came from in its first lines.
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_TITLE = 500
MAX_TEXT = 200_000


@dataclass
class RawArticle:
    """An article as read from a file or a page, before it is stored."""

    url: str
    title: str
    lead: str = ""
    text: str = ""
    author: str = ""
    published_at: datetime.datetime | None = None
    outlet: str = ""  # the feed's or sitemap's publication name, when it gives one


class UnreadableFile(ValueError):
    """The bytes are no feed, sitemap or article page we can read (message in Vietnamese)."""


def plain(markup: str) -> str:
    """Text of a small piece of HTML (a feed's summary): tags dropped, entities decoded."""
    text = html.unescape(TAG.sub(" ", markup or ""))
    lines = (SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _in_vietnam(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:  # a page that gives no offset speaks Vietnamese time
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def kind_of(data: bytes) -> str:
    """ "sitemap", "feed" or "html" from the first bytes."""
    head = data[:2000].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<urlset" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith(b"<!doctype html") or b"<html" in head or SAVED_FROM.search(data[:2000]):
        return "html"
    raise UnreadableFile(
        "Không nhận ra tệp: cần tệp RSS/Atom, sơ đồ tin (sitemap) hoặc trang HTML."
    )


# Feeds --------------------------------------------------------------------------------------


def parse_feed(data: bytes) -> list[RawArticle]:
    parsed = feedparser.parse(data)
    outlet = plain(parsed.feed.get("title", ""))[:200]
    articles = [article for entry in parsed.entries if (article := _entry(entry, outlet))]
    if parsed.bozo and not articles:
        raise UnreadableFile("Tệp RSS/Atom hỏng, không đọc được bài nào.")
    return articles


def _entry(entry, outlet: str) -> RawArticle | None:
    url = entry.get("link", "")
    title = plain(entry.get("title", ""))[:MAX_TITLE]
    if not url or not title:
        return None
    content = entry.get("content") or []
    text = plain(content[0].get("value", "")) if content else ""
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    return RawArticle(
        url=url,
        title=title,
        lead=plain(entry.get("summary", ""))[:2000],
        text=text[:MAX_TEXT],
        author=plain(entry.get("author", ""))[:200],
        # feedparser gives UTC as a struct_time
        published_at=(
            datetime.datetime.fromtimestamp(timegm(moment), datetime.UTC).astimezone(VIETNAM)
            if moment
            else None
        ),
        outlet=outlet,
    )


# News sitemaps ------------------------------------------------------------------------------


def parse_sitemap(data: bytes) -> list[RawArticle]:
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise UnreadableFile("Tệp sơ đồ tin (sitemap) hỏng, không đọc được.") from exc
    articles = []
    for node in root.iter(f"{SITEMAP_NS}url"):
        url = (node.findtext(f"{SITEMAP_NS}loc") or "").strip()
        news = node.find(f"{NEWS_NS}news")
        if not url or news is None:
            continue
        title = plain(news.findtext(f"{NEWS_NS}title") or "")[:MAX_TITLE]
        if not title:
            continue
        articles.append(
            RawArticle(
                url=url,
                title=title,
                published_at=_iso_moment(news.findtext(f"{NEWS_NS}publication_date")),
                outlet=(news.findtext(f"{NEWS_NS}publication/{NEWS_NS}name") or "").strip(),
            )
        )
    return articles


def _iso_moment(value: str | None) -> datetime.datetime | None:
    try:
        return _in_vietnam(datetime.datetime.fromisoformat((value or "").strip()))
    except ValueError:
        return None


# Saved pages --------------------------------------------------------------------------------


def parse_page(data: bytes, *, url: str = "") -> RawArticle | None:
    """The article of a saved page: trafilatura's text (menus, comments and boilerplate gone),
    title, author and date; the address from the page's canonical link or the browser's
    "saved from" line. None when the page has no article text or no address."""
    saved_from = SAVED_FROM.search(data[:2000])
    document = trafilatura.bare_extraction(
        data.decode("utf-8", errors="replace"),
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not document.text:
        return None
    address = url or document.url or (saved_from.group(1).decode() if saved_from else "")
    if not address or not document.title:
        return None
    return RawArticle(
        url=address,
        title=plain(document.title)[:MAX_TITLE],
        lead=plain(document.description or "")[:2000],
        text=document.text[:MAX_TEXT],
        author=(document.author or "")[:200],
        published_at=_published_time(data) or _page_date(document.date),
        outlet=(document.sitename or "")[:200],
    )


PUBLISHED_META = re.compile(
    rb"""<meta[^>]+property=["']article:published_time["'][^>]+content=["']([^"']{10,40})["']""",
    re.I,
)


def _published_time(data: bytes) -> datetime.datetime | None:
    """The exact moment from the page's `article:published_time`, when it has one."""
    found = PUBLISHED_META.search(data[:100_000])
    return _iso_moment(found.group(1).decode("ascii", "replace")) if found else None


def _page_date(value: str | None) -> datetime.datetime | None:
    """trafilatura gives the day (YYYY-MM-DD); noon that day in Vietnam keeps it on the right
    date whichever way it is displayed."""
    try:
        day = datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=VIETNAM)
