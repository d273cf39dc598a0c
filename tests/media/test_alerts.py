"""Watchlists and spike alerts: the rule on synthetic series (a spike fires once, a slow rise
never), alerts sent once through notifications and e-mail, negative stories about one's own
province alerted at import, acknowledging."""

import datetime
import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phoihop.core.models import Notification
from phoihop.media import alerts, demo, tasks
from phoihop.media.extract import VIETNAM, RawArticle
from phoihop.media.models import Alert, Article, Cluster, SpikeRule, Tag, Watchlist
from phoihop.media.pipeline import import_articles, import_paths
from phoihop.org.models import Field, Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"
START = datetime.datetime(2026, 11, 1, tzinfo=VIETNAM)
RULE = alerts.Rule()


# The rule alone -----------------------------------------------------------------------------


def test_the_rule_needs_both_the_ratio_and_the_minimum():
    assert alerts.is_spike(6, [1, 0, 1, 1, 0, 1, 0], RULE)
    assert not alerts.is_spike(2, [0] * 7, RULE)  # below the minimum of 3 stories
    assert alerts.is_spike(3, [0] * 7, RULE)  # a silent topic: the baseline's floor is 1
    assert not alerts.is_spike(8, [3, 4, 3, 3, 4, 3, 3], RULE)  # busy topic: 8 < 3 × 3.29
    assert alerts.is_spike(10, [3, 4, 3, 3, 4, 3, 3], RULE)
    assert alerts.baseline_of([1, 0, 1, 1, 0, 1, 0]) == Decimal("0.57")
    # after a spike, calm again only under half the threshold (3 here)
    assert alerts.is_calm(1, [0] * 7, RULE) and not alerts.is_calm(2, [0] * 7, RULE)


def test_window_counts_put_each_story_in_its_window():
    end = START + datetime.timedelta(days=8)
    moments = [end - datetime.timedelta(hours=h) for h in (1, 2, 23, 25, 49, 24 * 7 + 1, 24 * 9)]
    count, history = alerts.window_counts(moments, end, RULE)
    assert count == 3
    assert history == [1, 1, 0, 0, 0, 0, 1]  # the story 9 days back is outside


# Synthetic series through the database ------------------------------------------------------


def _story(at: datetime.datetime, field: Field, n: int) -> Cluster:
    """A story of `field` first seen `at`. Written with the ORM: the spike check reads only
    the stories' first appearance and tags, which the pipeline stores the same way."""
    cluster = Cluster.objects.create(
        headline=f"Câu chuyện {n}", first_seen_at=at, last_seen_at=at, article_count=1
    )
    article = Article.objects.create(
        key=hashlib.sha256(str(n).encode()).hexdigest(),
        url=f"https://bao.example/{n}",
        title=cluster.headline,
        published_at=at,
        cluster=cluster,
        signature=b"",
    )
    Tag.objects.create(article=article, cluster=cluster, kind=Tag.Kind.FIELD, field=field)
    return cluster


def _series(daily_counts: list[int], field: Field) -> None:
    """`daily_counts[d]` stories on day d, spread over the day's working hours."""
    n = 0
    for day, count in enumerate(daily_counts):
        for i in range(count):
            n += 1
            hour = 7 + (i * 12) // max(count, 1)
            _story(START + datetime.timedelta(days=day, hours=hour, minutes=7 * i), field, n)


def _run_every_hour(days: int) -> list[dict]:
    return [
        alerts.check_spikes(START + datetime.timedelta(hours=h, minutes=5))
        for h in range(24, days * 24)
    ]


@pytest.fixture
def watcher(db):
    user = UserFactory(username="theodoi")
    MembershipFactory(
        user=user, organization=OrganizationFactory(), role=Membership.Role.SPECIALIST
    )
    return user


@pytest.fixture
def health():
    return Field.objects.get(code="y-te")


