"""Cases (vụ việc) and the items (ý kiến) they group: what people said, by which channel, and
how the department had it answered. The citizen's identity lives apart, in `people.py`."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case as SqlCase
from django.db.models import Count, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.links import object_url
from phoihop.core.search import Document
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.org.models import Area, Field, Organization

# The four buckets are the task buckets (plans.models.buckets): a case stores its answer day in
# `completed_on` and its extension-adjusted answer due date in `effective_deadline`, the two
# columns those conditions read, so the same helper classifies both.
from phoihop.plans.models.buckets import Bucket, bucket_of, bucket_q

from .. import tracking

NUMBER_PREFIX = "PA"


class Kind(models.TextChoices):
    QUESTION = "question", _("Hỏi đáp")
    COMPLAINT = "complaint", _("Phản ánh")
    PROPOSAL = "proposal", _("Kiến nghị, đề xuất")
    SIGNAL = "signal", _("Tín hiệu dư luận xã hội")


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Đường dây nóng")
    LETTER = "letter", _("Thư, đơn")
    EMAIL = "email", _("Thư điện tử")
    WEB = "web", _("Cổng thông tin")
    PRESS = "press", _("Báo chí")
    COLLABORATOR = "collaborator", _("Cộng tác viên dư luận xã hội")
    SURVEY = "survey", _("Đoàn khảo sát")
    VOTERS = "voters", _("Tiếp xúc cử tri")

    # New channels go at the end: a case's `channels` stores each one as the bit of its place
    # in this list (migration 0011 wrote the existing cases' bits in this order).
    @classmethod
    def bit(cls, value: str) -> int:
        return 1 << cls.values.index(value)

    @classmethod
    def bits(cls, values) -> int:
        """The `Case.channels` value of items received through `values`."""
        total = 0
        for value in set(values):
            total |= cls.bit(value)
        return total


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """Members (any role, down the tree) of the receiving department, of the lead
        organisation and of every co-agency; system administrators see everything. What each
        of them sees of the citizen is decided apart (permissions.can_see_identity)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        organizations = Organization.objects.within_scope_of(user).values("pk")
        return self.filter(pk__in=_involved_case_ids(organizations))

    def current(self) -> "CaseQuerySet":
        """Leaves out the cases merged into another (their number redirects there)."""
        return self.exclude(status=Case.Status.MERGED)

    def received_through(self, channel: str) -> "CaseQuerySet":
        """Cases with at least one item received through `channel`."""
        bit = Channel.bit(channel)
        return self.alias(channel_bit=F("channels").bitand(bit)).filter(channel_bit=bit)

    def channel_counts(self) -> dict[str, int]:
        """{channel: how many of these cases have an item through it}, in one query."""
        bits = {value: F("channels").bitand(Channel.bit(value)) for value in Channel.values}
        aliased = self.order_by().alias(**{f"through_{v}": bit for v, bit in bits.items()})
        return aliased.aggregate(
            **{
                value: Count("pk", filter=Q(**{f"through_{value}": Channel.bit(value)}))
                for value in Channel.values
            }
        )

    def in_bucket(self, bucket: str, today: datetime.date | None = None) -> "CaseQuerySet":
        return self.filter(bucket_q(bucket, today))

    def with_bucket(self, today: datetime.date | None = None) -> "CaseQuerySet":
        today = today or timezone.localdate()
        return self.annotate(
            bucket=SqlCase(
                *(When(bucket_q(b, today), then=Value(b.value)) for b in Bucket),
                output_field=models.CharField(),
            )
        )


def _involved_case_ids(organizations):
    """Cases received by, or with a part for, any of `organizations`, as one UNION of index
    lookups (the same shape as the tasks' visibility, plans.models.tasks)."""
    received = Case.objects.filter(department__in=organizations).order_by().values("pk")
    taking_part = CaseParticipant.objects.filter(organization__in=organizations).order_by()
    return received.union(taking_part.values("case_id"))


