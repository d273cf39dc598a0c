"""The newsroom, a story's page and the sources, over the bundled demo corpus."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from phoihop.core import search
from phoihop.media import demo, selectors
from phoihop.media.models import Cluster, Feed, Source
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Field, Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, system_admin

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


@pytest.fixture
def corpus(places, press_orgs):
    demo.ensure_sources()
    result = import_paths([CORPUS])
    assert result.errors == []
    return result


@pytest.fixture
def staff(db):
    user = UserFactory(username="chuyenvien.media")
    MembershipFactory(
        user=user, organization=OrganizationFactory(), role=Membership.Role.SPECIALIST
    )
    return user


def food_story():
    return Cluster.objects.get(headline__startswith="Hơn 40 học sinh tiểu học")


def rows(response) -> list[str]:
    return [c.headline for c in response.context["clusters"]]


def test_the_newsroom_shows_a_syndicated_story_once_with_its_appearances(client, corpus, staff):
    client.force_login(staff)
    response = client.get(reverse("media:newsroom"))
    assert response.status_code == 200
    headlines = rows(response)
    assert len(headlines) == Cluster.objects.count() == 9
    assert headlines.count(food_story().headline) == 1
    assert headlines[0] == "Hợp tác xã ở Phú Thọ liên kết tiêu thụ bưởi Đoan Hùng cho mùa Tết"
    html = response.content.decode()
    assert "4 bài" in html and "4 nguồn" in html
    story = next(c for c in response.context["clusters"] if c.pk == food_story().pk)
    assert story.field_names == ["Giáo dục và đào tạo", "Y tế"]
    assert story.province_names == ["Tỉnh Thanh Hóa"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"negative": "on"}, {"Hơn 40 học sinh", "Sạt lở đồi", "Bệnh viện Đa khoa"}),
        ({"area": "17"}, set()),  # an ended province is no choice: ignored and said
        ({"q": "hoc sinh nhap vien"}, {"Hơn 40 học sinh"}),
        ({"q": "sốt xuất huyết"}, {"Bệnh viện Đa khoa"}),
        ({"date_from": "05/12/2026", "date_to": "05/12/2026"}, {"Giá lúa", "Bệnh viện Đa khoa"}),
    ],
)
def test_the_filters_narrow_the_stories(client, corpus, staff, query, expected):
    client.force_login(staff)
    response = client.get(reverse("media:newsroom"), query)
    assert response.status_code == 200
    found = {h for h in rows(response) for start in expected if h.startswith(start)}
    if expected:
        assert len(found) == len(rows(response)) == len(expected)
    else:
        assert "filter-errors" in response.content.decode()


def test_filters_by_province_field_and_source(client, corpus, staff, places):
    client.force_login(staff)
    thanh_hoa = rows(client.get(reverse("media:newsroom"), {"area": "38", "negative": "on"}))
    assert thanh_hoa == [food_story().headline]
    # the old province name Hòa Bình tags the landslide with Phú Thọ
    phu_tho = rows(client.get(reverse("media:newsroom"), {"area": "25", "negative": "on"}))
    assert {h[:10] for h in phu_tho} == {"Sạt lở đồi", "Bệnh viện "}
    health = Field.objects.get(code="y-te")
    by_field = rows(client.get(reverse("media:newsroom"), {"field": health.pk}))
    assert food_story().headline in by_field
    assert "Khu kinh tế Nghi Sơn thu hút thêm ba dự án đầu tư mới" not in by_field
    outlet = Source.objects.get(name="Tin tức Miền Trung")
    assert rows(client.get(reverse("media:newsroom"), {"source": outlet.pk})) == [
        food_story().headline
    ]


def test_bad_filter_values_are_ignored_and_said(client, corpus, staff):
    client.force_login(staff)
    response = client.get(
        reverse("media:newsroom"),
        {"date_from": "31/02/2026", "field": "x", "source": "999999", "page": "abc"},
    )
    assert response.status_code == 200
    assert "filter-errors" in response.content.decode()
    assert len(rows(response)) == 9


def test_the_story_page_shows_appearances_tags_with_reasons_and_the_text(client, corpus, staff):
    client.force_login(staff)
    response = client.get(food_story().get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="appearance-row"') == 4
    assert "Tin tức Miền Trung" in html and "Thời báo Nông thôn" in html
    assert "thịt gà kho gừng" in html  # the full text
    assert 'href="https://baothanhhoa.example/xa-hoi/hon-40-hoc-sinh' in html  # tracking gone
    assert "utm_source" not in html
    tags = {(t.kind, t.name): t.reasons for t in response.context["tags"]}
    assert tags[("negative", "")][:2] == ["nhập viện", "bức xúc"]
    assert "xã Hoằng Hóa" in tags[("area", "Tỉnh Thanh Hóa")]
    assert tags[("organization", "Sở Y tế tỉnh Thanh Hóa")] == ["Sở Y tế tỉnh Thanh Hóa"]
    assert "«ngộ độc»" in html or "«nhập viện»" in html


def test_an_old_province_name_shows_why_the_area_was_tagged(client, corpus, staff):
    client.force_login(staff)
    landslide = Cluster.objects.get(headline__startswith="Sạt lở đồi")
    html = client.get(landslide.get_absolute_url()).content.decode()
    assert "Hòa Bình (tên trước 1/7/2025)" in html


def test_the_source_pages_show_feeds_and_their_health(client, corpus, staff):
    feed = Feed.objects.get(url="https://baothanhhoa.example/rss/tin-moi.rss")
    Feed.objects.filter(pk=feed.pk).update(
        last_error="Máy chủ không trả lời sau 20 giây.",
        last_error_at=timezone.now(),
        consecutive_failures=3,
    )
    client.force_login(staff)
    listing = client.get(reverse("media:source_list"))
    assert listing.status_code == 200
    assert listing.content.decode().count('data-testid="source-row"') == 5
    page = client.get(feed.source.get_absolute_url()).content.decode()
    assert "Máy chủ không trả lời sau 20 giây." in page
    assert "3 lần liên tiếp" in page
    assert "Sầm Sơn ra mắt chương trình du lịch" in page


def test_the_newsroom_counts_its_stories_up_to_the_cap(
    client, corpus, staff, monkeypatch, settings
):
    client.force_login(staff)
    stories = Cluster.objects.count()
    pages = (stories + 1) // 2
    settings.PAGE_SIZE = 2
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    page = client.get(reverse("media:newsroom")).content.decode()
    assert stories > 6 and "Trang 1/hơn 2" in page
    # a page past what the lower bound covers counts them all
    page = client.get(reverse("media:newsroom"), {"page": 3}).content.decode()
    assert f"Trang 3/{pages}" in page
    # under the cap, the exact count
    monkeypatch.setattr(selectors, "COUNT_CAP", 1000)
    page = client.get(reverse("media:newsroom")).content.decode()
    assert f"Trang 1/{pages}" in page


@pytest.mark.parametrize("query", ["hoc sinh", "Học sinh", "hoc si", "ngộ độc thực phẩm", "xyzw"])
def test_the_newsroom_text_filter_is_filter_text_by_either_plan(corpus, monkeypatch, query):
    """The ids of the matches when few, the newest stories walked when many (PostgreSQL):
    the same stories as core.search.filter_text, in the list's order."""
    latest = Cluster.objects.order_by("-first_seen_at", "-pk")
    expected = list(search.filter_text(latest, query).values_list("pk", flat=True))
    assert expected or query == "xyzw"
    for walk_from in (1, 2, 10_000):
        monkeypatch.setattr(selectors, "WALK_FROM", walk_from)
        clusters, found = selectors.text_filtered(latest, query)
        assert list(clusters.values_list("pk", flat=True)) == expected
        if found is not None:  # PostgreSQL: the matches among all stories, up to WALK_FROM
            assert found == min(len(expected), walk_from)
        # with another filter too
        negative = clusters.filter(negative=True).values_list("pk", flat=True)
        assert list(negative) == [pk for pk in expected if Cluster.objects.get(pk=pk).negative]


