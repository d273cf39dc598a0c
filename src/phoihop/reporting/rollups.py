"""Roll-ups of accepted values (issue 16, item 7): kept current the moment a submission is
accepted or reopened. The services call these two functions inside their transaction, so a
roll-up changes with the submission or not at all.

Each value adds its parts (`models.Rollup`) to the row of the area where its organisation sits
and to the row of every area above it as the areas stood then (commune → district → province):
one `INSERT … ON CONFLICT DO UPDATE` adds them all, whatever the number of indicators. Reopening
subtracts the same parts; a "latest value" cannot be subtracted, so the rows whose latest value
came from the reopened submission look for the latest remaining one among the raw values.

`rebuild()` recomputes every row from the raw values in bulk SQL: for a repair, and for the
benchmark's national data. Reads are in `reporting.analytics`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import structure
from .checks import compare
from .models import Indicator, Rollup, Submission, Value
from .models.rollups import TOTAL_DECIMAL_PLACES, TOTAL_MAX_DIGITS

Aggregation = Indicator.Aggregation

_PARTS = ("units", "total", "meeting", "numerator", "denominator")
_LATEST = ("latest_number", "latest_text", "latest_at", "latest_submission_id")
_COLUMNS = ("indicator_id", "calendar", "period_code", "area_id", *_PARTS, *_LATEST)


def submission_accepted(submission) -> None:
    """Add the submission's values to every roll-up they count in."""
    _apply(submission, sign=1)


def submission_reopened(submission) -> None:
    """Take the submission's values out of every roll-up they count in."""
    _apply(submission, sign=-1)


@dataclass
class _Where:
    """Where a submission's values count: its calendar, period and the chain of areas from
    its organisation's area up."""

    calendar: str
    period_code: str
    areas: list[int]
    accepted_at: datetime.datetime


def _where(submission) -> _Where | None:
    row = (
        Submission.objects.filter(pk=submission.pk)
        .values_list(
            "regime__calendar",
            "period_code",
            "organization__area_id",
            "organization__area__parent_id",
            "organization__area__parent__parent_id",
        )
        .first()
    )
    if row is None or row[2] is None:
        # An organisation without an area (a central body) counts in no area's roll-up.
        return None
    calendar, period_code, *chain = row
    return _Where(
        calendar=calendar,
        period_code=period_code,
        areas=[area_id for area_id in chain if area_id is not None],
        accepted_at=submission.decided_at or timezone.now(),
    )


def _parts_of(submission, accepted_at) -> dict[int, dict]:
    """indicator id -> the parts one unit's values add, for every value of the submission."""
    values = Value.objects.filter(submission_id=submission.pk).values_list(
        "indicator_id",
        "number",
        "text",
        "indicator__aggregation",
        "indicator__condition_operator",
        "indicator__condition_value",
    )
    parts: dict[int, dict] = {}
    numbers: dict[int, Decimal] = {}
    for indicator_id, number, text, aggregation, operator, condition in values:
        if number is None and not text:
            continue  # not given
        if number is not None:
            numbers[indicator_id] = number
        part = {"units": 1}
        if aggregation in (Aggregation.SUM, Aggregation.AVERAGE) and number is not None:
            part["total"] = number
        elif aggregation == Aggregation.COUNT and number is not None:
            part["meeting"] = 1 if compare(operator, number, condition) else 0
        elif aggregation == Aggregation.LATEST:
            part.update(
                latest_number=number,
                latest_text="" if number is not None else text,
                latest_at=accepted_at,
                latest_submission_id=submission.pk,
            )
        parts[indicator_id] = part
    rates = Indicator.objects.filter(
        aggregation=Aggregation.RATE, numerator_id__in=numbers, denominator_id__in=numbers
    ).values_list("pk", "numerator_id", "denominator_id")
    for rate_id, numerator_id, denominator_id in rates:
        parts[rate_id] = {
            "units": 1,
            "numerator": numbers[numerator_id],
            "denominator": numbers[denominator_id],
        }
    return parts


