"""Good models and effective ways of working (mô hình hay, cách làm hiệu quả): the registry, with
the organisation behind each, its evidence (documents, photos, figures), commendations and where
it has been replicated.

Reading: the registry exists to spread what works, so every signed-in user reads it (as the
central catalogue of directives). Writing: the staff (administrators, leaders, specialists) of
the organisation that keeps the entry (usually the propaganda department) or of the organisation
behind the model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.links import object_url
from phoihop.core.search import Document as SearchDocument
from phoihop.core.text import non_empty_lines
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.org.models import Area, Field, Organization


class GoodModelQuerySet(models.QuerySet):
    def visible_to(self, user) -> "GoodModelQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self


class GoodModel(models.Model):
    title = models.CharField(_("tên mô hình, cách làm"), max_length=500)
    summary = models.TextField(_("nội dung, cách làm"))
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="good_models",
    )
    keeper = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị theo dõi"),
        on_delete=models.PROTECT,
        related_name="kept_good_models",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_models",
    )
    started_on = models.DateField(_("bắt đầu thực hiện"))
    figures = models.TextField(
        _("kết quả, số liệu"), blank=True, help_text=_("Mỗi dòng một kết quả có số liệu.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoodModelQuerySet.as_manager()

    AUDITED_FIELDS = (
        "title",
        "summary",
        "organization",
        "keeper",
        "area",
        "field",
        "started_on",
        "figures",
    )

    class Meta:
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["keeper", "-started_on"]),
            models.Index(fields=["organization", "-started_on"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("practices:model_detail", self.pk)

    @property
    def figure_list(self) -> list[str]:
        return non_empty_lines(self.figures)

    def search_document(self) -> SearchDocument:
        return SearchDocument(
            title=self.title,
            subtitle=f"{self.organization.name} · {self.started_on:%m/%Y}",
            extra_text=f"{self.summary[:1500]} {self.figures[:500]}",
            url=self.get_absolute_url(),
        )


class Evidence(AttachedFile):
    """A document or photo showing the model at work."""

    practice = models.ForeignKey(GoodModel, on_delete=models.CASCADE, related_name="evidence")
    file = UploadField(
        _("tệp"),
        upload_to="practices/evidence/%Y/%m/",
        max_length=300,
        purpose="practice_evidence",
        name_field="name",
    )
    caption = models.CharField(_("chú thích"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tư liệu minh chứng")
        verbose_name_plural = _("tư liệu minh chứng")
        ordering = ["created_at", "id"]

    @property
    def is_photo(self) -> bool:
        return self.name.lower().endswith((".png", ".jpg", ".jpeg", ".webp", ".gif"))


class Commendation(models.Model):
    practice = models.ForeignKey(GoodModel, on_delete=models.CASCADE, related_name="commendations")
    title = models.CharField(
        _("hình thức khen thưởng"), max_length=300, help_text=_("Ví dụ: Bằng khen, Giấy khen")
    )
    conferred_by = models.CharField(_("cấp khen"), max_length=300)
    reference = models.CharField(_("số quyết định"), max_length=100, blank=True)
    conferred_on = models.DateField(_("ngày khen"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["conferred_on", "id"]
        indexes = [models.Index(fields=["conferred_on"])]

    def __str__(self) -> str:
        return f"{self.title} – {self.conferred_by}"


class Replication(models.Model):
    """Where the model has been taken up: an organisation, an area, or both, from a date."""

    practice = models.ForeignKey(GoodModel, on_delete=models.CASCADE, related_name="replications")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị nhân rộng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn nhân rộng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_on = models.DateField(_("từ ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nơi nhân rộng")
        verbose_name_plural = _("nơi nhân rộng")
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(area__isnull=False),
                name="practices_replication_somewhere",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization or self.area)
