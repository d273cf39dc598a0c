"""Model objects to API dictionaries, and the lookups the endpoints share (all through
`visible_to`)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from phoihop.core.text import fold
from phoihop.core.validation import parse_id
from phoihop.org.models import Field, Organization, User
from phoihop.reviews.models import Review

from .. import selectors, services
from ..models import (
    ExtensionRequest,
    Plan,
    Programme,
    ProgressReport,
    Task,
    TaskParticipant,
)
from .schemas import (
    ParticipantIn,
)


def org_ref(org: Organization) -> dict:
    return {"id": org.pk, "name": org.name, "identifier": org.identifier}


def person_ref(person: User | None) -> dict | None:
    return {"id": person.pk, "name": str(person)} if person else None


# API v1 named a programme's mid-term review "midterm" before reviews had one model (ADR 0007).
MILESTONE_KIND_V1 = {Review.Kind.PRELIMINARY: "midterm"}


def programme_out(programme: Programme) -> dict:
    return {
        "id": programme.pk,
        **{f: getattr(programme, f) for f in services.PROGRAMME_FIELDS},
        "signing_organization": org_ref(programme.signing_organization),
        "counterparts": [org_ref(o) for o in programme.counterparts.all()],
        "has_signed_document": bool(programme.signed_document),
        "milestones": [
            {
                "id": m.pk,
                "kind": MILESTONE_KIND_V1.get(m.kind, m.kind),
                "title": m.title,
                "due_on": m.due_on,
                "done_on": m.done_on,
            }
            for m in programme.reviews.all()
        ],
        "url": programme.get_absolute_url(),
    }


def plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "programme": plan.programme_id,
        "issuing_organization": org_ref(plan.issuing_organization),
        "year": plan.year,
        "title": plan.title,
        "number": plan.number,
        "description": plan.description,
        "task_count": getattr(plan, "task_count", 0),
        "url": plan.get_absolute_url(),
    }


def participant_out(p: TaskParticipant) -> dict:
    return {
        "id": p.pk,
        "organization": org_ref(p.organization),
        "role": p.role,
        "status": p.status,
        "progress": p.progress,
        "last_reported_at": p.last_reported_at,
        "last_report": p.last_report,
        "focal_person": person_ref(p.focal_person),
        "outside_programme": p.outside_programme,
    }


def task_out(task: Task) -> dict:
    participants = sorted(task.participants.all(), key=lambda p: (p.role != "lead", p.pk))
    return {
        "id": task.pk,
        "plan": task.plan_id,
        "programme": task.programme_id,
        "title": task.title,
        "description": task.description,
        "field": {"id": task.field.pk, "code": task.field.code, "name": task.field.name}
        if task.field_id
        else None,
        "deadline": task.deadline,
        "extended_deadline": task.extended_deadline,
        "effective_deadline": task.effective_deadline,
        "completed_on": task.completed_on,
        "bucket": task.bucket,
        "due_soon": task.is_due_soon,
        "lead_organization": org_ref(task.lead_organization),
        "participants": [participant_out(p) for p in participants],
        "report_frequency": task.report_frequency,
        "report_day": task.report_day,
        "deadline_exception": task.deadline_exception,
        "outside_parties_reason": task.outside_parties_reason,
        "url": task.get_absolute_url(),
    }


def report_out(report: ProgressReport) -> dict:
    return {
        "id": report.pk,
        "organization": org_ref(report.participant.organization),
        "progress": report.progress,
        "status": report.status,
        "content": report.content,
        "period_due": report.period_due,
        "reported_at": report.reported_at,
        "reported_by": person_ref(report.reported_by),
    }


def extension_out(e: ExtensionRequest) -> dict:
    return {
        "id": e.pk,
        "organization": org_ref(e.organization),
        "current_deadline": e.current_deadline,
        "requested_deadline": e.requested_deadline,
        "reason": e.reason,
        "status": e.status,
        "decision_reason": e.decision_reason,
        "requested_at": e.requested_at,
        "decided_at": e.decided_at,
    }


def bad_input(field: str, message: str):
    from django.core.exceptions import ValidationError

    raise ValidationError({field: [message]})


def programmes_for(request):
    return (
        Programme.objects.visible_to(request.user)
        .select_related("signing_organization")
        .prefetch_related(
            "counterparts", Prefetch("reviews", Review.objects.order_by("due_on", "id"))
        )
    )


def plans_for(request):
    return (
        Plan.objects.visible_to(request.user)
        .select_related("programme", "issuing_organization")
        .with_task_count(request.user)
    )


def tasks_for(request):
    # No with_bucket(): Task.bucket computes it from the row, as the SQL would.
    return selectors.for_list(Task.objects.visible_to(request.user), focal_people=True)


PARTICIPANT_FIELDS = (
    "id", "task_id", "role", "status", "progress", "last_reported_at", "last_report",
    "outside_programme", "organization__id", "organization__name", "organization__identifier",
    "focal_person__id", "focal_person__full_name", "focal_person__username",
)  # fmt: skip


def for_reading(tasks):
    """The tasks with exactly what task_out() prints, for the read-only endpoints: the people
    and organisations of 25 tasks' participants are a few hundred rows (ADR 0009)."""
    participants = (
        TaskParticipant.objects.select_related("organization", "focal_person")
        .only(*PARTICIPANT_FIELDS)
        .order_by("id")
    )
    return tasks.select_related("lead_organization", "field").prefetch_related(
        Prefetch("participants", queryset=participants)
    )


