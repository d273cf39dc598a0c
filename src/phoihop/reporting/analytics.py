"""Reading the roll-ups (issue 16, item 7): one indicator over areas and periods, through the
history of the areas, as the pivot page, the tile map and `/api/v1/reporting/analytics` show it.

The structure shown is that of the "as of" date (today by default): the areas valid that day.
A figure reported by an area that no longer existed on that date counts in its successors,
following the successor links of `org.Area` (an old province wholly in its new province; a
divided commune in each part by its share, `AreaSuccessionShare`, by default all of it in its
principal successor). A unit is counted once (counts of units, latest values) in its principal
successor; sums, averages, numerators and denominators follow the shares. The mapping runs
forwards only: with an "as of" date before a reorganisation, the figures reported by the areas
created after it are not split back among the old areas (nothing says how).

A period longer than the one the indicator is reported for (a year of a monthly report) adds up
its parts: sums, rates (total numerator ÷ total denominator) and averages over every value;
counts of units meeting the condition and latest values from its last period with data.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.periods import MONTHS, Period
from phoihop.org.models import Area

from .models import AreaSuccessionShare, CurrentRollup, CurrentStructure, Indicator, Rollup

Aggregation = Indicator.Aggregation
ZERO = Decimal(0)
ONE = Decimal(1)
PLACES = Decimal("0.0001")


# Cells ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    """The additive parts of one area × period once the history is rolled through."""

    units: Decimal = ZERO  # reporting units, each counted once (in its principal successor)
    weight: Decimal = ZERO  # reporting units weighted by their shares: an average's divisor
    total: Decimal = ZERO
    meeting: Decimal = ZERO
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO
    latest: tuple | None = None  # ((period order, accepted at), number, text)

    def add_row(self, row: tuple, share: Decimal, principal: bool, order: int) -> None:
        """Add one roll-up row (ROW_COLUMNS) that passes `share` of itself to this cell."""
        _area, _code, units, total, meeting, numerator, denominator, *latest = row
        if share is ONE:  # most rows: an area of the structure itself, or taken over whole
            self.total += total
            self.numerator += numerator
            self.denominator += denominator
            self.weight += units
        else:
            self.total += total * share
            self.numerator += numerator * share
            self.denominator += denominator * share
            self.weight += units * share
        if principal:
            self.units += units
            self.meeting += meeting
            number, text, at = latest
            if at is not None:
                self._keep_latest(((order, at), number, text))

    def add(self, other: "Cell") -> None:
        self.units += other.units
        self.weight += other.weight
        self.total += other.total
        self.meeting += other.meeting
        self.numerator += other.numerator
        self.denominator += other.denominator
        if other.latest is not None:
            self._keep_latest(other.latest)

    def _keep_latest(self, latest: tuple) -> None:
        if self.latest is None or latest[0] > self.latest[0]:
            self.latest = latest

    @property
    def is_empty(self) -> bool:
        return self.units == 0 and self.weight == 0

    def value(self, indicator: Indicator) -> Decimal | str | None:
        """The figure of the cell, by the indicator's aggregation; None when there is none."""
        kind = indicator.aggregation
        if self.is_empty or kind == Aggregation.NONE:
            return None
        if kind == Aggregation.SUM:
            return _round(self.total)
        if kind == Aggregation.AVERAGE:
            return _round(self.total / self.weight) if self.weight else None
        if kind == Aggregation.RATE:
            if not self.denominator:
                return None
            return _round(self.numerator / self.denominator * indicator.rate_multiplier)
        if kind == Aggregation.COUNT:
            return _round(self.meeting)
        if self.latest is None:
            return None
        _key, number, text = self.latest
        return _round(number) if number is not None else text


def _round(value: Decimal) -> Decimal:
    # Ties away from zero, as PostgreSQL's round(), which computes the figures of today's
    # structure (_FIGURE_SQL); + 0: no "-0", no "1E+1".
    return Decimal(value).quantize(PLACES, ROUND_HALF_UP).normalize() + ZERO


# The history of areas ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _AreaInfo:
    level: str
    code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


