"""The registry of Party and State documents, the citations found in stored text, outgoing
document numbering and the documents that are review reports.

Numbering facts (domain.md §4): Party numbers restart for each type within each Party committee
term, State numbers each calendar year. So a symbol alone does not name one document; the pair
(symbol, numbering period) does, where the period is the term name ("XII") for Party documents
and the year ("2019") for State ones.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import choice_label
from phoihop.core.links import object_url
from phoihop.core.search import Document as SearchEntry
from phoihop.core.uploads import UploadField
from phoihop.org.models import Field, Organization
from phoihop.reviews.models import Review

from .scope import document_scope


class System(models.TextChoices):
    PARTY = "party", _("Văn bản của Đảng")
    STATE = "state", _("Văn bản nhà nước")


# --- reference data ----------------------------------------------------------------------------


def committee_of(organization: Organization | None) -> int | None:
    """The id of the Party committee whose term numbers `organization`'s documents: itself if it
    is a Party committee, else its nearest ancestor that is one (a propaganda department follows
    its Tỉnh ủy)."""
    if organization is None:
        return None
    ids = [*organization.ancestor_ids(), organization.pk]
    return (
        Organization.objects.filter(pk__in=ids, kind=Organization.Kind.PARTY_COMMITTEE)
        .order_by("-depth")
        .values_list("pk", flat=True)
        .first()
    )


class PartyTermQuerySet(models.QuerySet):
    def containing(self, date: datetime.date) -> "PartyTermQuerySet":
        return self.filter(starts_on__lte=date).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=date)
        )

    def on(
        self, date: datetime.date, organization: Organization | None = None
    ) -> "PartyTerm | None":
        """The term whose [starts_on, ends_on) contains `date`: the term of `organization`'s
        Party committee when it is recorded, else the Central Committee's.

        A congress's closing day opens the new term: the new committee holds its first plenum
        that day, so documents dated that day belong to the new term.
        """
        committee = committee_of(organization)
        if committee is not None:
            term = (
                self.containing(date)
                .filter(organization_id=committee)
                .order_by("-starts_on")
                .first()
            )
            if term is not None:
                return term
        return (
            self.containing(date).filter(organization__isnull=True).order_by("-starts_on").first()
        )


class PartyTerm(models.Model):
    """A Party committee term (khóa). Editable reference data: the Central Committee's terms are
    seeded by a data migration; a provincial committee's own terms (its congresses fall on other
    dates) can be added for it, otherwise the central terms are used."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("cấp ủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_terms",
        help_text=_("Để trống với khóa của Ban Chấp hành Trung ương."),
    )
    number = models.PositiveSmallIntegerField(_("khóa số"))
    name = models.CharField(_("tên khóa"), max_length=10)
    starts_on = models.DateField(_("bắt đầu (ngày bế mạc đại hội)"))
    ends_on = models.DateField(_("kết thúc (ngày bế mạc đại hội sau)"), null=True, blank=True)
    uncertain = models.BooleanField(
        _("mốc chưa chắc chắn"),
        default=False,
        help_text=_("Đánh dấu khi ngày bắt đầu hoặc kết thúc cần được đối chiếu lại."),
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = PartyTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa")
        verbose_name_plural = _("các khóa")
        ordering = ["organization_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(organization__isnull=True),
                name="one_central_term_per_number",
            ),
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=Q(organization__isnull=False),
                name="one_committee_term_per_number",
            ),
        ]

    def __str__(self) -> str:
        return f"Khóa {self.name}"

    def contains(self, date: datetime.date) -> bool:
        return self.starts_on <= date and (self.ends_on is None or date < self.ends_on)


