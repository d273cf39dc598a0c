"""The figures of the case analytics page: how many cases, by bucket, field of work, area,
channel and lead agency; how fast each lead agency answers; who is overdue; which hot spots are
open. Every figure counts the same cases as the list its link opens (`selectors.filter_cases`
with one more filter), so a number and its list never disagree.

The cases are read as the disjoint parts of `selectors.visible_parts` (received by the user's
organisations; taken part in only), each grouped by ids in the database through the covering
department index, and the few names read afterwards by id: a grouped query joins nothing per
case.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from phoihop.org.models import Area, Field, Organization

from .models import BUCKET_FILTER_LABELS, Bucket, Case, Channel
from .selectors import (
    RESPONSE_BINS,
    CaseFilters,
    bucket_counts_of,
    grouped_counts,
    narrowed_cases,
    response_days,
    visible_parts,
)

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


def _ranked(counts: dict, limit: int | None = None) -> list[tuple]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0] is None, kv[0][0] or 0))
    return ranked[:limit] if limit else ranked


def by_field(parts, filters: CaseFilters, none_label: str) -> list[Row]:
    counts = grouped_counts(parts, "field_id")
    names = dict(
        Field.objects.filter(pk__in=[k[0] for k in counts if k[0]]).values_list("pk", "name")
    )
    return [
        Row(names[pk], n, filters.as_query(field_id=pk))
        if pk
        else Row(none_label, n, filters.as_query(missing="field"))
        for (pk,), n in _ranked(counts)
    ]


def by_area(parts, filters: CaseFilters, none_label: str) -> list[Row]:
    """By province; by commune when the filters name a province (a commune: that one).
    Grouped by the case's area (at most the country's communes), then summed per province."""
    counts = grouped_counts(parts, "area_id")
    areas = Area.objects.only("name", "code", "level", "parent_id").in_bulk(
        [k[0] for k in counts if k[0]]
    )
    by_commune = filters.area is not None and filters.area.level == Area.Level.PROVINCE
    totals: dict[int | None, int] = {}
    for (pk,), n in counts.items():
        area = areas.get(pk)
        if by_commune:
            key = pk if area is not None and area.level != Area.Level.PROVINCE else -1
        else:
            key = (area.parent_id or area.pk) if area is not None else None
        totals[key] = totals.get(key, 0) + n
    totals.pop(-1, None)  # the province itself, no commune named: not a commune's row
    if not by_commune:
        areas |= Area.objects.only("name", "code").in_bulk([k for k in totals if k])
    rows = []
    for key, n in sorted(totals.items(), key=lambda kv: -kv[1]):
        if key is None:
            rows.append(Row(none_label, n, filters.as_query(missing="area")))
        elif by_commune:
            rows.append(Row(areas[key].name, n, filters.as_query(commune=areas[key])))
        else:
            rows.append(Row(areas[key].name, n, filters.as_query(area=areas[key], commune=None)))
    return rows


def by_channel(parts, filters: CaseFilters) -> list[Row]:
    """Cases with at least one item from each channel (a case heard twice counts twice), read
    from the channels kept on each case's row: one query per part, no item read."""
    counts: dict[str, int] = {}
    for part in parts:
        for value, n in part.channel_counts().items():
            counts[value] = counts.get(value, 0) + n
    return [
        Row(label, counts[value], filters.as_query(channel=value))
        for value, label in Channel.choices
        if counts.get(value)
    ]


def _organization_names(ids) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def _lead_rows(counts: dict, filters: CaseFilters, none_label: str) -> list[Row]:
    ranked = _ranked(counts, TOP_LEADS)
    names = _organization_names(key[0] for key, _n in ranked)
    return [
        Row(names[pk], n, filters.as_query(lead_id=pk))
        if pk
        else Row(none_label, n, filters.as_query(missing="lead"))
        for (pk,), n in ranked
    ]


def by_lead(parts, filters: CaseFilters, none_label: str) -> list[Row]:
    return _lead_rows(grouped_counts(parts, "lead_organization_id"), filters, none_label)


