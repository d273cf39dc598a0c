"""Inspection, supervision and survey missions (kiểm tra, giám sát, khảo sát): the decision that
set one up, its members, the organisations and places it visited, its findings per visited
organisation, their answers, its recommendations (each followed as a plans.Task) and its report.

Who sees what (permissions.py):
- the conducting organisation's people (down the tree) and the mission's members see everything;
- a visited organisation's people see the mission, their own visit, findings and recommendations,
  never another visited organisation's.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.links import object_url
from phoihop.core.search import Document as SearchDocument
from phoihop.core.text import non_empty_lines
from phoihop.core.uploads import UploadField
from phoihop.directives.models import Document
from phoihop.org.models import Area, Organization
from phoihop.plans.models import Plan, Task


class MissionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MissionQuerySet":
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        orgs = Organization.objects.within_scope_of(user).values("pk")
        visited = Visit.objects.filter(organization__in=orgs).values("mission_id")
        members = Mission.members.through.objects.filter(user=user).values("mission_id")
        return self.filter(
            Q(organization__in=orgs) | Q(pk__in=visited) | Q(pk__in=members) | Q(leader=user)
        )

    def conducted_by_scope_of(self, user) -> "MissionQuerySet":
        """The missions whose every finding `user` reads: conducted in their scope, or joined."""
        if user.is_superuser:
            return self
        orgs = Organization.objects.within_scope_of(user).values("pk")
        members = Mission.members.through.objects.filter(user=user).values("mission_id")
        return self.filter(Q(organization__in=orgs) | Q(pk__in=members) | Q(leader=user))


class Mission(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")
        SURVEY = "survey", _("Khảo sát")

    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên đoàn, nội dung"), max_length=500)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan tiến hành"),
        on_delete=models.PROTECT,
        related_name="conducted_missions",
    )
    decision = models.ForeignKey(
        Document,
        verbose_name=_("quyết định thành lập đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_missions",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên đoàn"),
        blank=True,
        related_name="missions",
    )
    topics = models.TextField(
        _("nội dung, danh mục kiểm tra"), blank=True, help_text=_("Mỗi dòng một nội dung.")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    follow_up_plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch theo dõi kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions",
    )
    report = UploadField(
        _("báo cáo kết quả"),
        upload_to="missions/reports/%Y/",
        blank=True,
        max_length=300,
        purpose="mission_report",
        name_field="report_name",
    )
    report_name = models.CharField(_("tên tệp báo cáo"), max_length=255, blank=True)
    report_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MissionQuerySet.as_manager()

    AUDITED_FIELDS = (
        "kind",
        "title",
        "organization",
        "decision",
        "leader",
        "members",
        "topics",
        "starts_on",
        "ends_on",
        "follow_up_plan",
        "report_on",
    )

    class Meta:
        verbose_name = _("đoàn kiểm tra, giám sát, khảo sát")
        verbose_name_plural = _("đoàn kiểm tra, giám sát, khảo sát")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "-starts_on"]),
            models.Index(fields=["starts_on", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="missions_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("missions:mission_detail", self.pk)

    @property
    def topic_list(self) -> list[str]:
        return non_empty_lines(self.topics)

    def search_document(self) -> SearchDocument:
        return SearchDocument(
            title=self.title,
            subtitle=f"{self.get_kind_display()} · {self.starts_on:%d/%m/%Y}",
            extra_text=f"{self.organization.name} {self.topics[:500]}",
            url=self.get_absolute_url(),
        )


class Visit(models.Model):
    """One organisation (and the place, a commune, where it was met) visited on a date."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="visits")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị được làm việc"),
        on_delete=models.PROTECT,
        related_name="mission_visits",
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_on = models.DateField(_("ngày làm việc"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đơn vị được làm việc")
        verbose_name_plural = _("đơn vị được làm việc")
        ordering = ["visited_on", "id"]
        indexes = [models.Index(fields=["organization", "mission"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "organization", "visited_on"], name="missions_visit_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.visited_on:%d/%m/%Y}"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FindingQuerySet":
        """The conducting side reads every finding; a visited organisation only its own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        whole = Mission.objects.conducted_by_scope_of(user).values("pk")
        own = Organization.objects.within_scope_of(user).values("pk")
        return self.filter(Q(mission__in=whole) | Q(organization__in=own))


class RecommendationQuerySet(FindingQuerySet):
    pass


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Ưu điểm, kết quả")
        SHORTCOMING = "shortcoming", _("Hạn chế, tồn tại")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="findings")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    # A copy of the visit's organisation: the visited organisation's scope reads it without a join.
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="mission_findings"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    topic = models.CharField(_("nội dung"), max_length=300, blank=True)
    text = models.TextField(_("nhận xét"))
    answer = models.TextField(_("ý kiến giải trình của đơn vị"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhận xét của đoàn")
        verbose_name_plural = _("nhận xét của đoàn")
        ordering = ["visit__visited_on", "id"]
        indexes = [models.Index(fields=["organization", "mission"])]

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(models.Model):
    """A recommendation addressed to an organisation with a deadline, followed as a plans.Task
    (lead: the addressed organisation) in the mission's follow-up plan: its bucket is the task's."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="recommendations")
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("nhận xét liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="mission_recommendations",
    )
    text = models.TextField(_("kiến nghị"))
    deadline = models.DateField(_("hạn thực hiện"))
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="mission_recommendation"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị của đoàn")
        verbose_name_plural = _("kiến nghị của đoàn")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["organization", "mission"])]

    def __str__(self) -> str:
        return self.text[:80]