class DocumentType(models.Model):
    """A type code in symbols: NQ, CT, QĐ, QĐi, NĐ, TT, QyĐ, … Editable reference data."""

    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên loại văn bản"), max_length=100)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["system", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="one_document_type_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Issuer(models.Model):
    """An issuer code in symbols: TW, VPTW, TU, BTGDVTU, CP, TTg, QH15, … Editable reference
    data. Party issuer codes also tell the symbol parser that "22/CT-TW" is a Party document."""

    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)
    code = models.CharField(_("mã"), max_length=40)
    name = models.CharField(_("cơ quan ban hành"), max_length=255)
    valid_from = models.DateField(_("dùng từ"), null=True, blank=True)
    valid_to = models.DateField(_("dùng đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["system", "code"]
        constraints = [
            models.UniqueConstraint(fields=["system", "code"], name="one_issuer_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


# --- documents ---------------------------------------------------------------------------------


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DocumentQuerySet":
        """The central catalogue for every signed-in user; an organisation's own documents for
        the people in its scope (see permissions.py)."""
        if not user.is_authenticated:
            return self.none()
        scope = document_scope(user)
        if scope is None:
            return self
        return self.filter(Q(organization__isnull=True) | scope)

    def for_list(self) -> "DocumentQuerySet":
        return self.select_related("type", "term", "organization").defer("full_text")


class Document(models.Model):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        AMENDED = "amended", _("Được sửa đổi, bổ sung")
        REPLACED = "replaced", _("Bị thay thế")
        EXPIRED = "expired", _("Hết hiệu lực")

    system = models.CharField(_("hệ thống"), max_length=10, choices=System.choices)
    number = models.CharField(_("số"), max_length=10)
    type = models.ForeignKey(
        DocumentType,
        verbose_name=_("loại văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issuer = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm trong số ký hiệu"), null=True, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=100, db_index=True)
    # The symbol with the number's leading zeros dropped: "09/2019/NĐ-CP" and "9/2019/NĐ-CP"
    # name the same document.
    symbol_key = models.CharField(max_length=100, db_index=True, editable=False)
    kind_label = models.CharField(
        _("tên loại (khi ký hiệu không có mã loại)"),
        max_length=60,
        blank=True,
        help_text=_("Ví dụ: Luật, Công văn."),
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), db_index=True)
    term = models.ForeignKey(
        PartyTerm,
        verbose_name=_("khóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # Term name (Party) or year (State): the span within which numbers are unique.
    period = models.CharField(max_length=10, editable=False)
    abstract = models.TextField(_("trích yếu"))
    fields = models.ManyToManyField(
        Field, verbose_name=_("lĩnh vực"), blank=True, related_name="directive_documents"
    )
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    amended_by = models.ManyToManyField(
        "self",
        verbose_name=_("được sửa đổi bởi"),
        symmetrical=False,
        blank=True,
        related_name="amends",
    )
    implements = models.ManyToManyField(
        "self",
        verbose_name=_("thực hiện văn bản"),
        symmetrical=False,
        blank=True,
        related_name="implemented_by",
    )
    full_text = models.TextField(_("toàn văn"), blank=True)
    file = UploadField(
        _("tệp văn bản"),
        upload_to="directives/%Y/",
        blank=True,
        purpose="directive_document",
        name_field="file_name",
    )
    file_name = models.CharField(_("tên tệp văn bản"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức sở hữu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directive_documents",
        help_text=_("Để trống với văn bản Trung ương dùng chung."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Deleting a document (never done by the app) takes its reviews with it.
    reviews = GenericRelation(
        Review, content_type_field="subject_type", object_id_field="subject_id"
    )

    objects = DocumentQuerySet.as_manager()

    AUDITED_FIELDS = (
        "system",
        "symbol",
        "kind_label",
        "issuing_body",
        "issued_on",
        "term",
        "abstract",
        "fields",
        "status",
        "replaced_by",
        "amended_by",
        "implements",
        "full_text",
        "file",
        "organization",
    )

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        # The catalogue-editor right (permissions.can_edit_central_catalogue), granted to a
        # person or a group in the admin.
        permissions = [("edit_central_catalogue", _("Biên tập danh mục văn bản Trung ương"))]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol_key", "period"],
                condition=Q(organization__isnull=True),
                name="one_central_document_per_symbol_and_period",
            ),
            models.UniqueConstraint(
                fields=["organization", "symbol_key", "period"],
                condition=Q(organization__isnull=False),
                name="one_own_document_per_symbol_and_period",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-issued_on"]),
            # The list's order: lets the first page be read without sorting the registry.
            models.Index(fields=["-issued_on", "-id"], name="directives_document_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.type_name} {self.symbol}"

    def get_absolute_url(self) -> str:
        return object_url("directives:document_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    # The badge colour of each status (directives/_status.html)
    STATUS_STYLES = {
        Status.IN_FORCE: "success",
        Status.AMENDED: "info",
        Status.REPLACED: "secondary",
        Status.EXPIRED: "dark",
    }

    @property
    def status_style(self) -> str:
        return self.STATUS_STYLES.get(self.status, "dark")

    @property
    def type_name(self) -> str:
        if self.type_id:
            return self.type.name
        return self.kind_label or str(_("Văn bản"))

    @property
    def date_label(self) -> str:
        """Party texts write "30-9-2020"; State texts "30/9/2020"."""
        separator = "-" if self.system == System.PARTY else "/"
        day = self.issued_on
        return f"{day.day}{separator}{day.month}{separator}{day.year}"

    @property
    def citation_label(self) -> str:
        """ "Chỉ thị 38-CT/TW ngày 7-9-2009": how officials cite the document."""
        return f"{self.type_name} {self.symbol} ngày {self.date_label}"

    def search_document(self) -> SearchEntry:
        term = f"khóa {self.term.name}" if self.term_id else ""
        return SearchEntry(
            title=f"{self.citation_label}",
            subtitle=self.abstract[:300],
            extra_text=" ".join(
                part
                for part in (self.issuing_body, term, self.get_status_display(), self.abstract)
                if part
            ),
            url=self.get_absolute_url(),
            boost=1 if self.status == self.Status.IN_FORCE else 0,
        )


# --- citations ---------------------------------------------------------------------------------


class CitationQuerySet(models.QuerySet):
    def of(self, obj: models.Model) -> "CitationQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("position")


class Citation(models.Model):
    """One document cited in a text that another object stores (a task, a plan, a document's
    full text…). Rows are replaced each time the text is saved (services.record_citations)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    position = models.PositiveIntegerField(default=0)
    raw = models.CharField(_("đoạn trích dẫn"), max_length=500)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    system = models.CharField(max_length=10, choices=System.choices)
    symbol = models.CharField(_("số, ký hiệu"), max_length=100)
    symbol_key = models.CharField(max_length=100, db_index=True)
    date = models.DateField(_("ngày ghi trong trích dẫn"), null=True, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citations",
    )
    ambiguous = models.BooleanField(_("chưa xác định được văn bản"), default=False)
    # Dated, and no registered document with the symbol fits the date: left unlinked.
    date_mismatch = models.BooleanField(_("ngày không khớp"), default=False)
    resolved_manually = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")
        ordering = ["content_type", "object_id", "position"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "position"]),
            # "Cited by" on a document page: which kinds cite it, then the ids of each kind,
            # read from the index alone (docs/adr/0012).
            models.Index(
                fields=["document", "content_type", "object_id"], name="citation_cited_by"
            ),
            # A document page asks for the citations of its symbol still to be resolved: a
            # few among the thousands citing a central directive (1.7 ms on the symbol_key
            # index for 38-CT/TW, which reads them all).
            models.Index(
                fields=["symbol_key", "id"],
                condition=Q(ambiguous=True) | Q(date_mismatch=True),
                name="citation_unresolved",
            ),
        ]

    def __str__(self) -> str:
        return self.raw


# --- outgoing numbering ------------------------------------------------------------------------


class NumberCounter(models.Model):
    """The last number given in one sequence: Party — per issuer, type and term; State — per
    issuer and calendar year (all types share it, so `sequence` is empty)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="directive_counters"
    )
    issuer = models.CharField(max_length=60)
    sequence = models.CharField(max_length=10, blank=True)  # Party type code, "" for State
    period = models.CharField(max_length=10)  # term name or year
    last_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bộ đếm số văn bản")
        verbose_name_plural = _("bộ đếm số văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "issuer", "sequence", "period"],
                name="one_counter_per_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sequence} {self.period}: {self.last_number}"


class NumberReservation(models.Model):
    """A number given to an outgoing document ("Cấp số văn bản đi")."""

    counter = models.ForeignKey(
        NumberCounter, on_delete=models.PROTECT, related_name="reservations"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="directive_reservations"
    )
    number = models.PositiveIntegerField(_("số"))
    type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    symbol = models.CharField(_("số, ký hiệu"), max_length=100)
    abstract = models.CharField(_("trích yếu"), max_length=500, blank=True)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reserved_at = models.DateTimeField(_("thời điểm cấp"), auto_now_add=True)

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = _("số văn bản đã cấp")
        ordering = ["-reserved_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["counter", "number"], name="one_reservation_per_number")
        ]

    def __str__(self) -> str:
        return self.symbol


# --- reviews -----------------------------------------------------------------------------------


class ReviewReport(models.Model):
    """The registry document that is a review's report (120-BC/TU for the 10-year review of
    38-CT/TW). Kept here because `reviews` sits below `directives` and cannot point at a
    document (ADR 0007)."""

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, primary_key=True, related_name="report_link"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("văn bản báo cáo"),
        on_delete=models.CASCADE,
        related_name="reports_for_reviews",
    )

    class Meta:
        verbose_name = _("văn bản báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("văn bản báo cáo sơ kết, tổng kết")

    def __str__(self) -> str:
        return str(self.document)
