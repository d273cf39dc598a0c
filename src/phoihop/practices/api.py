"""/models: the registry of good models and effective ways of working."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema, Status

from phoihop.core.api import ErrorOut, InputSchema, PageParams, Year, paginate
from phoihop.org.models import Area, Field, Organization

from . import selectors, services
from .models import Commendation, GoodModel, Replication

router = Router(tags=["models"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Ref(Schema):
    id: int
    name: str


class ModelOut(Schema):
    id: int
    title: str
    summary: str
    organization: Ref
    keeper: Ref
    area: Ref | None = None
    field: Ref | None = None
    started_on: datetime.date
    figures: list[str]
    replication_count: int
    url: str


class EvidenceOut(Schema):
    id: int
    name: str
    caption: str
    url: str


class CommendationOut(Schema):
    id: int
    title: str
    conferred_by: str
    reference: str
    conferred_on: datetime.date


class ReplicationOut(Schema):
    id: int
    organization: Ref | None = None
    area: Ref | None = None
    started_on: datetime.date
    note: str


class ModelDetailOut(ModelOut):
    evidence: list[EvidenceOut]
    commendations: list[CommendationOut]
    replications: list[ReplicationOut]


class ModelPage(Schema):
    count: int
    items: list[ModelOut]


class ModelListParams(PageParams):
    q: str = ""
    field: int | None = None
    organization: int | None = None
    area: int | None = None
    year: Year | None = None
    commended: bool | None = None


class ModelIn(InputSchema):
    column_model = GoodModel

    title: str
    summary: str
    organization: int
    keeper: int
    area: int | None = None
    field: int | None = None
    started_on: datetime.date
    figures: str = ""


class ModelPatch(InputSchema):
    """The fields to change; those left out stay as they are."""

    column_model = GoodModel

    title: str | None = None
    summary: str | None = None
    organization: int | None = None
    keeper: int | None = None
    area: int | None = None
    field: int | None = None
    started_on: datetime.date | None = None
    figures: str | None = None


class CommendationIn(InputSchema):
    column_model = Commendation

    title: str
    conferred_by: str
    reference: str = ""
    conferred_on: datetime.date


class ReplicationIn(InputSchema):
    column_model = Replication

    organization: int | None = None
    area: int | None = None
    started_on: datetime.date
    note: str = ""


def _ref(obj, name: str) -> dict | None:
    return {"id": obj.pk, "name": name} if obj is not None else None


def model_out(practice: GoodModel) -> dict:
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "organization": _ref(practice.organization, practice.organization.name),
        "keeper": _ref(practice.keeper, practice.keeper.name),
        "area": _ref(practice.area, practice.area.name if practice.area else ""),
        "field": _ref(practice.field, practice.field.name if practice.field else ""),
        "started_on": practice.started_on,
        "figures": practice.figure_list,
        "replication_count": getattr(practice, "replication_count", 0),
        "url": practice.get_absolute_url(),
    }


def _bad(field: str, message: str):
    raise ValidationError({field: [message]})


def _organization(request, pk: int, field: str) -> Organization:
    found = Organization.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        _bad(field, f"Không tìm thấy tổ chức có id {pk} trong phạm vi của bạn.")
    return found


def _area(pk: int | None, field: str = "area") -> Area | None:
    if not pk:
        return None
    found = Area.objects.filter(pk=pk).first()
    if found is None:
        _bad(field, f"Không tìm thấy địa bàn có id {pk}.")
    return found


def _listed(request):
    return selectors.models_for(request.user).annotate(
        replication_count=Count("replications", distinct=True)
    )


@router.get("/models", response={200: ModelPage, **ERRORS})
def list_models(request, params: Query[ModelListParams]):
    filters = selectors.ModelFilters(
        q=params.q,
        field=params.field,
        organization=params.organization,
        area=params.area,
        year=params.year,
        commended=params.commended,
    )
    practices = filters.apply(_listed(request)).order_by("-started_on", "-pk")
    return paginate(practices, params.page, params.page_size, serialize=model_out)


@router.get("/models/{int:model_id}", response={200: ModelDetailOut, **ERRORS})
def get_model(request, model_id: int):
    practice = get_object_or_404(_listed(request), pk=model_id)
    return {
        **model_out(practice),
        "evidence": [
            {
                "id": e.pk,
                "name": e.name,
                "caption": e.caption,
                "url": reverse("practices:evidence_download", args=[e.pk]),
            }
            for e in practice.evidence.all()
        ],
        "commendations": [
            {
                "id": c.pk,
                "title": c.title,
                "conferred_by": c.conferred_by,
                "reference": c.reference,
                "conferred_on": c.conferred_on,
            }
            for c in practice.commendations.all()
        ],
        "replications": [
            {
                "id": r.pk,
                "organization": _ref(r.organization, r.organization.name if r.organization else ""),
                "area": _ref(r.area, r.area.name if r.area else ""),
                "started_on": r.started_on,
                "note": r.note,
            }
            for r in practice.replications.select_related("organization", "area")
        ],
    }


def _field(pk: int | None) -> Field | None:
    if not pk:
        return None
    found = Field.objects.filter(pk=pk).first()
    if found is None:
        _bad("field", f"Không tìm thấy lĩnh vực có id {pk}.")
    return found


@router.post("/models", response={201: ModelDetailOut, **ERRORS})
def create_model(request, payload: ModelIn):
    data = payload.dict()
    organization = _organization(request, data.pop("organization"), "organization")
    keeper = _organization(request, data.pop("keeper"), "keeper")
    data["area"] = _area(data.pop("area"))
    data["field"] = _field(data.pop("field"))
    practice = services.create_model(
        by=request.user, organization=organization, keeper=keeper, **data
    )
    return Status(201, get_model(request, practice.pk))


@router.patch("/models/{int:model_id}", response={200: ModelDetailOut, **ERRORS})
def update_model(request, model_id: int, payload: ModelPatch):
    """The same service as the page's form: the keeper's or the organisation's staff."""
    practice = get_object_or_404(selectors.models_for(request.user), pk=model_id)
    data = payload.dict(exclude_unset=True)
    for required in ("title", "summary", "organization", "keeper", "started_on"):
        if required in data and data[required] is None:
            _bad(required, "Trường này không được để trống.")
    for name in ("organization", "keeper"):
        if name in data:
            data[name] = _organization(request, data[name], name)
    if "area" in data:
        data["area"] = _area(data["area"])
    if "field" in data:
        data["field"] = _field(data["field"])
    if "figures" in data and data["figures"] is None:
        data["figures"] = ""
    services.update_model(practice=practice, by=request.user, **data)
    return get_model(request, model_id)


