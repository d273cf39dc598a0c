"""/missions: inspection, supervision and survey missions, their visits, findings (and the
visited organisation's answers) and recommendations followed as tasks."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from phoihop.core.api import ErrorOut, InputSchema, PageParams, Year, one_of, paginate
from phoihop.directives.models import Document
from phoihop.org.models import Area, Organization, User
from phoihop.plans import selectors as plan_selectors
from phoihop.plans.models import Plan

from . import selectors, services
from .models import Finding, Mission, Recommendation, Visit

router = Router(tags=["missions"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Ref(Schema):
    id: int
    name: str


class MissionOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    organization: Ref
    decision: Ref | None = None
    leader: Ref | None = None
    starts_on: datetime.date
    ends_on: datetime.date
    topics: list[str]
    follow_up_plan: int | None = None
    has_report: bool
    report_on: datetime.date | None = None
    url: str


class FindingOut(Schema):
    id: int
    visit: int
    organization: Ref
    kind: str
    topic: str
    text: str
    answer: str
    answered_at: datetime.datetime | None = None


class VisitOut(Schema):
    id: int
    organization: Ref
    area: Ref | None = None
    visited_on: datetime.date
    note: str


class RecommendationOut(Schema):
    id: int
    organization: Ref
    finding: int | None = None
    text: str
    deadline: datetime.date
    task: int
    bucket: str


class MissionDetailOut(MissionOut):
    members: list[Ref]
    visits: list[VisitOut]
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]


class MissionPage(Schema):
    count: int
    items: list[MissionOut]


class MissionListParams(PageParams):
    q: str = ""
    kind: one_of(*Mission.Kind.values) | None = None
    organization: int | None = None
    year: Year | None = None


class MissionIn(InputSchema):
    column_model = Mission

    kind: one_of(*Mission.Kind.values)
    title: str
    organization: int
    starts_on: datetime.date
    ends_on: datetime.date
    topics: str = ""
    leader: int | None = None
    members: list[int] = []
    decision: int | None = None
    decision_issued_on: datetime.date | None = None
    follow_up_plan: int | None = None


class MissionPatch(InputSchema):
    """The fields to change; those left out stay. `leader: null` takes the leader away,
    `decision: null` the link to a decision; `decision_issued_on` numbers a new decision for a
    mission that has none. The conducting organisation does not change."""

    column_model = Mission

    kind: one_of(*Mission.Kind.values) | None = None
    title: str | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    topics: str | None = None
    leader: int | None = None
    members: list[int] | None = None
    decision: int | None = None
    decision_issued_on: datetime.date | None = None


class VisitIn(InputSchema):
    column_model = Visit

    organization: int
    visited_on: datetime.date
    area: int | None = None
    note: str = ""


class FindingIn(InputSchema):
    column_model = Finding

    visit: int
    kind: one_of(*Finding.Kind.values)
    topic: str = ""
    text: str


class RecommendationIn(InputSchema):
    column_model = Recommendation

    organization: int
    text: str
    deadline: datetime.date
    finding: int | None = None


class AnswerIn(InputSchema):
    column_model = Finding

    answer: str


def _ref(obj, name: str = "") -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": name or str(obj)}


def mission_out(mission: Mission) -> dict:
    return {
        "id": mission.pk,
        "kind": mission.kind,
        "kind_label": mission.get_kind_display(),
        "title": mission.title,
        "organization": _ref(mission.organization, mission.organization.name),
        "decision": _ref(mission.decision, mission.decision.symbol if mission.decision else ""),
        "leader": _ref(mission.leader),
        "starts_on": mission.starts_on,
        "ends_on": mission.ends_on,
        "topics": mission.topic_list,
        "follow_up_plan": mission.follow_up_plan_id,
        "has_report": bool(mission.report),
        "report_on": mission.report_on,
        "url": mission.get_absolute_url(),
    }


def finding_out(finding: Finding, organization: Organization) -> dict:
    return {
        "id": finding.pk,
        "visit": finding.visit_id,
        "organization": _ref(organization, organization.name),
        "kind": finding.kind,
        "topic": finding.topic,
        "text": finding.text,
        "answer": finding.answer,
        "answered_at": finding.answered_at,
    }


def _bad(field: str, message: str):
    raise ValidationError({field: [message]})


def _organization(request, pk: int, field: str) -> Organization:
    found = Organization.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        _bad(field, f"Không tìm thấy tổ chức có id {pk} trong phạm vi của bạn.")
    return found


def _person(request, pk: int, field: str) -> User:
    found = User.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        _bad(field, f"Không tìm thấy người có id {pk} trong phạm vi của bạn.")
    return found


def _decision(request, pk: int | None) -> Document | None:
    if not pk:
        return None
    found = Document.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        _bad("decision", f"Không tìm thấy văn bản có id {pk}.")
    return found


@router.get("/missions", response={200: MissionPage, **ERRORS})
def list_missions(request, params: Query[MissionListParams]):
    filters = selectors.MissionFilters(
        q=params.q, kind=params.kind or "", organization=params.organization, year=params.year
    )
    missions = filters.apply(selectors.missions_for(request.user)).order_by("-starts_on", "-pk")
    return paginate(missions, params.page, params.page_size, serialize=mission_out)


@router.post("/missions", response={201: MissionDetailOut, **ERRORS})
def create_mission(request, payload: MissionIn):
    data = payload.dict()
    organization = _organization(request, data.pop("organization"), "organization")
    leader_id = data.pop("leader")
    leader = _person(request, leader_id, "leader") if leader_id else None
    members = [_person(request, pk, "members") for pk in data.pop("members")]
    decision = _decision(request, data.pop("decision"))
    plan = None
    if plan_id := data.pop("follow_up_plan"):
        plan = Plan.objects.visible_to(request.user).filter(pk=plan_id).first()
        if plan is None:
            _bad("follow_up_plan", f"Không tìm thấy kế hoạch có id {plan_id}.")
    mission = services.create_mission(
        by=request.user,
        organization=organization,
        leader=leader,
        members=members,
        decision=decision,
        follow_up_plan=plan,
        **data,
    )
    return Status(201, get_mission(request, mission.pk))


@router.get("/missions/{int:mission_id}", response={200: MissionDetailOut, **ERRORS})
def get_mission(request, mission_id: int):
    mission = get_object_or_404(selectors.missions_for(request.user), pk=mission_id)
    view = selectors.mission_view(request.user, mission)
    findings = [finding_out(f, v.organization) for v in view.visits for f in v.findings.all()]
    return {
        **mission_out(mission),
        "members": [_ref(m) for m in (mission.members.all() if view.whole else [])],
        "visits": [
            {
                "id": v.pk,
                "organization": _ref(v.organization, v.organization.name),
                "area": _ref(v.area, v.area.name if v.area else ""),
                "visited_on": v.visited_on,
                "note": v.note,
            }
            for v in view.visits
        ],
        "findings": findings,
        "recommendations": [
            {
                "id": r.pk,
                "organization": _ref(r.organization, r.organization.name),
                "finding": r.finding_id,
                "text": r.text,
                "deadline": r.deadline,
                "task": r.task_id,
                "bucket": r.task.bucket,
            }
            for r in view.recommendations
        ],
    }


def _mission(request, mission_id: int) -> Mission:
    return get_object_or_404(selectors.missions_for(request.user), pk=mission_id)


@router.patch("/missions/{int:mission_id}", response={200: MissionDetailOut, **ERRORS})
def update_mission(request, mission_id: int, payload: MissionPatch):
    """The same service as the page's form: the conducting organisation's staff."""
    mission = _mission(request, mission_id)
    data = payload.dict(exclude_unset=True)
    for required in ("kind", "title", "starts_on", "ends_on"):
        if required in data and data[required] is None:
            _bad(required, "Trường này không được để trống.")
    if "topics" in data and data["topics"] is None:
        data["topics"] = ""
    if "leader" in data:
        data["leader"] = _person(request, data["leader"], "leader") if data["leader"] else None
    if "members" in data:
        data["members"] = [_person(request, pk, "members") for pk in data["members"] or []]
    if "decision" in data:
        data["decision"] = _decision(request, data["decision"])
    services.update_mission(mission=mission, by=request.user, **data)
    return get_mission(request, mission_id)


@router.delete("/missions/{int:mission_id}", response={204: None, **ERRORS})
def delete_mission(request, mission_id: int):
    """Only a mission with no visit, recommendation or report recorded (else 400, saying so)."""
    services.delete_mission(mission=_mission(request, mission_id), by=request.user)
    return Status(204, None)


@router.post("/missions/{int:mission_id}/visits", response={201: VisitOut, **ERRORS})
def add_visit(request, mission_id: int, payload: VisitIn):
    mission = _mission(request, mission_id)
    # The organisations the page's box offers: active ones of the conducting body's province.
    candidates = plan_selectors.province_candidates(mission.organization)
    organization = candidates.filter(pk=payload.organization).first()
    if organization is None:
        _bad(
            "organization",
            f"Không tìm thấy tổ chức đang hoạt động cùng tỉnh có id {payload.organization}.",
        )
    area = None
    if payload.area:
        area = Area.objects.filter(pk=payload.area).first()
        if area is None:
            _bad("area", f"Không tìm thấy địa bàn có id {payload.area}.")
    visit = services.add_visit(
        mission=mission,
        by=request.user,
        organization=organization,
        visited_on=payload.visited_on,
        area=area,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": visit.pk,
            "organization": _ref(organization, organization.name),
            "area": _ref(area, area.name if area else ""),
            "visited_on": visit.visited_on,
            "note": visit.note,
        },
    )


@router.post("/missions/{int:mission_id}/findings", response={201: FindingOut, **ERRORS})
def add_finding(request, mission_id: int, payload: FindingIn):
    mission = _mission(request, mission_id)
    visit = Visit.objects.filter(mission=mission, pk=payload.visit).first()
    if visit is None:
        _bad("visit", f"Không tìm thấy buổi làm việc có id {payload.visit} của đoàn.")
    finding = services.add_finding(
        visit=visit, by=request.user, kind=payload.kind, topic=payload.topic, text=payload.text
    )
    return Status(201, finding_out(finding, visit.organization))


@router.post(
    "/missions/{int:mission_id}/recommendations", response={201: RecommendationOut, **ERRORS}
)
def add_recommendation(request, mission_id: int, payload: RecommendationIn):
    mission = _mission(request, mission_id)
    visited = Organization.objects.filter(pk__in=mission.visits.values("organization_id"))
    organization = visited.filter(pk=payload.organization).first()
    if organization is None:
        _bad(
            "organization",
            f"Đoàn chưa làm việc với tổ chức có id {payload.organization}: hãy thêm buổi làm "
            "việc trước.",
        )
    finding = None
    if payload.finding:
        finding = Finding.objects.filter(mission=mission, pk=payload.finding).first()
        if finding is None:
            _bad("finding", f"Không tìm thấy nhận xét có id {payload.finding} của đoàn.")
    recommendation = services.add_recommendation(
        mission=mission,
        by=request.user,
        organization=organization,
        text=payload.text,
        deadline=payload.deadline,
        finding=finding,
    )
    return Status(
        201,
        {
            "id": recommendation.pk,
            "organization": _ref(organization, organization.name),
            "finding": recommendation.finding_id,
            "text": recommendation.text,
            "deadline": recommendation.deadline,
            "task": recommendation.task_id,
            "bucket": recommendation.task.bucket,
        },
    )


@router.post("/missions/findings/{int:finding_id}/answer", response={200: FindingOut, **ERRORS})
def answer_finding(request, finding_id: int, payload: AnswerIn):
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("organization"), pk=finding_id
    )
    finding = services.answer_finding(finding=finding, by=request.user, answer=payload.answer)
    return finding_out(finding, finding.organization)
