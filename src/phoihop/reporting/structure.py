"""The roll-ups in the current structure (docs/adr/0023-rollups-in-the-current-structure.md).

`Rollup` keeps each value in the areas as they stood when it was reported. Most questions are
asked in today's structure (the 34 provinces, the 3,321 communes), so the same parts are also
kept per area valid today, `CurrentRollup`, each earlier area's rows passed on by share to its
successors: a pivot in today's structure is one index range over rows that need no mapping.

`StructureLink` is the mapping (source area → area valid today, fraction, principal), made by
`analytics.History` (the same rules the read-time mapping follows). `CurrentRollup` is derived
from `Rollup` through it by one `INSERT … SELECT … GROUP BY`, for:
- the cells of one submission, when it is accepted or reopened (`refresh_cells`, called by
  `reporting.rollups` in the same transaction);
- the areas an old area passes to, when one of its shares changes (`share_changed`);
- everything, when the structure changes (`restructure`: after `rollups.rebuild()`, and daily
  from `phoihop restructure_rollups` when an area or a link was saved, or a date of the
  structure passed). Until then `CurrentStructure.stale` (or its validity window) sends reads
  to the read-time mapping, which is always right, and accepts leave these rows alone.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from phoihop.org.models import Area

from .models import CurrentRollup, CurrentStructure, Indicator, StructureLink

_STATE_PK = 1


def state() -> CurrentStructure | None:
    return CurrentStructure.objects.filter(pk=_STATE_PK).first()


def is_current(day: datetime.date | None = None) -> bool:
    """Whether the current-structure rows answer for the structure of `day` (today)."""
    row = state()
    return row is not None and row.covers(day or timezone.localdate())


def mark_stale(**_signal_arguments) -> None:
    """An area or a successor link was saved or deleted: the mapping may be wrong until
    `restructure` runs; reads use the read-time mapping meanwhile."""
    CurrentStructure.objects.filter(pk=_STATE_PK, stale=False).update(stale=True)


# The mapping -----------------------------------------------------------------------------------


def _links_of(history, area_ids) -> list[StructureLink]:
    links = []
    for source in area_ids:
        info = history.areas.get(source)
        if info is None:
            continue
        for target, (fraction, principal) in history.resolve(source).items():
            # Figures pass between areas of one level (a district's do not land in a commune).
            if history.areas[target].level == info.level:
                links.append(
                    StructureLink(
                        source_id=source,
                        target_id=target,
                        fraction=round(fraction, 10),
                        principal=principal,
                    )
                )
    return links


def _window(today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """[since, until): the days around `today` on which the same areas are valid."""
    one = datetime.timedelta(days=1)
    before = Area.objects.aggregate(
        starts=Max("valid_from", filter=Q(valid_from__lte=today)),
        ends=Max("valid_to", filter=Q(valid_to__lt=today)),
        next_start=Min("valid_from", filter=Q(valid_from__gt=today)),
        next_end=Min("valid_to", filter=Q(valid_to__gte=today)),
    )
    ends, next_end = before["ends"], before["next_end"]
    since = [d for d in (before["starts"], ends and ends + one) if d]
    until = [d for d in (before["next_start"], next_end and next_end + one) if d]
    return (max(since) if since else None, min(until) if until else None)


# The cells ------------------------------------------------------------------------------------

_INSERT = """
    INSERT INTO reporting_currentrollup (indicator_id, calendar, period_code, area_id, units,
        weight, total, meeting, numerator, denominator, latest_text)
    SELECT r.indicator_id, r.calendar, r.period_code, m.target_id,
        SUM(CASE WHEN m.principal THEN r.units ELSE 0 END),
        SUM(r.units * m.fraction),
        SUM(r.total * m.fraction),
        SUM(CASE WHEN m.principal THEN r.meeting ELSE 0 END),
        SUM(r.numerator * m.fraction),
        SUM(r.denominator * m.fraction),
        ''
    FROM reporting_rollup r
    JOIN reporting_structurelink m ON m.source_id = r.area_id
    WHERE {where}
    GROUP BY r.indicator_id, r.calendar, r.period_code, m.target_id
"""

# The latest value of a cell: the most recently accepted among its principal sources' (only
# the "latest" indicators' rows carry one).
_LATEST = """
    UPDATE reporting_currentrollup
    SET latest_number = ranked.latest_number, latest_text = ranked.latest_text,
        latest_at = ranked.latest_at
    FROM (
        SELECT r.indicator_id, r.calendar, r.period_code, m.target_id,
            r.latest_number, r.latest_text, r.latest_at,
            ROW_NUMBER() OVER (
                PARTITION BY r.indicator_id, r.calendar, r.period_code, m.target_id
                ORDER BY r.latest_at DESC, r.latest_submission_id DESC
            ) AS n
        FROM reporting_rollup r
        JOIN reporting_structurelink m ON m.source_id = r.area_id
        WHERE r.latest_at IS NOT NULL AND m.principal AND {where}
    ) AS ranked
    WHERE ranked.n = 1
        AND reporting_currentrollup.indicator_id = ranked.indicator_id
        AND reporting_currentrollup.calendar = ranked.calendar
        AND reporting_currentrollup.period_code = ranked.period_code
        AND reporting_currentrollup.area_id = ranked.target_id
