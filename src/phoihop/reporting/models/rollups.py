"""Roll-ups of accepted values (issue 16, item 7; docs/adr/0018-rollups-storage.md).

`Rollup` holds, per indicator × calendar × period × area, the additive parts of the accepted
values reported in that area or below it, as the area stood when the value was reported: a
commune's value counts in the commune, its district and its province of that time. Rows are
changed in place when a submission is accepted or reopened (`reporting.rollups`), so a total is
current the moment a value is accepted. The nation is not a row (every accept in the country
would queue on it): it is the sum of the province rows, read at request time.

`AreaSuccessionShare` says how much of an old area's figures goes to each of its successors
(an old commune divided in 2025); the merger itself is rolled at read time
(`reporting.analytics`), so a share edited today changes every past series at once.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.org.models import Area

from .indicators import Indicator
from .submissions import PERIOD_CODE_MAX_LENGTH, Submission

# Sums of many values: room for a nation's worth of 20-digit values.
TOTAL_MAX_DIGITS = 28
TOTAL_DECIMAL_PLACES = 4


def _total(label):
    return models.DecimalField(
        label,
        max_digits=TOTAL_MAX_DIGITS,
        decimal_places=TOTAL_DECIMAL_PLACES,
        default=Decimal(0),
    )


class Rollup(models.Model):
    # No index of their own on the foreign keys: the unique constraint below starts with the
    # indicator, and areas are never deleted (history is data); at national scale each spare
    # index would be another gigabyte written on every accept.
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    calendar = models.CharField(_("lịch"), max_length=10)
    period_code = models.CharField(_("kỳ"), max_length=PERIOD_CODE_MAX_LENGTH)
    area = models.ForeignKey(
        Area, verbose_name=_("địa bàn"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The additive parts. `units`: reporting units with a value; `total`: the sum of their
    # numbers (sum, average); `meeting`: how many met the indicator's condition (count);
    # `numerator`/`denominator`: the sums of a rate's two parts over the units that gave both.
    units = models.IntegerField(_("số đơn vị có số liệu"), default=0)
    total = _total(_("tổng"))
    meeting = models.IntegerField(_("số đơn vị đạt điều kiện"), default=0)
    numerator = _total(_("tổng tử số"))
    denominator = _total(_("tổng mẫu số"))
    # The most recently accepted value (aggregation "latest"), with its submission, so that
    # reopening that submission knows to look for the one before it.
    latest_number = models.DecimalField(
        _("giá trị mới nhất"),
        max_digits=TOTAL_MAX_DIGITS,
        decimal_places=TOTAL_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    latest_text = models.TextField(_("giá trị văn bản mới nhất"), blank=True)
    latest_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    latest_submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [
            # Also the index every read goes through: one indicator, one calendar, a set of
            # areas, each with its periods side by side (a range of codes: one descent of the
            # index per area, not one per area and period).
            models.UniqueConstraint(
                fields=["indicator", "calendar", "area", "period_code"],
                name="reporting_one_rollup_per_cell",
            )
        ]
        indexes = [
            # Only the few cells of "latest" indicators name a submission.
            models.Index(
                fields=["latest_submission"],
                condition=models.Q(latest_submission__isnull=False),
                name="reporting_rollup_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.calendar}/{self.period_code}/{self.area_id}"


SHARE_DECIMAL_PLACES = 4


class AreaSuccessionShare(models.Model):
    """The share of an old area's figures that goes to one of its successors. Without any row
    for an old area, all of it goes to its principal successor (`reporting.analytics`)."""

    predecessor = models.ForeignKey(
        Area, verbose_name=_("địa bàn cũ"), on_delete=models.CASCADE, related_name="+"
    )
    successor = models.ForeignKey(
        Area, verbose_name=_("địa bàn kế thừa"), on_delete=models.CASCADE, related_name="+"
    )
    share = models.DecimalField(
        _("tỷ lệ (%)"),
        max_digits=7,
        decimal_places=SHARE_DECIMAL_PLACES,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Phần trăm số liệu của địa bàn cũ được tính cho địa bàn kế thừa này."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    AUDITED_FIELDS = ("predecessor", "successor", "share")

    class Meta:
        verbose_name = _("tỷ lệ kế thừa số liệu")
        verbose_name_plural = _("tỷ lệ kế thừa số liệu")
        ordering = ["predecessor", "successor"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="reporting_one_share_per_succession",
                violation_error_message=_("Đã có tỷ lệ cho cặp địa bàn này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}: {self.share}%"

    def clean(self) -> None:
        if not (self.predecessor_id and self.successor_id):
            return
        linked = Area.successors.through.objects.filter(
            from_area_id=self.predecessor_id, to_area_id=self.successor_id
        ).exists()
        if not linked:
            raise ValidationError(
                {
                    "successor": _t("«%(new)s» không phải địa bàn kế thừa của «%(old)s».")
                    % {"new": self.successor, "old": self.predecessor}
                }
            )
        others = AreaSuccessionShare.objects.filter(predecessor_id=self.predecessor_id).exclude(
            pk=self.pk
        ).aggregate(total=models.Sum("share"))["total"] or Decimal(0)
        if self.share is not None and others + self.share > 100:
            raise ValidationError(
                {
                    "share": _t(
                        "Tổng tỷ lệ các địa bàn kế thừa của «%(old)s» vượt quá 100%% "
                        "(các tỷ lệ khác đã là %(others)s%%)."
                    )
                    % {"old": self.predecessor, "others": f"{others.normalize():f}"}
                }
            )
