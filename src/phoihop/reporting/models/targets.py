"""Targets (chỉ tiêu kế hoạch, issue 16 item 6): the value an indicator should reach for one
organisation or one area, in one year or over a term (2021–2025, 2026–2030).

A target is set by an organisation (`owner`, «đơn vị giao chỉ tiêu»): usually the propaganda
department for the units that report to it, or an organisation for itself. Its people read and
change the targets it set; the target's organisation reads its own. Results are computed from
accepted reports (`reporting.targets`), never stored here.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.org.models import Area, Organization

from .indicators import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS, Indicator, raise_errors

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_TERM_YEARS = 10


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TargetQuerySet":
        """The targets set by an organisation in the user's scope, and those set for one."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        scope = Organization.objects.within_scope_of(user).values("pk")
        return self.filter(Q(owner__in=scope) | Q(organization__in=scope))

    def covering(self, year: int) -> "TargetQuerySet":
        return self.filter(start_year__lte=year, end_year__gte=year)


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="targets"
    )
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị giao chỉ tiêu"),
        on_delete=models.PROTECT,
        related_name="targets_set",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("hoặc địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(
        _("đến năm"),
        help_text=_("Bằng «từ năm» với chỉ tiêu một năm; ví dụ 2026–2030 cho nhiệm kỳ."),
    )
    value = models.DecimalField(
        _("giá trị chỉ tiêu"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    AUDITED_FIELDS = (
        "indicator",
        "owner",
        "organization",
        "area",
        "start_year",
        "end_year",
        "value",
        "note",
    )

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["-end_year", "indicator", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organization", "start_year", "end_year"],
                condition=Q(organization__isnull=False),
                name="reporting_one_target_per_organization",
                violation_error_message=_("Đơn vị đã có chỉ tiêu này cho cùng năm, nhiệm kỳ."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "area", "start_year", "end_year"],
                condition=Q(area__isnull=False),
                name="reporting_one_target_per_area",
                violation_error_message=_("Địa bàn đã có chỉ tiêu này cho cùng năm, nhiệm kỳ."),
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False, area__isnull=True)
                | Q(organization__isnull=True, area__isnull=False),
                name="reporting_target_of_organization_or_area",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "-end_year"]),
            models.Index(fields=["organization", "-end_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.years_label}: {self.value}"

    @property
    def is_term(self) -> bool:
        return self.end_year > self.start_year

    @property
    def years_label(self) -> str:
        if self.is_term:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)

    @property
    def subject(self):
        """The organisation or area the target is for."""
        return self.organization if self.organization_id else self.area

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if bool(self.organization_id) == bool(self.area_id):
            errors["organization"] = [_t("Chọn một đơn vị thực hiện, hoặc một địa bàn.")]
        for name in ("start_year", "end_year"):
            year = getattr(self, name)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                errors.setdefault(name, []).append(
                    _t("Năm từ %(first)s đến %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
                )
        if self.start_year and self.end_year and not errors.get("end_year"):
            if self.end_year < self.start_year:
                errors["end_year"] = [_t("Năm kết thúc phải sau hoặc bằng năm bắt đầu.")]
            elif self.end_year - self.start_year >= MAX_TERM_YEARS:
                errors["end_year"] = [
                    _t("Một nhiệm kỳ dài tối đa %(n)s năm.") % {"n": MAX_TERM_YEARS}
                ]
        if self.indicator_id and self.value is not None:
            problem = value_problem(self.indicator, self.value)
            if problem:
                errors["value"] = [problem]
        raise_errors(errors)


def value_problem(indicator: Indicator, value) -> str | None:
    """Why `value` cannot be a target of `indicator`, or None."""
    if indicator.value_type == Indicator.ValueType.TEXT:
        return _t("Chỉ tiêu dạng văn bản không đặt được giá trị kế hoạch.")
    if value < 0 and not indicator.allow_negative:
        return _t("Giá trị không được âm.")
    if indicator.value_type == Indicator.ValueType.INTEGER and value != int(value):
        return _t("Chỉ tiêu này là số nguyên.")
    if indicator.value_type == Indicator.ValueType.PERCENTAGE and not 0 <= value <= 100:
        return _t("Tỷ lệ phần trăm từ 0 đến 100.")
    if indicator.value_type == Indicator.ValueType.YES_NO and value not in (0, 1):
        return _t("Chỉ tiêu Có/Không nhận 1 (Có) hoặc 0 (Không).")
    return None
