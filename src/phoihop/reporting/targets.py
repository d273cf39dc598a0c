"""Results beside targets (issue 16, item 6): what an organisation's accepted reports say for
each year, the traffic light against the target (respecting the indicator's direction) and the
trend over the years.

A year's result of an indicator for one organisation is read from its accepted reports whose
cut-off falls in that year, of one frequency only, the coarsest it has (a year report, else
half-years, quarters, months), so a figure sent monthly and again quarterly is not counted
twice. Then by the indicator's aggregation: a sum adds the periods (what was done in the
year); an average averages them; a rate is the sum of its numerators over the sum of its
denominators (never an average of rates); any other kind (latest value, count of units
meeting a condition, not aggregatable) takes the latest period's value. A term's result is its
latest year's (the level reached).

A target on an area is compared with the roll-up of the area (`analytics.series`, item 7):
every organisation reporting in it, through the area history as it stood at the end of the
target's last year (so Phú Thọ's 2021-2025 target counts Vĩnh Phúc and Hòa Bình before
1-7-2025). The years come from the Nghị định 09 calendar's roll-ups, else the calendar ones.

Organisation targets are two queries for a page of targets, whatever their number: the
targets, and the accepted values of their indicators (and rates' parts) for their
organisations and years. Area targets add a few queries per indicator (the roll-ups' reads).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from phoihop.core.periods import CALENDAR, ND09, Period

from . import analytics
from .models import Indicator, Submission, Target, Value

FREQUENCIES = ("year", "half", "quarter", "month")  # coarsest first; nine months overlap
AMBER_MARGIN = Decimal("0.1")  # within 10 % of the target: amber
TREND_YEARS = 3

LIGHTS = {
    "green": _("Đạt"),
    "amber": _("Gần đạt"),
    "red": _("Chưa đạt"),
    "none": _("Chưa đánh giá"),
}


@dataclass
class Outcome:
    target: Target
    result: Decimal | None = None  # the year's (or the term's latest year's) result
    result_year: int | None = None
    expected: Decimal | None = None  # the target pro rata for a sum in the year in progress
    light: str = "none"
    trend: list[tuple[int, Decimal | None]] = field(default_factory=list)
    direction: str = ""  # "up", "down", "" over the last two years with a result
    improving: bool | None = None

    @property
    def light_label(self) -> str:
        return str(LIGHTS[self.light])

    @property
    def ratio(self) -> int | None:
        """The result as a percentage of the target (of the pro rata target in a year in
        progress)."""
        goal = self.expected if self.expected is not None else self.target.value
        if self.result is None or not goal:
            return None
        return round(100 * self.result / goal)


def outcomes(targets, today: datetime.date) -> list[Outcome]:
    """The outcome of each target (read with `indicator` and its rate parts selected)."""
    targets = list(targets)
    results = _yearly_results(targets, today) | _area_results(targets, today)
    return [_outcome(target, results, today) for target in targets]


def _key(target: Target, year: int) -> tuple:
    """Where a target's result of `year` is kept in the results: organisation and area ids
    are of different tables, so the kind is part of the key."""
    if target.organization_id:
        return ("organization", target.indicator_id, target.organization_id, year)
    return ("area", target.indicator_id, target.area_id, year)


def _years(target: Target, today: datetime.date) -> list[int]:
    """The years whose results a target shows: its own (up to this year), and before a
    one-year target the years of its trend."""
    last = min(target.end_year, today.year)
    first = target.start_year if target.is_term else target.start_year - TREND_YEARS + 1
    return list(range(first, last + 1))


def _parts(indicator: Indicator) -> list[int]:
    if indicator.aggregation == Indicator.Aggregation.RATE:
        return [indicator.numerator_id, indicator.denominator_id]
    return [indicator.pk]


def _yearly_results(targets: list[Target], today: datetime.date) -> dict:
    """{(indicator id, organisation id, year): result} for every organisation target."""
    wanted = [t for t in targets if t.organization_id]
    if not wanted:
        return {}
    indicator_ids = {pk for t in wanted for pk in _parts(t.indicator)}
    years = {year for t in wanted for year in _years(t, today)}
    if not years:
        return {}
    rows = Value.objects.filter(
        indicator_id__in=indicator_ids,
        number__isnull=False,
        submission__organization_id__in={t.organization_id for t in wanted},
        submission__state=Submission.State.ACCEPTED,
        submission__cutoff__gte=datetime.date(min(years), 1, 1),
        submission__cutoff__lte=datetime.date(max(years), 12, 31),
    ).values_list(
        "indicator_id",
        "submission__organization_id",
        "submission__cutoff",
        "submission__regime__frequency",
        "number",
    )
    # (indicator, organisation, year) -> frequency -> [(cutoff, number)]
    found: dict = defaultdict(lambda: defaultdict(list))
    for indicator_id, organization_id, cutoff, frequency, number in rows:
        found[(indicator_id, organization_id, cutoff.year)][frequency].append((cutoff, number))
    results = {}
    for target in wanted:
        for year in _years(target, today):
            results[_key(target, year)] = _result(
                target.indicator, target.organization_id, year, found
            )
    return results


def _area_results(targets: list[Target], today: datetime.date) -> dict:
    """{key: result} for every area target, from the roll-ups: one read per indicator and
    structure date (the end of the target's last year, or today)."""
    groups: dict[tuple, list[Target]] = defaultdict(list)
    for target in targets:
        if target.area_id:
            as_of = min(today, datetime.date(target.end_year, 12, 31))
            groups[(target.indicator_id, as_of)].append(target)
    results = {}
    for (_indicator_id, as_of), group in groups.items():
        years = sorted({year for target in group for year in _years(target, today)})
        areas = list({target.area_id: target.area for target in group}.values())
        found = _area_years(group[0].indicator, areas, years, as_of)
        for target in group:
            for year in _years(target, today):
                results[_key(target, year)] = found.get((target.area_id, year))
    return results


def _area_years(indicator: Indicator, areas, years: list[int], as_of: datetime.date) -> dict:
    """{(area id, year): value} of the first calendar whose roll-ups have any."""
    for calendar in (ND09, CALENDAR):
        periods = [Period.from_code(str(year), calendar) for year in years]
        series = analytics.series(indicator, areas, periods, as_of=as_of)
        found = {
            (area.pk, year): value
            for area in areas
            for year in years
            if isinstance(value := series.value(area.pk, str(year)), Decimal)
        }
        if found:
            return found
    return {}


def _chosen(series: dict) -> list[tuple[datetime.date, Decimal]]:
    for frequency in FREQUENCIES:
        if series.get(frequency):
            return sorted(series[frequency])
    return []


def _result(indicator: Indicator, organization_id: int, year: int, found) -> Decimal | None:
    aggregation = indicator.aggregation
    if aggregation == Indicator.Aggregation.RATE:
        numerators = _chosen(found.get((indicator.numerator_id, organization_id, year), {}))
        denominators = _chosen(found.get((indicator.denominator_id, organization_id, year), {}))
        total = sum(number for _day, number in denominators)
        if not numerators or not total:
            return None
        factor = 100 if indicator.value_type == Indicator.ValueType.PERCENTAGE else None
        factor = factor or indicator.rate_factor or 1
        return (sum(number for _day, number in numerators) * factor / total).quantize(
            Decimal("0.01")
        )
    values = _chosen(found.get((indicator.pk, organization_id, year), {}))
    if not values:
        return None
    numbers = [number for _day, number in values]
    if aggregation == Indicator.Aggregation.SUM:
        return sum(numbers)
    if aggregation == Indicator.Aggregation.AVERAGE:
        return (sum(numbers) / len(numbers)).quantize(Decimal("0.01"))
    return numbers[-1]


def _outcome(target: Target, results: dict, today: datetime.date) -> Outcome:
    outcome = Outcome(target)
    years = _years(target, today)
    outcome.trend = [(year, results.get(_key(target, year))) for year in years]
    known = [(year, value) for year, value in outcome.trend if value is not None]
    if known:
        outcome.result_year, outcome.result = known[-1]
        if not target.is_term and outcome.result_year != target.start_year:
            outcome.result_year, outcome.result = None, None  # no result in the target's year
    if len(known) >= 2:
        before, last = known[-2][1], known[-1][1]
        outcome.direction = "up" if last > before else "down" if last < before else ""
        if outcome.direction and target.indicator.direction != Indicator.Direction.NONE:
            higher = target.indicator.direction == Indicator.Direction.HIGHER
            outcome.improving = (outcome.direction == "up") == higher
    outcome.expected = _pro_rata(target, today)
    outcome.light = _light(target, outcome)
    return outcome


def _pro_rata(target: Target, today: datetime.date) -> Decimal | None:
    """For a one-year target of a sum in the year under way, the share of the target due by
    today (the year's results grow month by month)."""
    if target.is_term or target.start_year != today.year:
        return None
    if target.indicator.aggregation != Indicator.Aggregation.SUM:
        return None
    elapsed = (today - datetime.date(today.year, 1, 1)).days + 1
    days = (datetime.date(today.year, 12, 31) - datetime.date(today.year, 1, 1)).days + 1
    return (target.value * elapsed / days).quantize(Decimal("0.01"))


def _light(target: Target, outcome: Outcome) -> str:
    direction = target.indicator.direction
    if outcome.result is None or direction == Indicator.Direction.NONE:
        return "none"
    goal = outcome.expected if outcome.expected is not None else target.value
    result = outcome.result
    if direction == Indicator.Direction.HIGHER:
        if result >= goal:
            return "green"
        return "amber" if result >= goal * (1 - AMBER_MARGIN) else "red"
    if result <= goal:
        return "green"
    return "amber" if result <= goal * (1 + AMBER_MARGIN) else "red"