class History:
    """Which areas' figures count in which areas of the structure of `as_of`, and how much."""

    def __init__(self, as_of: datetime.date):
        self.as_of = as_of
        self.areas: dict[int, _AreaInfo] = {}
        self.successors: dict[int, list[int]] = {}
        self.shares: dict[int, dict[int, Decimal]] = {}
        self._resolved: dict[int, dict[int, list]] = {}
        self._sources: dict[tuple, list[int]] = {}
        self._current: bool | None = None

    def reads_current_rows(self) -> bool:
        """Whether the structure of `as_of` is the one `CurrentRollup` was built for (asked
        once per History): then a series reads those rows and maps nothing."""
        if self._current is None:
            state = CurrentStructure.objects.filter(pk=1).first()
            self._current = state is not None and state.covers(self.as_of)
        return self._current

    def sources(self, targets: Iterable[int], level: str) -> list[int]:
        """The targets and every earlier area of the same level whose figures pass to them
        (kept: the series of several indicators over the same areas ask once)."""
        key = (tuple(sorted(targets)), level)
        if key not in self._sources:
            self._sources[key] = self._find_sources(set(key[0]), level)
        return self._sources[key]

    def _find_sources(self, targets: set[int], level: str) -> list[int]:
        found = set(targets)
        frontier = set(found)
        through = Area.successors.through
        while frontier:
            earlier = set(
                through.objects.filter(to_area_id__any_of=frontier).values_list(
                    "from_area_id", flat=True
                )
            )
            frontier = earlier - found
            found |= frontier
        self._load(found)
        return sorted(pk for pk in found if self.areas[pk].level == level)

    def load(self, area_ids: Iterable[int]) -> None:
        """Make `resolve` ready for these areas (and what they lead to), in a few queries."""
        self._load(set(area_ids))

    def _load(self, area_ids: set[int]) -> None:
        """Areas, successor links and shares of `area_ids` and of what they lead to."""
        todo = set(area_ids) - self.areas.keys()
        through = Area.successors.through
        while todo:
            for pk, level, code, valid_from, valid_to in Area.objects.filter(
                pk__any_of=todo
            ).values_list("pk", "level", "code", "valid_from", "valid_to"):
                self.areas[pk] = _AreaInfo(level, code, valid_from, valid_to)
            expand = [pk for pk in todo if pk in self.areas and not self._is_target(pk)]
            for pk in expand:
                self.successors.setdefault(pk, [])
            for from_id, to_id in through.objects.filter(from_area_id__any_of=expand).values_list(
                "from_area_id", "to_area_id"
            ):
                self.successors[from_id].append(to_id)
            for predecessor, successor, share in AreaSuccessionShare.objects.filter(
                predecessor_id__any_of=expand
            ).values_list("predecessor_id", "successor_id", "share"):
                self.shares.setdefault(predecessor, {})[successor] = share
            todo = {s for pk in expand for s in self.successors[pk]} - self.areas.keys()

    def _is_target(self, pk: int) -> bool:
        return self.areas[pk].valid_on(self.as_of)

    def principal(self, pk: int) -> int | None:
        """The successor that takes a divided area whole by default: the one that kept its
        code (new communes usually reuse the code of one of the old ones), else the first by
        code."""
        successors = self.successors.get(pk) or []
        if not successors:
            return None
        code = self.areas[pk].code
        same = [s for s in successors if s in self.areas and self.areas[s].code == code]
        return same[0] if same else min(successors, key=lambda s: self.areas[s].code)

    def split(self, pk: int) -> dict[int, Decimal]:
        """successor -> the fraction of `pk`'s figures it takes."""
        given = {s: v for s, v in self.shares.get(pk, {}).items() if s in self.successors[pk]}
        whole = sum(given.values(), ZERO)
        if whole > 0:
            return {s: v / whole for s, v in given.items() if v > 0}
        principal = self.principal(pk)
        return {principal: ONE} if principal is not None else {}

    def main_successor(self, pk: int) -> int | None:
        """Where a unit is counted once: the successor with the largest share."""
        split = self.split(pk)
        if not split:
            return None
        principal = self.principal(pk)
        return max(split, key=lambda s: (split[s], s == principal))

    def resolve(self, pk: int) -> dict[int, list]:
        """target -> [fraction, principal?] for the figures of area `pk`."""
        if pk in self._resolved:
            return self._resolved[pk]
        self._resolved[pk] = {}  # a cycle in the links resolves to nothing
        if self._is_target(pk):
            result = {pk: [ONE, True]}
        else:
            result: dict[int, list] = {}
            main = self.main_successor(pk)
            for successor, fraction in self.split(pk).items():
                for target, (part, principal) in self.resolve(successor).items():
                    slot = result.setdefault(target, [ZERO, False])
                    slot[0] += fraction * part
                    slot[1] = slot[1] or (principal and successor == main)
            for slot in result.values():
                if slot[0] == ONE:
                    slot[0] = ONE  # the same object: add_row's fast path
        self._resolved[pk] = result
        return result


# Periods ----------------------------------------------------------------------------------------

_FINER = ("month", "quarter", "half")


def parts_of(period: Period) -> dict[str, list[Period]]:
    """The shorter periods a period is made of, by kind (a year: its months, quarters and
    halves), in order."""
    parts = {}
    for kind in _FINER:
        if MONTHS[kind] >= MONTHS[period.kind]:
            continue
        inside = [
            p
            for year in {period.first_month.year, period.last_month.year}
            for p in Period.of_year(year, kind, period.calendar)
            if period.first_month <= p.first_month and p.last_month <= period.last_month
        ]
        if inside:
            parts[kind] = inside
    return parts


