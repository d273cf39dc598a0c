"""The materials library (issue 19, item 5): items, their versions, collections, audiences and
the once-per-person-per-day counts of views and downloads.

Who reads an item is its `access`: everyone (public), every signed-in user, or the chosen
audience (restricted): members of the chosen organisations or their units, with one of the
chosen roles (any role when none is chosen). The owning organisation's editors (and those
above) always read their own items. See permissions.py and docs/architecture.md, "Library".
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.search import Document
from phoihop.core.uploads import AttachedFile, UploadField
from phoihop.directives.models import Document as Directive
from phoihop.org.models import Field, Membership, Organization

# Extracted text kept per version (about 600 pages of prose); the rest is not searchable.
TEXT_MAX_CHARS = 2_000_000


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ItemQuerySet":
        """Public items for everyone; for a signed-in user also the items for signed-in users,
        the restricted items whose audience they belong to, and their own organisations'."""
        from .permissions import visibility_q

        condition = visibility_q(user)
        return self if condition is None else self.filter(condition)

    def public(self) -> "ItemQuerySet":
        return self.filter(access=Item.Access.PUBLIC)

    def for_list(self) -> "ItemQuerySet":
        return self.select_related("organization", "current_version").defer("current_version__text")


class Item(models.Model):
    class Kind(models.TextChoices):
        OUTLINE = "outline", _("Đề cương tuyên truyền")
        PUBLICATION = "publication", _("Sách, ấn phẩm biên soạn")
        GUIDANCE = "guidance", _("Hướng dẫn")
        SLIDES = "slides", _("Bài trình chiếu")
        AUDIO = "audio", _("Âm thanh")
        VIDEO = "video", _("Video")
        OTHER = "other", _("Tài liệu khác")

    class Access(models.TextChoices):
        PUBLIC = "public", _("Công khai")
        SIGNED_IN = "signed_in", _("Người dùng đã đăng nhập")
        RESTRICTED = "restricted", _("Tổ chức, vai trò được chọn")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="library_items",
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên tài liệu"), max_length=400)
    summary = models.TextField(_("tóm tắt"), blank=True)
    fields = models.ManyToManyField(
        Field, verbose_name=_("lĩnh vực"), blank=True, related_name="library_items"
    )
    tags = models.CharField(
        _("từ khóa"), max_length=400, blank=True, help_text=_("Cách nhau bởi dấu phẩy.")
    )
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("văn bản được tuyên truyền"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="library_items",
    )
    publisher = models.CharField(_("nơi xuất bản, phát hành"), max_length=255, blank=True)
    edition = models.CharField(_("lần xuất bản, phiên bản"), max_length=60, blank=True)
    published_on = models.DateField(_("ngày phát hành"), db_index=True)
    link = models.URLField(
        _("đường dẫn (âm thanh, video)"),
        max_length=500,
        blank=True,
        help_text=_("Với âm thanh, video: địa chỉ trang phát, không tải tệp lên."),
    )
    access = models.CharField(
        _("quyền xem"), max_length=20, choices=Access.choices, default=Access.SIGNED_IN
    )
    current_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    view_count = models.PositiveIntegerField(_("lượt xem"), default=0)
    download_count = models.PositiveIntegerField(_("lượt tải"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["access", "-published_on"], name="library_item_access")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:item_detail", args=[self.pk])

    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def search_document(self) -> Document:
        text = ""
        if self.current_version_id:
            text = (
                Version.objects.filter(pk=self.current_version_id)
                .values_list("text", flat=True)
                .first()
                or ""
            )
        return self.document_with(text)

    def document_with(self, text: str) -> Document:
        return Document(
            title=self.title,
            subtitle=" · ".join(filter(None, [self.publisher, self.edition])),
            url=self.get_absolute_url(),
            extra_text=f"{self.tags} {self.summary} {text}",
        )


class Audience(models.Model):
    """One (organisation, role) pair of a restricted item's audience: members of the
    organisation or of a unit below it, holding `role` ("" for any role)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="audience")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, blank=True, choices=Membership.Role.choices)

    class Meta:
        verbose_name = _("đối tượng được xem tài liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "organization", "role"], name="library_one_audience_row"
            )
        ]
        indexes = [models.Index(fields=["organization", "role"], name="library_audience_org")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.organization_id} {self.role or '*'}"


class Version(AttachedFile):
    """One edition of an item's file. A corrected outline is a new version: the item shows the
    newest, the older ones stay readable from the item's page."""

    class TextStatus(models.TextChoices):
        PENDING = "pending", _("Đang đọc nội dung")
        DONE = "done", _("Đã đọc nội dung")
        NONE = "none", _("Không đọc được nội dung")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    file = UploadField(_("tệp"), upload_to="library/", purpose="library_file", name_field="name")
    note = models.CharField(_("ghi chú sửa đổi"), max_length=400, blank=True)
    text = models.TextField(blank=True)
    text_status = models.CharField(
        max_length=10, choices=TextStatus.choices, default=TextStatus.PENDING
    )

    class Meta:
        verbose_name = _("phiên bản tài liệu")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="library_one_version_number")
        ]

    def get_download_url(self) -> str:
        return reverse("library:version_file", args=[self.item_id, self.number])


