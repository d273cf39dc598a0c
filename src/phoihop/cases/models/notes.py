"""Public-opinion collaborators' monthly notes (báo cáo dư luận xã hội của cộng tác viên): each
month a collaborator of a propaganda department writes what people in their area say, topic by
topic (field of work, what is said, the mood, the commune). The collaborator reads only their
own notes; the department reads the submitted ones, counts topics by area and month, and takes
a topic up as an item (channel COLLABORATOR) of a new or an existing case."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.links import object_url
from phoihop.org.models import Area, Field, Organization

from .cases import Item


class OpinionNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OpinionNoteQuerySet":
        """The collaborator's own notes (drafts too); the submitted notes of the departments
        where the user handles cases (not as a collaborator: they never read each other's)."""
        from ..permissions import HANDLER_ROLES

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        handled = Organization.objects.within_scope_of(user, HANDLER_ROLES).values("pk")
        return self.filter(
            Q(collaborator=user) | Q(department__in=handled, status=OpinionNote.Status.SUBMITTED)
        )


class OpinionNote(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")

    collaborator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cộng tác viên"),
        on_delete=models.PROTECT,
        related_name="opinion_notes",
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("ban tuyên giáo và dân vận"),
        on_delete=models.PROTECT,
        related_name="opinion_notes",
    )
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OpinionNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo dư luận xã hội tháng")
        verbose_name_plural = _("báo cáo dư luận xã hội tháng")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborator", "department", "month"], name="cases_one_note_a_month"
            )
        ]
        indexes = [models.Index(fields=["department", "status", "month"])]

    def __str__(self) -> str:
        return _("Báo cáo dư luận tháng %(m)s") % {"m": self.month.strftime("%m/%Y")}

    def get_absolute_url(self) -> str:
        return object_url("cases:note_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(OpinionNote.Status, self.status)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class OpinionTopic(models.Model):
    class Mood(models.TextChoices):
        POSITIVE = "positive", _("Tích cực")
        MIXED = "mixed", _("Trái chiều")
        NEGATIVE = "negative", _("Tiêu cực")

    note = models.ForeignKey(OpinionNote, on_delete=models.CASCADE, related_name="topics")
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+"
    )
    said = models.TextField(_("người dân nói gì"))
    mood = models.CharField(_("chiều hướng dư luận"), max_length=10, choices=Mood.choices)
    area = models.ForeignKey(
        Area, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="+"
    )
    # Set when the department takes the topic up: the item it became (in a new or open case).
    item = models.OneToOneField(
        Item,
        verbose_name=_("ý kiến đã tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinion_topic",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vấn đề dư luận")
        verbose_name_plural = _("vấn đề dư luận")
        ordering = ["id"]
        indexes = [models.Index(fields=["area", "note"])]

    def __str__(self) -> str:
        return _("Vấn đề #%(id)s") % {"id": self.pk}

    def get_mood_display(self) -> str:
        return choice_label(OpinionTopic.Mood, self.mood)