def test_a_spike_fires_once_with_its_figures(watcher, health, django_capture_on_commit_callbacks):
    watchlist = Watchlist.objects.create(owner=watcher, kind=Watchlist.Kind.FIELD, field=health)
    _series([1, 0, 1, 1, 0, 1, 0, 6, 5, 1, 0, 1], health)
    with django_capture_on_commit_callbacks(execute=True):
        runs = _run_every_hour(12)
    assert sum(run["spike"] for run in runs) == 1
    alert = Alert.objects.get()
    assert (alert.recipient, alert.watchlist, alert.kind) == (watcher, watchlist, "spike")
    assert alert.topic == "Lĩnh vực: Y tế"
    assert alert.story_count == 3  # fired as the third story of day 7 came in
    assert alert.window_end.astimezone(VIETNAM).date() == datetime.date(2026, 11, 8)
    assert alert.baseline == Decimal("0.57")
    assert alert.clusters.count() == 3
    notification = Notification.objects.get(recipient=watcher)
    assert "Y tế" in notification.title and "3 câu chuyện" in notification.title
    assert "Câu chuyện" in notification.body and notification.url == alert.get_absolute_url()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [watcher.email]


def test_a_slow_rise_never_fires(watcher, health):
    Watchlist.objects.create(owner=watcher, kind=Watchlist.Kind.FIELD, field=health)
    _series([1] * 8 + [2, 2, 3, 3, 4, 4, 5, 5, 6, 6], health)
    assert sum(run["spike"] for run in _run_every_hour(18)) == 0
    assert not Alert.objects.exists()


def test_a_second_spike_after_the_quiet_hours_fires_again(watcher, health):
    Watchlist.objects.create(owner=watcher, kind=Watchlist.Kind.FIELD, field=health)
    _series([0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 5], health)
    assert sum(run["spike"] for run in _run_every_hour(17)) == 2


def test_running_the_same_hour_twice_sends_nothing_twice(
    watcher, health, django_capture_on_commit_callbacks
):
    Watchlist.objects.create(owner=watcher, kind=Watchlist.Kind.FIELD, field=health)
    _series([0, 0, 0, 0, 0, 0, 0, 4], health)
    moment = START + datetime.timedelta(days=7, hours=23)
    with django_capture_on_commit_callbacks(execute=True):
        first = alerts.check_spikes(moment)
        second = alerts.check_spikes(moment)
        # a racing run that read the watchlist before the first one wrote its state, with no
        # quiet hours: the unique key of the hour still holds
        Watchlist.objects.update(spiking=False)
        SpikeRule.objects.update(quiet_hours=0)
        third = alerts.check_spikes(moment)
    assert (first["spike"], second["spike"], third["spike"]) == (1, 0, 0)
    assert Alert.objects.count() == Notification.objects.count() == len(mail.outbox) == 1


def test_the_thresholds_are_editable_data(watcher, health):
    Watchlist.objects.create(owner=watcher, kind=Watchlist.Kind.FIELD, field=health)
    _series([0, 0, 0, 0, 0, 0, 0, 2], health)
    moment = START + datetime.timedelta(days=7, hours=23)
    assert alerts.check_spikes(moment)["spike"] == 0
    SpikeRule.objects.update(min_stories=2, ratio=Decimal("2"))
    assert alerts.check_spikes(moment)["spike"] == 1


def test_people_without_press_access_get_no_alert(health):
    collaborator = UserFactory(username="ctv")
    MembershipFactory(
        user=collaborator, organization=OrganizationFactory(), role=Membership.Role.COLLABORATOR
    )
    Watchlist.objects.create(owner=collaborator, kind=Watchlist.Kind.FIELD, field=health)
    _series([0, 0, 0, 0, 0, 0, 0, 5], health)
    assert alerts.check_spikes(START + datetime.timedelta(days=7, hours=23))["spike"] == 0


# Words, areas, negative stories over the demo corpus ----------------------------------------


