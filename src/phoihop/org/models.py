"""Areas, organisations, people and their memberships.

History is data: areas and organisations carry validity dates and successor links, and nothing a
report may need is deleted (organisations are archived). Rights granted on an organisation cascade
to its descendants through the materialised `path` (see docs/architecture.md, "Permissions").
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.links import object_url
from phoihop.core.search import Document

from . import scope


def valid_on(date: datetime.date) -> Q:
    """Objects with validity dates that were in force on `date`."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=date)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=date)
    )


class AreaQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AreaQuerySet":
        # Administrative areas are public reference data for every signed-in user.
        return self if user.is_authenticated else self.none()

    def valid_on(self, date: datetime.date) -> "AreaQuerySet":
        return self.filter(valid_on(date))

    def current(self) -> "AreaQuerySet":
        return self.valid_on(timezone.localdate())


class Area(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/thành phố")
        DISTRICT = "district", _("Quận/huyện")
        COMMUNE = "commune", _("Xã/phường")

    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=200)
    type = models.CharField(_("loại"), max_length=40)  # "tỉnh", "phường", "đặc khu", …
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_to__isnull=True),
                name="one_current_area_per_code",
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_to"], name="one_historical_area_per_code"
            ),
        ]
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("org:area_detail", self.pk)

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None and self.valid_to < timezone.localdate()

    def search_document(self) -> Document:
        period = f" (đến {self.valid_to:%d/%m/%Y})" if self.valid_to else ""
        parent = self.parent.name if self.parent_id else ""
        return Document(
            title=f"{self.name}{period}",
            subtitle=parent,
            extra_text=self.code,
            url=self.get_absolute_url(),
            # Current units before historical ones; a province before its many communes.
            boost=0 if self.valid_to else (2 if self.level == self.Level.PROVINCE else 1),
        )


class Field(models.Model):
    """A field of work (lĩnh vực): education, health, … Editable reference data."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "OrganizationQuerySet":
        """The organisation directory a user reads (lists, tree, search, area pages, links to a
        parent): their scope, their own provinces' organisations and the central level; system
        administrators see everything. People, memberships, audit history and every write ask
        `within_scope_of` instead (org.scope, ADR 0010)."""
        if not user.is_authenticated:
            return self.none()
        condition = scope.directory_q(user)
        return self if condition is None else self.filter(condition)

    def within_scope_of(self, user, roles=None, *, with_ancestors=False) -> "OrganizationQuerySet":
        """The organisations where `user` holds one of `roles` (any role when None), cascading
        down the tree; `with_ancestors` adds the organisations above those memberships. System
        administrators: everything. The one answer to "where may this user act" (org.scope)."""
        if not user.is_authenticated:
            return self.none()
        condition = scope.scope_q(user, roles, with_ancestors=with_ancestors)
        return self if condition is None else self.filter(condition)

    def valid_on(self, date: datetime.date) -> "OrganizationQuerySet":
        return self.filter(valid_on(date))

    def active(self) -> "OrganizationQuerySet":
        return self.filter(archived_at__isnull=True).valid_on(timezone.localdate())

    def existing_on(self, date: datetime.date) -> "OrganizationQuerySet":
        """The organisations that existed on `date`: in force by their validity dates and not
        yet archived by the end of that day (an organisation archived later still existed)."""
        next_day = datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time())
        archived_after = timezone.make_aware(next_day)
        return self.valid_on(date).filter(
            Q(archived_at__isnull=True) | Q(archived_at__gte=archived_after)
        )

    def within(self, *organizations: "Organization") -> "OrganizationQuerySet":
        """The organisations given and all their descendants."""
        return self.filter(scope.subtrees_q([o.path for o in organizations]))

    def same_tree_as(self, organization: "Organization") -> "OrganizationQuerySet":
        """The organisations under the same root as `organization` (itself included)."""
        root = organization.path[: organization.path.index("/", 1) + 1]
        return self.filter(path__startswith=root)


class Organization(models.Model):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy Đảng")
        PROPAGANDA_DEPARTMENT = "propaganda_department", _("Ban Tuyên giáo và Dân vận")
        PARTY_BOARD = "party_board", _("Cơ quan tham mưu của cấp ủy")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COURT = "court", _("Tòa án nhân dân")
        PROCURACY = "procuracy", _("Viện kiểm sát nhân dân")
        MASS_ORGANIZATION = "mass_organization", _("Mặt trận và đoàn thể")
        PRESS = "press", _("Cơ quan báo chí")
        OTHER = "other", _("Khác")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=255)
    abbreviation = models.CharField(
        _("ký hiệu viết tắt"),
        max_length=30,
        blank=True,
        help_text=_("Dùng trong số ký hiệu văn bản, ví dụ BTGDVTU, UBND, SYT."),
    )
    identifier = models.CharField(
        _("mã định danh"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã duy nhất của tổ chức, dùng để liên kết khi nhập từ bảng tính."),
    )
    kind = models.CharField(_("loại tổ chức"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tổ chức cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    fields = models.ManyToManyField(
        Field, verbose_name=_("lĩnh vực"), blank=True, related_name="organizations"
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("tổ chức kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    archived_at = models.DateTimeField(_("lưu trữ lúc"), null=True, blank=True)
    # "/12/40/" : ids from the root down. Prefix queries give a subtree in one indexed lookup.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    AUDITED_FIELDS = (
        "name",
        "abbreviation",
        "identifier",
        "kind",
        "level",
        "parent",
        "area",
        "fields",
        "email",
        "phone",
        "address",
        "valid_from",
        "valid_to",
        "successors",
        "archived_at",
    )

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["area", "kind"]),
            models.Index(fields=["parent", "name"]),
            # The organisation list is ordered by name: without this, every page sorts the table.
            models.Index(fields=["name", "id"], name="org_organization_name_id"),
            # The directory (scope.directory_q) is an OR of subtrees, the central level and the
            # user's provinces' areas: with an index on each, it is read by index, not by a scan.
            models.Index(fields=["level"], name="org_organization_level"),
            # The list's total counts the organisations in force (of one kind): read from this
            # index alone, without visiting the table (docs/adr/0013).
            models.Index(
                fields=["kind", "valid_from", "valid_to"],
                condition=Q(archived_at__isnull=True),
                name="org_organization_in_force",
            ),
            # The list filtered by kind, in name order: a province's departments are not walked
            # past every other organisation whose name sorts before theirs.
            models.Index(fields=["kind", "name", "id"], name="org_organization_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("org:organization_detail", self.pk)

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def get_level_display(self) -> str:
        return choice_label(self.Level, self.level)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def is_valid_on(self, date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or self.valid_to >= date
        )

    def existed_on(self, date: datetime.date) -> bool:
        """`Organization.objects.existing_on(date)` for one organisation already read: in force
        by its validity dates and not archived before that day ended."""
        if not self.is_valid_on(date):
            return False
        return self.archived_at is None or timezone.localdate(self.archived_at) > date

    @property
    def is_active(self) -> bool:
        return not self.is_archived and self.is_valid_on(timezone.localdate())

    def is_within(self, *organizations: "Organization") -> bool:
        """Is this organisation one of `organizations` or below one of them?"""
        return self.path.startswith(tuple(o.path for o in organizations))

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def search_document(self) -> Document:
        area = self.area.name if self.area_id else ""
        return Document(
            title=self.name,
            subtitle=" · ".join(part for part in (self.abbreviation, area) if part),
            extra_text=f"{self.identifier or ''} {self.get_kind_display()}",
            url=self.get_absolute_url(),
            boost=0 if self.archived_at else 1,
        )


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """People who belong to an organisation the user may see, and the user themself."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        organizations = Organization.objects.within_scope_of(user)
        return self.filter(
            Q(pk=user.pk) | Q(memberships__organization__in=organizations.values("pk"))
        ).distinct()


class PhoihopUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. Vietnamese names are written whole (family name first), so one
    `full_name` replaces first/last name. System administrators are superusers."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    # Kept by the two-factor services beside django-otp's devices: every request loads the user
    # row anyway, so the middleware learns "no second factor" without a query of its own.
    two_factor = models.BooleanField(_("xác thực hai bước"), default=False, editable=False)

    objects = PhoihopUserManager()

    AUDITED_FIELDS = ("username", "full_name", "email", "position", "phone", "is_active")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.username])[-1]

    def get_absolute_url(self) -> str:
        return object_url("org:person_detail", self.pk)

    def search_document(self) -> Document:
        return Document(
            title=str(self),
            subtitle=self.position,
            extra_text=f"{self.username} {self.email}",
            url=self.get_absolute_url(),
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        ORG_ADMIN = "org_admin", _("Quản trị tổ chức")
        LEADER = "leader", _("Lãnh đạo")
        SPECIALIST = "specialist", _("Chuyên viên")
        FOCAL_POINT = "focal_point", _("Cán bộ đầu mối")
        COLLABORATOR = "collaborator", _("Cộng tác viên")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        ordering = ["organization__path", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_membership_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

    def get_role_display(self) -> str:
        return choice_label(self.Role, self.role)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once at creation."""

    PREFIX = "ph_"
    # Writing last_used_at on every call would turn each API read into a write.
    LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)

    class Scope(models.TextChoices):
        READ = "read", _("Chỉ đọc")
        READ_WRITE = "read_write", _("Đọc và ghi")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12)
    scope = models.CharField(
        _("quyền"), max_length=10, choices=Scope.choices, default=Scope.READ_WRITE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ

    def get_scope_display(self) -> str:
        return choice_label(self.Scope, self.scope)


def user_for_api_token(raw: str) -> User | None:
    """The active user owning an unrevoked, unexpired token, or None.

    The user comes back with `api_token_read_only` set: core.api refuses unsafe methods to a
    read-only token in one place. The last use is recorded at most once a minute; the filtered
    update keeps concurrent requests from writing it twice.
    """
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    stale = now - ApiToken.LAST_USED_RESOLUTION
    if token.last_used_at is None or token.last_used_at < stale:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
        ).update(last_used_at=now)
    user = token.user
    user.api_token_read_only = token.is_read_only
    return user