ROW_COLUMNS = (
    "area_id",
    "period_code",
    "units",
    "total",
    "meeting",
    "numerator",
    "denominator",
    "latest_number",
    "latest_text",
    "latest_at",
)
# Only the parts an aggregation reads are fetched (each value fetched is a Python object made),
# then widened to ROW_COLUMNS.
_FETCHED = {
    Aggregation.SUM: (
        ("area_id", "period_code", "units", "total"),
        lambda r: (*r, 0, 0, 0, None, "", None),
    ),
    Aggregation.AVERAGE: (
        ("area_id", "period_code", "units", "total"),
        lambda r: (*r, 0, 0, 0, None, "", None),
    ),
    Aggregation.RATE: (
        ("area_id", "period_code", "units", "numerator", "denominator"),
        lambda r: (r[0], r[1], r[2], 0, 0, r[3], r[4], None, "", None),
    ),
    Aggregation.COUNT: (
        ("area_id", "period_code", "units", "meeting"),
        lambda r: (r[0], r[1], r[2], 0, r[3], 0, 0, None, "", None),
    ),
    Aggregation.LATEST: (
        ("area_id", "period_code", "units", "latest_number", "latest_text", "latest_at"),
        lambda r: (r[0], r[1], r[2], 0, 0, 0, 0, r[3], r[4], r[5]),
    ),
    Aggregation.NONE: (
        ("area_id", "period_code", "units"),
        lambda r: (*r, 0, 0, 0, 0, None, "", None),
    ),
}

# Series -----------------------------------------------------------------------------------------


@dataclass
class Series:
    """The figures of one indicator over areas × periods. `figures` holds the figure of every
    cell that has one; the parts of a cell (`cell`, for totals and units) are `Cell`s, made
    from the current rows (`rows`) only when asked for. A series read as figures alone
    (`_from_current_figures`) reads those rows on the first `cell` (`read_rows`): a pivot
    without totals never does."""

    indicator: Indicator
    areas: list[Area]
    periods: list[Period]
    as_of: datetime.date
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)
    figures: dict[tuple[int, str], object] = field(default_factory=dict)
    rows: dict[tuple[int, str], tuple] = field(default_factory=dict)
    read_rows: Callable[[], list[tuple]] | None = field(default=None, repr=False)

    def cell(self, area_id: int, code: str) -> Cell:
        if self.read_rows is not None:
            read, self.read_rows = self.read_rows, None
            self.rows.update({(row[0], row[1]): row for row in read()})
        key = (area_id, code)
        found = self.cells.get(key)
        if found is None and key in self.rows:
            found = self.cells[key] = _current_cell(self.indicator, self.rows[key])
        return found or Cell()

    def value(self, area_id: int, code: str):
        return self.figures.get((area_id, code))

    def total(self, code: str) -> Cell:
        """All the areas of the series together, for one period."""
        total = Cell()
        for area in self.areas:
            total.add(self.cell(area.pk, code))
        return total

    def total_value(self, code: str):
        return self.total(code).value(self.indicator)

    def filled(self) -> dict[tuple[int, str], object]:
        """(area id, period code) -> value of every cell with one (the API's and the
        benchmark's answer)."""
        return dict(self.figures)

    def add_cells(self, code: str, by_target: dict[int, "Cell"]) -> None:
        indicator = self.indicator
        for target, cell in by_target.items():
            self.cells[(target, code)] = cell
            value = cell.value(indicator)
            if value is not None:
                self.figures[(target, code)] = value


class AreaLabel(NamedTuple):
    """What a series, the pivot page and the API show of an area found by `breakdown`: read as
    values (one tuple per area), not as `org.Area` instances (a province's 166 communes cost more
    to instantiate than to read; a named tuple is made from a row at half the cost of a frozen
    dataclass). Answers what they ask of an `Area` (pk, code, names, level, validity)."""

    pk: int
    code: str
    name: str
    short_name: str
    level: str
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    @property
    def id(self) -> int:
        return self.pk

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )


# The areas of a level valid on a day whose parent, or parent's parent, is one of `ids`: one
# statement, each half an index read by parent (an OR across the join to the parent made
# PostgreSQL walk every area; the children's children without the parent's level, a hash
# join over all 14,000 areas), written out because the ORM's union took longer to compile
# than to run. Columns: AreaLabel's, then the area asked for that it is found within.
_VALID = "(a.valid_from IS NULL OR a.valid_from <= %s) AND (a.valid_to IS NULL OR a.valid_to >= %s)"
_LABEL = "a.id, a.code, a.name, a.short_name, a.level, a.parent_id, a.valid_from, a.valid_to"
_BELOW_SQL = f"""
    SELECT {_LABEL}, a.parent_id AS owner FROM org_area a
    WHERE a.level = %s AND a.parent_id IN ({{ids}}) AND {_VALID}
    UNION ALL
    SELECT {_LABEL}, p.parent_id AS owner FROM org_area p JOIN org_area a ON a.parent_id = p.id
    WHERE p.parent_id IN ({{ids}}) AND p.level <> %s AND a.level = %s AND {_VALID}
"""


