"""/events: the list (with the list page's filters), an event's detail, create and update
through the same services as the pages."""

import datetime
import decimal
import zoneinfo

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from phoihop.core.api import ErrorOut, InputSchema, PageParams, paginate
from phoihop.directives.models import Document
from phoihop.library import selectors as library
from phoihop.org.models import Organization
from phoihop.plans.models import Plan, Programme, Task

from . import selectors, services
from .models import Event, EventKind, EventOrganization

router = Router(tags=["events"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Ref(Schema):
    id: int
    name: str


class AgendaOut(Schema):
    starts_at: str | None = None
    title: str
    presenter: str


class ConclusionOut(Schema):
    id: int
    text: str
    task_id: int | None = None


class EventOut(Schema):
    id: int
    kind: Ref
    title: str
    organizer: Ref
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    online_url: str
    training_hours: float | None = None
    programme_id: int | None = None
    plan_id: int | None = None
    task_id: int | None = None
    directive_id: int | None = None
    cancelled_at: datetime.datetime | None = None
    cancellation_reason: str = ""
    url: str


class EventDetailOut(EventOut):
    description: str
    co_organizers: list[Ref]
    invited_organizations: list[Ref]
    invited: int
    accepted: int
    present: int
    agenda: list[AgendaOut]
    conclusions: list[ConclusionOut]
    materials: list[int]


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventListParams(PageParams):
    q: str = ""
    kind: int | None = None
    organization: int | None = None
    programme: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    training: bool = False
    cancelled: bool = Field(False, description="Gồm cả sự kiện đã hủy.")


class CancelIn(InputSchema):
    column_model = Event
    column_names = {"reason": "cancellation_reason"}

    reason: str


class EventIn(InputSchema):
    column_model = Event

    kind: int
    title: str
    organizer: int
    co_organizers: list[int] = []
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str = ""
    online_url: str = ""
    description: str = ""
    training_hours: float | None = Field(None, ge=0, le=500, allow_inf_nan=False)
    programme: int | None = None
    plan: int | None = None
    task: int | None = None
    directive: int | None = None


class EventPatch(InputSchema):
    column_model = Event

    kind: int | None = None
    title: str | None = None
    co_organizers: list[int] | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str | None = None
    online_url: str | None = None
    description: str | None = None
    training_hours: float | None = Field(None, ge=0, le=500, allow_inf_nan=False)
    programme: int | None = None
    plan: int | None = None
    task: int | None = None
    directive: int | None = None


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": obj.name}


def event_out(event: Event) -> dict:
    return {
        "id": event.pk,
        "kind": _ref(event.kind),
        "title": event.title,
        "organizer": _ref(event.organizer),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        "online_url": event.online_url,
        "training_hours": float(event.training_hours) if event.training_hours is not None else None,
        "programme_id": event.programme_id,
        "plan_id": event.plan_id,
        "task_id": event.task_id,
        "directive_id": event.directive_id,
        "cancelled_at": event.cancelled_at,
        "cancellation_reason": event.cancellation_reason,
        "url": event.get_absolute_url(),
    }


def _bad(field: str, message: str):
    from django.core.exceptions import ValidationError

    raise ValidationError({field: [message]})


def _events(request):
    return Event.objects.visible_to(request.user).for_list()


@router.get("/events", response=EventPage)
def list_events(request, params: Query[EventListParams]):
    organization = None
    if params.organization:
        organization = (
            Organization.objects.visible_to(request.user).filter(pk=params.organization).first()
        )
        if organization is None:
            return {"count": 0, "items": []}
    events = selectors.filtered(
        request.user,
        q=params.q,
        kind=params.kind,
        start=params.start,
        end=params.end,
        organization=organization,
        programme=params.programme,
        training=params.training,
        cancelled=params.cancelled,
    ).for_list()
    return paginate(
        events.order_by("-starts_at", "-id"), params.page, params.page_size, serialize=event_out
    )


@router.get("/events/{int:event_id}", response={200: EventDetailOut, **ERRORS})
def get_event(request, event_id: int):
    event = get_object_or_404(_events(request), pk=event_id)
    organizations = list(event.organizations.select_related("organization"))
    participants = list(event.participants.values_list("rsvp", "checked_in_at"))
    return {
        **event_out(event),
        "description": event.description,
        "co_organizers": [
            _ref(o.organization)
            for o in organizations
            if o.role == EventOrganization.Role.CO_ORGANIZER
        ],
        "invited_organizations": [
            _ref(o.organization) for o in organizations if o.role == EventOrganization.Role.INVITED
        ],
        "invited": len(participants),
        "accepted": sum(1 for rsvp, _at in participants if rsvp == "accepted"),
        "present": sum(1 for _rsvp, at in participants if at),
        "agenda": [
            {
                "starts_at": item.starts_at.strftime("%H:%M") if item.starts_at else None,
                "title": item.title,
                "presenter": item.presenter,
            }
            for item in event.agenda.all()
        ],
        "conclusions": [
            {"id": c.pk, "text": c.text, "task_id": c.task_id} for c in event.conclusions.all()
        ],
        # The library items cited, those the caller may read.
        "materials": sorted(
            library.readable(request.user, event.materials.values("pk")).values_list(
                "pk", flat=True
            )
        ),
    }


def _aware(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return value


def _resolve(request, data: dict) -> dict:
    """Ids in the payload to rows the user may see (a miss is a 422 on that field)."""
    if data.get("kind") is not None:
        data["kind"] = EventKind.objects.filter(pk=data["kind"]).first() or _bad(
            "kind", "Không có loại sự kiện này."
        )
    for name in ("starts_at", "ends_at"):
        if data.get(name) is not None:
            data[name] = _aware(data[name])
    if "training_hours" in data and data["training_hours"] is not None:
        data["training_hours"] = decimal.Decimal(str(round(data["training_hours"], 1)))
    for name, model in (
        ("programme", Programme),
        ("plan", Plan),
        ("task", Task),
        ("directive", Document),
    ):
        if data.get(name) is not None:
            data[name] = model.objects.visible_to(request.user).filter(
                pk=data[name]
            ).first() or _bad(name, "Không tìm thấy mục này trong phạm vi bạn được xem.")
    if data.get("co_organizers") is not None:
        ids = data["co_organizers"]
        found = list(Organization.objects.active().visible_to(request.user).filter(pk__in=ids))
        if len(found) != len(set(ids)):
            _bad("co_organizers", "Có đơn vị không tìm thấy trong phạm vi của bạn.")
        data["co_organizers"] = found
    return data


@router.post("/events", response={201: EventDetailOut, **ERRORS})
def create_event(request, payload: EventIn):
    data = _resolve(request, payload.dict())
    organizer = (
        Organization.objects.visible_to(request.user).filter(pk=data.pop("organizer")).first()
    )
    if organizer is None:
        _bad("organizer", "Không tìm thấy đơn vị tổ chức trong phạm vi của bạn.")
    event = services.create_event(by=request.user, organizer=organizer, **data)
    return Status(201, get_event(request, event.pk))


@router.patch("/events/{int:event_id}", response={200: EventDetailOut, **ERRORS})
def update_event(request, event_id: int, payload: EventPatch):
    event = get_object_or_404(_events(request), pk=event_id)
    data = _resolve(request, payload.dict(exclude_unset=True))
    for required in ("kind", "title", "starts_at", "ends_at"):
        if required in data and data[required] is None:
            _bad(required, "Trường này không được để trống.")
    for text in ("place", "online_url", "description"):
        if text in data and data[text] is None:
            data[text] = ""
    services.update_event(event=event, by=request.user, **data)
    return get_event(request, event.pk)


@router.post("/events/{int:event_id}/cancel", response={200: EventDetailOut, **ERRORS})
def cancel_event(request, event_id: int, payload: CancelIn):
    """The organiser's staff call the event off with a reason; the invited are told."""
    event = get_object_or_404(_events(request), pk=event_id)
    services.cancel_event(event=event, by=request.user, reason=payload.reason)
    return get_event(request, event.pk)
