"""Watchlists and the alerts they raise (issue 18, item 6), apart from the foundation's models
so that the pipeline's and the tagging's lanes change models.py without touching these.
models.py imports this module, so Django finds the models in the `media` app.

- `Watchlist`: a person follows a topic: a field of work, an area, an organisation or words
  (matched through `core.search`, with or without diacritics).
- `SpikeRule`: the one row of thresholds the hourly spike check reads (editable reference
  data; alerts.py says how it is applied).
- `Alert`: a spike of a watched topic, or a negative story about the recipient's own province;
  sent once per recipient and key, acknowledged by its recipient.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.org.models import Area, Field, Organization


class WatchlistQuerySet(models.QuerySet):
    def visible_to(self, user) -> "WatchlistQuerySet":
        """A watchlist is its owner's own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Watchlist(models.Model):
    class Kind(models.TextChoices):
        FIELD = "field", _("Lĩnh vực")
        AREA = "area", _("Địa bàn")
        ORGANIZATION = "organization", _("Cơ quan, tổ chức")
        QUERY = "query", _("Từ khóa")

    AUDITED_FIELDS = ("kind", "field", "area", "organization", "query")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="press_watchlists"
    )
    kind = models.CharField(_("theo dõi theo"), max_length=12, choices=Kind.choices)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    area = models.ForeignKey(
        Area, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, verbose_name=_("cơ quan, tổ chức"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    query = models.CharField(_("từ khóa"), max_length=200, blank=True)
    # Whether the topic was spiking at the last hourly check: an alert is raised only when it
    # starts to (alerts.py), so a spike that lasts a day raises one alert.
    spiking = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("chủ đề theo dõi")
        verbose_name_plural = _("chủ đề theo dõi")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return f"{reverse('media:attention')}?watchlist={self.pk}"

    @property
    def topic(self) -> str:
        """What is watched, as a person reads it: «Lĩnh vực: Y tế», «Từ khóa: ngộ độc»."""
        target = self.field or self.area or self.organization
        name = target.name if target is not None else f"«{self.query}»"
        return f"{self.get_kind_display()}: {name}"

    def get_kind_display(self) -> str:
        return choice_label(Watchlist.Kind, self.kind)


class SpikeRule(models.Model):
    """The spike rule's thresholds. One row (migration 0004 creates it); alerts.py reads the
    first one and falls back to these defaults if a system administrator deleted it."""

    AUDITED_FIELDS = ("window_hours", "baseline_windows", "ratio", "min_stories", "quiet_hours")

    window_hours = models.PositiveIntegerField(
        _("khung đếm (giờ)"), default=24, validators=[MinValueValidator(1), MaxValueValidator(168)]
    )
    baseline_windows = models.PositiveIntegerField(
        _("số khung làm nền"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    ratio = models.DecimalField(
        _("gấp bao nhiêu lần nền"), max_digits=5, decimal_places=2, default=Decimal("3"),
        validators=[MinValueValidator(Decimal("1"))],
    )  # fmt: skip
    min_stories = models.PositiveIntegerField(
        _("số câu chuyện tối thiểu"), default=3, validators=[MinValueValidator(1)]
    )
    quiet_hours = models.PositiveIntegerField(
        _("không báo lại trong (giờ)"), default=24, validators=[MaxValueValidator(720)]
    )

    class Meta:
        verbose_name = _("ngưỡng cảnh báo tin tăng đột biến")
        verbose_name_plural = _("ngưỡng cảnh báo tin tăng đột biến")

    def __str__(self) -> str:
        return str(_("Ngưỡng cảnh báo"))


class AlertQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AlertQuerySet":
        """An alert is its recipient's own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)


class Alert(models.Model):
    class Kind(models.TextChoices):
        SPIKE = "spike", _("Tin tăng đột biến")
        NEGATIVE = "negative", _("Tin tiêu cực về địa phương")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="press_alerts"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    # spike:<watchlist>:<window end, hour> or negative:<cluster>: one alert per recipient and
    # key, whatever runs twice.
    key = models.CharField(max_length=120)
    watchlist = models.ForeignKey(
        Watchlist, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    topic = models.CharField(_("chủ đề"), max_length=300)
    story_count = models.PositiveIntegerField(_("số câu chuyện"), default=0)
    baseline = models.DecimalField(_("mức nền"), max_digits=8, decimal_places=2, default=0)
    window_start = models.DateTimeField(_("từ"), null=True, blank=True)
    window_end = models.DateTimeField(_("đến"), null=True, blank=True)
    clusters = models.ManyToManyField(
        "media.Cluster", verbose_name=_("câu chuyện nổi bật"), blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(_("báo lúc"), auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("cảnh báo báo chí")
        verbose_name_plural = _("cảnh báo báo chí")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="media_one_alert_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "-raised_at"], name="media_alert_inbox")]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("media:alert_detail", args=[self.pk])

    def get_kind_display(self) -> str:
        return choice_label(Alert.Kind, self.kind)


class StoryTask(models.Model):
    """A task created from a story (through plans.services.create_task, the one task path);
    the story page lists it."""

    cluster = models.ForeignKey("media.Cluster", on_delete=models.CASCADE, related_name="+")
    task = models.OneToOneField(
        "plans.Task", on_delete=models.CASCADE, related_name="press_story_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhiệm vụ giao từ câu chuyện")
        verbose_name_plural = _("nhiệm vụ giao từ câu chuyện")

    def __str__(self) -> str:
        return f"{self.cluster_id} → {self.task_id}"


class StoryOrientation(models.Model):
    """A press orientation (cases.PressOrientation, one concept for the working groups and the
    newsroom) recorded from a story; the story page lists it."""

    cluster = models.ForeignKey("media.Cluster", on_delete=models.CASCADE, related_name="+")
    orientation = models.OneToOneField(
        "cases.PressOrientation", on_delete=models.CASCADE, related_name="press_story_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("định hướng thông tin từ câu chuyện")
        verbose_name_plural = _("định hướng thông tin từ câu chuyện")

    def __str__(self) -> str:
        return f"{self.cluster_id} → {self.orientation_id}"
