"""Coordination programmes and annual plans (a programme's reviews are `reviews.Review`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Count, F, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.links import object_url
from phoihop.core.search import Document
from phoihop.core.uploads import UploadField
from phoihop.org.models import Organization
from phoihop.reviews.models import Review


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        """Members (cascading down) of the signing organisation and of every counterpart."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        orgs = Organization.objects.within_scope_of(user).values("pk")
        parties = Programme.counterparts.through.objects.filter(organization__in=orgs)
        return self.filter(
            Q(signing_organization__in=orgs) | Q(pk__in=parties.values("programme_id"))
        )

    def active(self) -> "ProgrammeQuerySet":
        return self.filter(archived_at__isnull=True)


class Programme(models.Model):
    title = models.CharField(_("tên chương trình"), max_length=500)
    number = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 05-CTr/BTGDVTU-SGDĐT")
    )
    signing_organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị ký"),
        on_delete=models.PROTECT,
        related_name="signed_programmes",
    )
    counterparts = models.ManyToManyField(
        Organization,
        verbose_name=_("đơn vị phối hợp ký kết"),
        related_name="counterpart_programmes",
    )
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    regular_contents = models.TextField(_("nội dung phối hợp thường xuyên"), blank=True)
    hot_issue_contents = models.TextField(_("nội dung phối hợp khi có vấn đề nổi cộm"), blank=True)
    signed_document = UploadField(
        _("văn bản đã ký"),
        upload_to="plans/programmes/%Y/",
        blank=True,
        max_length=300,
        purpose="signed_document",
        name_field="signed_document_name",
    )
    signed_document_name = models.CharField(_("tên tệp văn bản đã ký"), max_length=255, blank=True)
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Its mid-term and final reviews (and any other review milestone); deleted with it.
    reviews = GenericRelation(
        Review, content_type_field="subject_type", object_id_field="subject_id"
    )

    objects = ProgrammeQuerySet.as_manager()

    # What the audit trail calls the review dates (reviews.Review rows since ADR 0007).
    AUDIT_LABELS = {"midterm_review_on": _("Ngày sơ kết"), "final_review_on": _("Ngày tổng kết")}

    AUDITED_FIELDS = (
        "title",
        "number",
        "signing_organization",
        "counterparts",
        "legal_basis",
        "start_year",
        "end_year",
        "signed_on",
        "regular_contents",
        "hot_issue_contents",
        "signed_document",
        "archived_at",
    )

    class Meta:
        verbose_name = _("chương trình phối hợp")
        verbose_name_plural = _("chương trình phối hợp")
        ordering = ["-start_year", "title"]
        indexes = [models.Index(fields=["signing_organization", "-start_year"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("plans:programme_detail", self.pk)

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def has_ended(self) -> bool:
        """Its period is over: it may be archived."""
        return self.end_year < timezone.localdate().year

    def parties(self) -> list[Organization]:
        """The signing organisation and the counterparts; their units count as parties too."""
        return [self.signing_organization, *self.counterparts.all()]

    def search_document(self) -> Document:
        return Document(
            title=self.title,
            subtitle=f"{self.number} · {self.period_label}".strip(" ·"),
            extra_text=f"{self.signing_organization.name} {self.legal_basis[:500]}",
            url=self.get_absolute_url(),
        )


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        """Members of the issuing organisation, of the programme's parties, and of any
        organisation taking part in one of the plan's tasks."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        orgs = Organization.objects.within_scope_of(user).values("pk")
        programmes = Programme.objects.visible_to(user).values("pk")
        from .tasks import TaskParticipant  # tasks.py imports this module

        taking_part = TaskParticipant.objects.filter(organization__in=orgs).values("task__plan_id")
        return self.filter(
            Q(issuing_organization__in=orgs) | Q(programme__in=programmes) | Q(pk__in=taking_part)
        )

    def active(self) -> "PlanQuerySet":
        return self.filter(archived_at__isnull=True)

    def with_task_count(self, user) -> "PlanQuerySet":
        """`task_count`: the plan's tasks `user` may see. A plan is visible to a party of one
        of its tasks, who must not learn how many other tasks it holds."""
        from .tasks import Task  # tasks.py imports this module

        if not user.is_authenticated:
            return self.annotate(task_count=Value(0))
        if user.is_superuser:
            return self.annotate(task_count=Count("tasks"))
        visible = Task.objects.visible_to(user).values("pk")
        return self.annotate(task_count=Count("tasks", filter=Q(tasks__in=visible)))


class Plan(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    issuing_organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    description = models.TextField(_("mục đích, yêu cầu"), blank=True)
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    AUDITED_FIELDS = (
        "programme",
        "issuing_organization",
        "year",
        "title",
        "number",
        "description",
        "archived_at",
    )

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "title"]
        indexes = [
            models.Index(fields=["issuing_organization", "-year"]),
            models.Index(fields=["programme", "-year"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("plans:plan_detail", self.pk)

    def has_ended(self) -> bool:
        """Its year is over, or every one of its tasks is completed: it may be archived."""
        if self.year < timezone.localdate().year:
            return True
        # One row: an open task first if there is one, else any task, else none.
        first = self.tasks.order_by(F("completed_on").asc(nulls_first=True))
        found = list(first.values_list("completed_on", flat=True)[:1])
        return bool(found) and found[0] is not None

    def search_document(self) -> Document:
        return Document(
            title=self.title,
            subtitle=f"{self.number} · {self.year}".strip(" ·"),
            extra_text=f"{self.issuing_organization.name} {self.description[:500]}",
            url=self.get_absolute_url(),
        )
