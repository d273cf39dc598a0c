"""/api/v1/directives…: a thin sibling of the pages, through the same services and visible_to."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as SchemaField
from ninja import Query, Router, Schema, Status

from phoihop.core import throttle
from phoihop.core.api import ErrorOut, InputSchema, Year, error_body, paginate
from phoihop.org.models import Field, Organization
from phoihop.reviews import selectors as review_selectors
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from . import permissions, selectors, services
from .models import Document, DocumentType, NumberReservation

router = Router(tags=["directives"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- schemas -----------------------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    system: str
    symbol: str
    number: str
    type: str | None
    type_name: str
    issuer: str
    year: int | None
    issuing_body: str
    issued_on: datetime.date
    term: str | None
    abstract: str
    status: str
    fields: list[str]
    organization_id: int | None
    replaced_by_id: int | None
    url: str


class DocumentDetailOut(DocumentOut):
    full_text: str
    implements: list[int]
    implemented_by: list[int]
    amended_by: list[int]


def document_out(document: Document) -> dict:
    return {
        "id": document.pk,
        "system": document.system,
        "symbol": document.symbol,
        "number": document.number,
        "type": document.type.code if document.type_id else None,
        "type_name": document.type_name,
        "issuer": document.issuer,
        "year": document.year,
        "issuing_body": document.issuing_body,
        "issued_on": document.issued_on,
        "term": document.term.name if document.term_id else None,
        "abstract": document.abstract,
        "status": document.status,
        "fields": [field.code for field in document.fields.all()],
        "organization_id": document.organization_id,
        "replaced_by_id": document.replaced_by_id,
        "url": document.get_absolute_url(),
    }


def document_detail_out(document: Document, user) -> dict:
    visible = Document.objects.visible_to(user)
    return {
        **document_out(document),
        "full_text": document.full_text,
        "implements": list(visible.filter(implemented_by=document).values_list("pk", flat=True)),
        "implemented_by": list(visible.filter(implements=document).values_list("pk", flat=True)),
        "amended_by": list(visible.filter(amends=document).values_list("pk", flat=True)),
    }


class DocumentListParams(InputSchema):
    symbol: str = ""
    system: str = ""
    type: str = ""
    issuer: str = ""
    year: Year | None = None
    status: str = ""
    field: str = ""
    q: str = ""
    organization_id: int | None = None
    central: bool | None = None
    page: int = 1
    page_size: int = 50


class DocumentIn(InputSchema):
    column_model = Document

    symbol: str
    issued_on: datetime.date
    abstract: str
    issuing_body: str = ""
    kind_label: str = ""
    organization_id: int | None = None
    fields: list[str] = []
    status: str = Document.Status.IN_FORCE
    replaced_by_id: int | None = None
    amended_by_ids: list[int] = []
    implements_ids: list[int] = []
    full_text: str = ""


class DocumentPatch(InputSchema):
    column_model = Document

    symbol: str | None = None
    issued_on: datetime.date | None = None
    abstract: str | None = None
    issuing_body: str | None = None
    kind_label: str | None = None
    organization_id: int | None = None
    fields: list[str] | None = None
    status: str | None = None
    replaced_by_id: int | None = None
    amended_by_ids: list[int] | None = None
    implements_ids: list[int] | None = None
    full_text: str | None = None


class TextIn(InputSchema):
    # The hard ceiling of the schema; the configured limit (TEXT_INPUT_MAX_CHARS) is lower.
    text: str = SchemaField(..., max_length=1_000_000)


class CitationOut(Schema):
    raw: str
    start: int
    end: int
    system: str
    number: str
    type: str | None
    issuer: str
    year: int | None
    date: datetime.date | None
    symbol: str
    document_id: int | None
    ambiguous: bool
    date_mismatch: bool = SchemaField(
        description="Ngày trích dẫn không khớp văn bản nào mang số ký hiệu này trong sổ."
    )


class CitationList(Schema):
    count: int
    items: list[CitationOut]


class ExtractedCitations(CitationList):
    truncated: bool = SchemaField(
        description="Còn trích dẫn khác sau các mục trả về (giới hạn TEXT_OUTPUT_MAX_ITEMS)."
    )


class DocumentList(Schema):
    count: int
    items: list[DocumentOut]


class CitingOut(Schema):
    type: str
    id: int
    title: str
    url: str


class CitingList(Schema):
    count: int
    items: list[CitingOut]


class ReviewOut(Schema):
    id: int
    document_id: int
    symbol: str
    label: str
    kind: str
    years_after: int | None
    due_on: datetime.date
    state: str
    responsible_id: int
    responsible: str
    done_on: datetime.date | None
    url: str


class ReviewList(Schema):
    count: int
    items: list[ReviewOut]


class ReviewIn(InputSchema):
    column_model = Review

    kind: str
    responsible_id: int
    years_after: int | None = None
    due_on: datetime.date | None = None
    title: str = ""


class ReviewListParams(InputSchema):
    window_days: int = SchemaField(365, ge=1, le=3650)
    responsible_id: int | None = None
    kind: str = ""
    include_done: bool = False


class NumberingParams(InputSchema):
    type: str = SchemaField(..., max_length=10, description="Mã loại văn bản")


class CitedByParams(InputSchema):
    limit: int = SchemaField(200, ge=1, le=1000)


class ReserveIn(InputSchema):
    column_model = NumberReservation

    organization_id: int
    type: str
    abstract: str = ""


class ReservationOut(Schema):
    id: int
    organization_id: int
    number: int
    symbol: str
    type: str
    abstract: str
    reserved_at: datetime.datetime


class NextNumberOut(Schema):
    number: int
    symbol: str


# --- helpers -----------------------------------------------------------------------------------


def _organization(user, pk: int | None) -> Organization | None:
    return get_object_or_404(Organization.objects.visible_to(user), pk=pk) if pk else None


def _required_organization(user, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.visible_to(user), pk=pk)


def _documents(user, ids: list[int] | None) -> list[Document] | None:
    if ids is None:
        return None
    found = list(Document.objects.visible_to(user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404
    return found


def _fields(codes: list[str] | None) -> list[Field] | None:
    if codes is None:
        return None
    found = list(Field.objects.filter(code__in=codes))
    unknown = set(codes) - {f.code for f in found}
    if unknown:
        raise ValidationError(
            {"fields": [f"Lĩnh vực không có trong danh mục: {', '.join(sorted(unknown))}"]}
        )
    return found


def _document_attrs(user, payload: dict) -> dict:
    """Schema fields -> service keyword arguments (ids looked up within what `user` sees)."""
    attrs = dict(payload)
    if "organization_id" in attrs:
        attrs["organization"] = _organization(user, attrs.pop("organization_id"))
    if "replaced_by_id" in attrs:
        replaced_id = attrs.pop("replaced_by_id")
        attrs["replaced_by"] = _documents(user, [replaced_id])[0] if replaced_id else None

    if "amended_by_ids" in attrs:
        attrs["amended_by"] = _documents(user, attrs.pop("amended_by_ids"))
    if "implements_ids" in attrs:
        attrs["implements"] = _documents(user, attrs.pop("implements_ids"))
    if "fields" in attrs:
        attrs["fields"] = _fields(attrs["fields"])
    return attrs


def _review_out(review: Review, today: datetime.date) -> dict:
    return {
        "id": review.pk,
        "document_id": review.subject_id,
        "symbol": review.subject.symbol,
        "label": review.label,
        "kind": review.kind,
        "years_after": review.years_after,
        "due_on": review.due_on,
        "state": review.state_on(today),
        "responsible_id": review.responsible_id,
        "responsible": review.responsible.name,
        "done_on": review.done_on,
        "url": review.get_absolute_url(),
    }


# --- routes (fixed paths before "/directives/{id}") --------------------------------------------


@router.get("/directives", response={200: DocumentList, **ERRORS})
def list_documents(request, params: Query[DocumentListParams]):
    """Documents visible to the caller. `symbol=20-NQ/TW` lists every document with that symbol
    (Party numbers restart each term); `q` searches symbols and text, diacritics optional."""
    filters = selectors.DocumentFilters(
        system=params.system,
        type=params.type,
        issuer=params.issuer,
        year=params.year,
        status=params.status,
        field=params.field,
        q=params.q.strip(),
        symbol=params.symbol.strip(),
        organization=params.organization_id,
        central=params.central,
    )
    documents = selectors.filter_documents(request.auth, filters)
    documents = documents.prefetch_related("fields")
    return paginate(documents, params.page, params.page_size, serialize=document_out)


@router.post("/directives", response={201: DocumentDetailOut, **ERRORS})
def create_document(request, payload: DocumentIn):
    attrs = _document_attrs(request.auth, payload.dict())
    document = services.create_document(by=request.auth, **attrs)
    return Status(201, document_detail_out(document, request.auth))


@router.post(
    "/directives/extract",
    response={200: ExtractedCitations, 413: ErrorOut, 429: ErrorOut, **ERRORS},
)
def extract(request, payload: TextIn):
    """Every citation in the text, in order, with the registry document it names. The text is
    limited in length (413 beyond it), the citations returned in number (`truncated`), and the
    calls per minute (429)."""
    throttle.limit(
        request,
        "text-processing",
        account=request.auth,
        per_address=settings.THROTTLE_TEXT_PER_ADDRESS,
        per_account=settings.THROTTLE_TEXT_PER_ACCOUNT,
    )
    if len(payload.text) > settings.TEXT_INPUT_MAX_CHARS:
        message = _("Văn bản dài quá %(limit)s ký tự; hãy gửi từng phần.") % {
            "limit": f"{settings.TEXT_INPUT_MAX_CHARS:,}".replace(",", ".")
        }
        return Status(413, error_body(_("Văn bản quá dài."), {"text": [message]}))
    most = settings.TEXT_OUTPUT_MAX_ITEMS
    items = services.extract_and_resolve(payload.text, user=request.auth, limit=most + 1)
    return {"count": min(len(items), most), "items": items[:most], "truncated": len(items) > most}


@router.get("/directives/reviews", response={200: ReviewList, **ERRORS})
def list_reviews(request, params: Query[ReviewListParams]):
    """Directive review milestones due within `window_days` from today, plus open overdue ones
    (every kind of review is on the /reviews/ page)."""
    today = timezone.localdate()
    window = review_selectors.Window(today, today + datetime.timedelta(days=params.window_days))
    calendar = review_selectors.review_calendar(
        request.auth,
        window=window,
        today=today,
        responsible=params.responsible_id,
        kind=params.kind,
        subject=Document._meta.label_lower,
        include_done=params.include_done,
    )
    listed = calendar.in_date_order
    return {"count": len(listed), "items": [_review_out(r, today) for r in listed]}


@router.get(
    "/directives/numbering/{int:organization_id}/next", response={200: NextNumberOut, **ERRORS}
)
def next_number(request, organization_id: int, params: Query[NumberingParams]):
    organization = _required_organization(request.auth, organization_id)
    if not permissions.can_view_numbering(request.auth, organization):
        raise PermissionDenied
    system = services.organization_system(organization)
    document_type = get_object_or_404(DocumentType, system=system, code=params.type)
    number, symbol = services.preview_next_number(organization=organization, type=document_type)
    return {"number": number, "symbol": symbol}


@router.post("/directives/numbering/reserve", response={201: ReservationOut, **ERRORS})
def reserve(request, payload: ReserveIn):
    organization = _required_organization(request.auth, payload.organization_id)
    system = services.organization_system(organization)
    document_type = get_object_or_404(DocumentType, system=system, code=payload.type)
    reservation = services.reserve_number(
        organization=organization, type=document_type, by=request.auth, abstract=payload.abstract
    )
    return Status(
        201,
        {
            "id": reservation.pk,
            "organization_id": organization.pk,
            "number": reservation.number,
            "symbol": reservation.symbol,
            "type": document_type.code,
            "abstract": reservation.abstract,
            "reserved_at": reservation.reserved_at,
        },
    )


def _visible_document(user, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(user).select_related("type", "term"), pk=document_id
    )


@router.get("/directives/{int:document_id}", response={200: DocumentDetailOut, **ERRORS})
def get_document(request, document_id: int):
    return document_detail_out(_visible_document(request.auth, document_id), request.auth)


@router.patch("/directives/{int:document_id}", response={200: DocumentDetailOut, **ERRORS})
def patch_document(request, document_id: int, payload: DocumentPatch):
    document = _visible_document(request.auth, document_id)
    attrs = _document_attrs(request.auth, payload.dict(exclude_unset=True))
    for name in ("abstract", "issuing_body", "kind_label", "status", "full_text", "issued_on"):
        if name in attrs and attrs[name] is None:
            attrs.pop(name)
    document = services.update_document(document=document, by=request.auth, **attrs)
    return document_detail_out(document, request.auth)


@router.get("/directives/{int:document_id}/cited-by", response={200: CitingList, **ERRORS})
def cited_by(request, document_id: int, params: Query[CitedByParams]):
    """Objects whose text cites this document (only those the caller may see): `count` of them
    all, `items` the first `limit` of each kind."""
    document = _visible_document(request.auth, document_id)
    groups = selectors.cited_by(document, request.auth, limit=params.limit)
    items = [
        {
            "type": obj._meta.label_lower,
            "id": obj.pk,
            "title": str(obj),
            "url": obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
        }
        for group in groups
        for obj in group.items
    ]
    return {"count": sum(group.total for group in groups), "items": items}


@router.post("/directives/{int:document_id}/reviews", response={201: ReviewOut, **ERRORS})
def create_review(request, document_id: int, payload: ReviewIn):
    document = _visible_document(request.auth, document_id)
    responsible = _organization(request.auth, payload.responsible_id)
    review = reviews.create_review(
        subject=document,
        by=request.auth,
        kind=payload.kind,
        responsible=responsible,
        years_after=payload.years_after,
        due_on=payload.due_on,
        title=payload.title,
    )
    return Status(201, _review_out(review, timezone.localdate()))
