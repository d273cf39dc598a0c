"""How long a citizen's contact details are kept after their case is closed, per kind of case
(Law 91/2025/QH15: personal data is deleted when its retention period ends). Editable by
system administrators; `retention.anonymise_expired` applies it every night."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Kind


class RetentionRule(models.Model):
    kind = models.CharField(_("loại vụ việc"), max_length=12, choices=Kind.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("giữ thông tin liên hệ (tháng sau khi đóng)"))
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    AUDITED_FIELDS = ("kind", "months", "note")

    class Meta:
        verbose_name = _("thời hạn lưu thông tin liên hệ")
        verbose_name_plural = _("thời hạn lưu thông tin liên hệ theo loại vụ việc")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.months}"

    def clean(self) -> None:
        if self.months is not None and not 1 <= self.months <= 600:
            raise ValidationError({"months": _("Từ 1 đến 600 tháng.")})
