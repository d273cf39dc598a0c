"""Tasks, their participants (one lead, any co-agencies), progress reports, extension
requests, comments and attachments."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.links import object_url
from phoihop.core.search import Document
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.org.models import Field, Organization

from .buckets import Bucket, bucket_of, bucket_q, due_soon_days
from .programmes import Plan, Programme


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TaskQuerySet":
        """Members (cascading down) of the plan's issuing organisation and of every
        participant organisation; system administrators see everything."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        orgs = Organization.objects.within_scope_of(user).values("pk")
        return self.filter(pk__in=_involved_task_ids(orgs))

    def in_bucket(self, bucket: str, today: datetime.date | None = None) -> "TaskQuerySet":
        return self.filter(bucket_q(bucket, today))

    def with_bucket(self, today: datetime.date | None = None) -> "TaskQuerySet":
        """Annotate `bucket` per row in SQL (one Case/When, no Python loop)."""
        today = today or timezone.localdate()
        return self.annotate(
            bucket=Case(
                *(When(bucket_q(b, today), then=Value(b.value)) for b in Bucket),
                output_field=models.CharField(),
            )
        )

    def involving(self, organization: Organization, role: str | None = None) -> "TaskQuerySet":
        """Tasks of an organisation or its descendants: as lead, as co-agency, or (no role)
        in any way, including as the issuing organisation."""
        return self.involving_any(Organization.objects.within(organization).values("pk"), role)

    def involving_any(self, within, role: str | None = None) -> "TaskQuerySet":
        """Like involving(), for a subquery of organisation ids."""
        if role == TaskParticipant.Role.LEAD:
            return self.filter(lead_organization__in=within)
        if role == TaskParticipant.Role.CO:
            co = TaskParticipant.objects.filter(
                role=TaskParticipant.Role.CO, organization__in=within
            )
            return self.filter(pk__in=co.values("task_id"))
        return self.filter(pk__in=_involved_task_ids(within))

    def current(self) -> "TaskQuerySet":
        """Leaves out the tasks of archived plans (the archive page still reaches them)."""
        archived = Plan.objects.filter(archived_at__isnull=False).values("pk")
        return self.exclude(plan__in=archived)


def _involved_task_ids(organizations):
    """Ids of the tasks issued by, or taking part of, any of `organizations` (a subquery of
    organisation ids), as one UNION: each side is an index lookup, where an OR of the two
    conditions would make the database test every task (see benchmarks/bench_plans.py)."""
    issued = Task.objects.filter(issuing_organization__in=organizations).order_by().values("pk")
    taking_part = TaskParticipant.objects.filter(organization__in=organizations).order_by()
    return issued.union(taking_part.values("task_id"))


