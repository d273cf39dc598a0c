"""The batch import: a fixed number of statements a batch whatever its size, the same stories
as one article at a time, across batch boundaries too, and idempotent re-imports."""

import datetime
import io
import random
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.core.models import SearchDocument
from phoihop.core.search import filter_text
from phoihop.media import pipeline
from phoihop.media.extract import VIETNAM, RawArticle
from phoihop.media.models import Article, BandKey, Cluster, Source, Tag
from phoihop.media.pipeline import import_articles, import_paths, read_upload

from .test_clustering import OTHER, SIMILAR_BUT_OTHER, STORY

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"
WORDS = [
    "đường",
    "giao",
    "thông",
    "nông",
    "thôn",
    "xuống",
    "cấp",
    "sau",
    "mùa",
    "mưa",
    "lũ",
    "người",
    "dân",
    "đi",
    "lại",
    "khó",
    "khăn",
]


def raw(url, text, *, title="Tin", minutes=0, outlet=""):
    moment = datetime.datetime(2026, 12, 2, 20, 0, tzinfo=VIETNAM) + datetime.timedelta(
        minutes=minutes
    )
    return RawArticle(url=url, title=title, text=text, published_at=moment, outlet=outlet)


def unrelated(n: int) -> RawArticle:
    """Articles that share no story: words drawn at random, each with a number."""
    rng = random.Random(n)
    words = [f"{rng.choice(WORDS)}{rng.randint(1, 99999)}" for _ in range(80)]
    return raw(f"https://tin.example/bai-{n}.html", " ".join(words), title=f"Tin số {n}", minutes=n)


def statements(articles: list[RawArticle]) -> int:
    """Statements of an import, less the band rows' INSERTs: Django cuts those at SQLite's 999
    parameters (one statement per ~500 rows, 12 articles); PostgreSQL takes 5,000 a statement."""
    with CaptureQueriesContext(connection) as queries:
        import_articles(articles)
    return sum('"media_bandkey"' not in q["sql"][:40] for q in queries.captured_queries)


def test_a_batch_costs_the_same_statements_whatever_its_size():
    statements([unrelated(1000)])  # what is read once a process (content types) read
    small = statements([unrelated(n) for n in range(5)])
    large = statements([unrelated(n) for n in range(100, 160)])
    assert Article.objects.count() == 66 and Cluster.objects.count() == 66
    assert large == small  # not one round trip an article
    assert small < 25


def test_copies_meet_their_story_across_batches_and_within_one():
    articles = [
        raw("https://a.example/1", STORY, title="Hơn 40 học sinh nhập viện"),
        raw("https://a.example/4", OTHER, title="Nghi Sơn thu hút đầu tư", minutes=1),
        raw("https://d.example/5", SIMILAR_BUT_OTHER, minutes=3),
        raw("https://b.example/2", f"(B) - {STORY} Theo báo A.", title="43 học sinh", minutes=5),
        raw("https://c.example/3", STORY.replace("Khoảng 14 giờ", "Chiều"), minutes=9),
    ]
    result = import_articles(articles, batch_size=2)
    assert (result.added, result.new_clusters) == (5, 3)
    story = Article.objects.get(url="https://a.example/1").cluster
    assert set(story.articles.values_list("url", flat=True)) == {
        "https://a.example/1", "https://b.example/2", "https://c.example/3",
    }  # fmt: skip
    story.refresh_from_db()
    assert story.article_count == 3
    assert story.headline == "Hơn 40 học sinh nhập viện"  # the first article's
    assert story.last_seen_at == datetime.datetime(2026, 12, 2, 20, 9, tzinfo=VIETNAM)
    # the index holds each story's distinct bands once
    assert BandKey.objects.filter(cluster=story).count() == len(
        set(BandKey.objects.filter(cluster=story).values_list("key", flat=True))
    )


