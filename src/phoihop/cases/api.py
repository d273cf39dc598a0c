"""/api/v1/cases and /api/v1/items: the same reads, permissions and audit as the pages. No
answer of these lists or details carries a citizen's identity; `/items/{id}/contact` gives it
to the staff who may see it, and every such answer is an audit entry."""

import datetime

from django.db.models import OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from phoihop.core.api import ErrorOut, PageParams, one_of, paginate
from phoihop.core.queries import count_of

from . import selectors, services
from .models import BUCKET_FILTERS, Case, CaseParticipant, Channel, Item, ItemAttachment, Kind

router = Router(tags=["cases"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
STATUSES = [s for s in Case.Status.values if s != Case.Status.MERGED]


class Ref(Schema):
    id: int
    name: str


class CodeRef(Schema):
    id: int
    code: str
    name: str


class CaseOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    status: str
    urgency: str
    hot_spot: bool
    field: CodeRef | None
    area: CodeRef | None
    department: Ref
    lead_organization: Ref | None
    co_agencies: list[Ref]
    received_on: datetime.date
    acknowledge_due: datetime.date
    acknowledged_on: datetime.date | None
    deadline: datetime.date
    extended_deadline: datetime.date | None
    effective_deadline: datetime.date
    completed_on: datetime.date | None
    bucket: str
    answer: str
    merged_into: str | None  # the number of the case this one was merged into
    item_count: int
    url: str


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class ItemOut(Schema):
    id: int
    case: int
    case_number: str
    channel: str
    received_at: datetime.datetime
    area: CodeRef | None
    text: str
    source: str
    anonymous: bool  # True: the sender left no identity
    attachments: list[AttachmentOut]


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


class CaseDetailOut(CaseOut):
    items_received: list[ItemOut]


class ContactOut(Schema):
    item: int
    name: str
    phone: str
    email: str
    address: str
    consent_version: str
    consent_given_at: datetime.datetime
    consent_withdrawn_at: datetime.datetime | None


class CaseListParams(PageParams):
    bucket: one_of(*BUCKET_FILTERS) | None = None
    status: one_of(*STATUSES) | None = None
    kind: one_of(*Kind.values) | None = None
    field: int | None = Field(None, description="id của lĩnh vực")
    area: int | None = Field(None, description="id của tỉnh (mọi xã của tỉnh) hoặc của xã")
    lead: int | None = Field(None, description="id của đơn vị chủ trì")
    hot_spot: bool = False
    q: str | None = Field(None, max_length=200, description="Từ khóa, có dấu hoặc không dấu")


class ItemListParams(PageParams):
    case: int | None = Field(None, description="id của vụ việc")
    channel: one_of(*Channel.values) | None = None
    area: int | None = Field(None, description="id của xã")
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


def _code_ref(obj) -> dict | None:
    return {"id": obj.pk, "code": obj.code, "name": obj.name} if obj is not None else None


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _for_reading(cases):
    co = CaseParticipant.objects.filter(role=CaseParticipant.Role.CO).select_related("organization")
    return (
        cases.with_bucket(timezone.localdate())
        .annotate(item_count=count_of(Item.objects.filter(case=OuterRef("pk"))))
        .select_related("field", "area", "department", "lead_organization", "merged_into")
        .prefetch_related(Prefetch("participants", queryset=co.order_by("id"), to_attr="co_parts"))
    )


def case_out(case: Case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "kind": case.kind,
        "status": case.status,
        "urgency": case.urgency,
        "hot_spot": case.hot_spot,
        "field": _code_ref(case.field),
        "area": _code_ref(case.area),
        "department": _ref(case.department),
        "lead_organization": _ref(case.lead_organization),
        "co_agencies": [_ref(p.organization) for p in case.co_parts],
        "received_on": case.received_on,
        "acknowledge_due": case.acknowledge_due,
        "acknowledged_on": case.acknowledged_on,
        "deadline": case.deadline,
        "extended_deadline": case.extended_deadline,
        "effective_deadline": case.effective_deadline,
        "completed_on": case.completed_on,
        "bucket": case.bucket,
        "answer": case.answer,
        "merged_into": case.merged_into.number if case.merged_into_id else None,
        "item_count": case.item_count,
        "url": case.get_absolute_url(),
    }


def item_out(item: Item) -> dict:
    return {
        "id": item.pk,
        "case": item.case_id,
        "case_number": item.case.number,
        "channel": item.channel,
        "received_at": item.received_at,
        "area": _code_ref(item.area),
        "text": item.text,
        "source": item.source,
        "anonymous": item.anonymous,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "url": f"/cases/attachments/{a.pk}/",
            }
            for a in item.attachments.all()
        ],
    }