def _apply(submission, *, sign: int) -> None:
    where = _where(submission)
    if where is None:
        return
    parts = _parts_of(submission, where.accepted_at)
    if not parts:
        return
    rows = []
    for indicator_id, part in parts.items():
        for area_id in where.areas:
            row = {
                "indicator_id": indicator_id,
                "calendar": where.calendar,
                "period_code": where.period_code,
                "area_id": area_id,
            }
            for name in _PARTS:
                row[name] = sign * part.get(name, 0)
            for name in _LATEST:
                row[name] = part.get(name) if sign > 0 else None
            if row["latest_text"] is None:
                row["latest_text"] = ""
            rows.append(row)
    _upsert(rows)
    if sign < 0:
        _forget(submission, where, list(parts))
    # The same cells in today's structure, derived again from the rows just changed.
    structure.refresh_cells(
        list(parts),
        where.calendar,
        where.period_code,
        where.areas,
        with_latest=any("latest_at" in part for part in parts.values()),
    )


def _adapt(name: str, value):
    ops = connection.ops
    if value is None:
        return None
    if name in ("total", "numerator", "denominator", "latest_number"):
        return ops.adapt_decimalfield_value(Decimal(value), TOTAL_MAX_DIGITS, TOTAL_DECIMAL_PLACES)
    if name == "latest_at":
        return ops.adapt_datetimefield_value(value)
    return value


_KEEP_LATEST = (
    "CASE WHEN excluded.latest_at IS NOT NULL AND (r.latest_at IS NULL "
    "OR excluded.latest_at >= r.latest_at) THEN excluded.{name} ELSE r.{name} END"
)