def overdue_by_lead(parts, filters: CaseFilters, none_label: str, today) -> list[Row]:
    overdue = [part.in_bucket(Bucket.OPEN_OVERDUE, today) for part in parts]
    counts = grouped_counts(overdue, "lead_organization_id")
    return _lead_rows(counts, filters.replaced(bucket=Bucket.OPEN_OVERDUE), none_label)


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
    for key, first, last in RESPONSE_BINS:
        if days >= first and (last is None or days <= last):
            return key
    return RESPONSE_BINS[-1][0]


def _days(delay) -> int:
    if isinstance(delay, datetime.timedelta):
        return delay.days
    return int(delay or 0)  # a backend answering a number of days


def response_times(parts, filters: CaseFilters, none_label: str) -> list[ResponseRow]:
    """Per lead agency (the most answers first): answers, median days, answers in each bin.
    Grouped by lead and delay: a few thousand groups at most."""
    answered = [part.filter(completed_on__isnull=False) for part in parts]
    counts = grouped_counts(answered, "lead_organization_id", "delay", delay=response_days())
    histograms: dict[int | None, dict[int, int]] = {}
    for (lead, delay), n in counts.items():
        days = max(_days(delay), 0)
        histogram = histograms.setdefault(lead, {})
        histogram[days] = histogram.get(days, 0) + n
    totals = {(lead,): sum(h.values()) for lead, h in histograms.items()}
    ranked = _ranked(totals, TOP_LEADS)
    names = _organization_names(key[0] for key, _n in ranked)
    result = []
    for (lead,), total in ranked:
        per_bin = {key: 0 for key, _f, _l in RESPONSE_BINS}
        for days, n in histograms[lead].items():
            per_bin[_bin_of(days)] += n
        lead_filters = filters.replaced(lead_id=lead) if lead else filters.replaced(missing="lead")
        result.append(
            ResponseRow(
                label=names[lead] if lead else none_label,
                lead_id=lead,
                answered=total,
                median_days=_median(histograms[lead]),
                bins=[Row(k, n, lead_filters.as_query(response=k)) for k, n in per_bin.items()],
                query=lead_filters.as_query(bucket="done"),
            )
        )
    return result


def open_hot_spots(parts, today) -> tuple[int, list[Case]]:
    """How many hot spots are open, and the first few by due date (with their numbers)."""
    hot = [part.filter(hot_spot=True).in_bucket("open", today) for part in parts]
    count = sum(part.count() for part in hot)
    if not count:
        return 0, []
    ids = []
    for part in hot:  # the first few of each part, then the first few of those
        ids += part.order_by("effective_deadline", "id").values_list("pk", flat=True)[
            :HOT_SPOTS_SHOWN
        ]
    shown = list(
        Case.objects.filter(pk__in=ids)
        .only("number", "title", "effective_deadline")
        .order_by("effective_deadline", "id")[:HOT_SPOTS_SHOWN]
    )
    return count, shown


def case_analytics(user, filters: CaseFilters, today: datetime.date, labels: dict) -> dict:
    """Every figure of the page for the cases `filters` select (the bucket filter is left out:
    the bucket table is the first figure)."""
    filters = filters.replaced(bucket="")
    parts = visible_parts(user, narrowed_cases(filters, today))
    counts = bucket_counts_of(parts, today)
    hot_count, hot_shown = open_hot_spots(parts, today)
    return {
        "filters": filters,
        "buckets": [
            Row(str(BUCKET_FILTER_LABELS[b]), counts[b], filters.as_query(bucket=b))
            for b in Bucket.values
        ],
        "total": counts["total"],
        "by_field": by_field(parts, filters, labels["field"]),
        "by_area": by_area(parts, filters, labels["area"]),
        "by_channel": by_channel(parts, filters),
        "by_lead": by_lead(parts, filters, labels["lead"]),
        "response": response_times(parts, filters, labels["lead"]),
        "overdue": overdue_by_lead(parts, filters, labels["lead"], today),
        "hot_spots": hot_count,
        "hot_spot_cases": hot_shown,
        "hot_spots_query": filters.as_query(hot_spot=True, bucket="open"),
    }
