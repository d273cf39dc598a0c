"""Indicators (chỉ tiêu): the figures a report asks for, as editable reference data.

An indicator says what a value is (its type and unit) and how values of several units add up
(its aggregation); the roll-ups of a later stage read it. The rules that keep the two
consistent are model validation (`Indicator.clean`), so the admin, the services and the demo
refuse the same things with the same Vietnamese messages.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.org.models import Field, valid_on

CODE_MAX_LENGTH = 40

# Codes name indicators in imports, exports and the API (`indicator=CODE`, lists separated by
# commas), so they are plain: upper-case ASCII letters and digits, with a dot, hyphen or
# underscore between them.
code_validator = RegexValidator(
    r"\A[A-Z0-9]+(?:[._-][A-Z0-9]+)*\Z",
    message=_(
        "Mã chỉ gồm chữ in hoa không dấu (A–Z) và chữ số, có thể nối bằng dấu chấm, gạch "
        "ngang hoặc gạch dưới; ví dụ TG.BUOI hoặc HN_TYLE."
    ),
    code="invalid_code",
)

# Values and the constants of conditions and rules: at most 20 digits, 4 after the point.
VALUE_MAX_DIGITS = 20
VALUE_DECIMAL_PLACES = 4


class Comparison(models.TextChoices):
    """How two numbers are compared: in a count's condition and in a form's rules (the
    comparison itself is `checks.compare`)."""

    LT = "lt", "<"
    LE = "le", "≤"
    EQ = "eq", "="
    NE = "ne", "≠"
    GE = "ge", "≥"
    GT = "gt", ">"


def check_validity_dates(obj, errors: dict) -> None:
    """valid_to on or after valid_from, for every model with validity dates."""
    if obj.valid_from and obj.valid_to and obj.valid_to < obj.valid_from:
        errors.setdefault("valid_to", []).append(
            _t("Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực.")
        )


def raise_errors(errors: dict) -> None:
    if any(errors.values()):
        raise ValidationError({key: messages for key, messages in errors.items() if messages})


class IndicatorQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IndicatorQuerySet":
        """Indicators are reference data for every signed-in user, like areas and periods."""
        return self if user.is_authenticated else self.none()

    def valid_on(self, date: datetime.date) -> "IndicatorQuerySet":
        return self.filter(valid_on(date))


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        PERCENTAGE = "percentage", _("Tỷ lệ phần trăm (%)")
        YES_NO = "yes_no", _("Có/Không")
        TEXT = "text", _("Văn bản")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng tổng")
        AVERAGE = "average", _("Trung bình cộng")
        RATE = "rate", _("Tỷ lệ (tử số ÷ mẫu số)")
        COUNT = "count", _("Đếm số đơn vị đạt điều kiện")
        LATEST = "latest", _("Giá trị mới nhất")
        NONE = "none", _("Không tổng hợp")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Càng cao càng tốt")
        LOWER = "lower", _("Càng thấp càng tốt")
        NONE = "none", _("Không so sánh")

    NUMERIC = (ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENTAGE)
    # The aggregations each type of value allows. A percentage is never added up (the rate of
    # a province is not the sum of its communes' rates); yes/no and text have no arithmetic.
    AGGREGATIONS = {
        ValueType.INTEGER: (
            Aggregation.SUM,
            Aggregation.AVERAGE,
            Aggregation.COUNT,
            Aggregation.LATEST,
            Aggregation.NONE,
        ),
        ValueType.DECIMAL: (
            Aggregation.SUM,
            Aggregation.AVERAGE,
            Aggregation.RATE,
            Aggregation.COUNT,
            Aggregation.LATEST,
            Aggregation.NONE,
        ),
        ValueType.PERCENTAGE: (
            Aggregation.AVERAGE,
            Aggregation.RATE,
            Aggregation.COUNT,
            Aggregation.LATEST,
            Aggregation.NONE,
        ),
        ValueType.YES_NO: (Aggregation.COUNT, Aggregation.LATEST, Aggregation.NONE),
        ValueType.TEXT: (Aggregation.LATEST, Aggregation.NONE),
    }

    code = models.CharField(
        _("mã chỉ tiêu"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("Chữ in hoa không dấu, chữ số, dấu chấm hoặc gạch; ví dụ TG.BUOI."),
    )
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(
        _("đơn vị tính"),
        max_length=40,
        blank=True,
        help_text=_(
            "Ví dụ: buổi, lượt người, hộ, %. Với chỉ tiêu đếm số đơn vị đạt điều kiện, là đơn "
            "vị được đếm (xã, trường)."
        ),
    )
    value_type = models.CharField(_("kiểu giá trị"), max_length=20, choices=ValueType.choices)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=20, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("tử số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rates_as_numerator",
        help_text=_("Chỉ với cách tổng hợp tỷ lệ: chỉ tiêu số được cộng tổng."),
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("mẫu số"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rates_as_denominator",
        help_text=_("Chỉ với cách tổng hợp tỷ lệ: chỉ tiêu số được cộng tổng."),
    )
    rate_factor = models.PositiveIntegerField(
        _("hệ số nhân của tỷ lệ"),
        null=True,
        blank=True,
        help_text=_(
            "Chỉ với tỷ lệ kiểu số thập phân, ví dụ 10000 cho «số bác sĩ trên 10.000 dân»; "
            "tỷ lệ phần trăm luôn nhân 100."
        ),
    )
    condition_operator = models.CharField(
        _("điều kiện: phép so sánh"),
        max_length=2,
        choices=Comparison.choices,
        blank=True,
        help_text=_("Chỉ với cách tổng hợp đếm số đơn vị đạt điều kiện."),
    )
    condition_value = models.DecimalField(
        _("điều kiện: giá trị so sánh"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text=_("Với chỉ tiêu Có/Không: 1 là Có, 0 là Không."),
    )
    direction = models.CharField(
        _("chiều đánh giá"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    allow_negative = models.BooleanField(
        _("nhận giá trị âm"),
        default=False,
        help_text=_("Chỉ với số nguyên hoặc số thập phân, ví dụ mức tăng, giảm so với kỳ trước."),
    )
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    description = models.TextField(
        _("định nghĩa, cách tính"),
        blank=True,
        help_text=_("Nội dung chỉ tiêu, phạm vi và cách thu thập số liệu."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    AUDITED_FIELDS = (
        "code",
        "name",
        "unit",
        "value_type",
        "aggregation",
        "numerator",
        "denominator",
        "rate_factor",
        "condition_operator",
        "condition_value",
        "direction",
        "allow_negative",
        "field",
        "description",
        "valid_from",
        "valid_to",
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_value_type_display(self) -> str:
        return choice_label(self.ValueType, self.value_type)

    def get_aggregation_display(self) -> str:
        return choice_label(self.Aggregation, self.aggregation)

    def get_direction_display(self) -> str:
        return choice_label(self.Direction, self.direction)

    @property
    def is_numeric(self) -> bool:
        return self.value_type in self.NUMERIC

    @property
    def is_rate(self) -> bool:
        return self.aggregation == self.Aggregation.RATE

    @property
    def is_entered(self) -> bool:
        """Whether a unit types its value; a rate is computed from its numerator and
        denominator."""
        return not self.is_rate

    @property
    def is_summable_number(self) -> bool:
        """What a rate's numerator and denominator must be: a whole or decimal number that
        adds up (a rate rolls up as the sum of numerators over the sum of denominators)."""
        return (
            self.value_type in (self.ValueType.INTEGER, self.ValueType.DECIMAL)
            and self.aggregation == self.Aggregation.SUM
        )

    @property
    def rate_multiplier(self) -> int:
        """A rate's value is numerator ÷ denominator × this: 100 for a percentage."""
        if self.value_type == self.ValueType.PERCENTAGE:
            return 100
        return self.rate_factor or 1

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self._check_aggregation(errors)
        self._check_rate(errors)
        self._check_condition(errors)
        if self.value_type == self.ValueType.TEXT and self.direction != self.Direction.NONE:
            errors.setdefault("direction", []).append(
                _t("Chỉ tiêu văn bản không so sánh cao thấp: chọn «Không so sánh».")
            )
        if self.allow_negative and self.value_type not in (
            self.ValueType.INTEGER,
            self.ValueType.DECIMAL,
        ):
            errors.setdefault("allow_negative", []).append(
                _t("Chỉ số nguyên hoặc số thập phân mới có thể nhận giá trị âm.")
            )
        check_validity_dates(self, errors)
        if self.pk and not any(errors.values()):
            self._check_dependents(errors)
        raise_errors(errors)

    def _check_aggregation(self, errors: dict) -> None:
        allowed = self.AGGREGATIONS.get(self.value_type)
        if not allowed or not self.aggregation or self.aggregation in allowed:
            return
        errors.setdefault("aggregation", []).append(
            _t(
                "Chỉ tiêu kiểu «%(type)s» không tổng hợp theo cách «%(aggregation)s» được; "
                "hãy chọn: %(allowed)s."
            )
            % {
                "type": self.get_value_type_display(),
                "aggregation": self.get_aggregation_display(),
                "allowed": ", ".join(choice_label(self.Aggregation, a) for a in allowed),
            }
        )

    def _check_rate(self, errors: dict) -> None:
        if not self.is_rate:
            given = (
                ("numerator", self.numerator_id),
                ("denominator", self.denominator_id),
                ("rate_factor", self.rate_factor),
            )
            for name, value in given:
                if value is not None:
                    errors.setdefault(name, []).append(
                        _t("Chỉ nhập tử số, mẫu số, hệ số nhân khi cách tổng hợp là tỷ lệ.")
                    )
            return
        for name, missing in (
            ("numerator", _t("Tỷ lệ cần chỉ tiêu tử số.")),
            ("denominator", _t("Tỷ lệ cần chỉ tiêu mẫu số.")),
        ):
            part_id = getattr(self, f"{name}_id")
            if part_id is None:
                errors.setdefault(name, []).append(missing)
            elif self.pk and part_id == self.pk:
                errors.setdefault(name, []).append(
                    _t("Tỷ lệ không lấy chính nó làm tử số hay mẫu số.")
                )
            elif not getattr(self, name).is_summable_number:
                errors.setdefault(name, []).append(
                    _t(
                        "«%(name)s» phải là chỉ tiêu số nguyên hoặc số thập phân, tổng hợp bằng "
                        "cách cộng tổng (tỷ lệ của đơn vị cấp trên = tổng tử số ÷ tổng mẫu số)."
                    )
                    % {"name": getattr(self, name).name}
                )
        if self.numerator_id and self.numerator_id == self.denominator_id:
            errors.setdefault("denominator", []).append(
                _t("Tử số và mẫu số phải là hai chỉ tiêu khác nhau.")
            )
        if self.rate_factor is not None and self.value_type != self.ValueType.DECIMAL:
            errors.setdefault("rate_factor", []).append(
                _t("Tỷ lệ phần trăm luôn nhân 100: bỏ trống hệ số nhân.")
            )

    def _check_condition(self, errors: dict) -> None:
        operator, value = self.condition_operator, self.condition_value
        if self.aggregation != self.Aggregation.COUNT:
            if operator or value is not None:
                errors.setdefault("condition_operator", []).append(
                    _t("Chỉ nêu điều kiện khi cách tổng hợp là đếm số đơn vị đạt điều kiện.")
                )
            return
        if not operator or value is None:
            errors.setdefault("condition_operator", []).append(
                _t(
                    "Đếm số đơn vị đạt điều kiện cần nêu điều kiện: phép so sánh và giá trị, "
                    "ví dụ «≥ 1»."
                )
            )
            return
        if self.value_type == self.ValueType.YES_NO and (
            operator not in (Comparison.EQ, Comparison.NE) or value not in (0, 1)
        ):
            errors.setdefault("condition_value", []).append(
                _t("Với chỉ tiêu Có/Không, điều kiện là «= 1» (Có) hoặc «= 0» (Không).")
            )
        if self.value_type == self.ValueType.PERCENTAGE and not 0 <= value <= 100:
            errors.setdefault("condition_value", []).append(
                _t("Giá trị so sánh của tỷ lệ phần trăm phải từ 0 đến 100.")
            )

    def _check_dependents(self, errors: dict) -> None:
        """A change may not break what refers to this indicator: the rates it is a part of, the
        rules of forms that compare it, the forms that hold it as a rate."""
        rates = Indicator.objects.filter(
            models.Q(numerator_id=self.pk) | models.Q(denominator_id=self.pk)
        ).exclude(pk=self.pk)
        rate = rates.first() if not self.is_summable_number else None
        if rate is not None:
            errors.setdefault("aggregation", []).append(
                _t(
                    "Chỉ tiêu này là tử số hoặc mẫu số của tỷ lệ «%(rate)s»: phải giữ kiểu số "
                    "nguyên hoặc số thập phân và cách tổng hợp cộng tổng."
                )
                % {"rate": rate.name}
            )
        if not self.is_numeric or self.is_rate:
            from .forms import FormRule

            rule = (
                FormRule.objects.filter(models.Q(left_id=self.pk) | models.Q(right_id=self.pk))
                .select_related("report_form")
                .first()
            )
            if rule is not None:
                errors.setdefault("value_type", []).append(
                    _t(
                        "Chỉ tiêu này có trong quy tắc kiểm tra của biểu mẫu «%(form)s»: phải giữ "
                        "kiểu số và được nhập trực tiếp (không phải tỷ lệ)."
                    )
                    % {"form": rule.report_form.name}
                )
        if self.is_rate:
            self._check_forms_hold_parts(errors)

    def _check_forms_hold_parts(self, errors: dict) -> None:
        from .forms import FormItem, ReportForm

        parts = {self.numerator_id, self.denominator_id}
        form_ids = set(
            FormItem.objects.filter(indicator_id=self.pk).values_list("report_form_id", flat=True)
        )
        held: dict[int, set[int]] = {form_id: set() for form_id in form_ids}
        for form_id, indicator_id in FormItem.objects.filter(
            report_form_id__in=form_ids, indicator_id__in=parts
        ).values_list("report_form_id", "indicator_id"):
            held[form_id].add(indicator_id)
        lacking = sorted(form_id for form_id, found in held.items() if found != parts)
        if lacking:
            form = ReportForm.objects.get(pk=lacking[0])
            errors.setdefault("numerator", []).append(
                _t(
                    "Biểu mẫu «%(form)s» có chỉ tiêu này nhưng chưa có đủ tử số và mẫu số mới: "
                    "hãy thêm chúng vào biểu mẫu trước."
                )
                % {"form": form.name}
            )
