"""The routing table, kept by system administrators: who answers what where."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.org.models import Area, Field, Organization


class RoutingRuleQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> "RoutingRuleQuerySet":
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class RoutingRule(models.Model):
    """Field of work × area → the organisation responsible for answering (as FixMyStreet's
    contacts). A rule for a commune wins over its province's. A change of responsibility ends
    the old rule (`valid_to`) and starts a new one, so the history stays readable."""

    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn (tỉnh hoặc xã)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=300, blank=True)

    objects = RoutingRuleQuerySet.as_manager()

    AUDITED_FIELDS = ("field", "area", "organization", "valid_from", "valid_to", "note")

    class Meta:
        verbose_name = _("quy tắc chuyển xử lý")
        verbose_name_plural = _("bảng chuyển xử lý (lĩnh vực × địa bàn)")
        ordering = ["field", "area", "-valid_from"]
        indexes = [models.Index(fields=["field", "area", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.field} · {self.area} → {self.organization}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(_("Ngày hết hiệu lực phải sau ngày bắt đầu."))
        if self.area_id and self.area.level not in (Area.Level.PROVINCE, Area.Level.COMMUNE):
            errors.setdefault("area", []).append(_("Chọn một tỉnh hoặc một xã, phường."))
        if self.field_id and self.area_id and self.valid_from and self._overlapping().exists():
            errors.setdefault("valid_from", []).append(
                _(
                    "Đã có quy tắc khác cho lĩnh vực và địa bàn này trong cùng thời gian: hãy "
                    "cho quy tắc cũ hết hiệu lực trước."
                )
            )
        if errors:
            raise ValidationError(errors)

    def _overlapping(self):
        others = RoutingRule.objects.filter(field_id=self.field_id, area_id=self.area_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if self.valid_to:
            others = others.filter(valid_from__lte=self.valid_to)
        return others
