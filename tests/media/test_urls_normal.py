"""One address per article: tracking links, AMP and mobile pages fold to one key."""

import pytest

from phoihop.media.urls_normal import InvalidURL, normalize_url, url_key

ARTICLE = "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html"


@pytest.mark.parametrize(
    "variant",
    [
        ARTICLE,
        "http://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "HTTPS://VnExpress.NET/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "https://www.vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "https://m.vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "https://amp.vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "https://vnexpress.net/amp/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.amp.html",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345-amp.html",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html?amp",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html?amp=1",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html?utm_source=facebook"
        "&utm_medium=social&utm_campaign=chia-se",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html?fbclid=IwAR0abc",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html?gclid=x&zarsrc=31",
        "https://vnexpress.net/thoi-su/hoc-sinh-nhap-vien-4812345.html#binh-luan",
        "https://vnexpress.net:443/thoi-su/hoc-sinh-nhap-vien-4812345.html",
        "  https://vnexpress.net/thoi-su//hoc-sinh-nhap-vien-4812345.html  ",
        "https://vnexpress.net./thoi-su/hoc-sinh-nhap-vien-4812345.html",
    ],
)
def test_variants_of_one_article_share_its_key(variant):
    assert normalize_url(variant) == ARTICLE
    assert url_key(variant) == url_key(ARTICLE)


def test_the_key_is_the_sha256_of_the_normalised_address():
    import hashlib

    assert url_key(ARTICLE) == hashlib.sha256(ARTICLE.encode()).hexdigest()
    assert len(url_key(ARTICLE)) == 64


def test_a_trailing_slash_and_index_page_fold():
    assert normalize_url("https://baothanhhoa.vn/tin-tuc/") == "https://baothanhhoa.vn/tin-tuc"
    assert normalize_url("https://baothanhhoa.vn/tin-tuc/index.html") == (
        "https://baothanhhoa.vn/tin-tuc"
    )
    assert normalize_url("https://baothanhhoa.vn") == "https://baothanhhoa.vn/"


def test_parameters_that_name_the_article_stay_in_a_fixed_order():
    assert normalize_url("https://baophutho.vn/tin.aspx?id=42&cat=7&utm_term=x") == (
        "https://baophutho.vn/tin.aspx?cat=7&id=42"
    )
    assert url_key("https://x.vn/a?id=1") != url_key("https://x.vn/a?id=2")


def test_different_articles_keep_different_keys():
    assert url_key("https://x.vn/tin-1.html") != url_key("https://x.vn/tin-2.html")
    assert url_key("https://x.vn/tin-1.html") != url_key("https://y.vn/tin-1.html")
    # "m." folds only as a host prefix, never a site whose name merely starts with m
    assert normalize_url("https://mientrung.vn/a") == "https://mientrung.vn/a"
    # a site on its own port is another site
    assert normalize_url("https://x.vn:8443/a") == "https://x.vn:8443/a"


def test_vietnamese_in_the_path_is_one_form_escaped_or_not():
    assert normalize_url("https://x.vn/tin/ngộ-độc") == normalize_url(
        "https://x.vn/tin/ng%E1%BB%99-%C4%91%E1%BB%99c"
    )


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "ftp://x.vn/a", "javascript:alert(1)", "x.vn/tin", "https://", "http://[::1"],
)
def test_anything_but_a_web_address_is_refused(bad):
    with pytest.raises(InvalidURL):
        url_key(bad)
