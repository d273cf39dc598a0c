"""/tasks (participants, progress reports, completion, extensions) and /calendar."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.errors import HttpError

from phoihop.core.api import ErrorOut, PageParams, paginate, prebuilt

from .. import selectors, services
from ..models import (
    ExtensionRequest,
    Plan,
    Programme,
    ProgressReport,
    Task,
)
from .schemas import (
    ERRORS,
    CalendarOut,
    CompleteIn,
    DecisionIn,
    ExtensionIn,
    ExtensionOut,
    ReopenIn,
    ReportIn,
    ReportOut,
    ReportPage,
    TaskFilterParams,
    TaskIn,
    TaskOut,
    TaskPage,
    TaskPatch,
)
from .serializers import (
    extension_out,
    field_from,
    for_reading,
    participant_of,
    participant_specs,
    report_out,
    task_or_404,
    task_out,
)

router = Router(tags=["plans"])


def _filters(request, params: TaskFilterParams) -> selectors.TaskFilters:
    if params.due_from and params.due_to and params.due_to < params.due_from:
        raise HttpError(422, "due_to phải sau due_from.")
    user = request.user

    def organization(pk, name):
        if not pk:
            return None
        found = selectors.seen_organization(user, pk)
        if found is None:
            raise HttpError(422, f"{name}: không tìm thấy tổ chức có id {pk}.")
        return found

    def visible(model, pk):
        return model.objects.visible_to(user).filter(pk=pk).first() if pk else None

    return selectors.TaskFilters(
        bucket=params.bucket or "",
        organization=organization(params.organization, "organization"),
        role=params.role or "",
        field_id=params.field,
        due_from=params.due_from,
        due_to=params.due_to,
        q=(params.q or "").strip(),
        plan=visible(Plan, params.plan),
        programme=visible(Programme, params.programme),
        lead=organization(params.lead, "lead"),
        mine=params.mine,
    )


@router.get("/tasks", response={200: TaskPage, 422: ErrorOut})
def list_tasks(request, params: Query[TaskFilterParams]):
    """Filters as in the task list page; `role` needs `organization` (else: the user's own
    organisations); `bucket` also accepts due_soon, open and done."""
    filters = _filters(request, params)
    if (params.plan and filters.plan is None) or (params.programme and filters.programme is None):
        return {"count": 0, "items": []}
    tasks = for_reading(selectors.filter_tasks(request.user, filters))
    return prebuilt(request, paginate(tasks, params.page, params.page_size, serialize=task_out))


@router.post("/tasks", response={201: TaskOut, **ERRORS})
def create_task(request, payload: TaskIn):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("programme", "issuing_organization"),
        pk=payload.plan,
    )
    data = payload.dict()
    for key in ("plan", "participants"):
        data.pop(key)
    data["field"] = field_from(data["field"])
    task = services.create_task(
        plan=plan,
        by=request.user,
        participants=participant_specs(plan, payload.participants),
        **data,
    )
    return Status(201, task_out(task_or_404(request, task.pk)))


@router.get("/tasks/{int:task_id}", response={200: TaskOut, **ERRORS})
def get_task(request, task_id: int):
    task = get_object_or_404(for_reading(Task.objects.visible_to(request.user)), pk=task_id)
    return prebuilt(request, task_out(task))


@router.patch("/tasks/{int:task_id}", response={200: TaskOut, **ERRORS})
def update_task(request, task_id: int, payload: TaskPatch):
    task = task_or_404(request, task_id)
    data = payload.dict(exclude_unset=True)
    participants = data.pop("participants", None)
    if "field" in data:
        data["field"] = field_from(data["field"])
    specs = participant_specs(task.plan, payload.participants) if participants is not None else None
    services.update_task(task=task, by=request.user, participants=specs, **data)
    return task_out(task_or_404(request, task_id))


@router.get("/tasks/{int:task_id}/reports", response={200: ReportPage, **ERRORS})
def list_reports(request, task_id: int, params: Query[PageParams]):
    task = task_or_404(request, task_id)
    reports = ProgressReport.objects.filter(task=task).select_related(
        "participant__organization", "reported_by"
    )
    return paginate(reports, params.page, params.page_size, serialize=report_out)


@router.post("/tasks/{int:task_id}/reports", response={201: ReportOut, **ERRORS})
def create_report(request, task_id: int, payload: ReportIn):
    """A participant organisation reports its own part of the task."""
    task = task_or_404(request, task_id)
    report = services.report_progress(
        participant=participant_of(task, payload.organization),
        by=request.user,
        progress=payload.progress,
        status=payload.status,
        content=payload.content,
    )
    report = ProgressReport.objects.select_related("participant__organization", "reported_by").get(
        pk=report.pk
    )
    return Status(201, report_out(report))


@router.post("/tasks/{int:task_id}/complete", response={200: TaskOut, **ERRORS})
def complete_task(request, task_id: int, payload: CompleteIn):
    """The lead organisation confirms completion."""
    task = task_or_404(request, task_id)
    services.confirm_completion(
        task=task,
        by=request.user,
        completed_on=payload.completed_on,
        note=payload.note,
        despite_unreported=payload.despite_unreported,
    )
    return task_out(task_or_404(request, task_id))


@router.post("/tasks/{int:task_id}/reopen", response={200: TaskOut, **ERRORS})
def reopen_task(request, task_id: int, payload: ReopenIn):
    task = task_or_404(request, task_id)
    services.reopen_task(task=task, by=request.user, reason=payload.reason)
    return task_out(task_or_404(request, task_id))


@router.get("/tasks/{int:task_id}/extensions", response={200: list[ExtensionOut], **ERRORS})
def list_extensions(request, task_id: int):
    task = task_or_404(request, task_id)
    return [extension_out(e) for e in task.extensions.select_related("organization")]


@router.post("/tasks/{int:task_id}/extensions", response={201: ExtensionOut, **ERRORS})
def request_extension(request, task_id: int, payload: ExtensionIn):
    task = task_or_404(request, task_id)
    participant = participant_of(task, payload.organization)
    extension = services.request_extension(
        task=task,
        by=request.user,
        organization=participant.organization,
        requested_deadline=payload.requested_deadline,
        reason=payload.reason,
    )
    return Status(201, extension_out(extension))


@router.post(
    "/tasks/{int:task_id}/extensions/{int:extension_id}/decision",
    response={200: ExtensionOut, **ERRORS},
)
def decide_extension(request, task_id: int, extension_id: int, payload: DecisionIn):
    """The plan owner approves or rejects, with a reason."""
    task = task_or_404(request, task_id)
    extension = get_object_or_404(task.extensions.select_related("organization"), pk=extension_id)
    extension = services.decide_extension(
        extension=extension, by=request.user, approve=payload.approve, reason=payload.reason
    )
    return extension_out(
        ExtensionRequest.objects.select_related("organization").get(pk=extension.pk)
    )


@router.get("/calendar", response=CalendarOut)
def calendar(request):
    """The caller's private iCalendar subscription URL."""
    return {"url": services.calendar_url_for(request.user)}


@router.post("/calendar/rotate", response=CalendarOut)
def rotate_calendar(request):
    """A new secret URL; the old one stops working."""
    services.rotate_calendar_token(user=request.user, by=request.user)
    return {"url": services.calendar_url_for(request.user)}
