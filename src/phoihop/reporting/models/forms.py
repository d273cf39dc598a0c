"""Report forms (biểu mẫu): ordered sections, each either figures (indicators) or a narrative
(tình hình tư tưởng, dư luận xã hội; kết quả thực hiện; khó khăn, vướng mắc; đề xuất, kiến
nghị), and validation rules between the figures stored as data.

A form's rows are edited together (the admin's inlines, the services), so what spans several
rows — an indicator once per form, a rate with its numerator and denominator, rules over the
form's own indicators — is `structure_problems`, one function that both ask about the rows as
they will be saved.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label

from .. import checks
from .indicators import (
    CODE_MAX_LENGTH,
    VALUE_DECIMAL_PLACES,
    VALUE_MAX_DIGITS,
    Comparison,
    Indicator,
    code_validator,
    raise_errors,
)


class ReportForm(models.Model):
    code = models.CharField(
        _("mã biểu mẫu"),
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[code_validator],
        help_text=_("Ví dụ: XA.THANG."),
    )
    name = models.CharField(_("tên biểu mẫu"), max_length=300)
    description = models.TextField(
        _("hướng dẫn"), blank=True, help_text=_("Hướng dẫn chung cho người lập báo cáo.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The rows edited with the form are audited with it, each as its text.
    AUDITED_FIELDS = ("code", "name", "description", "sections", "items", "rules")

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def structure_problems(self) -> dict[str, list[str]]:
        """What is wrong across the form's saved rows (see `structure_problems`)."""
        return structure_problems(
            list(self.sections.all()),
            list(self.items.select_related("indicator")),
            list(self.rules.select_related("left", "right")),
        )

    def spec(self) -> checks.FormSpec:
        """The form as the value checker reads it (`checks.check_values`): three queries."""
        sections = list(self.sections.all())
        items = list(
            self.items.select_related("indicator__numerator", "indicator__denominator").order_by(
                "position", "pk"
            )
        )
        rules = list(self.rules.select_related("left", "right"))
        by_section: dict[int, list[FormItem]] = {}
        for item in items:
            by_section.setdefault(item.section_id, []).append(item)
        fields: list[checks.FieldSpec] = []
        for section in sections:
            if section.kind == FormSection.Kind.NARRATIVE:
                fields.append(
                    checks.FieldSpec(
                        key=section.code,
                        label=section.title,
                        section=section.title,
                        required=section.required,
                    )
                )
                continue
            for item in by_section.get(section.pk, []):
                fields.append(
                    checks.FieldSpec(
                        key=item.indicator.code,
                        label=item.indicator.name,
                        section=section.title,
                        required=item.required,
                        indicator=indicator_spec(item.indicator),
                    )
                )
        return checks.FormSpec(
            code=self.code,
            name=self.name,
            fields=tuple(fields),
            rules=tuple(
                checks.RuleSpec(
                    left=rule.left.code,
                    operator=rule.operator,
                    right=rule.right.code if rule.right_id else None,
                    right_value=rule.right_value,
                    message=rule.message,
                )
                for rule in rules
            ),
        )


def indicator_spec(indicator: Indicator) -> checks.IndicatorSpec:
    rate = indicator.is_rate
    return checks.IndicatorSpec(
        code=indicator.code,
        name=indicator.name,
        value_type=indicator.value_type,
        allow_negative=indicator.allow_negative,
        numerator=indicator.numerator.code if rate else None,
        denominator=indicator.denominator.code if rate else None,
        multiplier=indicator.rate_multiplier if rate else 1,
    )


class FormSection(models.Model):
    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Số liệu (các chỉ tiêu)")
        NARRATIVE = "narrative", _("Phần viết")

    report_form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại phần"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    code = models.CharField(
        _("mã phần"),
        max_length=CODE_MAX_LENGTH,
        blank=True,
        validators=[code_validator],
        help_text=_("Bắt buộc với phần viết (tên trường khi nhập, xuất), ví dụ KHOKHAN."),
    )
    guidance = models.TextField(_("gợi ý nội dung"), blank=True)
    required = models.BooleanField(
        _("bắt buộc viết"), default=True, help_text=_("Chỉ với phần viết.")
    )

    class Meta:
        verbose_name = _("phần của biểu mẫu")
        verbose_name_plural = _("các phần của biểu mẫu")
        ordering = ["report_form", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_form", "code"],
                condition=~Q(code=""),
                name="reporting_one_section_per_code",
                violation_error_message=_("Mỗi mã phần chỉ dùng một lần trong một biểu mẫu."),
            )
        ]

    def __str__(self) -> str:
        label = f"{self.position}. {self.title}"
        if self.kind == self.Kind.NARRATIVE:
            kind = _t("phần viết, bắt buộc") if self.required else _t("phần viết, không bắt buộc")
            return f"{label} [{self.code}, {kind}]"
        return label

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def clean(self) -> None:
        if self.kind == self.Kind.NARRATIVE and not self.code:
            raise ValidationError(
                {"code": _t("Phần viết cần có mã (dùng làm tên trường khi nhập, xuất số liệu).")}
            )


