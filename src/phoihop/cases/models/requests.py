"""A person's request about their own data (Law 91/2025/QH15, yêu cầu của chủ thể dữ liệu): to
see it, correct it or delete it. Staff record it on the person's behalf against the item whose
contact details it concerns; it is answered within 72 hours (hours, not working days: the
handling time the decree set for such requests, docs/architecture.md), and reminded and shown
overdue until it is. Only the staff who may read the identity (permissions.can_see_identity)
see the requests: they name the person."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.links import object_url
from phoihop.org.models import Organization

from .cases import Case, Item

DUE_WITHIN = datetime.timedelta(hours=72)


class DataRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DataRequestQuerySet":
        """The requests of cases whose receiving department or lead organisation the user
        works for with a role that reads the identity, or leads from above."""
        from ..permissions import IDENTITY_ROLES

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        handled = Organization.objects.within_scope_of(user, IDENTITY_ROLES).values("pk")
        cases = Case.objects.filter(Q(department__in=handled) | Q(lead_organization__in=handled))
        return self.filter(case__in=cases.values("pk"))

    def open(self) -> "DataRequestQuerySet":
        return self.filter(status=DataRequest.Status.RECEIVED)

    def overdue(self, now: datetime.datetime | None = None) -> "DataRequestQuerySet":
        return self.open().filter(due_at__lt=now or timezone.now())


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Xem, nhận bản sao dữ liệu")
        CORRECT = "correct", _("Chỉnh sửa dữ liệu")
        DELETE = "delete", _("Xóa dữ liệu")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đang xử lý")
        DONE = "done", _("Đã đáp ứng")
        REFUSED = "refused", _("Từ chối, có lý do")

    case = models.ForeignKey(
        Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="data_requests"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("ý kiến có thông tin liên hệ"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    kind = models.CharField(_("loại yêu cầu"), max_length=8, choices=Kind.choices)
    requester = models.CharField(
        _("người yêu cầu"),
        max_length=200,
        help_text=_("Ví dụ: chính người gửi ý kiến, xác minh qua số điện thoại đã để lại."),
    )
    detail = models.TextField(_("nội dung yêu cầu"), blank=True)
    received_at = models.DateTimeField(_("thời điểm nhận yêu cầu"))
    due_at = models.DateTimeField(_("hạn xử lý"), editable=False)
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.TextField(_("kết quả, lý do"), blank=True)
    closed_at = models.DateTimeField(_("thời điểm xử lý xong"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataRequestQuerySet.as_manager()

    AUDITED_FIELDS = ("kind", "received_at", "due_at", "status", "closed_at")

    class Meta:
        verbose_name = _("yêu cầu về dữ liệu cá nhân")
        verbose_name_plural = _("yêu cầu về dữ liệu cá nhân")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        # Audit entries print this: never the requester's name.
        return _("Yêu cầu về dữ liệu cá nhân #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        self.due_at = self.received_at + DUE_WITHIN
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("cases:data_request_detail", self.pk)

    def get_kind_display(self) -> str:
        return choice_label(DataRequest.Kind, self.kind)

    def get_status_display(self) -> str:
        return choice_label(DataRequest.Status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.due_at < (now or timezone.now())
