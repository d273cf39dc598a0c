"""Watched topics and their alerts (issue 18, item 6).

**Topic count.** A topic's count over a window is the number of *stories* (clusters, never
copies) of that topic first seen in the window: a story reprinted by twelve papers counts once,
on the hour it first appeared. A field, an area or an organisation is matched through the
stories' tags; words through `core.search.filter_text` on the story's search document
(diacritics optional).

**Spike rule** (`SpikeRule`, one row of editable thresholds; docs/architecture.md): every hour
the window of the last `window_hours` is compared with the `baseline_windows` windows of the
same length before it. The baseline is their mean count. The topic spikes when

    count >= min_stories  and  count >= ratio × max(baseline, 1)

(the floor of 1 keeps a topic that is usually silent from firing on one or two stories). An
alert is raised when the topic *starts* to spike (it did not at the previous check,
`Watchlist.spiking`): a spike that lasts a day, its window sliding hour by hour, raises one
alert, and the topic must calm down, under half the threshold, before it may raise another
(the gap keeps uneven days of one spike from alerting twice); not within `quiet_hours` of the
watchlist's previous alert either; and at most once per recipient and key (the run's hour)
whatever runs twice.

**Negative stories about one's own province** are not counted: once a batch of articles is
committed the pipeline queues `tasks.raise_negative_alerts(article_ids)` (the ids of its
articles in negative stories), which calls `on_articles_stored`; every recent negative story
tagged with a province raises an alert for the staff of the propaganda departments working in
that province (once per story and person; a job run again sends what a killed run left).

Alerts go out through `core.notifications.deliver` (in-app notification and e-mail, once per
recipient and key) and are acknowledged by their recipient (`acknowledge_alert`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search
from phoihop.core.audit import Action
from phoihop.core.notifications import Message, deliver
from phoihop.core.text import search_terms
from phoihop.org.models import Area, Membership, Organization, User

from .models import Cluster, Tag
from .permissions import STAFF_ROLES, can_read_press
from .watch_models import Alert, SpikeRule, Watchlist

# How many of the window's stories an alert names (the most reprinted first).
TOP_CLUSTERS = 5
# A negative story raises an alert only while it is news: an archive imported today does not.
NEGATIVE_RECENT = datetime.timedelta(days=3)


@dataclass(frozen=True)
class Rule:
    window_hours: int = 24
    baseline_windows: int = 7
    ratio: Decimal = Decimal("3")
    min_stories: int = 3
    quiet_hours: int = 24

    @property
    def window(self) -> datetime.timedelta:
        return datetime.timedelta(hours=self.window_hours)


def current_rule() -> Rule:
    row = SpikeRule.objects.order_by("pk").first()
    if row is None:
        return Rule()
    return Rule(
        window_hours=row.window_hours,
        baseline_windows=row.baseline_windows,
        ratio=row.ratio,
        min_stories=row.min_stories,
        quiet_hours=row.quiet_hours,
    )


# The rule -----------------------------------------------------------------------------------


def baseline_of(history: list[int]) -> Decimal:
    if not history:
        return Decimal(0)
    mean = Decimal(sum(history)) / len(history)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def threshold(history: list[int], rule: Rule) -> Decimal:
    """The count from which the current window spikes, given the windows before it."""
    return max(Decimal(rule.min_stories), rule.ratio * max(baseline_of(history), 1))


def is_spike(count: int, history: list[int], rule: Rule) -> bool:
    """`count` stories in the current window against the counts of the windows before it."""
    return count >= threshold(history, rule)


def is_calm(count: int, history: list[int], rule: Rule) -> bool:
    """Back to normal after a spike: under half the threshold. The gap between the two keeps
    a spike whose window slides hour by hour over uneven days from alerting twice."""
    return count < threshold(history, rule) / 2


def window_counts(
    moments: list[datetime.datetime], end: datetime.datetime, rule: Rule
) -> tuple[int, list[int]]:
    """The count of the window ending at `end` and those of the `baseline_windows` before it
    (nearest first), from the moments the topic's stories were first seen."""
    counts = Counter()
    for moment in moments:
        index = int((end - moment) / rule.window)
        if moment < end and 0 <= index <= rule.baseline_windows:
            counts[index] += 1
    return counts[0], [counts[i] for i in range(1, rule.baseline_windows + 1)]