def test_a_query_alone_is_counted_by_its_text_filter(client, corpus, staff, monkeypatch, settings):
    client.force_login(staff)
    settings.PAGE_SIZE = 1
    matching = search.filter_text(Cluster.objects.all(), "tinh").count()
    assert matching >= 3
    page = client.get(reverse("media:newsroom"), {"q": "tinh"}).content.decode()
    assert f"Trang 1/{matching}" in page
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    monkeypatch.setattr(selectors, "WALK_FROM", 2)
    page = client.get(reverse("media:newsroom"), {"q": "tinh"}).content.decode()
    assert "Trang 1/hơn 2" in page
    page = client.get(reverse("media:newsroom"), {"q": "tinh", "page": 3}).content.decode()
    assert f"Trang 3/{matching}" in page
    assert (
        "Không có tin nào phù hợp"
        in client.get(reverse("media:newsroom"), {"q": "xyzw"}).content.decode()
    )


def test_pages_read_a_fixed_number_of_queries(client, corpus, staff, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("media:newsroom"), {"q": "hoc sinh"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("media:newsroom"), {"area": "38", "negative": "on"}).status_code
            == 200
        )
    with django_assert_max_num_queries(11):  # with the tasks created from the story
        assert client.get(food_story().get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("media:source_list")).status_code == 200
    source = Source.objects.get(name="Báo Sức khỏe Cộng đồng")
    with django_assert_max_num_queries(11):
        assert client.get(source.get_absolute_url()).status_code == 200