class FormItem(models.Model):
    report_form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        FormSection, verbose_name=_("thuộc phần"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu"),
        on_delete=models.PROTECT,
        related_name="form_items",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự trong phần"), default=0)
    required = models.BooleanField(
        _("bắt buộc nhập"),
        default=True,
        help_text=_("Tỷ lệ được tính tự động, không nhập trực tiếp."),
    )

    # Read with these when a form's rows are audited (core.audit.snapshot): its text names them.
    AUDIT_SELECT_RELATED = ("indicator", "section")

    class Meta:
        verbose_name = _("chỉ tiêu trong biểu mẫu")
        verbose_name_plural = _("các chỉ tiêu trong biểu mẫu")
        ordering = ["report_form", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_form", "indicator"],
                name="reporting_indicator_once_per_form",
                violation_error_message=_("Mỗi chỉ tiêu chỉ có một lần trong một biểu mẫu."),
            )
        ]

    def __str__(self) -> str:
        required = _t("bắt buộc") if self.required else _t("không bắt buộc")
        return f"{self.indicator.code} ({required}) — {self.section.title}"


class FormRule(models.Model):
    """A check between values of one submission, e.g. a part ≤ its total: `left operator
    right`, where right is another indicator of the form or a constant."""

    report_form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.CASCADE, related_name="rules"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    left = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="rules_as_left",
    )
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Comparison.choices)
    right = models.ForeignKey(
        Indicator,
        verbose_name=_("so với chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules_as_right",
    )
    right_value = models.DecimalField(
        _("hoặc so với giá trị"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    message = models.CharField(
        _("thông báo khi sai"),
        max_length=300,
        blank=True,
        help_text=_(
            "Hiện cạnh ô nhập của chỉ tiêu được kiểm tra; để trống thì dùng câu mặc định, "
            "ví dụ «Số hộ nghèo» phải nhỏ hơn hoặc bằng «Tổng số hộ dân cư»."
        ),
    )

    AUDIT_SELECT_RELATED = ("left", "right")

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        ordering = ["report_form", "position", "pk"]

    def __str__(self) -> str:
        right = self.right.code if self.right_id else checks.format_number(self.right_value)
        return f"{self.left.code} {self.get_operator_display()} {right}"

    def get_operator_display(self) -> str:
        return choice_label(Comparison, self.operator)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if (self.right_id is None) == (self.right_value is None):
            errors["right"] = [
                _t("So sánh với một chỉ tiêu khác hoặc với một giá trị: chọn đúng một trong hai.")
            ]
        if self.left_id and self.left_id == self.right_id:
            errors["right"] = [_t("Không so sánh một chỉ tiêu với chính nó.")]
        message = _t(
            "Quy tắc chỉ so sánh chỉ tiêu kiểu số được nhập trực tiếp (không phải tỷ lệ); "
            "«%(name)s» không phải."
        )
        for name in ("left", "right"):
            indicator = getattr(self, name) if getattr(self, f"{name}_id") else None
            if indicator is not None and (not indicator.is_numeric or indicator.is_rate):
                errors.setdefault(name, []).append(message % {"name": indicator.name})
        raise_errors(errors)


def structure_problems(
    sections: list[FormSection], items: list[FormItem], rules: list[FormRule]
) -> dict[str, list[str]]:
    """What is wrong across a form's rows as they will be saved, as {"sections" | "items" |
    "rules": [messages]}; empty when nothing is. Items name their section by id (a section new
    in the same change cannot hold items yet) and carry their indicators; rules carry theirs."""
    problems: dict[str, list[str]] = {"sections": [], "items": [], "rules": []}
    codes = Counter(section.code for section in sections if section.code)
    for code, count in sorted(codes.items()):
        if count > 1:
            problems["sections"].append(_t("Mã phần «%(code)s» bị trùng.") % {"code": code})
    held = {item.indicator.code: item.indicator for item in items}
    for code in sorted(set(codes) & set(held)):
        problems["sections"].append(
            _t("Mã phần «%(code)s» trùng mã một chỉ tiêu của biểu mẫu.") % {"code": code}
        )
    final = {section.pk: section for section in sections if section.pk}
    repeated = Counter(item.indicator_id for item in items)
    for item in items:
        section = final.get(item.section_id)
        indicator = item.indicator
        if section is None:
            problems["items"].append(
                _t(
                    "«%(indicator)s» thuộc một phần không còn trong biểu mẫu: hãy xóa chỉ tiêu "
                    "hoặc chuyển sang phần khác trước khi xóa phần."
                )
                % {"indicator": indicator.name}
            )
        elif section.kind != FormSection.Kind.INDICATORS:
            problems["items"].append(
                _t("«%(indicator)s» chỉ đặt được trong phần số liệu, không phải «%(section)s».")
                % {"indicator": indicator.name, "section": section.title}
            )
        if repeated[item.indicator_id] > 1:
            problems["items"].append(
                _t("Chỉ tiêu «%(indicator)s» có hơn một lần trong biểu mẫu.")
                % {"indicator": indicator.name}
            )
            repeated[item.indicator_id] = 1  # said once
        if indicator.is_rate and not {indicator.numerator_id, indicator.denominator_id} <= {
            other.indicator_id for other in items
        }:
            problems["items"].append(
                _t(
                    "Tỷ lệ «%(rate)s» được tính từ «%(numerator)s» và «%(denominator)s»: biểu "
                    "mẫu cần có cả hai chỉ tiêu này."
                )
                % {
                    "rate": indicator.name,
                    "numerator": indicator.numerator.name,
                    "denominator": indicator.denominator.name,
                }
            )
    held_ids = {item.indicator_id for item in items}
    for rule in rules:
        for indicator_id, indicator in ((rule.left_id, rule.left), (rule.right_id, rule.right)):
            if indicator_id is not None and indicator_id not in held_ids:
                problems["rules"].append(
                    _t(
                        "Quy tắc «%(rule)s» so sánh «%(indicator)s», chỉ tiêu không có trong "
                        "biểu mẫu."
                    )
                    % {"rule": rule, "indicator": indicator.name}
                )
    return {key: messages for key, messages in problems.items() if messages}
