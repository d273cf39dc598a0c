"""Reading the bundled corpus: feeds, a news sitemap and saved pages, Vietnamese intact,
boilerplate gone."""

import datetime
from pathlib import Path

import pytest

from phoihop.media.extract import UnreadableFile, kind_of, parse_feed, parse_page, parse_sitemap

CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


def test_an_rss_feed_gives_each_item_with_its_text_author_and_time_in_vietnam():
    articles = parse_feed((CORPUS / "thanhhoa.rss").read_bytes())
    assert len(articles) == 3
    first = articles[0]
    assert first.title == "Hơn 40 học sinh tiểu học ở xã Hoằng Hóa nhập viện sau bữa ăn bán trú"
    assert first.author == "Minh Hằng"
    assert first.outlet == "Báo và Phát thanh, Truyền hình Thanh Hóa"
    assert first.published_at == datetime.datetime(
        2026, 12, 2, 19, 45, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    assert str(first.published_at.tzinfo) == "Asia/Ho_Chi_Minh"
    assert "Sở Y tế tỉnh Thanh Hóa đã cử đoàn công tác" in first.text
    assert "<p>" not in first.text
    assert first.lead.startswith("Trưa 2/12, sau bữa ăn bán trú")


def test_an_atom_feed_is_read_too():
    articles = parse_feed((CORPUS / "phutho.atom").read_bytes())
    assert [a.author for a in articles] == ["Quang Huy", "Thanh Nga", "Bảo Ngọc"]
    assert "tỉnh Hòa Bình" in articles[0].text


def test_a_news_sitemap_gives_titles_addresses_and_times():
    articles = parse_sitemap((CORPUS / "nongthon-sitemap.xml").read_bytes())
    assert [a.title for a in articles][1] == (
        "Hợp tác xã ở Phú Thọ liên kết tiêu thụ bưởi Đoan Hùng cho mùa Tết"
    )
    assert articles[1].published_at.hour == 7
    assert articles[0].outlet == "Thời báo Nông thôn"


def test_a_saved_page_gives_its_article_without_menus_comments_or_footer():
    page = (CORPUS / "pages/tintucmientrung-hoc-sinh-nhap-vien.html").read_bytes()
    article = parse_page(page)
    assert article.url.startswith("https://tintucmientrung.example/xa-hoi/43-hoc-sinh")
    assert article.title.startswith("43 học sinh ở Thanh Hóa nhập viện")
    assert article.author == "Hoài Nam"
    assert article.published_at.date() == datetime.date(2026, 12, 3)
    assert article.published_at.hour == 9
    assert "thịt gà kho gừng, canh bí đỏ" in article.text  # diacritics intact
    for boilerplate in ("Trang chủ", "Bình luận", "Thương các cháu", "Giấy phép", "Đà Nẵng 24°C"):
        assert boilerplate not in article.text


def test_a_page_without_an_article_gives_nothing():
    assert parse_page(b"<html><body><nav>Trang chu</nav></body></html>") is None


def test_the_kind_of_file_is_told_by_its_bytes():
    assert kind_of((CORPUS / "thanhhoa.rss").read_bytes()) == "feed"
    assert kind_of((CORPUS / "phutho.atom").read_bytes()) == "feed"
    assert kind_of((CORPUS / "nongthon-sitemap.xml").read_bytes()) == "sitemap"
    assert kind_of((CORPUS / "pages/nongthon-gia-lua.html").read_bytes()) == "html"
    with pytest.raises(UnreadableFile):
        kind_of(b"PK\x03\x04 not a feed")


@pytest.mark.parametrize(
    "data",
    [
        b"<rss><channel><item><title>x",  # cut off
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><urlset>&a;</urlset>',
    ],
)
def test_broken_or_hostile_files_are_refused_in_words(data):
    with pytest.raises(UnreadableFile):
        parse_sitemap(data) if b"urlset" in data else parse_feed(data)