"""


def _rewrite(
    where: str, params: list, delete: str, delete_params: list, *, latest: bool = True
) -> None:
    """Delete the current cells `delete` names and derive them again from the as-reported
    rows `where` selects (the same cells); `latest`: whether any of them has a latest value."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM reporting_currentrollup WHERE {delete}", delete_params)
        cursor.execute(_INSERT.format(where=where), params)
        if latest:
            cursor.execute(_LATEST.format(where=where), params)


def _latest_indicators() -> list[int]:
    return list(
        Indicator.objects.filter(aggregation=Indicator.Aggregation.LATEST).values_list(
            "pk", flat=True
        )
    )


def _in(values) -> str:
    return "(" + ", ".join(str(int(v)) for v in values) + ")"


def refresh_cells(
    indicator_ids, calendar: str, period_code: str, area_ids, *, with_latest: bool = True
) -> None:
    """Derive again the current cells fed by the as-reported rows of these indicators, period
    and areas (a submission's, after `rollups` changed them): three statements, a fourth when
    one is a "latest" indicator (`with_latest`); nothing when the mapping is not current
    (reads then map at read time)."""
    if not indicator_ids or not area_ids or not is_current():
        return
    targets = f"(SELECT target_id FROM reporting_structurelink WHERE source_id IN {_in(area_ids)})"
    cell = f"indicator_id IN {_in(indicator_ids)} AND calendar = %s AND period_code = %s"
    _rewrite(
        where=(
            f"r.indicator_id IN {_in(indicator_ids)} AND r.calendar = %s "
            f"AND r.period_code = %s AND m.target_id IN {targets}"
        ),
        params=[calendar, period_code],
        delete=f"{cell} AND area_id IN {targets}",
        delete_params=[calendar, period_code],
        latest=with_latest,
    )


def _rewrite_targets(target_ids) -> None:
    if target_ids:
        _rewrite(
            where=f"m.target_id IN {_in(target_ids)}",
            params=[],
            delete=f"area_id IN {_in(target_ids)}",
            delete_params=[],
        )


@transaction.atomic
def share_changed(predecessor_id: int) -> None:
    """A share of `predecessor_id`'s figures changed: remap it (and every earlier area that
    passes through it) and rewrite the current cells of the areas it passed to and passes to
    now."""
    from .analytics import History

    if not is_current():
        return
    sources = _earlier_than(predecessor_id)
    before = set(
        StructureLink.objects.filter(source_id__in=sources).values_list("target_id", flat=True)
    )
    history = History(timezone.localdate())
    history.load(sources)
    links = _links_of(history, sources)
    StructureLink.objects.filter(source_id__in=sources).delete()
    StructureLink.objects.bulk_create(links)
    _rewrite_targets(sorted(before | {link.target_id for link in links}))


def _earlier_than(area_id: int) -> set[int]:
    """The area and every area whose successor links lead to it."""
    through = Area.successors.through
    found, frontier = {area_id}, {area_id}
    while frontier:
        frontier = (
            set(
                through.objects.filter(to_area_id__in=frontier).values_list(
                    "from_area_id", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


@transaction.atomic
def restructure(today: datetime.date | None = None) -> int:
    """Map every area into the structure of `today` and derive every current cell again;
    returns the number of cells."""
    from .analytics import History

    today = today or timezone.localdate()
    history = History(today)
    area_ids = list(Area.objects.values_list("pk", flat=True))
    history.load(area_ids)
    links = _links_of(history, area_ids)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reporting_currentrollup")
        cursor.execute("DELETE FROM reporting_structurelink")
        StructureLink.objects.bulk_create(links, batch_size=5000)
        cursor.execute(_INSERT.format(where="1 = 1"))
        latest = _latest_indicators()
        if latest:
            # Named by id: only their rows are read, not every row looked at for a latest value.
            cursor.execute(_LATEST.format(where=f"r.indicator_id IN {_in(latest)}"))
        if connection.vendor == "postgresql":
            # Fresh statistics for the rewritten mapping: without them the planner guesses a
            # large join for an accept's few cells and compiles it (JIT: 90 ms of 100).
            cursor.execute("ANALYZE reporting_structurelink")
    since, until = _window(today)
    CurrentStructure.objects.update_or_create(
        pk=_STATE_PK,
        defaults={
            "built_at": timezone.now(),
            "valid_since": since,
            "valid_until": until,
            "stale": False,
        },
    )
    return CurrentRollup.objects.count()


def restructure_if_due(today: datetime.date | None = None) -> int | None:
    """Daily: restructure when an area or link changed, or a date of the structure passed;
    the number of cells, or None when nothing was due."""
    if is_current(today):
        return None
    return restructure(today)