def _upsert(rows: list[dict]) -> None:
    """Add each row's parts to its cell, creating the cell if it is new: one statement, so the
    database time of an accept does not grow with round trips."""
    table = connection.ops.quote_name(Rollup._meta.db_table)
    placeholders = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    updates = [f"{name} = r.{name} + excluded.{name}" for name in _PARTS]
    updates += [f"{name} = " + _KEEP_LATEST.format(name=name) for name in _LATEST]
    sql = (
        f"INSERT INTO {table} AS r ({', '.join(_COLUMNS)}) VALUES "
        + ", ".join([placeholders] * len(rows))
        + " ON CONFLICT (indicator_id, calendar, period_code, area_id) DO UPDATE SET "
        + ", ".join(updates)
    )
    params = [_adapt(name, row[name]) for row in rows for name in _COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _forget(submission, where: _Where, indicator_ids: list[int]) -> None:
    """After a reopen: drop the cells no unit reports any more, and find again the latest value
    of the cells whose latest value came from the reopened submission."""
    cells = Rollup.objects.filter(
        indicator_id__in=indicator_ids,
        calendar=where.calendar,
        period_code=where.period_code,
        area_id__in=where.areas,
    )
    cells.filter(units__lte=0).delete()
    for cell in cells.filter(latest_submission_id=submission.pk):
        _refresh_latest(cell, excluding=submission.pk)


def _refresh_latest(cell: Rollup, *, excluding: int) -> None:
    in_area = (
        Q(submission__organization__area_id=cell.area_id)
        | Q(submission__organization__area__parent_id=cell.area_id)
        | Q(submission__organization__area__parent__parent_id=cell.area_id)
    )
    latest = (
        Value.objects.filter(
            in_area,
            indicator_id=cell.indicator_id,
            submission__state=Submission.State.ACCEPTED,
            submission__period_code=cell.period_code,
            submission__regime__calendar=cell.calendar,
        )
        .filter(Q(number__isnull=False) | ~Q(text=""))
        .exclude(submission_id=excluding)
        .order_by("-submission__decided_at", "-submission_id")
        .values_list("number", "text", "submission__decided_at", "submission_id")
        .first()
    )
    number, text, at, submission_id = latest or (None, "", None, None)
    cell.latest_number = number
    cell.latest_text = "" if number is not None else text
    cell.latest_at = at
    cell.latest_submission_id = submission_id
    cell.save(update_fields=list(_LATEST_FIELDS))


_LATEST_FIELDS = ("latest_number", "latest_text", "latest_at", "latest_submission")


# Rebuilding from the raw values ---------------------------------------------------------------

_CONDITION_SQL = " OR ".join(
    f"(i.condition_operator = '{operator}' AND v.number {sql} i.condition_value)"
    for operator, sql in (
        ("lt", "<"),
        ("le", "<="),
        ("eq", "="),
        ("ne", "<>"),
        ("ge", ">="),
        ("gt", ">"),
    )
)

# The area a value counts in, at each step up from its organisation's area.
_AREA_STEPS = ("a.id", "a.parent_id", "p.parent_id")


def _rebuild_parts_sql(area_expr: str) -> str:
    return f"""
        INSERT INTO reporting_rollup (indicator_id, calendar, period_code, area_id, units,
            total, meeting, numerator, denominator, latest_text)
        SELECT v.indicator_id, g.calendar, s.period_code, {area_expr},
            COUNT(*),
            COALESCE(SUM(CASE WHEN i.aggregation IN ('sum', 'average') THEN v.number END), 0),
            SUM(CASE WHEN i.aggregation = 'count' AND ({_CONDITION_SQL}) THEN 1 ELSE 0 END),
            0, 0, ''
        FROM reporting_value v
        JOIN reporting_submission s ON s.id = v.submission_id
        JOIN reporting_regime g ON g.id = s.regime_id
        JOIN reporting_indicator i ON i.id = v.indicator_id
        JOIN org_organization o ON o.id = s.organization_id
        JOIN org_area a ON a.id = o.area_id
        LEFT JOIN org_area p ON p.id = a.parent_id
        WHERE s.state = 'accepted' AND {area_expr} IS NOT NULL
            AND (v.number IS NOT NULL OR v.text <> '')
        GROUP BY v.indicator_id, g.calendar, s.period_code, {area_expr}
    """


# On PostgreSQL the three levels are one pass over the values (GROUPING SETS), the area of each
# row being the one column its set groups by.
_LEVELS_SQL = """
    GROUP BY GROUPING SETS ((1, 2, 3, a0), (1, 2, 3, a1), (1, 2, 3, a2))
    HAVING CASE WHEN GROUPING(a0) = 0 THEN a0 WHEN GROUPING(a1) = 0 THEN a1 ELSE a2 END
        IS NOT NULL
"""
_LEVEL_AREA_SQL = "CASE WHEN GROUPING(a0) = 0 THEN a0 WHEN GROUPING(a1) = 0 THEN a1 ELSE a2 END"


def _rebuild_parts_in_one_pass_sql() -> str:
    return f"""
        INSERT INTO reporting_rollup (indicator_id, calendar, period_code, area_id, units,
            total, meeting, numerator, denominator, latest_text)
        SELECT v.indicator_id, g.calendar, s.period_code, {_LEVEL_AREA_SQL},
            COUNT(*),
            COALESCE(SUM(CASE WHEN i.aggregation IN ('sum', 'average') THEN v.number END), 0),
            SUM(CASE WHEN i.aggregation = 'count' AND ({_CONDITION_SQL}) THEN 1 ELSE 0 END),
            0, 0, ''
        FROM reporting_value v
        JOIN reporting_submission s ON s.id = v.submission_id
        JOIN reporting_regime g ON g.id = s.regime_id
        JOIN reporting_indicator i ON i.id = v.indicator_id
        JOIN org_organization o ON o.id = s.organization_id
        JOIN org_area a ON a.id = o.area_id
        LEFT JOIN org_area p ON p.id = a.parent_id,
        LATERAL (SELECT a.id AS a0, a.parent_id AS a1, p.parent_id AS a2) AS levels
        WHERE s.state = 'accepted' AND (v.number IS NOT NULL OR v.text <> '')
        {_LEVELS_SQL}
    """


def _rebuild_rates_in_one_pass_sql() -> str:
    return f"""
        INSERT INTO reporting_rollup (indicator_id, calendar, period_code, area_id, units,
            total, meeting, numerator, denominator, latest_text)
        SELECT i.id, g.calendar, s.period_code, {_LEVEL_AREA_SQL}, COUNT(*), 0, 0,
            SUM(n.number), SUM(d.number), ''
        FROM reporting_indicator i
        JOIN reporting_value n ON n.indicator_id = i.numerator_id AND n.number IS NOT NULL
        JOIN reporting_value d ON d.indicator_id = i.denominator_id
            AND d.submission_id = n.submission_id AND d.number IS NOT NULL
        JOIN reporting_submission s ON s.id = n.submission_id
        JOIN reporting_regime g ON g.id = s.regime_id
        JOIN org_organization o ON o.id = s.organization_id
        JOIN org_area a ON a.id = o.area_id
        LEFT JOIN org_area p ON p.id = a.parent_id,
        LATERAL (SELECT a.id AS a0, a.parent_id AS a1, p.parent_id AS a2) AS levels
        WHERE i.aggregation = 'rate' AND s.state = 'accepted'
        {_LEVELS_SQL}
    """


def _rebuild_rates_sql(area_expr: str) -> str:
    return f"""
        INSERT INTO reporting_rollup (indicator_id, calendar, period_code, area_id, units,
            total, meeting, numerator, denominator, latest_text)
        SELECT i.id, g.calendar, s.period_code, {area_expr}, COUNT(*), 0, 0,
            SUM(n.number), SUM(d.number), ''
        FROM reporting_indicator i
        JOIN reporting_value n ON n.indicator_id = i.numerator_id AND n.number IS NOT NULL
        JOIN reporting_value d ON d.indicator_id = i.denominator_id
            AND d.submission_id = n.submission_id AND d.number IS NOT NULL
        JOIN reporting_submission s ON s.id = n.submission_id
        JOIN reporting_regime g ON g.id = s.regime_id
        JOIN org_organization o ON o.id = s.organization_id
        JOIN org_area a ON a.id = o.area_id
        LEFT JOIN org_area p ON p.id = a.parent_id
        WHERE i.aggregation = 'rate' AND s.state = 'accepted' AND {area_expr} IS NOT NULL
        GROUP BY i.id, g.calendar, s.period_code, {area_expr}
    """


def _rebuild_latest_sql(area_expr: str, indicator_ids: list[int]) -> str:
    """The most recently accepted value of each cell of the "latest" indicators (named by id:
    their values are then read through the indicator index, not by scanning every value)."""
    ids = ", ".join(str(int(pk)) for pk in indicator_ids)
    return f"""
        WITH ranked AS (
            SELECT v.indicator_id, g.calendar, s.period_code, {area_expr} AS area_id,
                v.number, v.text, s.decided_at, s.id AS submission_id,
                ROW_NUMBER() OVER (
                    PARTITION BY v.indicator_id, g.calendar, s.period_code, {area_expr}
                    ORDER BY s.decided_at DESC, s.id DESC
                ) AS n
            FROM reporting_value v
            JOIN reporting_submission s ON s.id = v.submission_id
            JOIN reporting_regime g ON g.id = s.regime_id
            JOIN org_organization o ON o.id = s.organization_id
            JOIN org_area a ON a.id = o.area_id
            LEFT JOIN org_area p ON p.id = a.parent_id
            WHERE v.indicator_id IN ({ids}) AND s.state = 'accepted'
                AND {area_expr} IS NOT NULL AND (v.number IS NOT NULL OR v.text <> '')
        )
        UPDATE reporting_rollup AS r
        SET latest_number = ranked.number,
            latest_text = CASE WHEN ranked.number IS NULL THEN ranked.text ELSE '' END,
            latest_at = ranked.decided_at,
            latest_submission_id = ranked.submission_id
        FROM ranked
        WHERE ranked.n = 1 AND r.indicator_id = ranked.indicator_id
            AND r.calendar = ranked.calendar AND r.period_code = ranked.period_code
            AND r.area_id = ranked.area_id
    """


@transaction.atomic
def rebuild() -> int:
    """Recompute every roll-up from the accepted values, in bulk SQL; returns the number of
    cells."""
    Rollup.objects.all().delete()
    kinds = set(Indicator.objects.values_list("aggregation", flat=True).distinct())
    latest = list(
        Indicator.objects.filter(aggregation=Aggregation.LATEST).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_rebuild_parts_in_one_pass_sql())
            if Aggregation.RATE in kinds:
                cursor.execute(_rebuild_rates_in_one_pass_sql())
        else:
            for area_expr in _AREA_STEPS:
                cursor.execute(_rebuild_parts_sql(area_expr))
                if Aggregation.RATE in kinds:
                    cursor.execute(_rebuild_rates_sql(area_expr))
        if latest:
            for area_expr in _AREA_STEPS:
                cursor.execute(_rebuild_latest_sql(area_expr, latest))
    structure.restructure()
    return Rollup.objects.count()