def visible_organization(request, pk: int, field: str) -> Organization:
    organization = Organization.objects.visible_to(request.user).filter(pk=pk).first()
    if organization is None:
        bad_input(field, f"Không tìm thấy tổ chức có id {pk} trong phạm vi của bạn.")
    return organization


def counterparts_from(signing: Organization, ids: list[int]) -> list[Organization]:
    found = {o.pk: o for o in selectors.province_candidates(signing).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        bad_input(
            "counterparts", f"Không tìm thấy tổ chức đang hoạt động cùng tỉnh có id {missing}."
        )
    return [found[i] for i in ids]


def field_from(value) -> Field | None:
    if value in (None, ""):
        return None
    keys = services.fields_by_key()
    field = None
    if field_id := parse_id(value):
        field = Field.objects.filter(pk=field_id).first()
    field = field or keys.get(str(value)) or keys.get(fold(str(value)))
    if field is None:
        bad_input("field", f"Không có lĩnh vực “{value}”.")
    return field


def participant_specs(plan: Plan, rows: list[ParticipantIn]) -> list[services.ParticipantSpec]:
    ids = [r.organization for r in rows]
    found = {o.pk: o for o in selectors.allowed_participants(plan).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        bad_input(
            "participants",
            f"Không tìm thấy tổ chức có id {missing} trong các bên của chương trình "
            "hoặc trong tỉnh.",
        )
    specs = []
    for row in rows:
        organization = found[row.organization]
        person = _member_of(organization, row.focal_person) if row.focal_person else None
        if row.focal_person and person is None:
            # The same answer for an id that does not exist and for anyone else's: no oracle.
            bad_input(
                "participants",
                f"Không tìm thấy cán bộ có id {row.focal_person} trong {organization.name}.",
            )
        specs.append(services.ParticipantSpec(organization, row.role, person))
    return specs


def _member_of(organization: Organization, pk: int) -> User | None:
    """A focal person is looked up only among the organisation's people (and its units')."""
    within = Organization.objects.within(organization)
    return User.objects.filter(pk=pk, memberships__organization__in=within).first()


def task_or_404(request, pk: int) -> Task:
    return get_object_or_404(tasks_for(request).select_related("plan__programme"), pk=pk)


def participant_of(task: Task, organization_id: int) -> TaskParticipant:
    participant = next(
        (p for p in task.participants.all() if p.organization_id == organization_id), None
    )
    if participant is None:
        bad_input("organization", "Tổ chức này không tham gia nhiệm vụ.")
    return participant