def _items_for_reading(items):
    return items.select_related("case", "area").prefetch_related(
        Prefetch("attachments", queryset=ItemAttachment.objects.order_by("id"))
    )


@router.get("/cases", response={200: CasePage, **ERRORS})
def list_cases(request, params: Query[CaseListParams]):
    """The current (not merged) cases the caller sees, due first; filters as the case list
    page's. `bucket` is one of the four government buckets or due_soon, open, done."""
    filters = selectors.CaseFilters(
        q=(params.q or "").strip(),
        bucket=params.bucket or "",
        status=params.status or "",
        kind=params.kind or "",
        field_id=params.field,
        lead_id=params.lead,
        hot_spot=params.hot_spot,
    )
    cases = selectors.filter_cases(request.user, filters)
    if params.area:
        cases = cases.filter(area__any_of=selectors.area_and_children(params.area))
    return paginate(_for_reading(cases), params.page, params.page_size, serialize=case_out)


@router.get("/cases/{int:case_id}", response={200: CaseDetailOut, **ERRORS})
def get_case(request, case_id: int):
    """One case with its items (texts only). A merged case answers with `merged_into`."""
    case = get_object_or_404(_for_reading(Case.objects.visible_to(request.user)), pk=case_id)
    items = _items_for_reading(case.items.order_by("received_at", "id"))
    return {**case_out(case), "items_received": [item_out(i) for i in items]}


@router.get("/items", response={200: ItemPage, **ERRORS})
def list_items(request, params: Query[ItemListParams]):
    """Items of the cases the caller sees, newest first; never their senders' identity."""
    items = Item.objects.visible_to(request.user)
    if params.case:
        items = items.filter(case_id=params.case)
    if params.channel:
        items = items.filter(channel=params.channel)
    if params.area:
        items = items.filter(area_id=params.area)
    zone = timezone.get_current_timezone()
    if params.received_from:
        start = datetime.datetime.combine(params.received_from, datetime.time.min, zone)
        items = items.filter(received_at__gte=start)
    if params.received_to:
        end = datetime.datetime.combine(params.received_to, datetime.time.max, zone)
        items = items.filter(received_at__lte=end)
    items = _items_for_reading(items.order_by("-received_at", "-id"))
    return paginate(items, params.page, params.page_size, serialize=item_out)


@router.get("/items/{int:item_id}", response={200: ItemOut, **ERRORS})
def get_item(request, item_id: int):
    return item_out(
        get_object_or_404(_items_for_reading(Item.objects.visible_to(request.user)), pk=item_id)
    )


@router.get("/items/{int:item_id}/contact", response={200: ContactOut, **ERRORS})
def get_contact(request, item_id: int):
    """The sender's identity, for the staff who handle the case (the receiving department and
    the lead organisation, and the leaders above them; never co-agencies or collaborators):
    403 for others who see the item, 404 for an anonymous item. Each answer is audited."""
    item = get_object_or_404(
        Item.objects.visible_to(request.user).select_related("case"), pk=item_id
    )
    citizen = services.read_contact(item=item, by=request.user)
    if citizen is None:
        raise Http404
    return {
        "item": item.pk,
        "name": citizen.name,
        "phone": citizen.phone,
        "email": citizen.email,
        "address": citizen.address,
        "consent_version": citizen.consent_text.version,
        "consent_given_at": citizen.consent_given_at,
        "consent_withdrawn_at": citizen.consent_withdrawn_at,
    }