def test_a_later_batch_updates_the_story_figures_and_its_search_row():
    first = Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    second = Source.objects.create(name="Báo B", level=Source.Level.CENTRAL)
    import_articles([raw("https://a.example/1", STORY, title="Hơn 40 học sinh")], source=first)
    story = Cluster.objects.get()
    assert (story.article_count, story.source_count) == (1, 1)
    copy = raw("https://b.example/2", f"{STORY} Trạm y tế xã Quảng Phú tiếp nhận.", minutes=60)
    import_articles([copy], source=second)
    story.refresh_from_db()
    assert (story.article_count, story.source_count) == (2, 2)
    assert story.last_seen_at == datetime.datetime(2026, 12, 2, 21, 0, tzinfo=VIETNAM)
    assert SearchDocument.objects.filter(object_id=story.pk, kind="press_story").count() == 1
    # the copy's own words are in the story's document now, found without diacritics
    assert list(filter_text(Cluster.objects.all(), "tram y te xa quang phu")) == [story]


def test_importing_the_corpus_twice_adds_nothing_the_second_time(places, press_orgs):
    first = import_paths([CORPUS])
    counts = (
        Article.objects.count(), Cluster.objects.count(), BandKey.objects.count(),
        Tag.objects.count(), SearchDocument.objects.filter(kind="press_story").count(),
    )  # fmt: skip
    again = import_paths([CORPUS])
    assert first.added == counts[0] and again.added == 0 and again.new_clusters == 0
    assert again.already == first.added + first.already
    assert counts == (
        Article.objects.count(), Cluster.objects.count(), BandKey.objects.count(),
        Tag.objects.count(), SearchDocument.objects.filter(kind="press_story").count(),
    )  # fmt: skip


def test_hostile_values_cost_only_their_article():
    result = import_articles(
        [
            raw("https://a.example/nul", "Nội dung\x00 có ký tự rỗng", title="Tin\x00 một"),
            raw("https://a.example/" + "x" * 1200, "Địa chỉ quá dài"),
            raw("javascript:alert(1)", "Không phải trang web"),
            raw("https://a.example/dai", "chữ " * 10, title="T" * 900),
        ]
    )
    assert result.added == 2 and len(result.errors) == 2
    assert Article.objects.get(url="https://a.example/nul").title == "Tin một"
    assert len(Article.objects.get(url="https://a.example/dai").title) == 500


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_upload_is_a_file_or_a_zip_of_them_and_bad_files_are_said():
    rss = (CORPUS / "suckhoe.rss").read_bytes()
    page = (CORPUS / "pages/nongthon-gia-lua.html").read_bytes()
    data = zipped(
        {
            "tin/suckhoe.rss": rss,
            "trang/gia-lua.html": page,
            "hong.xml": b"<rss><channel><item>",
            "anh.png": b"\x89PNG not read",
            "README.txt": b"not read either",
        }
    )
    assert [name for name, _content in pipeline.upload_files(data, read=False)] == [
        "suckhoe.rss", "gia-lua.html", "hong.xml",
    ]  # fmt: skip
    articles, errors = read_upload(data, name="tin.zip")
    assert len(articles) == len(read_upload(rss)[0]) + 1
    assert errors == ["hong.xml: Tệp RSS/Atom hỏng, không đọc được bài nào."]
    assert read_upload(b"PK\x03\x04 broken", name="x.zip") == (
        [], ["x.zip: Tệp nén hỏng, không mở được."]
    )  # fmt: skip


def test_a_zip_too_large_once_unpacked_is_refused(monkeypatch):
    monkeypatch.setattr(pipeline, "ZIP_MAX_TOTAL_BYTES", 1000)
    data = zipped({f"{n}.html": b"<html>" + b"a" * 600 for n in range(3)})
    articles, errors = read_upload(data, name="lon.zip")
    assert articles == [] and errors == ["lon.zip: Tệp nén quá lớn khi giải nén (tối đa 500 MB)."]