# Topics -------------------------------------------------------------------------------------


def topic_clusters(watchlist: Watchlist, clusters=None):
    """The stories of the watched topic (among `clusters`, default all)."""
    clusters = Cluster.objects.all() if clusters is None else clusters
    if watchlist.kind == Watchlist.Kind.QUERY:
        return search.filter_text(clusters, watchlist.query)
    column = {
        Watchlist.Kind.FIELD: "field_id",
        Watchlist.Kind.AREA: "area_id",
        Watchlist.Kind.ORGANIZATION: "organization_id",
    }[watchlist.kind]
    target = getattr(watchlist, column)
    return clusters.filter(pk__in=Tag.objects.filter(**{column: target}).values("cluster_id"))


def _topic_key(watchlist: Watchlist) -> tuple:
    return (watchlist.kind, watchlist.field_id, watchlist.area_id, watchlist.organization_id,
            watchlist.query.strip().lower())  # fmt: skip


@dataclass
class Measure:
    count: int
    history: list[int]
    top: list[int]  # cluster ids of the current window, most reprinted first


def measure(watchlist: Watchlist, end: datetime.datetime, rule: Rule) -> Measure:
    start = end - rule.window * (rule.baseline_windows + 1)
    rows = list(
        topic_clusters(watchlist)
        .filter(first_seen_at__gte=start, first_seen_at__lt=end)
        .order_by()
        .values_list("pk", "first_seen_at", "article_count")
    )
    count, history = window_counts([moment for _pk, moment, _n in rows], end, rule)
    current = [(n, pk) for pk, moment, n in rows if moment >= end - rule.window]
    top = [pk for _n, pk in sorted(current, key=lambda row: (-row[0], -row[1]))[:TOP_CLUSTERS]]
    return Measure(count, history, top)


# The hourly check ---------------------------------------------------------------------------


def _hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def check_spikes(now: datetime.datetime | None = None) -> dict[str, int]:
    """The hourly run: every active person's watchlists measured at the hour, an alert raised
    for each spike not alerted within the quiet hours. Safe to run twice. Returns counts."""
    end = _hour(timezone.localtime(now or timezone.now()))
    rule = current_rule()
    quiet_since = end - datetime.timedelta(hours=rule.quiet_hours)
    measured: dict[tuple, Measure] = {}
    raised: list[Alert] = []
    watchlists = Watchlist.objects.filter(owner__is_active=True).select_related(
        "owner", "field", "area", "organization"
    )
    for watchlist in watchlists.order_by("pk"):
        if not can_read_press(watchlist.owner):
            continue
        key = _topic_key(watchlist)
        if key not in measured:
            measured[key] = measure(watchlist, end, rule)
        found = measured[key]
        if watchlist.spiking:  # a spike already alerted: wait until the topic is calm again
            if is_calm(found.count, found.history, rule):
                Watchlist.objects.filter(pk=watchlist.pk).update(spiking=False)
            continue
        if not is_spike(found.count, found.history, rule):
            continue
        Watchlist.objects.filter(pk=watchlist.pk).update(spiking=True)
        if Alert.objects.filter(watchlist=watchlist, window_end__gt=quiet_since).exists():
            continue
        alert = _raise(
            recipient=watchlist.owner,
            kind=Alert.Kind.SPIKE,
            key=f"spike:{watchlist.pk}:{end:%Y-%m-%dT%H}",
            watchlist=watchlist,
            topic=watchlist.topic,
            story_count=found.count,
            baseline=baseline_of(found.history),
            window_start=end - rule.window,
            window_end=end,
            clusters=found.top,
        )
        if alert is not None:
            raised.append(alert)
    sent = _send(raised)
    return {"measured": len(measured), "spike": len(raised), "sent": sent}


