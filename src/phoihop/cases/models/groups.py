"""Hot-spot working groups (tổ công tác liên ngành): for a sensitive case, one focal point per
agency, a shared log of what each agency did, the press-orientation notes (định hướng thông
tin: what the press is told, approved by whom) and the tasks the group set, which live in the
plans app with their buckets. The group is the department's and its member agencies'; the
citizen's identity stays with permissions.can_see_identity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.links import object_url
from phoihop.org.models import Organization
from phoihop.plans.models import Task

from .cases import Case


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "WorkingGroupQuerySet":
        """Members (any role but collaborator, down the tree) of the case's receiving
        department and of each member agency; system administrators see every group."""
        from ..permissions import GROUP_ROLES

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        organizations = Organization.objects.within_scope_of(user, GROUP_ROLES).values("pk")
        members = WorkingGroupMember.objects.filter(organization__in=organizations)
        return self.filter(
            Q(case__department__in=organizations) | Q(pk__in=members.values("group_id"))
        )


class WorkingGroup(models.Model):
    case = models.OneToOneField(
        Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="working_group"
    )
    name = models.CharField(_("tên tổ công tác"), max_length=300)
    mandate = models.TextField(_("nhiệm vụ của tổ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkingGroupQuerySet.as_manager()

    AUDITED_FIELDS = ("name", "mandate")

    class Meta:
        verbose_name = _("tổ công tác liên ngành")
        verbose_name_plural = _("tổ công tác liên ngành")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("cases:group_detail", self.pk)


class WorkingGroupMember(models.Model):
    """One agency in the group, with its one focal point (a member of that agency)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ đầu mối"),
        on_delete=models.PROTECT,
        related_name="working_group_focal_points",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên tổ công tác")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "organization"], name="cases_group_one_focal_point_per_agency"
            )
        ]
        indexes = [models.Index(fields=["organization", "group"])]

    def __str__(self) -> str:
        return str(self.organization)


class WorkingGroupLogEntry(models.Model):
    """What one agency did, on which day, written by whom: the group's shared log."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="log_entries")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    happened_on = models.DateField(_("ngày thực hiện"))
    text = models.TextField(_("nội dung đã làm"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký tổ công tác")
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["group", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.happened_on:%d/%m/%Y} {self.organization}"


class PressOrientation(models.Model):
    """What the press is told (định hướng thông tin), on which day, approved by which leader:
    a hot-spot working group's (`group`), or a propaganda department's about a topic the press
    is writing on (`group` empty, `topic` and the press agencies it was sent to, `recipients`;
    recorded from a press story, media.StoryOrientation). `department` is the one whose
    leader approved it, for both."""

    group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="orientations"
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("đơn vị định hướng"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("chủ đề"), max_length=500, blank=True)
    recipients = models.ManyToManyField(
        Organization, verbose_name=_("cơ quan báo chí nhận"), blank=True, related_name="+"
    )
    given_on = models.DateField(_("ngày định hướng"))
    text = models.TextField(_("nội dung định hướng thông tin"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo duyệt"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("định hướng thông tin")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.given_on:%d/%m/%Y}"


class WorkingGroupTask(models.Model):
    """A task the group set: the task itself is a plans.Task (its buckets, reports,
    reminders); this row only says which group it came from."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="group_tasks")
    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="working_group_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ của tổ công tác")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.task)