class Task(models.Model):
    class Frequency(models.TextChoices):
        NONE = "none", _("Không định kỳ")
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="tasks"
    )
    # Copies of the plan's programme and issuing organisation, and of the lead participant's
    # organisation: the list filters and the visibility rule read them without joins.
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    issuing_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="issued_tasks"
    )
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung, yêu cầu"), blank=True)
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    deadline = models.DateField(_("hạn hoàn thành"))
    extended_deadline = models.DateField(_("hạn sau gia hạn"), null=True, blank=True)
    effective_deadline = models.DateField(_("hạn hiện hành"), editable=False)
    deadline_exception = models.TextField(
        _("lý do hạn ngoài năm kế hoạch"),
        blank=True,
        help_text=_("Bắt buộc khi hạn hoàn thành không thuộc năm của kế hoạch."),
    )
    outside_parties_reason = models.TextField(
        _("lý do mời đơn vị ngoài chương trình"),
        blank=True,
        help_text=_("Bắt buộc khi có đơn vị tham gia không phải là bên của chương trình."),
    )
    report_frequency = models.CharField(
        _("báo cáo tiến độ định kỳ"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.NONE,
    )
    report_day = models.PositiveSmallIntegerField(
        _("ngày báo cáo trong tháng"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 20: báo cáo trước ngày 20 hằng tháng (hoặc tháng cuối quý)."),
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completion_note = models.TextField(_("ghi chú hoàn thành"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    # What the audit trail calls the changes recorded under a name that is not a column.
    AUDIT_LABELS = {
        "progress": _("Tiến độ"),
        "status": _("Tình trạng"),
        "extension": _("Gia hạn"),
        "unreported_co_agencies": _("Đơn vị phối hợp chưa báo cáo"),
    }

    AUDITED_FIELDS = (
        "title",
        "description",
        "field",
        "deadline",
        "extended_deadline",
        "deadline_exception",
        "outside_parties_reason",
        "report_frequency",
        "report_day",
        "completed_on",
        "completion_note",
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["effective_deadline", "id"]
        indexes = [
            models.Index(fields=["plan", "effective_deadline", "id"]),
            models.Index(fields=["lead_organization", "effective_deadline", "id"]),
            models.Index(fields=["issuing_organization", "effective_deadline", "id"]),
            models.Index(fields=["effective_deadline", "id"], name="plans_task_deadline"),
            # Open tasks by deadline, with the plan: "overdue, not in an archived plan" is read
            # from the index alone (ADR 0012).
            models.Index(
                fields=["effective_deadline", "id"],
                condition=Q(completed_on__isnull=True),
                include=["plan"],
                name="plans_task_open_deadline_plan",
            ),
            models.Index(fields=["completed_on", "effective_deadline"]),
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(report_day__isnull=True) | Q(report_day__gte=1, report_day__lte=31),
                name="plans_task_report_day_in_month",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.effective_deadline = max(self.deadline, self.extended_deadline or self.deadline)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "effective_deadline"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("plans:task_detail", self.pk)

    @property
    def bucket(self) -> str:
        """Set per row by TaskQuerySet.with_bucket(); computed here for a single object."""
        return self.__dict__.get("_bucket") or bucket_of(self.completed_on, self.effective_deadline)

    @bucket.setter
    def bucket(self, value: str) -> None:
        self.__dict__["_bucket"] = value

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    @property
    def is_due_soon(self) -> bool:
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=due_soon_days())
        return not self.is_done and today <= self.effective_deadline <= horizon

    def search_document(self) -> Document:
        return Document(
            title=self.title,
            subtitle=f"{self.plan.title} · {self.effective_deadline:%d/%m/%Y}",
            extra_text=f"{self.lead_organization.name} {self.description[:500]}",
            url=self.get_absolute_url(),
        )


class TaskParticipant(models.Model):
    """One organisation's part in a task, with its own status, progress and focal point."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        CO = "co", _("Phối hợp")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Đã xong phần việc")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="task_participations",
    )
    role = models.CharField(_("vai trò"), max_length=4, choices=Role.choices)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    last_reported_at = models.DateTimeField(_("báo cáo gần nhất"), null=True, blank=True)
    last_report = models.TextField(_("nội dung báo cáo gần nhất"), blank=True)
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đầu mối"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_focal_points",
    )
    outside_programme = models.BooleanField(_("ngoài chương trình"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        ordering = ["role", "id"]  # "co" < "lead" alphabetically; views sort the lead first
        indexes = [
            models.Index(fields=["organization", "role", "task"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "organization"], name="plans_participant_once_per_task"
            ),
            models.UniqueConstraint(
                fields=["task"], condition=Q(role="lead"), name="plans_one_lead_per_task"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="plans_participant_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class ProgressReport(models.Model):
    participant = models.ForeignKey(
        TaskParticipant, on_delete=models.CASCADE, related_name="reports"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    period_due = models.DateField(_("kỳ báo cáo"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=TaskParticipant.Status.choices
    )
    content = models.TextField(_("nội dung báo cáo"))
    attachment = UploadField(
        _("tệp đính kèm"),
        upload_to="plans/reports/%Y/%m/",
        blank=True,
        max_length=300,
        purpose="progress_attachment",
        name_field="attachment_name",
    )
    attachment_name = models.CharField(_("tên tệp đính kèm"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["participant", "period_due"]),
            models.Index(fields=["task", "-reported_at"]),
            models.Index(fields=["reported_at"]),  # the daily digest reads one day of reports
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="plans_report_progress")
        ]

    def __str__(self) -> str:
        return f"{self.participant.organization} {self.reported_at:%d/%m/%Y} {self.progress}%"


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xem xét")
        APPROVED = "approved", _("Đã chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
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
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("ý kiến xử lý"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="plans_one_pending_extension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.requested_deadline:%d/%m/%Y}"


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến về nhiệm vụ")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class TaskAttachment(AttachedFile):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    file = UploadField(
        _("tệp"),
        upload_to="plans/tasks/%Y/%m/",
        max_length=300,
        purpose="task_attachment",
        name_field="name",
    )

    class Meta:
        verbose_name = _("tệp đính kèm nhiệm vụ")
        ordering = ["-created_at", "-id"]
