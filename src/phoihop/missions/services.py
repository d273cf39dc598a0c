"""Writes for missions: set one up (its decision registered and numbered in the directive
registry), record visits and findings, let a visited organisation answer, turn recommendations
into followed tasks (docs/adr/0032-mission-recommendations-as-tasks.md), attach the report.

Each function checks permission first, validates with Vietnamese messages, writes inside one
transaction and leaves one audit entry.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search, uploads
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.directives import services as directives
from phoihop.directives.models import Document, DocumentType
from phoihop.directives.permissions import can_view_document
from phoihop.org.models import Area, Organization, User
from phoihop.plans import permissions as plan_permissions
from phoihop.plans import selectors as plan_selectors
from phoihop.plans import services as plans
from phoihop.plans.models import Plan, Task, TaskParticipant

from . import permissions
from .models import Finding, Mission, Recommendation, Visit

MISSION_FIELDS = ("kind", "title", "topics", "starts_on", "ends_on")
DECISION_TYPE = "QĐ"


def _mission_snapshot(mission: Mission) -> dict[str, Any]:
    values = audit.snapshot(mission, [f for f in Mission.AUDITED_FIELDS if f != "members"])
    values["members"] = sorted(str(m) for m in mission.members.all()) if mission.pk else []
    values["report"] = mission.report_name or (mission.report.name if mission.report else None)
    return values


def _validate_mission(mission: Mission, errors: Errors) -> None:
    mission.title = (mission.title or "").strip()
    mission.topics = (mission.topics or "").strip()
    if mission.kind not in Mission.Kind.values:
        errors.add("kind", _("Hình thức không hợp lệ: chọn kiểm tra, giám sát hoặc khảo sát."))
    if not mission.title:
        errors.add("title", _("Tên đoàn, nội dung không được để trống."))
    if mission.starts_on is None:
        errors.add("starts_on", _("Cần nhập ngày bắt đầu."))
    if mission.ends_on is None:
        errors.add("ends_on", _("Cần nhập ngày kết thúc."))
    elif mission.starts_on and mission.ends_on < mission.starts_on:
        errors.add("ends_on", _("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."))


def _check_people(errors: Errors, by, leader: User | None, members: list[User]) -> None:
    """The leader and members are people the user may see in the directory."""
    people = [p for p in [leader, *members] if p is not None]
    if not people:
        return
    visible = set(
        User.objects.visible_to(by)
        .filter(pk__in=[p.pk for p in people])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in visible for p in people):
        errors.add("members", _("Có người được chọn không thuộc phạm vi bạn được xem."))


def _check_follow_up_plan(errors: Errors, by, mission: Mission, plan: Plan | None) -> None:
    if plan is None:
        return
    if not Plan.objects.visible_to(by).filter(pk=plan.pk).exists():
        errors.add("follow_up_plan", _("Không tìm thấy kế hoạch này trong phạm vi của bạn."))
    elif not plan_permissions.can_add_task(by, plan):
        errors.add(
            "follow_up_plan",
            _("Bạn không thêm được nhiệm vụ vào kế hoạch này (đã lưu trữ hoặc của đơn vị khác)."),
        )


def _register_decision(
    *, mission: Mission, by, issued_on: datetime.date, errors: Errors
) -> Document | None:
    """Give the decision the next number of the conducting organisation's sequence and register
    it in the directive registry (directives.services.reserve_number + create_document)."""
    organization = mission.organization
    system = directives.organization_system(organization)
    doc_type = DocumentType.objects.filter(system=system, code=DECISION_TYPE).first()
    if doc_type is None:
        errors.add("decision_issued_on", _("Danh mục chưa có loại văn bản Quyết định (QĐ)."))
        return None
    if issued_on > timezone.localdate():
        errors.add("decision_issued_on", _("Ngày ban hành quyết định không được sau hôm nay."))
        return None
    abstract = _("Quyết định thành lập đoàn %(kind)s: %(title)s") % {
        "kind": mission.get_kind_display().lower(),
        "title": mission.title,
    }
    reservation = directives.reserve_number(
        organization=organization, type=doc_type, by=by, abstract=abstract[:500], on=issued_on
    )
    return directives.create_document(
        by=by,
        symbol=reservation.symbol,
        organization=organization,
        issued_on=issued_on,
        abstract=abstract,
        issuing_body=organization.name,
    )


@transaction.atomic
def create_mission(
    *,
    by: User,
    organization: Organization,
    leader: User | None = None,
    members: Iterable[User] = (),
    decision: Document | None = None,
    decision_issued_on: datetime.date | None = None,
    follow_up_plan: Plan | None = None,
    **attrs: Any,
) -> Mission:
    """`decision`: a decision already in the registry; or `decision_issued_on`: register a new
    decision numbered in the organisation's sequence, issued that day."""
    unknown = set(attrs) - set(MISSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown mission attributes: {sorted(unknown)}")
    deny_unless(permissions.can_create_mission(by, organization))
    mission = Mission(organization=organization, leader=leader, created_by=by, **attrs)
    members = list(members)
    errors = Errors()
    _validate_mission(mission, errors)
    _check_people(errors, by, leader, members)
    _check_follow_up_plan(errors, by, mission, follow_up_plan)
    if decision is not None and decision_issued_on is not None:
        errors.add("decision", _("Chọn quyết định đã có hoặc cấp số quyết định mới, không cả hai."))
    if decision is not None and not can_view_document(by, decision):
        errors.add("decision", _("Không tìm thấy văn bản này trong phạm vi của bạn."))
    if organization.is_archived:
        errors.add("organization", _("Tổ chức này đã ngừng hoạt động."))
    errors.raise_if_any()
    if decision_issued_on is not None:
        decision = _register_decision(
            mission=mission, by=by, issued_on=decision_issued_on, errors=errors
        )
        errors.raise_if_any()
    mission.decision = decision
    mission.follow_up_plan = follow_up_plan
    mission.save()
    mission.members.set(members)
    after = _mission_snapshot(mission)
    audit.record(
        action=Action.CREATE,
        obj=mission,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=organization,
    )
    search.index(mission)
    return mission


# What `update_mission` changes besides MISSION_FIELDS (the conducting organisation stays: it
# decides who sees and manages the mission, and its sequence numbered the decision).
MISSION_LINKS = ("leader", "members", "decision")


def _check_dates_keep_the_record(mission: Mission, errors: Errors) -> None:
    """New dates must still hold the visits, recommendations and report already recorded."""
    if "starts_on" in errors or "ends_on" in errors:
        return
    outside = (
        mission.visits.exclude(visited_on__range=(mission.starts_on, mission.ends_on))
        .order_by("visited_on")
        .first()
    )
    if outside is not None:
        errors.add(
            "starts_on",
            _("Đoàn đã làm việc với %(name)s ngày %(day)s, ngoài thời gian mới.")
            % {"name": outside.organization.name, "day": f"{outside.visited_on:%d/%m/%Y}"},
        )
    if mission.recommendations.filter(deadline__lt=mission.starts_on).exists():
        errors.add(
            "starts_on", _("Đã có kiến nghị có hạn thực hiện trước ngày bắt đầu mới của đoàn.")
        )
    if mission.report_on and mission.report_on < mission.starts_on:
        errors.add("starts_on", _("Ngày báo cáo kết quả đã ghi trước ngày bắt đầu mới của đoàn."))


@transaction.atomic
def update_mission(
    *,
    mission: Mission,
    by: User,
    decision_issued_on: datetime.date | None = None,
    **changes: Any,
) -> Mission:
    """Change a mission: who manages it (the conducting organisation's staff). `changes` holds
    only what changes, among MISSION_FIELDS and MISSION_LINKS (`leader=None` takes the leader
    away, `decision=None` the link to a decision). `decision_issued_on` registers a new decision,
    numbered, for a mission that has none yet."""
    unknown = set(changes) - set(MISSION_FIELDS) - set(MISSION_LINKS)
    if unknown:
        raise TypeError(f"Unknown mission attributes: {sorted(unknown)}")
    mission = (
        Mission.objects.select_for_update(of=("self",))
        .select_related("organization", "decision", "leader")
        .get(pk=mission.pk)
    )
    deny_unless(permissions.can_manage_mission(by, mission))
    before = _mission_snapshot(mission)
    before_leader_id, before_decision_id = mission.leader_id, mission.decision_id
    members = changes.pop("members", None)
    members = list(members) if members is not None else None
    for name, value in changes.items():
        setattr(mission, name, value)
    errors = Errors()
    _validate_mission(mission, errors)
    _check_dates_keep_the_record(mission, errors)
    had = set(mission.members.values_list("pk", flat=True))
    newcomers = [p for p in members or [] if p.pk not in had]
    leader = mission.leader if mission.leader_id != before_leader_id else None
    _check_people(errors, by, leader, newcomers)
    decision = changes.get("decision")
    changed_decision = decision is not None and decision.pk != before_decision_id
    if changed_decision and not can_view_document(by, decision):
        errors.add("decision", _("Không tìm thấy văn bản này trong phạm vi của bạn."))
    if decision_issued_on is not None:
        if decision is not None:
            errors.add(
                "decision", _("Chọn quyết định đã có hoặc cấp số quyết định mới, không cả hai.")
            )
        elif mission.decision_id:
            errors.add(
                "decision_issued_on",
                _("Đoàn đã có quyết định %(symbol)s: bỏ liên kết trước khi cấp số mới.")
                % {"symbol": mission.decision.symbol},
            )
    errors.raise_if_any()
    if decision_issued_on is not None:
        mission.decision = _register_decision(
            mission=mission, by=by, issued_on=decision_issued_on, errors=errors
        )
        errors.raise_if_any()
    mission.save()
    if members is not None:
        mission.members.set(members)
    if changed := audit.diff(before, _mission_snapshot(mission)):
        audit.record(
            action=Action.UPDATE,
            obj=mission,
            by=by,
            changes=changed,
            organization=mission.organization,
        )
    search.index(mission)
    return mission


@transaction.atomic
def delete_mission(*, mission: Mission, by: User) -> Mission:
    """Remove a mission set up by mistake, while nothing was recorded of its work: once it has
    visits (and so findings), recommendations (followed as tasks) or its report, the visited
    organisations and the review counts rely on it, and it is refused. Its decision stays in the
    registry (a number given is never taken back). Returns the removed mission."""
    mission = (
        Mission.objects.select_for_update(of=("self",))
        .select_related("organization", "decision", "leader")
        .get(pk=mission.pk)
    )
    deny_unless(permissions.can_manage_mission(by, mission))
    recorded = [
        label
        for label, present in (
            (_("buổi làm việc"), mission.visits.exists()),
            (_("kiến nghị"), mission.recommendations.exists()),
            (_("báo cáo kết quả"), bool(mission.report)),
        )
        if present
    ]
    if recorded:
        raise ValidationError(
            _("Không xóa được: đoàn đã ghi %(what)s. Hãy sửa lại thông tin của đoàn nếu ghi sai.")
            % {"what": ", ".join(recorded)}
        )
    audit.record(
        action=Action.DELETE,
        obj=mission,
        by=by,
        changes=audit.removed(_mission_snapshot(mission)),
        organization=mission.organization,
    )
    search.unindex(mission)
    mission.delete()
    return mission


@transaction.atomic
def attach_report(*, mission: Mission, by: User, report, report_on: datetime.date) -> Mission:
    """The mission's final report (a document through core.uploads) and its date."""
    mission = Mission.objects.select_for_update(of=("self",)).get(pk=mission.pk)
    deny_unless(permissions.can_manage_mission(by, mission))
    before = _mission_snapshot(mission)
    errors = Errors()
    if report is None:
        errors.add("report", _("Chọn tệp báo cáo kết quả."))
    if report_on is None:
        errors.add("report_on", _("Cần nhập ngày báo cáo."))
    elif report_on > timezone.localdate():
        errors.add("report_on", _("Ngày báo cáo không được sau hôm nay."))
    elif report_on < mission.starts_on:
        errors.add("report_on", _("Ngày báo cáo không được trước ngày bắt đầu của đoàn."))
    errors.raise_if_any()
    uploads.attach(mission, "report", report)
    mission.report_on = report_on
    mission.save()
    audit.record(
        action=Action.UPDATE,
        obj=mission,
        by=by,
        changes=audit.diff(before, _mission_snapshot(mission)),
        organization=mission.organization,
        message=_("Báo cáo kết quả của đoàn"),
    )
    return mission


@transaction.atomic
def add_visit(
    *,
    mission: Mission,
    by: User,
    organization: Organization,
    visited_on: datetime.date,
    area: Area | None = None,
    note: str = "",
) -> Visit:
    mission = Mission.objects.select_related("organization").get(pk=mission.pk)
    deny_unless(permissions.can_manage_mission(by, mission))
    errors = Errors()
    if visited_on is None:
        errors.add("visited_on", _("Cần nhập ngày làm việc."))
    elif not mission.starts_on <= visited_on <= mission.ends_on:
        errors.add(
            "visited_on",
            _("Ngày làm việc phải trong thời gian của đoàn (%(start)s – %(end)s).")
            % {"start": f"{mission.starts_on:%d/%m/%Y}", "end": f"{mission.ends_on:%d/%m/%Y}"},
        )
    if organization.pk == mission.organization_id:
        errors.add("organization", _("Đoàn không làm việc với chính cơ quan tiến hành."))
    elif (
        not plan_selectors.province_candidates(mission.organization)
        .filter(pk=organization.pk)
        .exists()
    ):
        errors.add(
            "organization",
            _("%(name)s không phải là tổ chức đang hoạt động cùng tỉnh với cơ quan tiến hành.")
            % {"name": organization.name},
        )
    if area is not None and area.level == Area.Level.PROVINCE:
        errors.add("area", _("Địa bàn là xã, phường nơi đoàn đến làm việc."))
    if (
        visited_on
        and "visited_on" not in errors
        and Visit.objects.filter(
            mission=mission, organization=organization, visited_on=visited_on
        ).exists()
    ):
        errors.add("organization", _("Đã ghi buổi làm việc với đơn vị này trong ngày đó."))
    errors.raise_if_any()
    visit = Visit.objects.create(
        mission=mission,
        organization=organization,
        area=area,
        visited_on=visited_on,
        note=(note or "").strip(),
    )
    audit.record(
        action=Action.UPDATE,
        obj=mission,
        by=by,
        changes={"visits": [None, f"{organization.name} {visited_on:%d/%m/%Y}"]},
        organization=mission.organization,
        message=_("Thêm đơn vị được làm việc"),
    )
    return visit


@transaction.atomic
def add_finding(*, visit: Visit, by: User, kind: str, text: str, topic: str = "") -> Finding:
    visit = Visit.objects.select_related("mission__organization", "organization").get(pk=visit.pk)
    mission = visit.mission
    deny_unless(permissions.can_manage_mission(by, mission))
    errors = Errors()
    text, topic = (text or "").strip(), (topic or "").strip()
    if kind not in Finding.Kind.values:
        errors.add("kind", _("Loại nhận xét không hợp lệ."))
    if not text:
        errors.add("text", _("Nội dung nhận xét không được để trống."))
    errors.raise_if_any()
    finding = Finding.objects.create(
        mission=mission,
        visit=visit,
        organization=visit.organization,
        kind=kind,
        topic=topic,
        text=text,
        created_by=by,
    )
    audit.record(
        action=Action.CREATE,
        obj=finding,
        by=by,
        changes={"text": [None, text[:500]], "organization": [None, visit.organization.name]},
        organization=mission.organization,
    )
    return finding


@transaction.atomic
def answer_finding(*, finding: Finding, by: User, answer: str) -> Finding:
    """The visited organisation's answer (giải trình) to one of its findings."""
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("organization", "mission")
        .get(pk=finding.pk)
    )
    deny_unless(permissions.can_answer_finding(by, finding))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Nội dung trả lời không được để trống.")]})
    before = finding.answer
    finding.answer = answer
    finding.answered_by = by
    finding.answered_at = timezone.now()
    finding.save(update_fields=["answer", "answered_by", "answered_at"])
    audit.record(
        action=Action.UPDATE,
        obj=finding,
        by=by,
        changes={"answer": [before or None, answer[:1000]]},
        organization=finding.organization,
        message=_("Đơn vị được làm việc trả lời nhận xét của đoàn"),
    )
    return finding


