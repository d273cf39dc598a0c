"""Compiling a period's reports (issue 16, item 4): a receiver that itself reports upward reads
its reporters' narratives side by side per section and their figures added up, and starts its
own report from that.

Only accepted reports count (what the receiver has checked). Each figure adds up the way its
indicator says: a sum; an average; a rate as the sum of the numerators ÷ the sum of the
denominators (never an average of rates); a count of the units that meet the indicator's
condition, out of the units that reported it; the latest value and "not aggregatable" are not
added across units (shown as a dash), nor are text values.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core.choices import choice_label
from phoihop.core.periods import Period
from phoihop.core.text import fold

from . import checks
from . import submissions as services
from .models import FormItem, FormSection, Indicator, Narrative, Regime, Submission, Value

Aggregation = Indicator.Aggregation
PLACES = Decimal(1).scaleb(-checks.DECIMAL_PLACES)


@dataclass
class Figure:
    code: str
    name: str
    unit: str
    section: str
    aggregation: str
    value: Decimal | None = None
    units: int = 0  # how many units reported it
    met: int | None = None  # a count: the units that meet the condition

    @property
    def aggregation_label(self) -> str:
        return choice_label(Aggregation, self.aggregation)

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.met is not None:
            return f"{self.met}/{self.units}"
        return checks.format_number(self.value)


@dataclass
class NarrativeColumn:
    code: str
    title: str
    texts: list[tuple[str, str]] = field(default_factory=list)  # (organisation, text)


@dataclass
class Compiled:
    submissions: list[Submission]
    figures: list[Figure]
    narratives: list[NarrativeColumn]

    def prefill(self) -> dict[str, object]:
        """The values an upward report starts from: the added-up figures (not the rates,
        which its form computes) and the narratives one unit after another."""
        values: dict[str, object] = {
            f.code: f.value
            for f in self.figures
            if f.value is not None and f.aggregation != Aggregation.RATE
        }
        for column in self.narratives:
            if column.texts:
                values[column.code] = "\n\n".join(f"{org}: {text}" for org, text in column.texts)
        return values


def compile_period(regime: Regime, period: Period) -> Compiled:
    """The accepted reports of `regime` for `period`, compiled: five queries."""
    accepted = list(
        Submission.objects.of_period(regime, period)
        .filter(state=Submission.State.ACCEPTED)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )
    ids = [s.pk for s in accepted]
    names = {s.pk: s.organization.name for s in accepted}
    items = list(
        FormItem.objects.filter(report_form_id=regime.report_form_id)
        .select_related("indicator__numerator", "indicator__denominator", "section")
        .order_by("section__position", "position", "pk")
    )
    numbers: dict[str, list[Decimal]] = {}
    for code, number in Value.objects.filter(
        submission_id__in=ids, number__isnull=False
    ).values_list("indicator__code", "number"):
        numbers.setdefault(code, []).append(number)
    figures = [_figure(item, numbers) for item in items]
    sections = FormSection.objects.filter(
        report_form_id=regime.report_form_id, kind=FormSection.Kind.NARRATIVE
    ).order_by("position")
    columns = {s.code: NarrativeColumn(s.code, s.title) for s in sections}
    rows = (
        Narrative.objects.filter(submission_id__in=ids)
        .exclude(text="")
        .values_list("submission_id", "section__code", "text")
    )
    for submission_id, code, text in sorted(rows, key=lambda row: fold(names[row[0]])):
        if code in columns:
            columns[code].texts.append((names[submission_id], text))
    return Compiled(accepted, figures, list(columns.values()))


def _figure(item: FormItem, numbers: dict[str, list[Decimal]]) -> Figure:
    indicator = item.indicator
    found = numbers.get(indicator.code, [])
    figure = Figure(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        section=item.section.title,
        aggregation=indicator.aggregation,
        units=len(found),
    )
    kind = indicator.aggregation
    if kind == Aggregation.RATE and indicator.is_rate:
        top = numbers.get(indicator.numerator.code, [])
        bottom = sum(numbers.get(indicator.denominator.code, []), Decimal(0))
        if top and bottom:
            rate = sum(top, Decimal(0)) / bottom * indicator.rate_multiplier
            figure.value = rate.quantize(PLACES, rounding=ROUND_HALF_UP)
        figure.units = len(top)
    elif not found:
        pass
    elif kind == Aggregation.SUM:
        figure.value = sum(found, Decimal(0))
    elif kind == Aggregation.AVERAGE:
        mean = sum(found, Decimal(0)) / len(found)
        figure.value = mean.quantize(PLACES, rounding=ROUND_HALF_UP).normalize()
    elif kind == Aggregation.COUNT and indicator.condition_operator:
        threshold = indicator.condition_value or Decimal(0)
        figure.met = sum(
            1 for n in found if checks.compare(indicator.condition_operator, n, threshold)
        )
        figure.value = Decimal(figure.met)
    return figure


def upward_regimes(regime: Regime, day: datetime.date) -> list[Regime]:
    """The regimes under which the receiver itself reports, in force on `day`."""
    return list(
        Regime.objects.expecting(regime.receiver, day)
        .exclude(frequency="")
        .select_related("report_form")
        .order_by("code")
    )


def upward_period(upward: Regime, period: Period) -> Period | None:
    """The upward regime's period that holds this period's cut-off."""
    return Period.containing(period.window_end, upward.frequency, upward.calendar)


@transaction.atomic
def start_from_compiled(regime: Regime, period: Period, upward: Regime, by) -> Submission:
    """The receiver's own report under `upward`, started (or found) and its empty fields
    filled with what its reporters' accepted reports add up to; values the upward form does
    not take (another indicator, a fraction for a whole number) are left out."""
    target = upward_period(upward, period)
    if target is None:
        raise ValidationError(_("Chế độ báo cáo lên trên không có kỳ tương ứng."))
    submission = services.start_submission(upward, target, regime.receiver, by)
    compiled = compile_period(regime, period)
    keys = services.form_keys(submission)
    current = services.stored_values(submission, keys.spec)
    offered = {
        key: value
        for key, value in compiled.prefill().items()
        if keys.spec.field(key) is not None and current.get(key) is None
    }
    problems = checks.clean_values(keys.spec, {**current, **offered}).errors
    offered = {key: value for key, value in offered.items() if key not in problems}
    if offered and services.entry_problem(submission) is None:
        services.save_values(submission, offered, by)
    return submission
