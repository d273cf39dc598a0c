"""Reads of attention over time (issue 18, item 8): stories per day of a topic, its top
sources and provinces, and the chart comparing two topics. A story counts once, on the day
(Asia/Ho_Chi_Minh) it was first seen, whatever the number of its copies."""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncDate

from phoihop.org.models import Area
from phoihop.reporting.charts import line_chart

from .extract import VIETNAM
from .models import Article, Cluster, Tag

TOP_ROWS = 10
LABELS = 16
# The dashboard's negative stories tile looks back this many days (today included).
NEGATIVE_DAYS = 7


def period(days: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=days - 1), today


def _bounds(first: datetime.date, last: datetime.date):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=VIETNAM)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, VIETNAM)
    return start, end


def in_period(clusters, first: datetime.date, last: datetime.date):
    start, end = _bounds(first, last)
    return clusters.filter(first_seen_at__gte=start, first_seen_at__lt=end)


def stories_per_day(clusters, first: datetime.date, last: datetime.date) -> list[tuple]:
    """(day, count) for every day of the period, zeros included, in one query."""
    counts = dict(
        in_period(clusters, first, last)
        .order_by()
        .annotate(day=TruncDate("first_seen_at", tzinfo=VIETNAM))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    days = (last - first).days + 1
    return [
        (day, counts.get(day, 0))
        for day in (first + datetime.timedelta(days=i) for i in range(days))
    ]


def top_sources(clusters, first: datetime.date, last: datetime.date) -> list[tuple[str, int]]:
    """The outlets that told most of the topic's stories in the period (each story once per
    outlet), most first."""
    stories = in_period(clusters, first, last).values("pk")
    rows = (
        Article.objects.filter(cluster__in=stories, source__isnull=False)
        .values("source__name")
        .annotate(n=Count("cluster", distinct=True))
        .order_by("-n", "source__name")
        .values_list("source__name", "n")
    )
    return list(rows[:TOP_ROWS])


def top_areas(clusters, first: datetime.date, last: datetime.date) -> list[tuple[str, int]]:
    """The provinces most of the topic's stories were about, most first."""
    stories = in_period(clusters, first, last).values("pk")
    rows = (
        Tag.objects.filter(cluster__in=stories, kind=Tag.Kind.AREA, area__level=Area.Level.PROVINCE)
        .values("area__name")
        .annotate(n=Count("cluster", distinct=True))
        .order_by("-n", "area__name")
        .values_list("area__name", "n")
    )
    return list(rows[:TOP_ROWS])


def comparison_chart(series: list[list[tuple]]) -> dict:
    """One or two series of (day, count) drawn on one scale: reporting's line chart, each
    series scaled with the other's largest value."""
    largest = max((n for rows in series for _day, n in rows), default=0)
    charts = []
    for rows in series:
        points = [
            (day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}", Decimal(n)) for day, n in rows
        ]
        charts.append(line_chart(points, scale_to=Decimal(largest)))
    first = charts[0]
    # At most LABELS day labels under the axis, the last day's always among them.
    step = -(-len(first["points"]) // LABELS)
    last = len(first["points"]) - 1
    first["points"] = [
        p if (last - i) % step == 0 else dataclasses.replace(p, short="")
        for i, p in enumerate(first["points"])
    ]
    return {
        **first,
        "series": [
            {"polylines": chart["polylines"], "points": chart["points"]} for chart in charts
        ],
        "has_data": largest > 0,
    }


def topic_total(clusters, first: datetime.date, last: datetime.date) -> int:
    return in_period(clusters, first, last).count()


def dashboard_counts(user, today: datetime.date) -> dict | None:
    """The landing page's press tiles, for press readers: the user's alerts raised today, and
    the negative stories of the last NEGATIVE_DAYS days about the provinces where the user
    works (one query each), with the links that list the same."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from phoihop.org.scope import grants

    from .permissions import STAFF_ROLES, can_read_press
    from .watch_models import Alert

    if not can_read_press(user):
        return None
    start, end = _bounds(today, today)
    alerts_today = (
        Alert.objects.visible_to(user).filter(raised_at__gte=start, raised_at__lt=end).count()
    )
    provinces = sorted({g.province_id for g in grants(user, STAFF_ROLES) if g.province_id})
    first = today - datetime.timedelta(days=NEGATIVE_DAYS - 1)
    negative, negative_url = None, ""
    if provinces:
        stories = Cluster.objects.visible_to(user).filter(
            negative=True,
            pk__in=Tag.objects.filter(kind=Tag.Kind.AREA, area_id__in=provinces).values(
                "cluster_id"
            ),
        )
        negative = in_period(stories, first, today).count()
        query = {"negative": "on", "date_from": first.strftime("%d/%m/%Y")}
        if len(provinces) == 1:
            query["area"] = Area.objects.filter(pk=provinces[0]).values_list("code", flat=True)[0]
        negative_url = f"{reverse('media:newsroom')}?{urlencode(query)}"
    return {
        "alerts_today": alerts_today,
        "alerts_url": f"{reverse('media:alert_list')}?open=on",
        "negative": negative,
        "negative_url": negative_url,
        "negative_days": NEGATIVE_DAYS,
    }