class Case(models.Model):
    Kind = Kind

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Thông thường")
        URGENT = "urgent", _("Khẩn")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mới tiếp nhận")
        VERIFIED = "verified", _("Đã xác minh")
        ASSIGNED = "assigned", _("Đã giao xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED_RESOLVED = "closed_resolved", _("Đã đóng, đã giải quyết")
        CLOSED_UNRESOLVED = "closed_unresolved", _("Đã đóng, chưa giải quyết được")
        MERGED = "merged", _("Đã gộp vào vụ việc khác")

    OPEN_STATUSES = (Status.RECEIVED, Status.VERIFIED, Status.ASSIGNED)
    CLOSED_STATUSES = (Status.CLOSED_RESOLVED, Status.CLOSED_UNRESOLVED)

    number = models.CharField(_("số vụ việc"), max_length=20, unique=True, editable=False)
    # The citizen's key to the case on the portal and Open311 (cases/tracking.py); null only
    # for rows written in bulk without save() (benchmark data), which the portal cannot find.
    tracking_code = models.CharField(
        _("mã tra cứu"), max_length=10, unique=True, null=True, blank=True, editable=False
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_cases",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    hot_spot = models.BooleanField(_("điểm nóng, vấn đề nổi cộm"), default=False)
    # Every channel one of its items came through, one bit each (Channel.bit), kept by the
    # intake services (record, merge, split): the analytics page and the list's channel filter
    # read it on the case's row instead of probing the items of every case.
    channels = models.PositiveSmallIntegerField(_("kênh tiếp nhận"), default=0, editable=False)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    # A copy of the lead participant's organisation: filters and visibility read it unjoined.
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_cases",
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    acknowledge_due = models.DateField(_("hạn xác nhận tiếp nhận"))
    acknowledged_on = models.DateField(_("ngày xác nhận tiếp nhận"), null=True, blank=True)
    deadline = models.DateField(_("hạn trả lời"))
    extended_deadline = models.DateField(_("hạn sau gia hạn"), null=True, blank=True)
    effective_deadline = models.DateField(_("hạn hiện hành"), editable=False)
    completed_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_note = models.TextField(_("ghi chú khi đóng"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã gộp vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    reopened_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    # What the audit trail calls the changes recorded under a name that is not a column.
    AUDIT_LABELS = {"merged": _("Gộp vụ việc")}

    AUDITED_FIELDS = (
        "title",
        "field",
        "area",
        "kind",
        "urgency",
        "hot_spot",
        "status",
        "lead_organization",
        "acknowledge_due",
        "acknowledged_on",
        "deadline",
        "extended_deadline",
        "completed_on",
        "answer",
        "close_note",
        "merged_into",
    )

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["effective_deadline", "id"]
        indexes = [
            models.Index(fields=["department", "effective_deadline", "id"]),
            models.Index(fields=["lead_organization", "effective_deadline", "id"]),
            # An area's cases by due date, with what the list's tabs count by: a province's
            # bucket counts (the communes' ids, `selectors.area_and_children`) read the index
            # alone (benchmarks/README.md, "Citizens' cases": 20-30 ms each → under 1 ms).
            models.Index(
                fields=["area", "effective_deadline", "id"],
                include=["completed_on", "status"],
                name="cases_case_area_cover",
            ),
            # Every case by due date (an administrator's list), with what its filters read
            # most: walking it to the first 25 open cases of a province reads no case row.
            models.Index(
                fields=["effective_deadline", "id"],
                include=["completed_on", "status", "area"],
                name="cases_case_deadline",
            ),
            models.Index(fields=["completed_on", "effective_deadline"]),
            models.Index(fields=["status", "effective_deadline"]),
            models.Index(fields=["updated_at"]),
            # The open hot spots by due date (the analytics page's first ten, the dashboard):
            # a few hundred of 600,000 cases; without it the national page walked the deadline
            # index through every case to find ten (ADR 0028).
            models.Index(
                fields=["effective_deadline", "id"],
                condition=Q(hot_spot=True, completed_on__isnull=True),
                name="cases_case_open_hot_spots",
            ),
            # A department's cases by bucket, with every column the analytics page groups
            # by: its figures are read from the index alone (PostgreSQL; benchmarks/
            # bench_cases.py).
            models.Index(
                fields=["department", "completed_on", "effective_deadline"],
                include=[
                    "id",
                    "status",
                    "hot_spot",
                    "field",
                    "area",
                    "lead_organization",
                    "received_on",
                    "channels",
                ],
                name="cases_case_department_cover",
            ),
            # Every case received in a period, with every column the analytics page groups
            # by: an administrator's national page (no department to narrow by) reads this
            # year's cases from the index alone instead of the whole table.
            models.Index(
                fields=["received_on"],
                include=[
                    "completed_on",
                    "effective_deadline",
                    "status",
                    "hot_spot",
                    "field",
                    "area",
                    "lead_organization",
                    "channels",
                ],
                name="cases_case_received_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.tracking_code:
            self.tracking_code = tracking.new_code()
        self.effective_deadline = max(self.deadline, self.extended_deadline or self.deadline)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "effective_deadline"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return object_url("cases:case_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(Case.Status, self.status)

    def get_kind_display(self) -> str:
        return choice_label(Kind, self.kind)

    @property
    def bucket(self) -> str:
        """Set per row by CaseQuerySet.with_bucket(); computed here for a single case."""
        return self.__dict__.get("_bucket") or bucket_of(self.completed_on, self.effective_deadline)

    @bucket.setter
    def bucket(self, value: str) -> None:
        self.__dict__["_bucket"] = value

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def is_merged(self) -> bool:
        return self.status == self.Status.MERGED

    @property
    def reopen_until(self) -> datetime.date | None:
        """The last day the citizen may have a closed case reopened."""
        if not self.is_closed or self.closed_at is None:
            return None
        closed_on = timezone.localdate(self.closed_at)
        return closed_on + datetime.timedelta(days=settings.CASES_REOPEN_DAYS)

    def search_document(self) -> Document:
        place = self.area.name if self.area_id else ""
        return Document(
            title=f"{self.number} {self.title}",
            subtitle=f"{self.get_status_display()} · {place}".strip(" ·"),
            extra_text=self.field.name if self.field_id else "",
            url=self.get_absolute_url(),
        )


class CaseSequence(models.Model):
    """The last number given to a case in a year ("PA-2026-000123"): incremented under a row
    lock, so two intakes at the same moment never share a number."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số thứ tự vụ việc")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class CaseParticipant(models.Model):
    """One organisation's part in a case: the lead (chủ trì) answers, co-agencies (phối hợp)
    help; each has a focal point. The same pattern as a task's participants."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        CO = "co", _("Phối hợp")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="case_participations",
    )
    role = models.CharField(_("vai trò"), max_length=4, choices=Role.choices)
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đầu mối"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_focal_points",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị xử lý")
        verbose_name_plural = _("đơn vị xử lý")
        ordering = ["-role", "id"]  # "lead" before "co"
        indexes = [models.Index(fields=["organization", "role", "case"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization"], name="cases_participant_once_per_case"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(role="lead"), name="cases_one_lead_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({choice_label(CaseParticipant.Role, self.role)})"

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ItemQuerySet":
        """Whoever sees the item's case sees its text (never its identity: people.py)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


class Item(models.Model):
    """One thing someone said, through one channel: a call, a letter, an article, a note."""

    Channel = Channel

    case = models.ForeignKey(
        Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="items"
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    area = models.ForeignKey(
        Area,
        verbose_name=_("xã, phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_items",
    )
    text = models.TextField(_("nội dung"))
    source = models.CharField(
        _("nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: tên báo và ngày đăng, số công văn chuyển đơn."),
    )
    anonymous = models.BooleanField(_("không để lại danh tính"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemQuerySet.as_manager()

    AUDITED_FIELDS = ("case", "channel", "received_at", "area", "text", "source", "anonymous")

    class Meta:
        verbose_name = _("ý kiến, phản ánh")
        verbose_name_plural = _("ý kiến, phản ánh")
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["case", "received_at"]),
            models.Index(fields=["channel", "received_at"]),
            models.Index(fields=["received_at", "id"]),
            # The channels of a set of cases, without reading the items' rows.
            models.Index(fields=["case", "channel"], name="cases_item_case_channel"),
        ]

    def __str__(self) -> str:
        return _("Ý kiến #%(id)s") % {"id": self.pk}

    def get_channel_display(self) -> str:
        return choice_label(Channel, self.channel)


class ItemAttachment(AttachedFile):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = UploadField(
        _("tệp"),
        upload_to="cases/items/%Y/%m/",
        max_length=300,
        purpose="case_attachment",
        name_field="name",
    )

    class Meta:
        verbose_name = _("tệp đính kèm ý kiến")
        ordering = ["created_at", "id"]
