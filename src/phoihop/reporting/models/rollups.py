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


# The current structure (docs/adr/0023-rollups-in-the-current-structure.md) -----------------

# Fractions of a share (a percentage with 4 places, divided by the sum of the shares) and the
# parts multiplied by them: more places than the as-reported rows, so that summing stored
# products gives the read-time mapping's answer to its 4 shown places.
SHARE_FRACTION_PLACES = 10
CURRENT_PLACES = 8


def _current_total(label):
    return models.DecimalField(
        label,
        max_digits=TOTAL_MAX_DIGITS + CURRENT_PLACES - TOTAL_DECIMAL_PLACES,
        decimal_places=CURRENT_PLACES,
        default=Decimal(0),
    )


class StructureLink(models.Model):
    """How much of an area's figures counts in an area of the current structure: every area
    valid on the day the structure was built counts wholly in itself; an earlier area in its
    successors valid then, by share (`AreaSuccessionShare`, else wholly in its principal
    successor), followed transitively. `principal`: the one target where its reporting units
    are counted (units, "34/34 xã", latest value). Written only by `reporting.structure`."""

    source = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    target = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    fraction = models.DecimalField(max_digits=SHARE_FRACTION_PLACES + 1, decimal_places=10)
    principal = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("liên kết địa bàn với cơ cấu hiện hành")
        verbose_name_plural = _("liên kết địa bàn với cơ cấu hiện hành")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="reporting_one_structure_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}: {self.fraction}"


class CurrentStructure(models.Model):
    """The one row saying for which structure `StructureLink` and `CurrentRollup` were built:
    they answer for an "as of" date in [valid_since, valid_until) while `stale` is false (an
    area or a successor link saved since sets it)."""

    built_at = models.DateTimeField()
    valid_since = models.DateField(null=True)
    valid_until = models.DateField(null=True)
    stale = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("cơ cấu địa bàn của số liệu tổng hợp")
        verbose_name_plural = _("cơ cấu địa bàn của số liệu tổng hợp")

    def __str__(self) -> str:
        return f"{self.valid_since}–{self.valid_until}{' (stale)' if self.stale else ''}"

    def covers(self, day) -> bool:
        return (
            not self.stale
            and (self.valid_since is None or self.valid_since <= day)
            and (self.valid_until is None or day < self.valid_until)
        )


class CurrentRollup(models.Model):
    """`Rollup` in the current structure: per indicator × calendar × period × area valid today,
    the parts of every accepted value that counts there, its own and its predecessors' (by
    share). Derived from `Rollup` through `StructureLink` (`reporting.structure`): rewritten
    cell by cell when a submission is accepted or reopened, for the areas concerned when a share
    changes, wholly when the structure does. A pivot in today's structure reads these rows and
    nothing else."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    calendar = models.CharField(max_length=10)
    period_code = models.CharField(max_length=PERIOD_CODE_MAX_LENGTH)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    units = models.IntegerField(default=0)  # counted once, in the principal target
    weight = _current_total("weight")  # units × fraction: an average's divisor
    total = _current_total("total")
    meeting = models.IntegerField(default=0)
    numerator = _current_total("numerator")
    denominator = _current_total("denominator")
    latest_number = models.DecimalField(
        max_digits=TOTAL_MAX_DIGITS, decimal_places=TOTAL_DECIMAL_PLACES, null=True, blank=True
    )
    latest_text = models.TextField(blank=True)
    latest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cơ cấu hiện hành")
        verbose_name_plural = _("số liệu tổng hợp theo cơ cấu hiện hành")
        constraints = [
            # The read index, as Rollup's: one area's periods side by side; covering the
            # parts, so a pivot reads the index alone (an index-only scan: its rows are
            # written in the order of the changes, each cell of a pivot on another page).
            models.UniqueConstraint(
                fields=["indicator", "calendar", "area", "period_code"],
                include=["units", "weight", "total", "meeting", "numerator", "denominator"],
                name="reporting_one_current_rollup_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.calendar}/{self.period_code}/{self.area_id} (now)"