def _follow_up_plan(mission: Mission, by: User) -> Plan:
    """The plan the mission names, or the one made for it on its first recommendation: issued
    by the conducting organisation, in the year the mission ended, without a programme."""
    if mission.follow_up_plan_id:
        return mission.follow_up_plan
    decision = f" ({mission.decision.symbol})" if mission.decision_id else ""
    plan = plans.create_plan(
        by=by,
        issuing_organization=mission.organization,
        year=mission.ends_on.year,
        title=(_("Theo dõi thực hiện kiến nghị: %(title)s") % {"title": mission.title})[:500],
        description=_(
            "Các kiến nghị của đoàn %(kind)s%(decision)s, mỗi kiến nghị là một nhiệm vụ do "
            "đơn vị được kiến nghị chủ trì."
        )
        % {"kind": mission.get_kind_display().lower(), "decision": decision},
    )
    mission.follow_up_plan = plan
    mission.save(update_fields=["follow_up_plan", "updated_at"])
    return plan


@transaction.atomic
def add_recommendation(
    *,
    mission: Mission,
    by: User,
    organization: Organization,
    text: str,
    deadline: datetime.date,
    finding: Finding | None = None,
) -> Recommendation:
    """A recommendation to `organization`, followed as a task it leads in the follow-up plan."""
    mission = (
        Mission.objects.select_for_update(of=("self",))
        .select_related("organization", "decision", "follow_up_plan")
        .get(pk=mission.pk)
    )
    deny_unless(permissions.can_manage_mission(by, mission))
    errors = Errors()
    text = (text or "").strip()
    if not text:
        errors.add("text", _("Nội dung kiến nghị không được để trống."))
    if deadline is None:
        errors.add("deadline", _("Cần nhập hạn thực hiện."))
    elif deadline < mission.starts_on:
        errors.add("deadline", _("Hạn thực hiện không được trước ngày bắt đầu của đoàn."))
    if finding is not None and finding.mission_id != mission.pk:
        errors.add("finding", _("Nhận xét này không thuộc đoàn."))
    if not mission.visits.filter(organization=organization).exists():
        errors.add(
            "organization",
            _("Kiến nghị gửi đơn vị đoàn đã làm việc: hãy thêm buổi làm việc với %(name)s trước.")
            % {"name": organization.name},
        )
    errors.raise_if_any()
    plan = _follow_up_plan(mission, by)
    reason = _("Kiến nghị của đoàn %(kind)s: %(title)s") % {
        "kind": mission.get_kind_display().lower(),
        "title": mission.title,
    }
    title = text if len(text) <= 500 else text[:499] + "…"
    task = plans.create_task(
        plan=plan,
        by=by,
        participants=[plans.ParticipantSpec(organization, TaskParticipant.Role.LEAD)],
        title=title,
        description=text if len(text) > 500 else "",
        deadline=deadline,
        deadline_exception=reason if deadline.year != plan.year else "",
        outside_parties_reason=reason,
    )
    recommendation = Recommendation.objects.create(
        mission=mission,
        finding=finding,
        organization=organization,
        text=text,
        deadline=deadline,
        task=task,
        created_by=by,
    )
    audit.record(
        action=Action.CREATE,
        obj=recommendation,
        by=by,
        changes={
            "text": [None, text[:500]],
            "organization": [None, organization.name],
            "deadline": [None, deadline.isoformat()],
            "task": [None, task.pk],
        },
        organization=mission.organization,
    )
    return recommendation


def recommendation_tasks(recommendations) -> Any:
    """The tasks behind `recommendations`, with their bucket (for counts and boards)."""
    return Task.objects.filter(mission_recommendation__in=recommendations).with_bucket()
