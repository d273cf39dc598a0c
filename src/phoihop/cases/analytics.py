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

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Func, IntegerField, Q

from phoihop.org.models import Area, Field, Organization

from .models import BUCKET_FILTER_LABELS, Bucket, Case, Channel
from .selectors import (
    RESPONSE_BINS,
    CaseFilters,
    bucket_counts_of,
    bucket_expression,
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


@dataclass
class Tallies:
    """What the figures count, over every part of the user's cases: {key: how many cases}."""

    buckets: dict[str, int]  # bucket: cases
    fields: dict[int | None, int]  # field id (None: no field): cases
    areas: dict[int | None, int]  # the case's area id (a commune, or a province): cases
    leads: dict[int | None, int]  # lead organisation id: cases
    overdue: dict[int | None, int]  # lead organisation id: open overdue cases
    answered: dict[tuple[int | None, int], int]  # (lead id, days to answer): answered cases
    channels: dict[str, int]  # channel: cases with an item through it
    open_hot_spots: int


# The one-pass query's columns (`_one_pass`), each a grouping column of one or more sets.
_COLUMNS = ("t_bucket", "t_channels", "t_hot_open", "t_field", "t_area", "t_lead", "t_delay")
_SETS = {
    "buckets": ("t_bucket", "t_channels", "t_hot_open"),
    "fields": ("t_field",),
    "areas": ("t_area",),
    "leads": ("t_lead", "t_bucket", "t_delay"),
}


# Days from receipt to answer as a plain integer (PostgreSQL: date - date), NULL while open;
# `response_days()` is an interval, slower to compute and to group by.
_DAYS_TO_ANSWER = Func(
    F("completed_on"),
    F("received_on"),
    template="(%(expressions)s)",
    arg_joiner=" - ",
    output_field=IntegerField(),
)


def _mask(columns) -> int:
    """What GROUPING(<_COLUMNS>) answers for the set grouped by `columns`: one bit per column
    left out, the last column the lowest bit."""
    return sum(1 << (len(_COLUMNS) - 1 - i) for i, c in enumerate(_COLUMNS) if c not in columns)


_SET_OF_MASK = {_mask(columns): name for name, columns in _SETS.items()}


def _add(counts: dict, key, n: int) -> None:
    counts[key] = counts.get(key, 0) + n


def _one_pass(parts, today) -> Tallies:
    """Every tally in one query per part (PostgreSQL): the part's cases are read once, from
    the covering index that serves its filters, and grouped by four GROUPING SETS at once (by
    bucket with the channels and whether an open hot spot; by field; by area; by lead with the
    bucket and the days to answer), instead of one pass over the same cases per figure (eight
    passes of ~200 ms over this year's 186,000 cases for an administrator; ADR 0028's
    successor, see benchmarks/README.md)."""
    statements = []
    columns = ", ".join(_COLUMNS)
    sets = ", ".join(f"({', '.join(c)})" for c in _SETS.values())
    for part in parts:
        inner = part.order_by().values(
            t_bucket=bucket_expression(today),
            t_channels=F("channels"),
            t_hot_open=ExpressionWrapper(
                Q(hot_spot=True, completed_on__isnull=True), output_field=BooleanField()
            ),
            t_field=F("field_id"),
            t_area=F("area_id"),
            t_lead=F("lead_organization_id"),
            t_delay=_DAYS_TO_ANSWER,
        )
        try:
            sql, params = inner.query.sql_with_params()
        except EmptyResultSet:
            continue
        statements.append(
            (
                f"SELECT GROUPING({columns}), {columns}, COUNT(*) FROM ({sql}) AS tallied "
                f"GROUP BY GROUPING SETS ({sets})",
                params,
            )
        )
    rows = []
    if statements:
        with transaction.atomic(), connection.cursor() as cursor:
            # Tens of thousands of groups nationally (lead × days to answer): within the
            # default 4 MB PostgreSQL sorts them on disk (1.4 s of 2.2 s measured); in memory
            # they take a few MB. No JIT: compiling costs more than it saves here.
            cursor.execute(
                "SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)"
            )
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += cursor.fetchall()
    tallies = Tallies({}, {}, {}, {}, {}, {}, {}, 0)
    by_channels: dict[int, int] = {}
    for mask, bucket, channels, hot_open, field_id, area, lead, delay, n in rows:
        kind = _SET_OF_MASK[mask]
        if kind == "buckets":
            _add(tallies.buckets, bucket, n)
            _add(by_channels, channels, n)
            if hot_open:
                tallies.open_hot_spots += n
        elif kind == "fields":
            _add(tallies.fields, field_id, n)
        elif kind == "areas":
            _add(tallies.areas, area, n)
        else:
            _add(tallies.leads, lead, n)
            if bucket == Bucket.OPEN_OVERDUE:
                _add(tallies.overdue, lead, n)
            if delay is not None:
                _add(tallies.answered, (lead, max(_days(delay), 0)), n)
    bits = {value: Channel.bit(value) for value in Channel.values}
    for value, bit in bits.items():
        through = sum(n for channels, n in by_channels.items() if channels & bit)
        if through:
            tallies.channels[value] = through
    return tallies


def _per_figure(parts, today) -> Tallies:
    """The same tallies, one grouped query per figure and part (databases without GROUPING
    SETS: SQLite)."""
    buckets = bucket_counts_of(parts, today)
    buckets.pop("total")
    answered: dict[tuple[int | None, int], int] = {}
    done = [part.filter(completed_on__isnull=False) for part in parts]
    delays = grouped_counts(done, "lead_organization_id", "delay", delay=response_days())
    for (lead, delay), n in delays.items():
        _add(answered, (lead, max(_days(delay), 0)), n)
    overdue = [part.in_bucket(Bucket.OPEN_OVERDUE, today) for part in parts]
    channels: dict[str, int] = {}
    for part in parts:
        for value, n in part.channel_counts().items():
            if n:
                _add(channels, value, n)
    hot = [part.filter(hot_spot=True).in_bucket("open", today) for part in parts]

    def single(counts: dict[tuple, int]) -> dict:
        return {key[0]: n for key, n in counts.items()}

    return Tallies(
        buckets={b: n for b, n in buckets.items() if n},
        fields=single(grouped_counts(parts, "field_id")),
        areas=single(grouped_counts(parts, "area_id")),
        leads=single(grouped_counts(parts, "lead_organization_id")),
        overdue=single(grouped_counts(overdue, "lead_organization_id")),
        answered=answered,
        channels=channels,
        open_hot_spots=sum(part.count() for part in hot),
    )


def tallies_of(parts, today) -> Tallies:
    """The tallies of `parts`: one query per part on PostgreSQL, one per figure elsewhere."""
    if connection.vendor == "postgresql":
        return _one_pass(parts, today)
    return _per_figure(parts, today)


def by_field(tallies: Tallies, filters: CaseFilters, none_label: str) -> list[Row]:
    counts = {(k,): n for k, n in tallies.fields.items()}
    names = dict(
        Field.objects.filter(pk__in=[k[0] for k in counts if k[0]]).values_list("pk", "name")
    )
    return [
        Row(names[pk], n, filters.as_query(field_id=pk))
        if pk
        else Row(none_label, n, filters.as_query(missing="field"))
        for (pk,), n in _ranked(counts)
    ]


def by_area(tallies: Tallies, filters: CaseFilters, none_label: str) -> list[Row]:
    """By province; by commune when the filters name a province (a commune: that one).
    Grouped by the case's area (at most the country's communes), then summed per province."""
    counts = tallies.areas
    areas = Area.objects.only("name", "code", "level", "parent_id").in_bulk(
        [k for k in counts if k]
    )
    by_commune = filters.area is not None and filters.area.level == Area.Level.PROVINCE
    totals: dict[int | None, int] = {}
    for pk, n in counts.items():
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


def by_channel(tallies: Tallies, filters: CaseFilters) -> list[Row]:
    """Cases with at least one item from each channel (a case heard twice counts twice), read
    from the channels kept on each case's row: no item read."""
    counts = tallies.channels
    return [
        Row(label, counts[value], filters.as_query(channel=value))
        for value, label in Channel.choices
        if counts.get(value)
    ]


def _organization_names(ids) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", "name"))


def _lead_rows(counts: dict, filters: CaseFilters, none_label: str) -> list[Row]:
    ranked = _ranked({(k,): n for k, n in counts.items()}, TOP_LEADS)
    names = _organization_names(key[0] for key, _n in ranked)
    return [
        Row(names[pk], n, filters.as_query(lead_id=pk))
        if pk
        else Row(none_label, n, filters.as_query(missing="lead"))
        for (pk,), n in ranked
    ]


def by_lead(tallies: Tallies, filters: CaseFilters, none_label: str) -> list[Row]:
    return _lead_rows(tallies.leads, filters, none_label)


def overdue_by_lead(tallies: Tallies, filters: CaseFilters, none_label: str) -> list[Row]:
    overdue = filters.replaced(bucket=Bucket.OPEN_OVERDUE)
    return _lead_rows(tallies.overdue, overdue, none_label)


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


def response_times(tallies: Tallies, filters: CaseFilters, none_label: str) -> list[ResponseRow]:
    """Per lead agency (the most answers first): answers, median days, answers in each bin.
    Grouped by lead and delay: a few thousand groups at most."""
    histograms: dict[int | None, dict[int, int]] = {}
    for (lead, days), n in tallies.answered.items():
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


def open_hot_spots(parts, today, count: int) -> list[Case]:
    """The first few open hot spots by due date (with their numbers), `count` of them open."""
    if not count:
        return []
    hot = [part.filter(hot_spot=True).in_bucket("open", today) for part in parts]
    ids = []
    for part in hot:  # the first few of each part, then the first few of those
        ids += part.order_by("effective_deadline", "id").values_list("pk", flat=True)[
            :HOT_SPOTS_SHOWN
        ]
    return list(
        Case.objects.filter(pk__in=ids)
        .only("number", "title", "effective_deadline")
        .order_by("effective_deadline", "id")[:HOT_SPOTS_SHOWN]
    )


def case_analytics(user, filters: CaseFilters, today: datetime.date, labels: dict) -> dict:
    """Every figure of the page for the cases `filters` select (the bucket filter is left out:
    the bucket table is the first figure)."""
    filters = filters.replaced(bucket="")
    parts = visible_parts(user, narrowed_cases(filters, today))
    tallies = tallies_of(parts, today)
    counts = {b: tallies.buckets.get(b, 0) for b in Bucket.values}
    return {
        "filters": filters,
        "buckets": [
            Row(str(BUCKET_FILTER_LABELS[b]), counts[b], filters.as_query(bucket=b))
            for b in Bucket.values
        ],
        "total": sum(counts.values()),
        "by_field": by_field(tallies, filters, labels["field"]),
        "by_area": by_area(tallies, filters, labels["area"]),
        "by_channel": by_channel(tallies, filters),
        "by_lead": by_lead(tallies, filters, labels["lead"]),
        "response": response_times(tallies, filters, labels["lead"]),
        "overdue": overdue_by_lead(tallies, filters, labels["lead"]),
        "hot_spots": tallies.open_hot_spots,
        "hot_spot_cases": open_hot_spots(parts, today, tallies.open_hot_spots),
        "hot_spots_query": filters.as_query(hot_spot=True, bucket="open"),
    }
