"""The figures of the case analytics page: how many cases, by bucket, field of work, area,
channel and lead agency; how fast each lead agency answers; who is overdue; which hot spots are
open. Every figure counts the same cases as the list its link opens (`selectors.filter_cases`
with one more filter), so a number and its list never disagree.

Each table is one grouped query over the filtered cases (already `visible_to(user)`); names
come with the group (a join on the grouped key), not one query per row.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce

from phoihop.org.models import Area

from .models import BUCKET_FILTER_LABELS, Bucket, Case, Channel, Item
from .selectors import RESPONSE_BINS, CaseFilters, bucket_counts, filter_cases, response_days

TOP_LEADS = 20  # lead agencies shown in the tables (the most cases first)
HOT_SPOTS_SHOWN = 10


@dataclass
class Row:
    """One line of a table: what it counts, how many, and the list's query string."""

    label: str
    count: int
    query: str


@dataclass
class ResponseRow:
    label: str
    lead_id: int | None
    answered: int
    median_days: float | None
    bins: list[Row] = field(default_factory=list)
    query: str = ""


def _ungrouped(cases: QuerySet) -> QuerySet:
    return cases.order_by()


def by_field(cases: QuerySet, filters: CaseFilters, none_label: str) -> list[Row]:
    rows = (
        _ungrouped(cases)
        .values("field_id", "field__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "field__name")
    )
    return [
        Row(r["field__name"], r["n"], filters.as_query(field_id=r["field_id"]))
        if r["field_id"]
        else Row(none_label, r["n"], filters.as_query(missing="field"))
        for r in rows
    ]


def by_area(cases: QuerySet, filters: CaseFilters, none_label: str) -> list[Row]:
    """By province; by commune when the filters name a province (a commune: that one)."""
    if filters.area is not None and filters.area.level == Area.Level.PROVINCE:
        grouped = _ungrouped(cases).values("area_id").annotate(n=Count("pk"))
        counts = {r["area_id"]: r["n"] for r in grouped}
        names = Area.objects.only("name", "code", "parent_id", "level").in_bulk(
            [pk for pk in counts if pk]
        )
        rows = []
        for pk, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            area = names.get(pk)
            if area is None:
                rows.append(Row(none_label, n, filters.as_query(missing="area")))
            elif area.level == Area.Level.PROVINCE:  # the province itself, no commune named
                continue
            else:
                rows.append(Row(area.name, n, filters.as_query(commune=area)))
        return rows
    grouped = (
        _ungrouped(cases)
        .values(province=Coalesce("area__parent_id", "area_id"))
        .annotate(n=Count("pk"))
    )
    counts = {r["province"]: r["n"] for r in grouped}
    provinces = Area.objects.only("name", "code").in_bulk([pk for pk in counts if pk])
    rows = []
    for pk, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if pk is None:
            rows.append(Row(none_label, n, filters.as_query(missing="area")))
        else:
            province = provinces[pk]
            rows.append(Row(province.name, n, filters.as_query(area=province, commune=None)))
    return rows


def by_channel(cases: QuerySet, filters: CaseFilters) -> list[Row]:
    """Cases with at least one item from each channel (a case heard twice counts twice)."""
    rows = (
        Item.objects.filter(case__in=_ungrouped(cases).values("pk"))
        .order_by()
        .values("channel")
        .annotate(n=Count("case_id", distinct=True))
    )
    counts = {r["channel"]: r["n"] for r in rows}
    return [
        Row(label, counts[value], filters.as_query(channel=value))
        for value, label in Channel.choices
        if counts.get(value)
    ]


def by_lead(cases: QuerySet, filters: CaseFilters, none_label: str) -> list[Row]:
    rows = (
        _ungrouped(cases)
        .values("lead_organization_id", "lead_organization__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_organization__name")[:TOP_LEADS]
    )
    return [_lead_row(r, filters, none_label) for r in rows]


def _lead_row(r: dict, filters: CaseFilters, none_label: str, **changes) -> Row:
    if r["lead_organization_id"] is None:
        return Row(none_label, r["n"], filters.as_query(missing="lead", **changes))
    return Row(
        r["lead_organization__name"],
        r["n"],
        filters.as_query(lead_id=r["lead_organization_id"], **changes),
    )


def overdue_by_lead(cases: QuerySet, filters: CaseFilters, none_label: str, today) -> list[Row]:
    overdue = filters.replaced(bucket=Bucket.OPEN_OVERDUE)
    rows = (
        _ungrouped(cases.in_bucket(Bucket.OPEN_OVERDUE, today))
        .values("lead_organization_id", "lead_organization__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_organization__name")[:TOP_LEADS]
    )
    return [_lead_row(r, overdue, none_label) for r in rows]


def _median(histogram: dict[int, int]) -> float | None:
    """The median of days given as {days: how many cases}."""
    total = sum(histogram.values())
    if not total:
        return None
    values = []
    for wanted in sorted({(total - 1) // 2, total // 2}):
        seen = 0
        for days in sorted(histogram):
            seen += histogram[days]
            if seen > wanted:
                values.append(days)
                break
    return statistics.fmean(values)


def _bin_of(days: int) -> str:
    return next(
        key
        for key, first, last in RESPONSE_BINS
        if days >= first and (last is None or days <= last)
    )


def response_times(cases: QuerySet, filters: CaseFilters, none_label: str) -> list[ResponseRow]:
    """Per lead agency (the most answers first): answers, median days, answers in each bin.
    One query: the answered cases grouped by lead and delay, a few thousand groups at most."""
    rows = (
        _ungrouped(cases.filter(completed_on__isnull=False))
        .annotate(delay=response_days())
        .values("lead_organization_id", "lead_organization__name", "delay")
        .annotate(n=Count("pk"))
    )
    histograms: dict[int | None, dict[int, int]] = {}
    names: dict[int | None, str] = {}
    for r in rows:
        days = max(_days(r["delay"]), 0)
        lead = r["lead_organization_id"]
        names[lead] = r["lead_organization__name"] or none_label
        histogram = histograms.setdefault(lead, {})
        histogram[days] = histogram.get(days, 0) + r["n"]
    ranked = sorted(histograms, key=lambda lead: (-sum(histograms[lead].values()), names[lead]))
    result = []
    for lead in ranked[:TOP_LEADS]:
        histogram = histograms[lead]
        per_bin = {key: 0 for key, _f, _l in RESPONSE_BINS}
        for days, n in histogram.items():
            per_bin[_bin_of(days)] += n
        lead_filters = (
            filters.replaced(lead_id=lead) if lead is not None else filters.replaced(missing="lead")
        )
        result.append(
            ResponseRow(
                label=names[lead],
                lead_id=lead,
                answered=sum(histogram.values()),
                median_days=_median(histogram),
                bins=[
                    Row(key, per_bin[key], lead_filters.as_query(response=key)) for key in per_bin
                ],
                query=lead_filters.as_query(bucket="done"),
            )
        )
    return result


def _days(delay) -> int:
    if isinstance(delay, datetime.timedelta):
        return delay.days
    return int(delay or 0)  # a backend answering a number of days


def open_hot_spots(cases: QuerySet, today) -> tuple[int, list[Case]]:
    hot = cases.filter(hot_spot=True).in_bucket("open", today)
    shown = list(
        hot.select_related("area", "lead_organization").only(
            "number", "title", "effective_deadline", "area__name", "lead_organization__name"
        )[:HOT_SPOTS_SHOWN]
    )
    if len(shown) < HOT_SPOTS_SHOWN:
        return len(shown), shown
    return hot.count(), shown


def case_analytics(user, filters: CaseFilters, today: datetime.date, labels: dict) -> dict:
    """Every figure of the page for the cases `filters` select (the bucket filter is left out:
    the bucket table is the first figure)."""
    filters = filters.replaced(bucket="")
    cases = filter_cases(user, filters, today)
    counts = bucket_counts(cases, today)
    hot_count, hot_shown = open_hot_spots(cases, today)
    return {
        "filters": filters,
        "buckets": [
            Row(str(BUCKET_FILTER_LABELS[b]), counts[b], filters.as_query(bucket=b))
            for b in Bucket.values
        ],
        "total": counts["total"],
        "by_field": by_field(cases, filters, labels["field"]),
        "by_area": by_area(cases, filters, labels["area"]),
        "by_channel": by_channel(cases, filters),
        "by_lead": by_lead(cases, filters, labels["lead"]),
        "response": response_times(cases, filters, labels["lead"]),
        "overdue": overdue_by_lead(cases, filters, labels["lead"], today),
        "hot_spots": hot_count,
        "hot_spot_cases": hot_shown,
        "hot_spots_query": filters.as_query(hot_spot=True, bucket="open"),
    }
