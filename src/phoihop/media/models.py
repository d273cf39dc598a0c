"""Press monitoring: sources and their feeds, articles, clusters (one story, its appearances)
and the tags each article earned with the terms that decided them. The tagging rules
(`FieldKeywords`, `NegativeTerm`) are editable reference data."""

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.search import Document
from phoihop.org.models import Area, Field, Organization

# A feed or an article is on the web: http(s) only (never file:, javascript: or data:).
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
# A story is found by the words of its first articles (a reprint adds none of its own).
STORY_DOCUMENT_ARTICLES = 5


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SourceQuerySet":
        from .permissions import can_read_press

        return self if can_read_press(user) else self.none()


class Source(models.Model):
    """A press outlet whose articles are followed (a newspaper, a radio-television station)."""

    class Level(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCIAL = "provincial", _("Địa phương")

    AUDITED_FIELDS = ("name", "organization", "level", "home_area", "enabled")

    name = models.CharField(_("tên"), max_length=200, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cơ quan báo chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="press_sources",
        limit_choices_to={"kind": Organization.Kind.PRESS},
    )
    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices)
    home_area = models.ForeignKey(
        Area,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Area.Level.PROVINCE, "valid_to__isnull": True},
    )
    fields = models.ManyToManyField(Field, verbose_name=_("lĩnh vực phản ánh"), blank=True)
    enabled = models.BooleanField(_("đang theo dõi"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("nguồn báo chí")
        verbose_name_plural = _("nguồn báo chí")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("media:source_detail", args=[self.pk])


class Feed(models.Model):
    """Where a source publishes its list of articles, with what the fetcher last learnt."""

    class Kind(models.TextChoices):
        RSS = "rss", "RSS"
        ATOM = "atom", "Atom"
        SITEMAP = "sitemap", _("Sơ đồ tin (news sitemap)")

    AUDITED_FIELDS = ("source", "kind", "url", "poll_minutes", "enabled")

    source = models.ForeignKey(
        Source, verbose_name=_("nguồn"), on_delete=models.CASCADE, related_name="feeds"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    url = models.CharField(_("địa chỉ"), max_length=1000, unique=True, validators=[WEB_ADDRESS])
    poll_minutes = models.PositiveIntegerField(_("chu kỳ lấy tin (phút)"), default=30)
    enabled = models.BooleanField(_("đang lấy tin"), default=True)
    # The fetcher's schedule (media/fetching.py): due when passed or empty.
    next_fetch_at = models.DateTimeField(_("lần lấy tin tới"), null=True, blank=True)
    items_per_day = models.FloatField(_("số tin mỗi ngày"), default=0)
    # Conditional requests: what the server said last time.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    # Health.
    last_success_at = models.DateTimeField(_("lấy tin thành công lúc"), null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("lỗi lúc"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("số lần lỗi liên tiếp"), default=0)
    backoff_until = models.DateTimeField(_("tạm dừng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("kênh tin")
        verbose_name_plural = _("kênh tin")
        ordering = ["source", "url"]
        indexes = [models.Index(fields=["next_fetch_at"], name="media_feed_due")]

    def __str__(self) -> str:
        return self.url


class ClusterQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ClusterQuerySet":
        from .permissions import can_read_press

        return self if can_read_press(user) else self.none()


class Cluster(models.Model):
    """One story: the article that first told it and every copy or near-copy since."""

    headline = models.CharField(_("tiêu đề"), max_length=500)
    first_seen_at = models.DateTimeField(_("xuất hiện lần đầu"), db_index=True)
    last_seen_at = models.DateTimeField(_("xuất hiện gần nhất"))
    article_count = models.PositiveIntegerField(_("số bài"), default=0)
    source_count = models.PositiveIntegerField(_("số nguồn"), default=0)
    negative = models.BooleanField(_("tiêu cực"), default=False)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("câu chuyện")
        verbose_name_plural = _("câu chuyện")
        ordering = ["-first_seen_at", "-pk"]
        indexes = [models.Index(fields=["-first_seen_at", "-id"], name="media_cluster_latest")]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("media:cluster_detail", args=[self.pk])

    def search_document(self) -> Document:
        articles = self.articles.order_by("published_at", "pk").only("title", "lead", "text")
        return self.document_of(articles[:STORY_DOCUMENT_ARTICLES])

    def document_of(self, articles) -> Document:
        """The story's search document from its first articles (the import builds it from
        the articles it holds, for many stories at once: pipeline.py)."""
        words = " ".join(f"{a.title} {a.lead} {a.text}" for a in articles)
        return Document(title=self.headline, url=self.get_absolute_url(), extra_text=words[:20_000])


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ArticleQuerySet":
        from .permissions import can_read_press

        return self if can_read_press(user) else self.none()


class Article(models.Model):
    """One article at one address. `key` is the SHA-256 of the normalised URL (urls.py), so the
    same article reached by a tracking link, its AMP or its mobile page is stored once."""

    key = models.CharField(max_length=64, unique=True)
    url = models.CharField(_("địa chỉ"), max_length=1000, validators=[WEB_ADDRESS])
    title = models.CharField(_("tiêu đề"), max_length=500)
    lead = models.TextField(_("sa pô"), blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    author = models.CharField(_("tác giả"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    imported_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("câu chuyện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    # The MinHash signature (uint32 values, clustering.NUM_PERM of them), kept so that a
    # cluster's members can be compared again after a restart without re-reading the text.
    signature = models.BinaryField(editable=False)
    shingle_count = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài báo")
        verbose_name_plural = _("bài báo")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["cluster", "published_at"]),
            models.Index(fields=["source", "-published_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class BandKey(models.Model):
    """The LSH index kept in the database: one row per (band hash, cluster). An article's
    signature is cut into bands; a new article is a candidate for every cluster sharing one of
    its band hashes. Copies of one story share most bands, so a cluster keeps only its distinct
    ones (see the media clustering ADR,
    docs/adr/0024-press-stories-by-minhash-in-the-database.md)."""

    key = models.BigIntegerField()
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("khóa băng LSH")
        verbose_name_plural = _("khóa băng LSH")
        constraints = [
            models.UniqueConstraint(fields=["key", "cluster"], name="media_one_band_per_cluster")
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.cluster_id}"


class Tag(models.Model):
    """A field, an area, an organisation or the negative flag that an article earned, with the
    terms that decided it. `cluster` is copied from the article so that the newsroom filters
    stories by their tags through one index."""

    class Kind(models.TextChoices):
        FIELD = "field", _("Lĩnh vực")
        AREA = "area", _("Địa bàn")
        ORGANIZATION = "organization", _("Cơ quan, tổ chức")
        NEGATIVE = "negative", _("Tiêu cực")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tags")
    cluster = models.ForeignKey(Cluster, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    field = models.ForeignKey(Field, null=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, null=True, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The words found in the article that decided the tag, e.g. ["ngộ độc", "bán trú"], or
    # for an old place name "Hà Nam (trước 1/7/2025)".
    reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = _("nhãn bài báo")
        verbose_name_plural = _("nhãn bài báo")
        indexes = [
            models.Index(fields=["field", "cluster"]),
            models.Index(fields=["area", "cluster"]),
            models.Index(fields=["organization", "cluster"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {', '.join(self.reasons)}"


class StoryCase(models.Model):
    """A public-opinion case opened from a story (its first item, channel "press"). Several
    departments may each open their own case from one story."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="story_cases")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vụ việc mở từ câu chuyện")
        verbose_name_plural = _("vụ việc mở từ câu chuyện")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "case"], name="media_one_link_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id} → {self.case_id}"


class FieldKeywords(models.Model):
    """The words that put an article in a field of work: one term a line, lower case."""

    AUDITED_FIELDS = ("field", "terms")

    field = models.OneToOneField(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="+"
    )
    terms = models.TextField(_("từ khóa (mỗi dòng một cụm)"))

    class Meta:
        verbose_name = _("từ khóa lĩnh vực")
        verbose_name_plural = _("từ khóa lĩnh vực")

    def __str__(self) -> str:
        return str(self.field)

    def term_list(self) -> list[str]:
        return split_terms(self.terms)


class NegativeTerm(models.Model):
    """A word or phrase that marks an article as negative (tiêu cực)."""

    AUDITED_FIELDS = ("term",)

    term = models.CharField(_("cụm từ"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("từ tiêu cực")
        verbose_name_plural = _("từ tiêu cực")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


def split_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip().lower() for t in text.splitlines() if t.strip()))


# Watchlists, the spike rule and alerts (issue 18, item 6) live in their own module.
from .watch_models import (  # noqa: E402, F401
    Alert,
    SpikeRule,
    StoryOrientation,
    StoryTask,
    Watchlist,
)