@pytest.fixture
def corpus(places, press_orgs):
    demo.ensure_sources()
    import_paths([CORPUS])


@pytest.fixture
def thanh_hoa_staff(places):
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
        area=places["thanh_hoa"],
    )
    user = UserFactory(username="btg.thanhhoa")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    return user


def test_a_keyword_watch_matches_without_diacritics(corpus, watcher):
    watchlist = alerts.create_watchlist(kind="query", query="  ngo  doc ", by=watcher)
    assert watchlist.query == "ngo doc"
    headlines = [c.headline for c in alerts.topic_clusters(watchlist)]
    assert any(h.startswith("Hơn 40 học sinh") for h in headlines)
    assert not any(h.startswith("Sạt lở") for h in headlines)
    # the same topic twice is one watchlist
    assert alerts.create_watchlist(kind="query", query="ngo doc", by=watcher) == watchlist


def test_a_negative_story_about_ones_province_alerts_at_import(
    places, press_orgs, thanh_hoa_staff, django_capture_on_commit_callbacks
):
    phu_tho_department = OrganizationFactory(
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT, area=places["phu_tho"]
    )
    elsewhere = UserFactory(username="btg.phutho")
    MembershipFactory(
        user=elsewhere, organization=phu_tho_department, role=Membership.Role.SPECIALIST
    )
    now = datetime.datetime.now(VIETNAM)
    raw = RawArticle(
        url="https://bao.example/ngo-doc-hoang-hoa",
        title="Nhiều học sinh ở xã Hoằng Hóa, Thanh Hóa nhập viện nghi ngộ độc",
        text="Phụ huynh bức xúc vì bữa ăn bán trú. Các em được đưa đi cấp cứu.",
        published_at=now - datetime.timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_articles([raw])
    # the import only queued the job, with the article's id, once the batch was committed
    assert not Alert.objects.exists()
    assert queued_alert_jobs() == [[Article.objects.get().pk]]
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_alert_jobs() == [1]
    alert = Alert.objects.get()
    assert alert.recipient == thanh_hoa_staff and alert.kind == "negative"
    assert alert.topic == "Tin tiêu cực về Tỉnh Thanh Hóa"
    assert Notification.objects.get(recipient=thanh_hoa_staff).url == alert.get_absolute_url()
    assert len(mail.outbox) == 1
    # the job run twice raises and sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.raise_negative_alerts.call([Article.objects.get().pk]) == 0
    assert Alert.objects.count() == 1 and len(mail.outbox) == 1
    # the same story again (a copy): nothing new
    copy = RawArticle(
        url="https://khac.example/ngo-doc", title=raw.title, text=raw.text,
        published_at=now - datetime.timedelta(hours=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        import_articles([copy])
    assert run_queued_alert_jobs() == [0]
    assert Alert.objects.count() == 1
    # an old story imported today raises nothing
    old = RawArticle(
        url="https://bao.example/cu", title="Sạt lở ở xã Hoằng Hóa, Thanh Hóa: dân bức xúc",
        text="Nhiều hộ dân bức xúc.", published_at=now - datetime.timedelta(days=30),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        import_articles([old])
    assert run_queued_alert_jobs() == [0]
    assert Alert.objects.count() == 1


def test_a_killed_alert_job_run_again_sends_what_it_left(
    places, press_orgs, thanh_hoa_staff, django_capture_on_commit_callbacks
):
    raw = RawArticle(
        url="https://bao.example/sat-lo", title="Sạt lở ở xã Hoằng Hóa, Thanh Hóa: dân bức xúc",
        text="Nhiều hộ dân bức xúc vì chưa được di dời.",
        published_at=datetime.datetime.now(VIETNAM) - datetime.timedelta(hours=1),
    )  # fmt: skip
    import_articles([raw])
    ids = list(Article.objects.values_list("pk", flat=True))
    cluster = Cluster.objects.get()
    # a run killed after raising the alert, before notifying anyone
    Alert.objects.create(
        recipient=thanh_hoa_staff, kind="negative", key=f"negative:{cluster.pk}",
        topic="Tin tiêu cực về Tỉnh Thanh Hóa", story_count=1,
    ).clusters.set([cluster])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.raise_negative_alerts.call(ids) == 0
    assert Notification.objects.filter(recipient=thanh_hoa_staff).count() == 1
    assert len(mail.outbox) == 1


def queued_alert_jobs() -> list[list[int]]:
    return [
        job.args_kwargs["args"][0]
        for job in DBTaskResult.objects.filter(
            task_path=tasks.raise_negative_alerts.module_path
        ).order_by("enqueued_at")
    ]


def run_queued_alert_jobs() -> list[int]:
    """What the worker does: every queued alert job run (and then forgotten)."""
    done = [tasks.raise_negative_alerts.call(ids) for ids in queued_alert_jobs()]
    DBTaskResult.objects.all().delete()
    return done


# Pages --------------------------------------------------------------------------------------


def _alert(user, **values) -> Alert:
    values = {
        "kind": "spike", "key": "spike:test", "topic": "Lĩnh vực: Y tế", "story_count": 4,
        "baseline": Decimal("0.5"),
    } | values  # fmt: skip
    return Alert.objects.create(recipient=user, **values)


def test_the_recipient_sees_and_acknowledges_an_alert(client, corpus, watcher):
    alert = _alert(watcher)
    alert.clusters.set(Cluster.objects.filter(headline__startswith="Hơn 40 học sinh"))
    client.force_login(watcher)
    listed = client.get(reverse("media:alert_list"), {"open": "on"})
    assert [a.pk for a in listed.context["alerts"]] == [alert.pk]
    page = client.get(alert.get_absolute_url()).content.decode()
    assert "Hơn 40 học sinh" in page and 'data-testid="alert-acknowledge"' in page
    response = client.post(reverse("media:alert_acknowledge", args=[alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert not list(client.get(reverse("media:alert_list"), {"open": "on"}).context["alerts"])
    # someone else's alert is no alert at all
    other = _alert(UserFactory(username="khac"), key="spike:other")
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.post(reverse("media:alert_acknowledge", args=[other.pk])).status_code == 404


def test_watchlists_are_followed_and_dropped_on_their_page(client, watcher, health):
    client.force_login(watcher)
    response = client.post(reverse("media:watchlists"), {"kind": "field", "field": health.pk})
    assert response.status_code == 302
    watchlist = Watchlist.objects.get(owner=watcher)
    assert watchlist.topic == "Lĩnh vực: Y tế"
    response = client.post(reverse("media:watchlists"), {"kind": "query", "query": "!!!"})
    assert response.status_code == 400
    assert "ít nhất một chữ" in response.content.decode()
    response = client.post(reverse("media:watchlists"), {"kind": "area"})
    assert response.status_code == 400
    intruder = UserFactory(username="ke.la")
    MembershipFactory(
        user=intruder, organization=OrganizationFactory(), role=Membership.Role.SPECIALIST
    )
    client.force_login(intruder)
    url = reverse("media:watchlist_delete", args=[watchlist.pk])
    assert client.post(url).status_code == 404
    client.force_login(watcher)
    assert client.post(url).status_code == 302
    assert not Watchlist.objects.exists()


def test_alert_pages_read_a_fixed_number_of_queries(
    client, corpus, watcher, django_assert_max_num_queries
):
    for n in range(5):
        alert = _alert(watcher, key=f"spike:{n}")
        alert.clusters.set(Cluster.objects.all()[:3])
    Watchlist.objects.create(owner=watcher, kind="query", query="hoc sinh")
    client.force_login(watcher)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("media:alert_list")).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(alert.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("media:watchlists")).status_code == 200