# Negative stories about one's own province ---------------------------------------------------


def on_articles_stored(article_ids, *, now: datetime.datetime | None = None) -> int:
    """Called by the pipeline once a batch of articles is stored: each recent negative story
    among them raises an alert for the staff of its provinces' propaganda departments.
    Returns how many alerts were raised."""
    ids = list(article_ids)
    if not ids:
        return 0
    since = (now or timezone.now()) - NEGATIVE_RECENT
    clusters = Cluster.objects.filter(
        negative=True, last_seen_at__gte=since, articles__pk__in=ids
    ).distinct()
    return raise_negative_alerts(list(clusters.values_list("pk", flat=True)))


def _province_staff(province_ids: set[int]) -> dict[int, list[User]]:
    """The active staff of the propaganda departments working in each province."""
    memberships = (
        Membership.objects.filter(
            role__in=STAFF_ROLES,
            user__is_active=True,
            organization__kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
            organization__archived_at__isnull=True,
        )
        .filter(
            Q(organization__area_id__in=province_ids)
            | Q(organization__area__parent_id__in=province_ids)
        )
        .select_related("user", "organization__area")
    )
    staff: dict[int, dict[int, User]] = {}
    for membership in memberships:
        area = membership.organization.area
        province = area.pk if area.pk in province_ids else area.parent_id
        staff.setdefault(province, {})[membership.user.pk] = membership.user
    return {province: list(people.values()) for province, people in staff.items()}


def raise_negative_alerts(cluster_ids: list[int]) -> int:
    """An alert per negative story in `cluster_ids` and person working on its provinces."""
    if not cluster_ids:
        return 0
    provinces: dict[int, set[int]] = {}
    tags = Tag.objects.filter(
        cluster_id__in=cluster_ids, kind=Tag.Kind.AREA, area__level=Area.Level.PROVINCE
    ).values_list("cluster_id", "area_id", "area__name")
    names = {}
    for cluster_id, area_id, name in tags:
        provinces.setdefault(cluster_id, set()).add(area_id)
        names[area_id] = name
    staff = _province_staff({a for areas in provinces.values() for a in areas})
    clusters = Cluster.objects.in_bulk(list(provinces))
    keys = [f"negative:{cluster_id}" for cluster_id in provinces]
    existing = {
        (alert.recipient_id, alert.key): alert
        for alert in Alert.objects.filter(key__in=keys).select_related("recipient")
    }
    raised, again = [], []
    for cluster_id, areas in sorted(provinces.items()):
        cluster = clusters[cluster_id]
        for area_id in sorted(areas):
            for person in staff.get(area_id, []):
                key = f"negative:{cluster_id}"
                if (person.pk, key) in existing:
                    # raised before (this job run again): sent below unless it was sent
                    again.append(existing[person.pk, key])
                    continue
                alert = _raise(
                    recipient=person,
                    kind=Alert.Kind.NEGATIVE,
                    key=key,
                    topic=_("Tin tiêu cực về %(province)s") % {"province": names[area_id]},
                    story_count=1,
                    window_start=cluster.first_seen_at,
                    window_end=cluster.last_seen_at,
                    clusters=[cluster_id],
                )
                if alert is not None:
                    raised.append(alert)
    _send(raised + again)
    return len(raised)


# Raising, sending, acknowledging ------------------------------------------------------------


def _raise(*, recipient, kind, key, clusters, **values) -> Alert | None:
    """The alert unless the recipient already has one with `key` (a concurrent run won)."""
    if Alert.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(recipient=recipient, kind=kind, key=key, **values)
            alert.clusters.set(clusters)
    except IntegrityError:
        return None
    return alert


