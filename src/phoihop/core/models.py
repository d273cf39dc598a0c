"""Cross-cutting records with no domain meaning: audit trail, notifications, search index,
rate-limit counters, spreadsheet imports run by the worker.

core imports no domain app, so organisation scope is stored as plain values (id and tree path)
rather than a foreign key.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import choice_label


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit entries are immutable")

    def delete(self):
        raise PermissionDenied("Audit entries are immutable")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        ARCHIVE = "archive", _("Lưu trữ")
        RESTORE = "restore", _("Khôi phục")
        DELETE = "delete", _("Xóa")
        IMPORT = "import", _("Nhập dữ liệu")
        LOGIN = "login", _("Đăng nhập")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOCKOUT = "lockout", _("Tạm khóa đăng nhập")
        OTHER = "other", _("Khác")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    via = models.CharField(_("kênh"), max_length=10, blank=True)  # "web", "api", "cli"
    action = models.CharField(_("hành động"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    organization_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    message = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("Audit entries are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit entries are immutable")

    def get_action_display(self) -> str:
        return choice_label(self.Action, self.action)


class Notification(models.Model):
    """An in-app message for one user. `key` makes sending idempotent per recipient."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # "Cần xử lý": the recipient is asked to act (decide an extension request, …); the service
    # that takes the action marks it done, so the notification centre lists only what is open.
    needs_action = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    # The e-mail copy, tracked on the row so a re-run job or a sweep sends it once (see
    # core.notifications.deliver_email): requested, taken by a sender at, accepted by the server at.
    email_requested = models.BooleanField(default=False)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_requested=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
            # mark_done(key) finds the open ones of an event for every recipient at once
            models.Index(
                fields=["key"],
                condition=models.Q(needs_action=True, done_at__isnull=True),
                name="notification_open_action",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class WorkerHeartbeat(models.Model):
    """The last sign of life of a background worker (`phoihop db_worker`, see core.jobs). A job
    left running by a worker that stopped beating is taken up again by another worker."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tín hiệu của tiến trình nền")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class SearchDocument(models.Model):
    """One row per searchable object. `search_text` is folded (see core.text.fold) and indexed
    by SQLite FTS5 or a PostgreSQL tsvector GIN index, created in this app's migrations."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    kind = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=400)
    title_normalized = models.CharField(max_length=400)
    subtitle = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=400)
    search_text = models.TextField()
    boost = models.SmallIntegerField(default=0)

    class Meta:
        verbose_name = _("mục tìm kiếm")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_search_document_per_object"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ThrottleCounter(models.Model):
    """Requests counted in one fixed window for one rate limit and one client (core.throttle).

    In the database rather than the cache: Django's default cache lives in each worker process,
    and the database cache does not increment atomically; `count = count + 1` here does.
    """

    key = models.CharField(max_length=64, unique=True)  # sha256 of scope, client and window
    window_ends = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm giới hạn truy cập")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count} until {self.window_ends:%H:%M:%S}"


class ImportRun(models.Model):
    """A spreadsheet import too large to check and write within a request: the worker runs it
    (`core.imports`), the page shows its progress, and its result stays here for the user."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)  # the registered importer, e.g. "plans.tasks"
    target_id = models.PositiveBigIntegerField(null=True, blank=True)  # e.g. the plan
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_runs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)  # as uploaded, for display
    dry_run = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)  # data rows
    checked = models.PositiveIntegerField(default=0)  # rows checked so far
    created = models.PositiveIntegerField(default=0)  # objects written
    errors = models.JSONField(default=list, blank=True)  # [[line, column, message], ...]

    class Meta:
        verbose_name = _("lượt nhập bảng tính")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return min(100, self.checked * 100 // self.total) if self.total else 0


class WorkingDayChange(models.Model):
    """One date of an annual substitution decision (*hoán đổi ngày làm việc*): a weekday given
    as a day off, or a Saturday worked in exchange. Announced each year (e.g. Thông báo
    6150/TB-BLĐTBXH for 2025), so system administrators keep them in the admin; a row wins over
    the `holidays` package's calendar for its date in both directions (core.periods)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc")

    AUDITED_FIELDS = ("date", "kind", "decision", "note")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("ngày đó là"), max_length=20, choices=Kind.choices)
    decision = models.CharField(
        _("văn bản quyết định"),
        max_length=200,
        help_text=_("Số, ký hiệu của văn bản, ví dụ: Thông báo 6150/TB-BLĐTBXH."),
    )
    note = models.CharField(
        _("ghi chú"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: nghỉ bù cho thứ Bảy 26/4/2025; để trống nếu không cần."),
    )

    class Meta:
        verbose_name = _("điều chỉnh ngày làm việc")
        verbose_name_plural = _("điều chỉnh ngày làm việc")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()} ({self.decision})"