@router.delete("/models/{int:model_id}", response={204: None, **ERRORS})
def delete_model(request, model_id: int):
    """Only an entry without evidence, commendations or replications (else 400, saying so)."""
    practice = get_object_or_404(selectors.models_for(request.user), pk=model_id)
    services.delete_model(practice=practice, by=request.user)
    return Status(204, None)


@router.post("/models/{int:model_id}/commendations", response={201: CommendationOut, **ERRORS})
def add_commendation(request, model_id: int, payload: CommendationIn):
    practice = get_object_or_404(selectors.models_for(request.user), pk=model_id)
    commendation = services.add_commendation(practice=practice, by=request.user, **payload.dict())
    return Status(
        201,
        {
            "id": commendation.pk,
            "title": commendation.title,
            "conferred_by": commendation.conferred_by,
            "reference": commendation.reference,
            "conferred_on": commendation.conferred_on,
        },
    )


@router.post("/models/{int:model_id}/replications", response={201: ReplicationOut, **ERRORS})
def add_replication(request, model_id: int, payload: ReplicationIn):
    practice = get_object_or_404(selectors.models_for(request.user), pk=model_id)
    organization = (
        _organization(request, payload.organization, "organization")
        if payload.organization
        else None
    )
    area = _area(payload.area)
    replication = services.add_replication(
        practice=practice,
        by=request.user,
        organization=organization,
        area=area,
        started_on=payload.started_on,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": replication.pk,
            "organization": _ref(organization, organization.name if organization else ""),
            "area": _ref(area, area.name if area else ""),
            "started_on": replication.started_on,
            "note": replication.note,
        },
    )
