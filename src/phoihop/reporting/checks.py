"""Checking the values of one report against its form: pure Python, no database.

`ReportForm.spec()` reads a form once into a `FormSpec` (its fields in order, each an indicator
or a narrative section, and its rules). `check_values(spec, values)` then answers
`{field key: [Vietnamese messages]}`: each value against its indicator's type, the required
fields when the report is complete, and the rules between values (e.g. a part ≤ its total).
Keys are indicator codes and narrative sections' codes, so the messages go next to the fields
they are about, in the browser's form as in a spreadsheet's cells.

Values come as Python values (int, Decimal, bool, str) or as text typed by a person: numbers
as plain digits with a comma or a point before the decimals ("12,5", "12.5"; no thousands
separators, since "1.234" would be ambiguous), yes/no as "có"/"không" (or 1/0).
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from phoihop.core.validation import text_problem

# Value types, as `Indicator.ValueType` stores them.
INTEGER, DECIMAL, PERCENTAGE, YES_NO, TEXT = "integer", "decimal", "percentage", "yes_no", "text"

DECIMAL_PLACES = 4  # as Indicator's VALUE_DECIMAL_PLACES
MAX_MAGNITUDE = Decimal(10) ** 16  # 20 digits, 4 of them after the point
TEXT_VALUE_MAX_LENGTH = 2000  # a text indicator's value; narratives take TEXT_MAX_LENGTH

_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_YES = {"có", "co", "1", "true", "x"}
_NO = {"không", "khong", "0", "false"}


# Comparisons (Comparison choices in models): lt, le, eq, ne, ge, gt.
def compare(operator: str, left: Decimal, right: Decimal) -> bool:
    return {
        "lt": left < right,
        "le": left <= right,
        "eq": left == right,
        "ne": left != right,
        "ge": left >= right,
        "gt": left > right,
    }[operator]


def relation_words(operator: str) -> str:
    return {
        "lt": _("nhỏ hơn"),
        "le": _("nhỏ hơn hoặc bằng"),
        "eq": _("bằng"),
        "ne": _("khác"),
        "ge": _("lớn hơn hoặc bằng"),
        "gt": _("lớn hơn"),
    }[operator]


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    value_type: str
    allow_negative: bool = False
    numerator: str | None = None  # codes, for a rate
    denominator: str | None = None
    multiplier: int = 1  # a rate is numerator ÷ denominator × multiplier

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the indicator's code, or the narrative section's code
    label: str
    section: str
    required: bool = True
    indicator: IndicatorSpec | None = None  # None: a narrative section

    @property
    def is_narrative(self) -> bool:
        return self.indicator is None


@dataclass(frozen=True)
class RuleSpec:
    left: str  # indicator codes
    operator: str
    right: str | None = None
    right_value: Decimal | None = None
    message: str = ""


@dataclass(frozen=True)
class FormSpec:
    code: str
    name: str
    fields: tuple[FieldSpec, ...]
    rules: tuple[RuleSpec, ...] = ()

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass
class Checked:
    """What `clean_values` found: the values that parsed (empty ones left out), the rates
    computed from them (None where a part is missing or the denominator is 0), and the
    problems per field."""

    values: dict[str, Any] = field(default_factory=dict)
    computed: dict[str, Decimal | None] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str) -> None:
        messages = self.errors.setdefault(key, [])
        if message not in messages:
            messages.append(message)


class ValueProblem(ValueError):
    """A value that does not fit its indicator; the message is for the person who typed it."""


def check_values(
    spec: FormSpec, values: dict[str, Any], *, complete: bool = False
) -> dict[str, list[str]]:
    """The problems of `values` against `spec`, per field key; {} when there are none.
    `complete`: the report is being submitted, so every required field must be filled (a
    draft may be partial)."""
    return clean_values(spec, values, complete=complete).errors


def clean_values(spec: FormSpec, values: dict[str, Any], *, complete: bool = False) -> Checked:
    result = Checked()
    known = {f.key: f for f in spec.fields}
    for key in values:
        if key not in known:
            result.add(str(key), _("Không có trong biểu mẫu này."))
    for key, form_field in known.items():
        raw = values.get(key)
        if is_empty(raw):
            if complete and form_field.required and not _is_computed(form_field):
                result.add(
                    key,
                    _("Chưa viết: phần này bắt buộc.")
                    if form_field.is_narrative
                    else _("Chưa nhập: chỉ tiêu này bắt buộc."),
                )
            continue
        try:
            result.values[key] = parse_field(form_field, raw)
        except ValueProblem as problem:
            result.add(key, str(problem))
    _compute_rates(spec, result)
    _apply_rules(spec, result)
    order = {key: index for index, key in enumerate(known)}
    result.errors = dict(sorted(result.errors.items(), key=lambda item: order.get(item[0], -1)))
    return result


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _is_computed(form_field: FieldSpec) -> bool:
    return form_field.indicator is not None and form_field.indicator.is_rate


def parse_field(form_field: FieldSpec, raw: Any) -> Any:
    if form_field.is_narrative:
        return parse_text(raw, settings.TEXT_MAX_LENGTH)
    return parse_value(form_field.indicator, raw)


def parse_value(indicator: IndicatorSpec, raw: Any) -> Any:
    """The value of `raw` for `indicator` (int, Decimal, bool or str), or ValueProblem."""
    if indicator.is_rate:
        raise ValueProblem(_("Tỷ lệ được tính từ tử số và mẫu số, không nhập trực tiếp."))
    kind = indicator.value_type
    if kind == YES_NO:
        return parse_yes_no(raw)
    if kind == TEXT:
        return parse_text(raw, TEXT_VALUE_MAX_LENGTH)
    number = parse_number(raw, whole=kind == INTEGER)
    if number < 0 and not indicator.allow_negative:
        raise ValueProblem(_("Không nhận giá trị âm."))
    if kind == PERCENTAGE and not 0 <= number <= 100:
        raise ValueProblem(_("Tỷ lệ phần trăm phải từ 0 đến 100."))
    return number


def parse_number(raw: Any, *, whole: bool) -> int | Decimal:
    if whole:
        problem = _("Nhập một số nguyên, ví dụ 12.")
    else:
        problem = _("Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5.")
    if isinstance(raw, bool):
        raise ValueProblem(problem)
    if isinstance(raw, str):
        text = raw.strip()
        if not (_INTEGER if whole else _NUMBER).fullmatch(text):
            raise ValueProblem(problem)
        number = Decimal(text.replace(",", "."))
    elif isinstance(raw, int | Decimal | float):
        try:
            number = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
        except (InvalidOperation, ValueError) as exc:
            raise ValueProblem(problem) from exc
    else:
        raise ValueProblem(problem)
    if not number.is_finite():
        raise ValueProblem(problem)
    if abs(number) >= MAX_MAGNITUDE:
        raise ValueProblem(_("Số quá lớn."))
    if whole:
        if number != number.to_integral_value():
            raise ValueProblem(problem)
        return int(number)
    if -number.normalize().as_tuple().exponent > DECIMAL_PLACES:
        raise ValueProblem(_("Tối đa %(places)s chữ số sau dấu phẩy.") % {"places": DECIMAL_PLACES})
    return number


def parse_yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise ValueProblem(_("Chọn Có hoặc Không."))


def parse_text(raw: Any, limit: int) -> str:
    if not isinstance(raw, str):
        raise ValueProblem(_("Nhập văn bản."))
    problem = text_problem(raw)
    if problem:
        raise ValueProblem(problem)
    text = raw.strip()
    if len(text) > limit:
        raise ValueProblem(_("Tối đa %(limit)s ký tự.") % {"limit": format_number(limit)})
    return text


def _compute_rates(spec: FormSpec, result: Checked) -> None:
    for form_field in spec.fields:
        indicator = form_field.indicator
        if indicator is None or not indicator.is_rate:
            continue
        numerator = result.values.get(indicator.numerator)
        denominator = result.values.get(indicator.denominator)
        if numerator is None or denominator is None or denominator == 0:
            result.computed[form_field.key] = None
            continue
        rate = Decimal(numerator) / Decimal(denominator) * indicator.multiplier
        result.computed[form_field.key] = rate.quantize(
            Decimal(1).scaleb(-DECIMAL_PLACES), rounding=ROUND_HALF_UP
        )


def _apply_rules(spec: FormSpec, result: Checked) -> None:
    """Each rule whose values are all there and valid; its message goes to the field it
    checks (the left one)."""
    for rule in spec.rules:
        left = result.values.get(rule.left)
        if not isinstance(left, int | Decimal) or isinstance(left, bool):
            continue
        if rule.right is not None:
            right = result.values.get(rule.right)
            if not isinstance(right, int | Decimal) or isinstance(right, bool):
                continue
        else:
            right = rule.right_value
        if compare(rule.operator, Decimal(left), Decimal(right)):
            continue
        result.add(rule.left, rule.message or default_rule_message(spec, rule))


def default_rule_message(spec: FormSpec, rule: RuleSpec) -> str:
    def label(code: str) -> str:
        found = spec.field(code)
        return found.label if found else code

    values = {"left": label(rule.left), "relation": relation_words(rule.operator)}
    if rule.right is not None:
        return _("«%(left)s» phải %(relation)s «%(right)s».") % {
            **values,
            "right": label(rule.right),
        }
    return _("«%(left)s» phải %(relation)s %(value)s.") % {
        **values,
        "value": format_number(rule.right_value),
    }


def format_number(value: int | Decimal | None) -> str:
    """A number as Vietnamese write it: 1.234,5 (a point between thousands, a comma before
    the decimals)."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    sign = "-" if number < 0 else ""
    whole, _point, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = ".".join([whole, *groups])
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"