def test_people_without_a_staff_role_are_refused_and_unknown_ids_are_404(client, corpus, staff):
    collaborator = UserFactory(username="congtacvien")
    MembershipFactory(
        user=collaborator, organization=OrganizationFactory(), role=Membership.Role.COLLABORATOR
    )
    client.force_login(collaborator)
    assert client.get(reverse("media:newsroom")).status_code == 403
    assert client.get(food_story().get_absolute_url()).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("media:cluster_detail", args=[999999])).status_code == 404
    assert client.get(reverse("media:source_detail", args=[999999])).status_code == 404
    client.logout()
    assert client.get(reverse("media:newsroom")).status_code == 302


def test_the_menu_has_the_newsroom_for_staff_only(client, corpus, staff):
    client.force_login(staff)
    assert reverse("media:newsroom") in client.get(reverse("notifications")).content.decode()
    client.force_login(UserFactory(username="khongvaitro"))
    assert reverse("media:newsroom") not in client.get(reverse("notifications")).content.decode()


def test_the_search_box_finds_stories_without_diacritics(client, corpus):
    client.force_login(system_admin())
    response = client.get(reverse("search"), {"q": "sat lo doi mai chau"})
    assert "Sạt lở đồi ở xã Mai Châu" in response.content.decode()


def test_the_command_imports_once(places, tmp_path):
    out = StringIO()
    call_command("media_import", str(CORPUS / "thanhhoa.rss"), str(CORPUS / "pages"), stdout=out)
    assert "Đã nhập 6 bài mới (4 câu chuyện mới); 0 bài đã có; 0 lỗi." in out.getvalue()
    again = StringIO()
    call_command("media_import", str(CORPUS), stdout=again, stderr=StringIO())
    assert "7 bài mới" in again.getvalue() and "7 bài đã có" in again.getvalue()


def test_the_command_says_what_it_could_not_read(places, tmp_path):
    (tmp_path / "hong.xml").write_bytes(b"<urlset><url>")
    (tmp_path / "rong.html").write_bytes(b"<html><body><nav>menu</nav></body></html>")
    err = StringIO()
    call_command("media_import", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "hong.xml: Tệp sơ đồ tin (sitemap) hỏng" in err.getvalue()
    assert "rong.html: Trang không có bài viết" in err.getvalue()


def test_the_demo_seeds_sources_and_the_corpus_twice_without_doubles(places):
    demo.seed(stdout=StringIO())
    count = Cluster.objects.count()
    demo.seed(stdout=StringIO())
    assert Cluster.objects.count() == count == 9
    assert Source.objects.get(name="Báo Sức khỏe Cộng đồng").fields.get().code == "y-te"
    assert Feed.objects.count() == 4
    first = Cluster.objects.order_by("first_seen_at").first()
    assert first.first_seen_at.date() == datetime.date(2026, 11, 30)
