"""What the public sees of a case: the publication the staff wrote from it (title, question
and answer, redacted), and the API keys of Open311 clients.

The public side (the portal, Open311) reads a case's status, dates, field, area and lead
agency, and the texts of its `Publication`: never an item's text, never a `Citizen` row.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.search import Document

from .cases import Case


class PublicationQuerySet(models.QuerySet):
    def published(self) -> "PublicationQuerySet":
        """In force and of a current case (a merged case's publication leaves with it)."""
        return self.filter(published=True).exclude(case__status=Case.Status.MERGED)


class Publication(models.Model):
    """The published, redacted version of a case. The texts here are what leaves to the
    public; `hidden_spans` and `detect` say how they were made from the staff's drafts, so
    the next edit starts from the same choices. The items' original text is never changed."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="publication")
    title = models.CharField(_("tiêu đề công khai"), max_length=300)
    question = models.TextField(_("nội dung câu hỏi công khai"))
    answer = models.TextField(_("nội dung trả lời công khai"))
    hidden_spans = models.JSONField(_("đoạn văn bản cần ẩn"), default=list, blank=True)
    detect = models.BooleanField(
        _("tự động ẩn số điện thoại, thư điện tử, số giấy tờ"), default=True
    )
    published = models.BooleanField(_("đang công khai"), default=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    AUDITED_FIELDS = ("title", "question", "answer", "detect", "published")

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["published", "published_at", "id"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:answer_detail", args=[self.pk])

    def search_document(self) -> Document:
        # Only the published (redacted) texts: the index is read by the public list.
        return Document(
            title=self.title,
            subtitle=self.case.area.name if self.case.area_id else "",
            extra_text=f"{self.question} {self.answer}",
            url=self.get_absolute_url(),
        )


def hash_key(raw: str) -> str:
    """Keys are long random strings: one SHA-256 is enough (no password stretching needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Open311KeyQuerySet(models.QuerySet):
    def active(self) -> "Open311KeyQuerySet":
        return self.filter(revoked_at__isnull=True)

    def matching(self, raw: str) -> "Open311Key | None":
        if not raw or len(raw) > 200:
            return None
        return self.active().filter(key_hash=hash_key(raw)).first()


class Open311Key(models.Model):
    """The key an Open311 client sends as `api_key` to submit requests. Only its hash is
    kept; the key itself is shown once, when it is issued."""

    name = models.CharField(_("tên ứng dụng, đơn vị sử dụng"), max_length=200)
    prefix = models.CharField(_("đầu mã"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = Open311KeyQuerySet.as_manager()

    AUDITED_FIELDS = ("name", "prefix", "revoked_at")

    class Meta:
        verbose_name = _("khóa Open311")
        verbose_name_plural = _("khóa Open311")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
