"""One review model for every reviewable object: the preliminary (sơ kết) and final (tổng kết)
reviews of a directive, of a coordination programme, and later of anything an app registers
(`kinds.register`). See ADR 0007."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.uploads import UploadField
from phoihop.org.models import Organization

from . import kinds


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        """The reviews of every registered kind that the kind lets `user` read."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        allowed = Q(pk__in=[])
        for kind in kinds.registered():
            of_kind = Q(subject_type=kind.content_type())
            scope = kind.visible(user)
            allowed |= of_kind if scope is None else of_kind & scope
        return self.filter(allowed)

    def open(self) -> "ReviewQuerySet":
        return self.filter(done_on__isnull=True)

    def of(self, subject: models.Model) -> "ReviewQuerySet":
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )

    def of_kind(self, model: type[models.Model]) -> "ReviewQuerySet":
        return self.filter(subject_type=ContentType.objects.get_for_model(model))

    def for_list(self) -> "ReviewQuerySet":
        """With the responsible organisation, and each subject loaded by its kind's queryset
        (one query per kind)."""
        from django.contrib.contenttypes.prefetch import GenericPrefetch

        return self.select_related("responsible").prefetch_related(
            GenericPrefetch("subject", [kind.subjects() for kind in kinds.registered()])
        )


class Review(models.Model):
    """A review of something reviewable, due on a date and carried out by one organisation.
    Done when its completion date (and, if any, its report) is recorded."""

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Sơ kết")
        FINAL = "final", _("Tổng kết")
        OTHER = "other", _("Mốc khác")

    SOON_DAYS = 30

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(_("loại mốc"), max_length=20, choices=Kind.choices)
    years_after = models.PositiveSmallIntegerField(
        _("số năm thực hiện"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 5 (sơ kết), 10 (tổng kết)."),
    )
    due_on = models.DateField(_("đến hạn"))
    title = models.CharField(_("tên mốc (tùy chọn)"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    report_file = UploadField(
        _("báo cáo sơ kết/tổng kết"),
        upload_to="reviews/%Y/",
        blank=True,
        purpose="review_report",
        name_field="report_file_name",
    )
    report_file_name = models.CharField(_("tên tệp báo cáo"), max_length=255, blank=True)
    report_note = models.TextField(_("ghi chú kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    AUDITED_FIELDS = (
        "kind",
        "years_after",
        "due_on",
        "title",
        "responsible",
        "done_on",
        "report_file",
        "report_note",
    )

    class Meta:
        verbose_name = _("mốc sơ kết, tổng kết")
        verbose_name_plural = _("mốc sơ kết, tổng kết")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["responsible", "due_on"]),
            models.Index(
                fields=["due_on"], condition=Q(done_on__isnull=True), name="reviews_open_due"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{self.subject.get_absolute_url()}#review-{self.pk}"

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    @cached_property
    def reviewable(self) -> kinds.ReviewableKind:
        # get_for_id reads Django's content-type cache: no query per row.
        return kinds.kind_of(ContentType.objects.get_for_id(self.subject_type_id).model_class())

    @cached_property  # printed twice per row of a list (in `label` and beside it)
    def subject_label(self) -> str:
        return self.reviewable.subject_label(self.subject)

    @property
    def label(self) -> str:
        """ "10 năm thực hiện Chỉ thị 38-CT/TW ngày 7-9-2009" unless a title was given."""
        if self.title:
            return self.title
        if self.years_after:
            return f"{self.years_after} năm thực hiện {self.subject_label}"
        return f"{self.get_kind_display()} {self.subject_label}"

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()

    def state_on(self, today: datetime.date) -> str:
        """ "done", "overdue", "soon" (within SOON_DAYS) or "upcoming"."""
        if self.done_on:
            return "done"
        if self.due_on < today:
            return "overdue"
        if (self.due_on - today).days <= self.SOON_DAYS:
            return "soon"
        return "upcoming"
