"""Conferences, briefings, seminars and training courses (issue 19, items 1 and 2).

An event has a kind (editable data: hội nghị, giao ban, tọa đàm, lớp tập huấn…), an organiser
and co-organisers, what it serves (a programme, plan, task or directive), a time and a place or
an online link, an agenda, invited organisations and people (each person's RSVP and attendance
is one `Participant` row), files, and conclusions that may each become a task in a plan.
Training records are the attended participants of events whose kind is a training kind.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.search import Document
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.org.models import Organization
from phoihop.org.scope import scope_ids


def new_door_token() -> str:
    return secrets.token_urlsafe(16)


class EventKind(models.Model):
    """A kind of event, kept as data so an administrator may add one (a «hội thảo khoa học»)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại"), max_length=120, unique=True)
    is_training = models.BooleanField(
        _("là lớp tập huấn, bồi dưỡng"),
        default=False,
        help_text=_("Người dự được tính giờ học trong hồ sơ bồi dưỡng."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("loại sự kiện")
        verbose_name_plural = _("loại sự kiện")

    def __str__(self) -> str:
        return self.name


class EventQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EventQuerySet":
        """The people (cascading down) of the organiser, the co-organisers and the invited
        organisations, and every invited person; system administrators see everything."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        visible = Q(pk__in=Participant.objects.filter(person=user).values("event_id"))
        orgs = scope_ids(user)  # an id list (ADR 0012): the review counts' 690 organisations
        if orgs:
            co_organised = EventOrganization.objects.filter(organization__any_of=orgs)
            visible |= Q(organizer__any_of=orgs) | Q(pk__in=co_organised.values("event_id"))
        return self.filter(visible)

    def for_list(self) -> "EventQuerySet":
        return self.select_related("kind", "organizer")


class Event(models.Model):
    kind = models.ForeignKey(
        EventKind, verbose_name=_("loại"), on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("tên sự kiện"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    # What it serves (each optional).
    programme = models.ForeignKey(
        "plans.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    directive = models.ForeignKey(
        "directives.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    online_url = models.URLField(_("đường dẫn trực tuyến"), max_length=500, blank=True)
    training_hours = models.DecimalField(
        _("số giờ học"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # The secret behind the QR code shown at the door; rotating it voids printed codes.
    door_token = models.CharField(max_length=40, default=new_door_token, editable=False)
    # Set by services.cancel_event: the event stays (listed as cancelled, in calendars with
    # STATUS:CANCELLED), nobody is invited, reminded or checked in any more.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(_("lý do hủy"), blank=True)
    # Who was present and their credited hours (their own, else the course's), kept by the
    # attendance services (`services.recount_present`): the review counts add these up per
    # event instead of reading every participant of a half-year (ADR 0037).
    present_count = models.PositiveIntegerField(default=0, editable=False)
    present_hours = models.DecimalField(max_digits=9, decimal_places=1, default=0, editable=False)
    # Documents and slides from the library; each shown only to whoever may read the item.
    materials = models.ManyToManyField(
        "library.Item", verbose_name=_("tài liệu từ thư viện"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_starts_idx"),
            models.Index(fields=["organizer", "starts_at"], name="event_organizer_starts_idx"),
            models.Index(fields=["kind", "starts_at"], name="event_kind_starts_idx"),
            # The review counts of a period read this index alone (events.counts).
            models.Index(
                fields=["starts_at"],
                include=[
                    "id",
                    "kind",
                    "organizer",
                    "cancelled_at",
                    "present_count",
                    "present_hours",
                ],
                name="event_review_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    def search_document(self) -> Document:
        return Document(
            title=self.title,
            subtitle=f"{self.kind.name} · {self.local_start:%d/%m/%Y}",
            extra_text=f"{self.organizer.name} {self.place} {self.description[:500]}",
            url=self.get_absolute_url(),
        )

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at)


class EventOrganization(models.Model):
    """An organisation taking part: a co-organiser, or invited."""

    class Role(models.TextChoices):
        CO_ORGANIZER = "co_organizer", _("Đơn vị phối hợp tổ chức")
        INVITED = "invited", _("Đơn vị được mời")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organizations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("đơn vị tổ chức, phối hợp, được mời")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="event_org_once")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    starts_at = models.TimeField(_("giờ"), null=True, blank=True)
    title = models.CharField(_("nội dung"), max_length=500)
    presenter = models.CharField(_("người trình bày"), max_length=200, blank=True)
    presenter_organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị trình bày"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nội dung chương trình")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """One invited person: the RSVP, attendance and (for training) hours and certificate."""

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("Chưa trả lời")
        ACCEPTED = "accepted", _("Sẽ dự")
        DECLINED = "declined", _("Không dự được")

    class CheckIn(models.TextChoices):
        LIST = "list", _("Điểm danh theo danh sách")
        QR = "qr", _("Quét mã QR")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_participations"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rsvp = models.CharField(_("trả lời"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    rsvp_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("có mặt lúc"), null=True, blank=True)
    check_in_method = models.CharField(max_length=10, choices=CheckIn.choices, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hours = models.DecimalField(
        _("số giờ học"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    certificate = UploadField(
        _("giấy chứng nhận"),
        upload_to="events/certificates/%Y/",
        purpose="event_certificate",
        name_field="certificate_name",
        blank=True,
    )
    certificate_name = models.CharField(max_length=255, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người tham dự")
        ordering = ["person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="event_participant_once")
        ]
        indexes = [models.Index(fields=["person", "event"], name="participant_person_idx")]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None

    @property
    def credited_hours(self):
        """Hours of training credited: the person's own when set, else the course's."""
        if not self.attended:
            return 0
        return self.hours if self.hours is not None else (self.event.training_hours or 0)


class Conclusion(models.Model):
    """One conclusion of the event (kết luận); `task` once it was turned into a task."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="conclusions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("kết luận"))
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết luận")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class EventFile(AttachedFile):
    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Tài liệu")
        SLIDES = "slides", _("Bài trình bày")
        PHOTO = "photo", _("Ảnh")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("loại tệp"), max_length=10, choices=Kind.choices)
    file = UploadField(
        _("tệp"), upload_to="events/files/%Y/", purpose="event_file", name_field="name"
    )

    class Meta:
        verbose_name = _("tài liệu, hình ảnh sự kiện")
        ordering = ["kind", "id"]