def _below_params(level: str, as_of: datetime.date) -> list:
    return [level, as_of, as_of, level, level, as_of, as_of]


def _id_list(ids) -> str:
    """Ids written into a statement's text, in order (`IN (...)`): integers from the database."""
    return ", ".join(str(int(pk)) for pk in sorted(ids))


def _fetch_below(sql: str, indicator, level: str, as_of, calendar: str, codes) -> list[tuple]:
    """The rows of a `_BELOW_SQL` statement joined to the current rows of `indicator` in the
    code range (`_below_with_current_rows`, `_below_with_current_figures`)."""
    params = [*_below_params(level, as_of), as_of, as_of, indicator.pk, calendar]
    params += [codes[0], codes[-1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _label(row) -> AreaLabel:
    """An AreaLabel from the first columns of `_BELOW_SQL` (SQLite gives dates as text)."""
    pk, code, name, short_name, level, parent_id, valid_from, valid_to = row[:8]
    if isinstance(valid_from, str):
        valid_from = datetime.date.fromisoformat(valid_from)
    if isinstance(valid_to, str):
        valid_to = datetime.date.fromisoformat(valid_to)
    return AreaLabel(pk, code, name, short_name, level, parent_id, valid_from, valid_to)


def _ordered(areas: Sequence, level: str, found: list[tuple[int, AreaLabel]]) -> list:
    """`areas` in the order given, each of another level replaced by what was found within it
    (by code)."""
    within: dict[int, list[AreaLabel]] = defaultdict(list)
    for owner, label in sorted(found, key=lambda pair: pair[1].code):
        within[owner].append(label)
    result = []
    for area in areas:
        result.extend([area] if area.level == level else within.get(area.pk, []))
    return result


def breakdown(areas: Sequence[Area], level: str | None, as_of: datetime.date) -> list:
    """The areas of `level` valid on `as_of` within each of `areas` (an area of that level
    stands for itself), in the order given, then by code; one query. The areas found are
    `AreaLabel`s."""
    if not level:
        return list(areas)
    within = {a.pk for a in areas if a.level != level}
    found = []
    if within:
        with connection.cursor() as cursor:
            cursor.execute(_BELOW_SQL.format(ids=_id_list(within)), _below_params(level, as_of))
            found = [(row[8], _label(row)) for row in cursor.fetchall()]
    return _ordered(areas, level, found)


def provinces(as_of: datetime.date) -> list[Area]:
    return list(Area.objects.valid_on(as_of).filter(level=Area.Level.PROVINCE).order_by("code"))


def series(
    indicator: Indicator,
    areas: Sequence[Area],
    periods: Sequence[Period],
    *,
    as_of: datetime.date | None = None,
    level: str | None = None,
    history: History | None = None,
    cells: bool = False,
) -> Series:
    """`indicator` over `areas` (or, with `level`, the areas of that level within them) and
    `periods` (of one calendar), in the structure of `as_of` (today by default). Series of
    several indicators over the same areas share one `history` (of the same `as_of`).
    `cells`: the caller will ask for the parts of cells (totals, units), so they are read in
    the same statement as the figures (without it, on the first `Series.cell`)."""
    as_of = as_of or timezone.localdate()
    periods = list(periods)
    history = history or History(as_of)
    calendar = periods[0].calendar if periods else ""
    wanted = {p.code: p for p in periods}
    for period in periods:
        for kind_parts in parts_of(period).values():
            wanted.update({p.code: p for p in kind_parts})
    codes = sorted(wanted)
    rows = None
    # The figures alone, computed by PostgreSQL, one row of arrays per area: when every period
    # asked for is read as it was reported (no longer period to add up from its parts).
    figures_only = not cells and _figures_in_sql(indicator) and len(wanted) == len(periods)
    read = _current_figures if figures_only else _current_rows
    if (
        periods
        and level
        and areas
        and history._current is not False
        and connection.vendor == "postgresql"
        and all(area.level != level for area in areas)
    ):
        # A province's communes: the areas and their current rows in one statement.
        below = _below_with_current_figures if figures_only else _below_with_current_rows
        targets, rows, history._current = below(indicator, areas, level, as_of, calendar, codes)
    else:
        targets = [a for a in breakdown(areas, level, as_of) if a.is_valid_on(as_of)]
    result = Series(indicator, targets, periods, as_of)
    if not targets or not periods:
        return result
    target_ids = {a.pk for a in targets}
    order = {code: period.end.toordinal() for code, period in wanted.items()}
    if rows is None and history._current is not False:
        rows = read(indicator, calendar, codes, target_ids, as_of)
        if rows:
            history._current = True  # the query returns rows only when they are current
    if history.reads_current_rows():
        if figures_only:
            _from_current_figures(result, rows)
            result.read_rows = lambda: _current_rows(indicator, calendar, codes, target_ids, as_of)
        else:
            _from_current_rows(result, rows, wanted, order)
        return result
    by_level: dict[str, list[int]] = defaultdict(list)
    for area in targets:
        by_level[area.level].append(area.pk)
    sources = [pk for lvl, pks in by_level.items() for pk in history.sources(pks, lvl)]
    if connection.vendor == "postgresql" and indicator.aggregation != Aggregation.LATEST:
        cells = _cells_in_sql(indicator, calendar, codes, sources, history, target_ids)
    else:
        cells = _cells_in_python(indicator, calendar, codes, sources, history, target_ids, order)
    cells = {code: by_target for code, by_target in cells.items() if code in wanted}
    for period in periods:
        _fill(result, period, cells)
    return result


def _rows(indicator: Indicator, calendar: str, codes: list[str], sources: list[int]):
    columns, widen = _FETCHED[indicator.aggregation]
    rows = Rollup.objects.filter(
        indicator=indicator,
        calendar=calendar,
        area_id__any_of=sources,
        # A range, not the list: the index then reads each area's periods in one pass (a list
        # makes one descent per area and period); the codes not asked for are dropped after.
        period_code__range=(codes[0], codes[-1]),
    ).values_list(*columns)
    return (widen(row) for row in rows)


def _cells_in_python(indicator, calendar, codes, sources, history, targets, order):
    """code -> target -> Cell, each row passed to its targets by `history`."""
    cells: dict[str, dict[int, Cell]] = defaultdict(dict)
    resolve = history.resolve
    for row in _rows(indicator, calendar, codes, sources):
        by_target = cells[row[1]]
        rank = order.get(row[1], 0)
        if row[0] in targets:  # an area of the structure itself: the most common row
            cell = by_target.get(row[0])
            if cell is None:
                cell = by_target[row[0]] = Cell()
            cell.add_row(row, ONE, True, rank)
            continue
        for target, (share, principal) in resolve(row[0]).items():
            if target in targets:
                cell = by_target.get(target)
                if cell is None:
                    cell = by_target[target] = Cell()
                cell.add_row(row, share, principal, rank)
    return cells


_MAPPED_SQL = """
    SELECT m.target, r.period_code,
        SUM(r.units * m.share),
        SUM(CASE WHEN m.principal THEN r.units ELSE 0 END),
        SUM(r.total * m.share),
        SUM(CASE WHEN m.principal THEN r.meeting ELSE 0 END),
        SUM(r.numerator * m.share),
        SUM(r.denominator * m.share)
    FROM reporting_rollup r
    JOIN unnest(%s::bigint[], %s::bigint[], %s::numeric[], %s::boolean[])
        AS m(source, target, share, principal) ON m.source = r.area_id
    WHERE r.indicator_id = %s AND r.calendar = %s AND r.area_id = ANY(%s::bigint[])
        AND r.period_code BETWEEN %s AND %s
    GROUP BY m.target, r.period_code
"""


def _array(values) -> str:
    """A PostgreSQL array as its text: psycopg adapts a list element by element in Python."""
    return "{" + ",".join(str(v) for v in values) + "}"


def _cells_in_sql(indicator, calendar, codes, sources, history, targets):
    """code -> target -> Cell, the rows passed to their targets and added up by PostgreSQL
    (every aggregation but "latest", whose value is not a sum): ~2,000 sums come back instead
    of ~4,000 rows to map in Python for a province's communes over a year."""
    mapping = [
        (source, target, share, principal)
        for source in sources
        for target, (share, principal) in history.resolve(source).items()
        if target in targets
    ]
    cells: dict[str, dict[int, Cell]] = defaultdict(dict)
    if not mapping:
        return cells
    source_ids, target_ids, shares, principals = zip(*mapping, strict=True)
    params = [
        _array(source_ids),
        _array(target_ids),
        _array(shares),
        _array("t" if p else "f" for p in principals),
        indicator.pk,
        calendar,
        _array(sources),
        codes[0],
        codes[-1],
    ]
    with connection.cursor() as cursor:
        cursor.execute(_MAPPED_SQL, params)
        for target, code, weight, units, total, meeting, numerator, denominator in cursor:
            cells[code][target] = Cell(
                units=units,
                weight=weight,
                total=total,
                meeting=meeting,
                numerator=numerator,
                denominator=denominator,
            )
    return cells


# Today's structure: the current rows, each (area id, period code, figure, units, weight,
# *parts). The parts each aggregation reads (each value fetched is a Decimal parsed), and how a
# row of them becomes a Cell (made only for totals and longer periods).
_CURRENT_PARTS = {
    Aggregation.SUM: (("total",), lambda r: Cell(r[3], r[4], r[5])),
    Aggregation.AVERAGE: (("total",), lambda r: Cell(r[3], r[4], r[5])),
    Aggregation.RATE: (
        ("numerator", "denominator"),
        lambda r: Cell(r[3], r[4], numerator=r[5], denominator=r[6]),
    ),
    Aggregation.COUNT: (("meeting",), lambda r: Cell(r[3], r[4], meeting=r[5])),
    Aggregation.LATEST: (("latest_number", "latest_text", "latest_at"), lambda r: Cell(r[3], r[4])),
    Aggregation.NONE: ((), lambda r: Cell(r[3], r[4])),
}
# The figure of a current row, computed by PostgreSQL as `Cell.value` computes it in Python (to
# PLACES, ties away from zero, no trailing zeros): a pivot then makes no object per cell. The
# others ("latest": a number or a text) are computed from the row's Cell.
_FIGURE_SQL = {
    Aggregation.SUM: "trim_scale(round(total, 4))",
    Aggregation.AVERAGE: "trim_scale(round(total / NULLIF(weight, 0), 4))",
    Aggregation.RATE: ("trim_scale(round(numerator / NULLIF(denominator, 0) * {multiplier}, 4))"),
    Aggregation.COUNT: "meeting::numeric",
}


def _current_cell(indicator: Indicator, row: tuple, rank: int = 0) -> Cell:
    """The Cell of a current row; `rank` orders the periods for a latest value."""
    cell = _CURRENT_PARTS[indicator.aggregation][1](row)
    if indicator.aggregation == Aggregation.LATEST and row[7] is not None:
        cell.latest = ((rank, row[7]), row[5], row[6])
    return cell


def _from_current_rows(result: Series, rows: list[tuple], wanted: dict, order: dict) -> None:
    """The cells of today's structure, in one pass: a period asked for that was reported as
    such keeps its rows and their figures; a longer one (a year of a monthly report) adds up
    the Cells of its parts (`_fill`)."""
    asked = {period.code for period in result.periods}
    in_parts = set(wanted) - asked
    # Comprehensions: ~2,000 rows for a province's communes over a year, a pivot's whole work.
    kept = {(row[0], row[1]): row for row in rows if row[1] in asked}
    result.rows.update(kept)
    result.figures.update({key: row[2] for key, row in kept.items() if row[2] is not None})
    if not in_parts:
        return
    parts: dict[str, dict[int, Cell]] = defaultdict(dict)
    for row in rows:
        code = row[1]
        if code in in_parts:
            parts[code][row[0]] = _current_cell(result.indicator, row, order[code])
    if parts:
        reported = {code for _area, code in kept}
        for period in result.periods:
            if period.code not in reported:
                _fill(result, period, parts)


_COVERS_SQL = """EXISTS (SELECT 1 FROM reporting_currentstructure s WHERE s.id = 1
    AND NOT s.stale AND (s.valid_since IS NULL OR s.valid_since <= %s)
    AND (s.valid_until IS NULL OR %s < s.valid_until))"""


def _figure_sql(indicator: Indicator) -> str | None:
    """A current row's figure as SQL over `r`, the `CurrentRollup` table (NULL for an empty
    cell); None when PostgreSQL does not compute it (computed from the row's Cell)."""
    figure = _FIGURE_SQL.get(indicator.aggregation)
    if figure is None:
        return None
    figure = figure.format(multiplier=int(indicator.rate_multiplier))
    return f"CASE WHEN r.units = 0 AND r.weight = 0 THEN NULL ELSE {figure} END"


def _figures_in_sql(indicator: Indicator) -> bool:
    return connection.vendor == "postgresql" and indicator.aggregation in _FIGURE_SQL


def _current_columns(indicator: Indicator) -> tuple[str, bool]:
    """The columns of a current row after (area id, period code) as SQL over `r`, the
    `CurrentRollup` table: figure, units, weight, parts; and whether PostgreSQL computes the
    figure (else it is NULL, computed from the row's Cell)."""
    parts, _make = _CURRENT_PARTS[indicator.aggregation]
    figure = _figure_sql(indicator)
    columns = ", ".join(f"r.{part}" for part in parts) or "NULL"
    return f"{figure or 'NULL::numeric'}, r.units, r.weight, {columns}", figure is not None


def _with_figures(indicator: Indicator, rows: list[tuple]) -> list[tuple]:
    """Rows whose figure PostgreSQL did not compute, with it computed from their Cells."""
    return [
        (row[0], row[1], _current_cell(indicator, row).value(indicator), *row[3:]) for row in rows
    ]


def _current_rows(indicator, calendar, codes, targets, as_of) -> list[tuple]:
    """The current rows of these areas and periods (a code range: see `_rows`), none unless
    they answer for the structure of `as_of` (the query itself checks, so a pivot is one
    round trip): one index range per area, an index-only scan, nothing to map."""
    parts, _make = _CURRENT_PARTS[indicator.aggregation]
    computed = False
    if connection.vendor != "postgresql":  # the ORM turns SQLite's numbers into Decimals
        covers = Q(valid_since__isnull=True) | Q(valid_since__lte=as_of)
        covers &= Q(valid_until__isnull=True) | Q(valid_until__gt=as_of)
        rows = [
            (area, code, None, *rest)
            for area, code, *rest in CurrentRollup.objects.filter(
                Exists(CurrentStructure.objects.filter(covers, pk=1, stale=False)),
                indicator=indicator,
                calendar=calendar,
                area_id__in=targets,
                period_code__range=(codes[0], codes[-1]),
            ).values_list("area_id", "period_code", "units", "weight", *parts)
        ]
    else:
        # Plain SQL on PostgreSQL, whose driver gives Decimals and aware datetimes itself:
        # this is the whole of a pivot's database work, and the ORM's machinery cost more than
        # the query. The ids are integers from the database.
        columns, computed = _current_columns(indicator)
        sql = (
            f"SELECT r.area_id, r.period_code, {columns} "
            f"FROM {CurrentRollup._meta.db_table} r WHERE r.indicator_id = %s "
            f"AND r.calendar = %s "
            f"AND r.area_id IN ({_id_list(targets)}) "
            f"AND r.period_code BETWEEN %s AND %s AND {_COVERS_SQL}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [indicator.pk, calendar, codes[0], codes[-1], as_of, as_of])
            rows = cursor.fetchall()
    return rows if computed else _with_figures(indicator, rows)


# The areas of a level within some areas (`_BELOW_SQL`) and their current rows, in one
# statement (PostgreSQL): first one row per area — its label in the columns after the cell's
# and whether the current rows answer for the day — then the current rows (the cell's columns,
# the label's NULL), only if they do. A pivot of a province's communes is then one round trip
# and no model instance.
_BELOW_WITH_ROWS_SQL = """
    WITH t AS MATERIALIZED ({below}), c AS (SELECT {covers} AS current)
    SELECT t.id, t.code, NULL, NULL, NULL, {blanks},
        t.name, t.short_name, t.level, t.parent_id, t.valid_from, t.valid_to, t.owner, c.current
    FROM t CROSS JOIN c
    UNION ALL
    SELECT r.area_id, r.period_code, {columns},
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM t JOIN {table} r ON r.area_id = t.id CROSS JOIN c
    WHERE c.current AND r.indicator_id = %s AND r.calendar = %s
        AND r.period_code BETWEEN %s AND %s
"""


def _below_with_current_rows(indicator, areas, level, as_of, calendar, codes):
    """(targets, current rows, whether the current rows answer for `as_of`): `breakdown` and
    `_current_rows` in one statement, for areas none of which is of `level` (PostgreSQL). The
    rows carry trailing columns that a row's readers ignore."""
    columns, computed = _current_columns(indicator)
    width = 3 + len(_CURRENT_PARTS[indicator.aggregation][0] or ("",))
    sql = _BELOW_WITH_ROWS_SQL.format(
        below=_BELOW_SQL.format(ids=_id_list({a.pk for a in areas})),
        covers=_COVERS_SQL,
        blanks=", ".join(["NULL"] * (width - 3)),
        columns=columns,
        table=CurrentRollup._meta.db_table,
    )
    found = _fetch_below(sql, indicator, level, as_of, calendar, codes)
    name = 2 + width  # the first label column
    labels, rows, current = [], [], None  # None: no area, nothing learnt
    for row in found:
        if row[name] is None:
            rows.append(row)
        else:
            pk, code, *_rest = row
            labels.append((row[name + 6], AreaLabel(pk, code, *row[name : name + 6])))
            current = row[name + 7]
    targets = _ordered(areas, level, labels)
    return targets, (rows if computed else _with_figures(indicator, rows)), current


# The figures alone (PostgreSQL): one row per area, (area id, its period codes, their figures)
# as two arrays in the same order. What a pivot shows is then ~166 rows for a province's
# communes over a year, not ~2,000: fetching a row and its Decimals was most of a pivot's time
# (ADR 0036). The parts stay in the table until a total asks for them (`Series.read_rows`).
_FIGURES_SQL = """
    SELECT r.area_id, array_agg(r.period_code), array_agg({figure})
    FROM {table} r WHERE r.indicator_id = %s AND r.calendar = %s AND r.area_id IN ({ids})
        AND r.period_code BETWEEN %s AND %s AND {covers}
    GROUP BY r.area_id
"""


def _current_figures(indicator, calendar, codes, targets, as_of) -> list[tuple]:
    """(area id, codes, figures) of these areas' current rows in the code range (see `_rows`),
    none unless the rows answer for the structure of `as_of`."""
    sql = _FIGURES_SQL.format(
        figure=_figure_sql(indicator),
        table=CurrentRollup._meta.db_table,
        ids=_id_list(targets),
        covers=_COVERS_SQL,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [indicator.pk, calendar, codes[0], codes[-1], as_of, as_of])
        return cursor.fetchall()


# `_BELOW_SQL`'s areas, each with its figures (`_FIGURES_SQL`'s two arrays, NULL when it has
# none or the current rows do not answer for the day) and whether they answer: a province's
# communes and their figures in one statement, one row per commune.
_BELOW_WITH_FIGURES_SQL = """
    WITH t AS MATERIALIZED ({below}), c AS (SELECT {covers} AS current)
    SELECT t.id, t.code, t.name, t.short_name, t.level, t.parent_id, t.valid_from, t.valid_to,
        t.owner, c.current, f.codes, f.figures
    FROM t CROSS JOIN c CROSS JOIN LATERAL (
        SELECT array_agg(r.period_code) AS codes, array_agg({figure}) AS figures
        FROM {table} r
        WHERE c.current AND r.area_id = t.id AND r.indicator_id = %s AND r.calendar = %s
            AND r.period_code BETWEEN %s AND %s
    ) f
"""


def _below_with_current_figures(indicator, areas, level, as_of, calendar, codes):
    """(targets, (area id, codes, figures) of those with figures, whether the current rows
    answer for `as_of`): `breakdown` and `_current_figures` in one statement, for areas none of
    which is of `level` (PostgreSQL)."""
    sql = _BELOW_WITH_FIGURES_SQL.format(
        below=_BELOW_SQL.format(ids=_id_list({a.pk for a in areas})),
        covers=_COVERS_SQL,
        figure=_figure_sql(indicator),
        table=CurrentRollup._meta.db_table,
    )
    found = _fetch_below(sql, indicator, level, as_of, calendar, codes)
    labels = [(row[8], AreaLabel._make(row[:8])) for row in found]
    rows = [(row[0], row[10], row[11]) for row in found if row[10] is not None]
    current = found[-1][9] if found else None  # None: no area, nothing learnt
    return _ordered(areas, level, labels), rows, current


def _from_current_figures(result: Series, rows: list[tuple]) -> None:
    """The figures of (area id, codes, figures) rows, those of the periods asked for (the code
    range may hold others)."""
    asked = {period.code for period in result.periods}
    result.figures.update(
        {
            (area, code): figure
            for area, codes, figures in rows
            for code, figure in zip(codes, figures, strict=True)
            if figure is not None and code in asked
        }
    )


def _fill(result: Series, period: Period, cells: dict[str, dict[int, Cell]]) -> None:
    """The cells of one requested period: its own, or else those of the finest shorter
    periods that have any."""
    code = period.code
    own = cells.get(code)
    if own:  # the most common case: the period is the one reported
        result.add_cells(code, own)
        return
    chosen: list[str] = []
    for parts in parts_of(period).values():
        codes = [p.code for p in parts]
        if any(cells.get(c) for c in codes):
            chosen = codes
            break
    per_target: dict[int, list[Cell]] = defaultdict(list)
    for part in chosen:
        for target, cell in cells.get(part, {}).items():
            per_target[target].append(cell)
    last_only = result.indicator.aggregation == Aggregation.COUNT
    combined: dict[int, Cell] = {}
    for target, found in per_target.items():
        if len(found) == 1 or last_only:
            combined[target] = found[-1]
            continue
        combined[target] = Cell()
        for cell in found:
            combined[target].add(cell)
    result.add_cells(code, combined)


# What people ask for: the page's and the API's parameters ---------------------------------------

MAX_PERIODS = 240  # twenty years of months
MAX_CELLS = 50_000  # areas × periods in one answer


def parse_periods(text: str, calendar: str) -> list[Period]:
    """Period codes separated by commas ("2026-01,2026-02", "2016,2017"), all of one kind, in
    the order given without repeats; ValidationError (on "period") otherwise."""
    codes = [code.strip() for code in (text or "").split(",") if code.strip()]
    if not codes:
        raise ValidationError({"period": [_("Hãy chọn ít nhất một kỳ.")]})
    if len(codes) > MAX_PERIODS:
        raise ValidationError(
            {"period": [_("Chọn tối đa %(max)s kỳ một lần.") % {"max": MAX_PERIODS}]}
        )
    result: list[Period] = []
    for code in codes:
        try:
            period = Period.from_code(code, calendar)
        except ValueError:
            raise ValidationError(
                {"period": [_("«%(code)s» không phải mã kỳ báo cáo.") % {"code": code[:20]}]}
            ) from None
        if period not in result:
            result.append(period)
    if len({p.kind for p in result}) > 1:
        raise ValidationError({"period": [_("Các kỳ được chọn phải cùng một loại.")]})
    return result


def check_size(areas: int, periods: int) -> None:
    if areas * periods > MAX_CELLS:
        raise ValidationError(
            _(
                "Bảng quá lớn (%(areas)s địa bàn × %(periods)s kỳ): hãy chọn một địa bàn nhỏ hơn "
                "hoặc ít kỳ hơn."
            )
            % {"areas": areas, "periods": periods}
        )


def plain_number(value):
    """A figure for JSON and spreadsheets: an int when whole, else a float; text as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