def alert_text(alert: Alert, headlines: list[str]) -> tuple[str, str]:
    if alert.kind == Alert.Kind.SPIKE:
        title = _("Tin tăng đột biến: %(topic)s (%(count)s câu chuyện, mức nền %(base)s)") % {
            "topic": alert.topic,
            "count": alert.story_count,
            "base": f"{alert.baseline:.2f}".rstrip("0").rstrip(".").replace(".", ","),
        }
    else:
        title = f"{alert.topic}: {headlines[0]}" if headlines else alert.topic
    body = "\n".join(f"• {headline}" for headline in headlines)
    return title, body


def _send(alerts: list[Alert]) -> int:
    messages = []
    for alert in alerts:
        headlines = list(
            alert.clusters.order_by("-article_count", "-pk").values_list("headline", flat=True)
        )
        title, body = alert_text(alert, headlines)
        messages.append(
            Message(
                person=alert.recipient,
                key=f"press_alert:{alert.pk}",
                kind=alert.kind,
                title=title,
                body=body,
                url=alert.get_absolute_url(),
            )
        )
    return sum(deliver(messages, email=True).values())


@transaction.atomic
def acknowledge_alert(*, alert: Alert, by) -> Alert:
    """The recipient has seen the alert (twice is once)."""
    if alert.recipient_id != getattr(by, "pk", None):
        raise PermissionDenied
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.save(update_fields=["acknowledged_at"])
        audit.record(
            action=Action.UPDATE,
            obj=alert,
            by=by,
            message=_("Đã xem cảnh báo «%(topic)s»") % {"topic": alert.topic[:200]},
        )
    return alert


# Watchlists ---------------------------------------------------------------------------------

TARGET_OF = {
    Watchlist.Kind.FIELD: "field",
    Watchlist.Kind.AREA: "area",
    Watchlist.Kind.ORGANIZATION: "organization",
    Watchlist.Kind.QUERY: "query",
}


@transaction.atomic
def create_watchlist(
    *, kind: str, field=None, area=None, organization=None, query: str = "", by
) -> Watchlist:
    """`by` follows a topic: exactly the target its kind names; the same topic twice is one."""
    if not can_read_press(by):
        raise PermissionDenied
    query = " ".join((query or "").split())
    values = {"field": field, "area": area, "organization": organization, "query": query}
    target = TARGET_OF.get(kind)
    if target is None:
        raise ValidationError(
            {"kind": _("Chọn theo dõi theo lĩnh vực, địa bàn, cơ quan hoặc từ khóa.")}
        )
    if not values[target]:
        raise ValidationError({target: _("Chọn hoặc nhập điều cần theo dõi.")})
    if kind == Watchlist.Kind.QUERY and not search_terms(query):
        raise ValidationError({"query": _("Từ khóa phải có ít nhất một chữ hoặc số.")})
    values = {name: (value if name == target else None) for name, value in values.items()}
    values["query"] = values["query"] or ""
    existing = Watchlist.objects.filter(owner=by, kind=kind, **values).first()
    if existing is not None:
        return existing
    watchlist = Watchlist.objects.create(owner=by, kind=kind, **values)
    audit.record(
        action=Action.CREATE,
        obj=watchlist,
        by=by,
        message=_("Theo dõi %(topic)s") % {"topic": watchlist.topic[:200]},
    )
    return watchlist


@transaction.atomic
def delete_watchlist(*, watchlist: Watchlist, by) -> None:
    """Stop following a topic; the alerts it raised stay (they name their topic)."""
    if watchlist.owner_id != getattr(by, "pk", None):
        raise PermissionDenied
    audit.record(
        action=Action.DELETE,
        obj=watchlist,
        by=by,
        message=_("Thôi theo dõi %(topic)s") % {"topic": watchlist.topic[:200]},
    )
    watchlist.delete()
