"""Attention over time, the newsroom's export, the dashboard's press tiles and the media API
(lists and classify), over the bundled demo corpus."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.media import attention, demo
from phoihop.media.extract import VIETNAM
from phoihop.media.models import Alert, Cluster, Watchlist
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Field, Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"
DAYS = (datetime.date(2026, 11, 28), datetime.date(2026, 12, 7))
# The corpus is of early December 2026: the pages count back from this day.
TODAY = time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=VIETNAM), tick=False)


@pytest.fixture
def corpus(places, press_orgs):
    demo.ensure_sources()
    import_paths([CORPUS])


@pytest.fixture
def staff(places):
    department = OrganizationFactory(
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT, area=places["thanh_hoa"]
    )
    user = UserFactory(username="chuyenvien.media")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    return user


def test_stories_per_day_count_a_syndicated_story_once(corpus):
    health = Cluster.objects.filter(
        pk__in=Cluster.objects.filter(articles__tags__field__code="y-te").values("pk")
    )
    rows = dict(attention.stories_per_day(health, *DAYS))
    assert len(rows) == 10 and rows[datetime.date(2026, 11, 28)] == 0
    assert rows[datetime.date(2026, 12, 2)] == 1  # the food poisoning: 4 articles, 1 story
    assert sum(rows.values()) == health.count()
    sources = dict(attention.top_sources(health, *DAYS))
    assert sources["Báo Sức khỏe Cộng đồng"] >= 2
    areas = dict(attention.top_areas(health, *DAYS))
    assert {"Tỉnh Thanh Hóa", "Tỉnh Phú Thọ"} <= set(areas)


@TODAY
def test_the_attention_page_compares_two_topics(client, corpus, staff):
    client.force_login(staff)
    health = Field.objects.get(code="y-te")
    response = client.get(
        reverse("media:attention"), {"field": health.pk, "b-q": "lua", "days": "90"}
    )
    assert response.status_code == 200
    topics = response.context["topics"]
    assert [t["name"] for t in topics] == [health.name, "«lua»"]
    assert topics[1]["total"] >= 1
    html = response.content.decode()
    assert 'data-testid="attention-chart"' in html
    assert html.count("chart-series-1") >= 1 and html.count("chart-series-2") >= 1
    empty = client.get(reverse("media:attention"))
    assert 'data-testid="empty-state"' in empty.content.decode()


@TODAY
def test_a_watchlist_is_a_topic_of_the_attention_page(client, corpus, staff):
    watchlist = Watchlist.objects.create(owner=staff, kind="query", query="hoc sinh")
    client.force_login(staff)
    response = client.get(watchlist.get_absolute_url() + "&days=90")
    assert response.context["topics"][0]["name"] == "Từ khóa: «hoc sinh»"
    assert response.context["topics"][0]["total"] == 1
    stranger = Watchlist.objects.create(owner=UserFactory(), kind="query", query="lua")
    response = client.get(reverse("media:attention"), {"watchlist": stranger.pk})
    assert response.status_code == 200 and not response.context["topics"]  # not a choice


def test_the_newsroom_exports_its_filtered_stories(client, corpus, staff):
    client.force_login(staff)
    response = client.get(reverse("media:export"), {"negative": "on"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert len(rows) == 3
    food = next(r for r in rows if r[1].startswith("Hơn 40 học sinh"))
    assert food[2] == "Có" and food[5] == 4 and "Tỉnh Thanh Hóa" in food[4]
    assert food[9].startswith("https://baothanhhoa.example/")


@TODAY
def test_attention_and_export_read_a_fixed_number_of_queries(
    client, corpus, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    health = Field.objects.get(code="y-te")
    # session, user, memberships, the field; per topic: days, sources, provinces (and the
    # matching ids for words); the bell; per form: watchlists, fields, provinces, sources
    with django_assert_max_num_queries(20):
        response = client.get(reverse("media:attention"), {"field": health.pk, "b-q": "lua"})
        assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("media:export")).status_code == 200


def test_the_dashboard_shows_todays_alerts_and_negative_stories_of_ones_province(
    client, corpus, staff
):
    Alert.objects.create(recipient=staff, kind="spike", key="spike:1", topic="Lĩnh vực: Y tế")
    counts = attention.dashboard_counts(staff, datetime.date(2026, 12, 5))
    assert counts["alerts_today"] == 0  # raised today, not on 5/12
    assert counts["negative"] == 1  # the food poisoning in Thanh Hóa, 2/12
    assert "area=38" in counts["negative_url"] and "negative=on" in counts["negative_url"]
    client.force_login(staff)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-press-alerts"' in html


# API ----------------------------------------------------------------------------------------


def test_the_api_lists_stories_with_filters(client, corpus, staff):
    client.force_login(staff)
    answer = client.get("/api/v1/media/clusters", {"negative": "true", "q": "hoc sinh"}).json()
    assert answer["count"] == 1
    story = answer["items"][0]
    assert story["article_count"] == 4 and story["provinces"] == ["Tỉnh Thanh Hóa"]
    assert client.get("/api/v1/media/clusters", {"field": 999999}).json()["count"] == 0
    articles = client.get("/api/v1/media/articles", {"cluster": story["id"]}).json()
    assert articles["count"] == 4
    sources = client.get("/api/v1/media/sources", {"level": "provincial"}).json()
    assert sources["count"] == 2
    bad = client.get("/api/v1/media/sources", {"level": "nowhere"})
    assert bad.status_code == 422 and "errors" in bad.json()
    assert client.get(f"/api/v1/media/clusters/{story['id']}").json()["id"] == story["id"]
    assert client.get("/api/v1/media/clusters/999999").status_code == 404


def test_the_api_gives_each_person_their_own_alerts_and_watchlists(client, corpus, staff):
    mine = Alert.objects.create(
        recipient=staff, kind="spike", key="k1", topic="T", baseline=Decimal("1.5")
    )
    Alert.objects.create(recipient=UserFactory(), kind="spike", key="k2", topic="T")
    Watchlist.objects.create(owner=staff, kind="query", query="ngộ độc")
    client.force_login(staff)
    alerts = client.get("/api/v1/media/alerts", {"open": "true"}).json()
    assert [a["id"] for a in alerts["items"]] == [mine.pk] and alerts["items"][0]["baseline"] == 1.5
    watchlists = client.get("/api/v1/media/watchlists").json()
    assert watchlists["items"][0]["topic"] == "Từ khóa: «ngộ độc»"


def test_classify_answers_fields_best_first_negative_areas_and_organizations(client, corpus, staff):
    client.force_login(staff)
    text = (
        "Sở Y tế tỉnh Thanh Hóa cho biết 43 học sinh ở xã Hoằng Hóa phải nhập viện cấp cứu "
        "nghi ngộ độc thực phẩm; bệnh viện đã điều trị cho các em, phụ huynh bức xúc."
    )
    response = client.post(
        "/api/v1/media/classify", {"text": text}, content_type="application/json"
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["fields"][0]["code"] == "y-te"
    assert 0 < answer["fields"][0]["score"] <= 1
    assert [f["score"] for f in answer["fields"]] == sorted(
        (f["score"] for f in answer["fields"]), reverse=True
    )
    assert answer["negative"] is True
    assert {a["name"] for a in answer["areas"]} >= {"Tỉnh Thanh Hóa", "Xã Hoằng Hóa"}
    assert [o["name"] for o in answer["organizations"]] == ["Sở Y tế tỉnh Thanh Hóa"]
    empty = client.post("/api/v1/media/classify", {"text": ""}, content_type="application/json")
    assert empty.json() == {
        "fields": [], "negative": False, "negative_terms": [], "areas": [], "organizations": []
    }  # fmt: skip
    missing = client.post("/api/v1/media/classify", {}, content_type="application/json")
    assert missing.status_code == 422


def test_people_without_press_access_are_refused_by_the_api(client, corpus):
    collaborator = UserFactory(username="ctv")
    MembershipFactory(
        user=collaborator, organization=OrganizationFactory(), role=Membership.Role.COLLABORATOR
    )
    client.force_login(collaborator)
    assert client.get("/api/v1/media/clusters").status_code == 403
    response = client.post(
        "/api/v1/media/classify", {"text": "học sinh"}, content_type="application/json"
    )
    assert response.status_code == 403 and "detail" in response.json()