class Collection(models.Model):
    """A named set of items read together, e.g. «Tài liệu sinh hoạt chi bộ tháng 12/2026».
    A reader sees only the items of it they may read."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="library_collections",
    )
    title = models.CharField(_("tên bộ sưu tập"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("tài liệu"), related_name="collections")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ sưu tập")
        verbose_name_plural = _("bộ sưu tập")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:collection_detail", args=[self.pk])


class Use(models.Model):
    """One person viewed or downloaded one item on one day (Vietnam's date): the unique row
    makes a count once per person per day whatever they do."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Lượt xem")
        DOWNLOAD = "download", _("Lượt tải")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("lượt xem, tải tài liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "user", "day", "kind"], name="library_one_use_per_day"
            )
        ]
        indexes = [
            models.Index(fields=["item", "kind", "day"], name="library_use_item_day"),
            models.Index(fields=["day", "kind"], name="library_use_day"),
            # What one person has read, latest first (the training page).
            models.Index(fields=["user", "-day"], name="library_use_user_day"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.day}"


class UseTally(models.Model):
    """How many uses of one kind the items of one organisation with one access level had on
    one day: the `Use` rows summed as a review counts them (ADR 0037). A review of a
    half-year reads a few hundred of these (and `LevelTally` rows) instead of millions of
    uses; who may read which items is still decided per user (a restricted item read by its
    audience is counted from its own use rows). Kept by `services.record_use` and
    `services.update_item`."""

    day = models.DateField()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    access = models.CharField(max_length=20, choices=Item.Access.choices)
    kind = models.CharField(max_length=10, choices=Use.Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số lượt xem, tải trong ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "organization", "access", "kind"], name="library_one_tally"
            )
        ]
        # The sums of some organisations' items over a period (the others' are read from the
        # level tallies, ADR 0040) read this index alone: a provincial specialist's 690 kept
        # organisations are probed in it instead of every tally of the period being read.
        indexes = [
            models.Index(
                fields=["organization", "day"],
                include=["access", "kind", "count"],
                name="library_tally_organization_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.organization_id} {self.access} {self.kind}: {self.count}"


class LevelTally(models.Model):
    """How many uses of one kind the items of one access level had on one day, every
    organisation's together: the `UseTally` rows of a day and level summed (ADR 0040). What a
    reader reads whole by its level (the public and signed-in items; everything, for a system
    administrator) is counted from these: ~1,100 rows a half-year instead of ~37,000. Kept with
    the `UseTally` rows by `services.record_use` and `services.update_item`."""

    day = models.DateField()
    access = models.CharField(max_length=20, choices=Item.Access.choices)
    kind = models.CharField(max_length=10, choices=Use.Kind.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("số lượt xem, tải trong ngày theo mức truy cập")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "access", "kind"], name="library_one_level_tally"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.access} {self.kind}: {self.count}"
