"""/programmes and /plans."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from phoihop.core import search
from phoihop.core.api import paginate

from .. import selectors, services
from ..models import (
    Programme,
    Task,
)
from .schemas import (
    ERRORS,
    PlanDetailOut,
    PlanIn,
    PlanListParams,
    PlanPage,
    PlanPatch,
    ProgrammeIn,
    ProgrammeListParams,
    ProgrammeOut,
    ProgrammePage,
    ProgrammePatch,
)
from .serializers import (
    bad_input,
    counterparts_from,
    plan_out,
    plans_for,
    programme_out,
    programmes_for,
    visible_organization,
)

router = Router(tags=["plans"])


@router.get("/programmes", response=ProgrammePage)
def list_programmes(request, params: Query[ProgrammeListParams]):
    programmes = programmes_for(request).order_by("-start_year", "title", "pk")
    programmes = search.filter_text(programmes, params.q)
    return paginate(programmes, params.page, params.page_size, serialize=programme_out)


@router.post("/programmes", response={201: ProgrammeOut, **ERRORS})
def create_programme(request, payload: ProgrammeIn):
    signing = visible_organization(request, payload.signing_organization, "signing_organization")
    data = payload.dict()
    data.pop("signing_organization")
    counterparts = counterparts_from(signing, data.pop("counterparts"))
    programme = services.create_programme(
        by=request.user, signing_organization=signing, counterparts=counterparts, **data
    )
    return Status(201, programme_out(programmes_for(request).get(pk=programme.pk)))


@router.get("/programmes/{int:programme_id}", response={200: ProgrammeOut, **ERRORS})
def get_programme(request, programme_id: int):
    return programme_out(get_object_or_404(programmes_for(request), pk=programme_id))


@router.patch("/programmes/{int:programme_id}", response={200: ProgrammeOut, **ERRORS})
def update_programme(request, programme_id: int, payload: ProgrammePatch):
    programme = get_object_or_404(programmes_for(request), pk=programme_id)
    data = payload.dict(exclude_unset=True)
    if "counterparts" in data:
        data["counterparts"] = counterparts_from(
            programme.signing_organization, data["counterparts"]
        )
    services.update_programme(programme=programme, by=request.user, **data)
    return programme_out(programmes_for(request).get(pk=programme.pk))


@router.get("/plans", response=PlanPage)
def list_plans(request, params: Query[PlanListParams]):
    plans = plans_for(request).order_by("-year", "title", "pk")
    if params.programme:
        plans = plans.filter(programme_id=params.programme)
    if params.year:
        plans = plans.filter(year=params.year)
    if params.organization:
        plans = plans.filter(issuing_organization_id=params.organization)
    return paginate(plans, params.page, params.page_size, serialize=plan_out)


@router.post("/plans", response={201: PlanDetailOut, **ERRORS})
def create_plan(request, payload: PlanIn):
    data = payload.dict()
    issuer = visible_organization(request, data.pop("issuing_organization"), "issuing_organization")
    programme_id = data.pop("programme")
    programme = None
    if programme_id:
        programme = Programme.objects.visible_to(request.user).filter(pk=programme_id).first()
        if programme is None:
            bad_input("programme", f"Không tìm thấy chương trình có id {programme_id}.")
    plan = services.create_plan(
        by=request.user, issuing_organization=issuer, programme=programme, **data
    )
    return Status(201, get_plan(request, plan.pk))


@router.get("/plans/{int:plan_id}", response={200: PlanDetailOut, **ERRORS})
def get_plan(request, plan_id: int):
    plan = get_object_or_404(plans_for(request), pk=plan_id)
    tasks = Task.objects.visible_to(request.user).filter(plan=plan)
    return {**plan_out(plan), "counts": selectors.bucket_counts(tasks)}


@router.patch("/plans/{int:plan_id}", response={200: PlanDetailOut, **ERRORS})
def update_plan(request, plan_id: int, payload: PlanPatch):
    plan = get_object_or_404(plans_for(request), pk=plan_id)
    services.update_plan(plan=plan, by=request.user, **payload.dict(exclude_unset=True))
    return get_plan(request, plan.pk)
