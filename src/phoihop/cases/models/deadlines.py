"""Statutory deadlines, per kind and channel, in working days (deadlines.py applies them)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Channel, Kind


class DeadlineRule(models.Model):
    """How many working days the department has to acknowledge and the responsible agency to
    answer, per kind and channel (blank: any). The most specific rule wins; rules marked for
    urgent hot spots apply only to those, and before any other."""

    kind = models.CharField(_("loại vụ việc"), max_length=12, choices=Kind.choices, blank=True)
    channel = models.CharField(
        _("kênh tiếp nhận"), max_length=12, choices=Channel.choices, blank=True
    )
    urgent_hot_spot = models.BooleanField(_("chỉ cho điểm nóng khẩn"), default=False)
    acknowledge_days = models.PositiveSmallIntegerField(
        _("xác nhận tiếp nhận trong (ngày làm việc)")
    )
    answer_days = models.PositiveSmallIntegerField(_("trả lời trong (ngày làm việc)"))
    note = models.CharField(_("căn cứ"), max_length=300, blank=True)

    AUDITED_FIELDS = (
        "kind",
        "channel",
        "urgent_hot_spot",
        "acknowledge_days",
        "answer_days",
        "note",
    )

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý theo loại và kênh")
        ordering = ["-urgent_hot_spot", "kind", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "channel", "urgent_hot_spot"], name="cases_one_deadline_rule"
            ),
            models.CheckConstraint(
                condition=Q(acknowledge_days__lte=models.F("answer_days")),
                name="cases_acknowledge_before_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display() or '*'} · {self.get_channel_display() or '*'}"

    def clean(self) -> None:
        if (
            self.acknowledge_days is not None
            and self.answer_days is not None
            and self.acknowledge_days > self.answer_days
        ):
            raise ValidationError(
                {"acknowledge_days": _("Thời hạn xác nhận không dài hơn thời hạn trả lời.")}
            )
        if self.answer_days is not None and not 1 <= self.answer_days <= 365:
            raise ValidationError({"answer_days": _("Từ 1 đến 365 ngày làm việc.")})


class CaseExtension(models.Model):
    """A request for more time to answer, with its reason, and the department leaders'
    decision. Approved, it sets the case's `extended_deadline`; the history stays."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        APPROVED = "approved", _("Đã chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="extensions")
    current_deadline = models.DateField(_("hạn hiện hành"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do đề nghị"))
    status = models.CharField(
        _("kết quả"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến xử lý"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn trả lời")
        verbose_name_plural = _("đề nghị gia hạn trả lời")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="cases_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.requested_deadline:%d/%m/%Y}"
