"""Task pages: create/edit with participant rows, the task page with its workflow (progress
reports, completion, reopening, extensions, focal points, comments, attachments)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, uploads
from phoihop.core.forms import submitted
from phoihop.core.htmx import render_page
from phoihop.org.models import Organization

from .. import permissions, selectors, services
from ..forms import (
    AttachmentForm,
    CommentForm,
    CompletionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FocalPersonForm,
    ProgressReportForm,
    ReopenForm,
    TaskForm,
    participant_formset,
    participant_rows_from_task,
)
from ..models import (
    ExtensionRequest,
    Plan,
    ProgressReport,
    Task,
    TaskAttachment,
    TaskParticipant,
)

TASK_FORM_FIELDS = services.TASK_FIELDS


def _visible(request):
    return Task.objects.visible_to(request.user)


def _task_or_404(request, pk):
    queryset = (
        _visible(request)
        .select_related(
            "plan__programme",
            "plan__issuing_organization",
            "lead_organization",
            "issuing_organization",
            "field",
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=TaskParticipant.objects.select_related("organization", "focal_person"),
            )
        )
    )
    return get_object_or_404(queryset.with_bucket(), pk=pk)


# Create and edit --------------------------------------------------------------------------------


def _participant_specs(plan: Plan, formset, form) -> list[services.ParticipantSpec] | None:
    """Rows → specs; unknown or out-of-scope organisations become row errors."""
    resolver = selectors.OrganizationResolver(plan)
    allowed = {o.pk: o for o in selectors.party_organizations(plan)}
    specs = []
    ok = True
    for row in formset.forms:
        if not row.is_valid():
            ok = False
            continue
        if row.is_blank:
            continue
        org_id, other = row.cleaned_data.get("organization"), row.cleaned_data.get("other", "")
        organization = None
        if other.strip():
            try:
                organization = resolver.resolve(other)
            except LookupError as exc:
                row.add_error("other", str(exc))
                ok = False
                continue
        elif org_id in allowed:
            organization = allowed[org_id]
        else:
            organization = Organization.objects.filter(
                pk=org_id, task_participations__task__plan=plan
            ).first()
            if organization is None:
                row.add_error("organization", _("Đơn vị không hợp lệ."))
                ok = False
                continue
        specs.append(services.ParticipantSpec(organization, row.cleaned_data["role"]))
    if not specs:
        form.add_error(None, _("Hãy chọn đơn vị chủ trì và các đơn vị phối hợp."))
        ok = False
    return specs if ok else None


def _save_task(request, plan, form, formset, task=None):
    if not (form.is_valid() and formset.is_valid()):
        _participant_specs(plan, formset, form)  # still show row errors
        return None
    specs = _participant_specs(plan, formset, form)
    if specs is None:
        return None
    attrs = {k: form.cleaned_data.get(k) for k in TASK_FORM_FIELDS}
    attrs["report_day"] = attrs["report_day"] or None
    try:
        if task is None:
            return services.create_task(plan=plan, by=request.user, participants=specs, **attrs)
        return services.update_task(task=task, by=request.user, participants=specs, **attrs)
    except ValidationError as exc:
        participant_errors = (
            exc.message_dict.get("participants", []) if hasattr(exc, "error_dict") else []
        )
        for message in participant_errors:
            formset_errors = formset.non_form_errors()
            formset_errors.append(message)
            formset._non_form_errors = formset_errors
        if hasattr(exc, "error_dict"):
            exc.error_dict.pop("participants", None)
            if exc.error_dict:
                form.add_service_errors(exc)
        else:
            form.add_service_errors(exc)
        return None


def _task_form(data, add_row: bool, initial: dict) -> TaskForm:
    """Adding a participant row re-displays what was typed without judging it yet."""
    if add_row:
        return TaskForm(initial={k: data.get(k) for k in TaskForm.base_fields})
    return TaskForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, plan_pk):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("programme", "issuing_organization"),
        pk=plan_pk,
    )
    if not permissions.can_add_task(request.user, plan):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    add_row = data is not None and "add_row" in data
    form = _task_form(data, add_row, initial={"report_frequency": "none"})
    formset = participant_formset(plan, data=data, add_row=add_row)
    if data is not None and not add_row:
        task = _save_task(request, plan, form, formset)
        if task is not None:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            if "save_and_add" in data:
                return redirect("plans:task_create", plan_pk=plan.pk)
            return redirect(task)
    context = {"plan": plan, "form": form, "formset": formset, "task": None}
    return render_page(request, "plans/task_form.html", context, fragment="form")


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = _task_or_404(request, pk)
    if not permissions.can_change_task(request.user, task):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    add_row = data is not None and "add_row" in data
    initial = {name: getattr(task, name) for name in TASK_FORM_FIELDS}
    form = _task_form(data, add_row, initial=initial)
    formset = participant_formset(
        task.plan, data=data, initial=participant_rows_from_task(task), add_row=add_row
    )
    if data is not None and not add_row:
        updated = _save_task(request, task.plan, form, formset, task=task)
        if updated is not None:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect(updated)
    context = {"plan": task.plan, "form": form, "formset": formset, "task": task}
    return render_page(request, "plans/task_form.html", context, fragment="form")


# The task page ----------------------------------------------------------------------------------


def _unreported(participants) -> list:
    """Co-agencies without a single progress report (the same rule as the service's)."""
    return [
        p.organization
        for p in participants
        if p.role == TaskParticipant.Role.CO and p.last_reported_at is None
    ]


def _detail_context(request, task, **forms):
    user = request.user
    participants = sorted(task.participants.all(), key=lambda p: (p.role != "lead", p.pk))
    reportable = [p for p in participants if permissions.can_report_progress(user, p)]
    extensions = list(task.extensions.select_related("organization", "requested_by", "decided_by"))
    pending = next((e for e in extensions if e.status == ExtensionRequest.Status.PENDING), None)
    editable = [p for p in participants if permissions.can_set_focal_person(user, p)]
    people = selectors.members_by_participant(editable)
    focal_forms = {
        p.pk: FocalPersonForm(participant=p, people=people[p.pk], prefix=f"focal-{p.pk}")
        for p in editable
    }
    context = {
        "task": task,
        "plan": task.plan,
        "participants": participants,
        "reports": list(
            ProgressReport.objects.filter(task=task).select_related(
                "participant__organization", "reported_by"
            )[:50]
        ),
        "extensions": extensions,
        "pending_extension": pending,
        "comments": list(task.comments.select_related("author")),
        "attachments": list(task.attachments.select_related("uploaded_by")),
        "history": list(audit.entries_for(task)[:30]),
        "report_form": forms.get("report_form")
        or (ProgressReportForm(participants=reportable) if reportable else None),
        "extension_form": forms.get("extension_form")
        or (
            ExtensionRequestForm(participants=reportable)
            if reportable and permissions.can_request_extension(user, task) and not pending
            else None
        ),
        "decision_form": forms.get("decision_form") or ExtensionDecisionForm(),
        "completion_form": forms.get("completion_form")
        or CompletionForm(unreported=_unreported(participants)),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "focal_forms": focal_forms,
        "can_change": permissions.can_change_task(user, task),
        "can_complete": permissions.can_confirm_completion(user, task),
        "can_reopen": permissions.can_reopen_task(user, task),
        "can_decide": pending is not None and permissions.can_decide_extension(user, pending),
        "can_attach": permissions.can_attach(user, task),
        "reportable": reportable,
    }
    return context


@login_required
@require_GET
def task_detail(request, pk):
    task = _task_or_404(request, pk)
    return TemplateResponse(request, "plans/task_detail.html", _detail_context(request, task))


def _rerender(request, task, status=400, **forms):
    response = TemplateResponse(
        request, "plans/task_detail.html", _detail_context(request, task, **forms)
    )
    response.status_code = status
    return response


def _submit(request, task, form, *, form_name, service, arguments, done="", anchor=""):
    """The task page's POST handlers: when `form` is valid, run `service` with what
    `arguments(data)` gives and the acting user; then say `done` and go back to the task (at
    `anchor`), or show the task page again with the form and its errors."""
    if submitted(request, form, service, arguments=arguments, done=done):
        return redirect(f"{task.get_absolute_url()}{anchor}")
    return _rerender(request, task, **{form_name: form})


@login_required
@require_POST
def task_report(request, pk):
    task = _task_or_404(request, pk)
    reportable = permissions.reportable_participants(request.user, task)
    if not reportable:
        raise PermissionDenied
    form = ProgressReportForm(request.POST, request.FILES, participants=reportable)
    return _submit(
        request,
        task,
        form,
        form_name="report_form",
        service=services.report_progress,
        arguments=lambda data: {
            "participant": form.chosen_participant(),
            "progress": data["progress"],
            "status": data["status"],
            "content": data["content"],
            "attachment": data.get("attachment"),
        },
        done=_("Đã gửi báo cáo tiến độ."),
    )


@login_required
@require_POST
def task_complete(request, pk):
    task = _task_or_404(request, pk)
    if not permissions.can_confirm_completion(request.user, task):
        raise PermissionDenied
    form = CompletionForm(request.POST, unreported=services.unreported_co_agencies(task))
    return _submit(
        request,
        task,
        form,
        form_name="completion_form",
        service=services.confirm_completion,
        arguments=lambda data: {
            "task": task,
            "completed_on": data["completed_on"],
            "note": data["note"],
            "despite_unreported": data.get("despite_unreported", False),
        },
        done=_("Đã xác nhận hoàn thành nhiệm vụ."),
    )


@login_required
@require_POST
def task_reopen(request, pk):
    task = _task_or_404(request, pk)
    if not permissions.can_reopen_task(request.user, task):
        raise PermissionDenied
    return _submit(
        request,
        task,
        ReopenForm(request.POST),
        form_name="reopen_form",
        service=services.reopen_task,
        arguments=lambda data: {"task": task, "reason": data["reason"]},
        done=_("Đã mở lại nhiệm vụ."),
    )


@login_required
@require_POST
def extension_request(request, pk):
    task = _task_or_404(request, pk)
    if not permissions.can_request_extension(request.user, task):
        raise PermissionDenied
    form = ExtensionRequestForm(
        request.POST, participants=permissions.reportable_participants(request.user, task)
    )
    return _submit(
        request,
        task,
        form,
        form_name="extension_form",
        service=services.request_extension,
        arguments=lambda data: {
            "task": task,
            "organization": form.chosen_organization(),
            "requested_deadline": data["requested_deadline"],
            "reason": data["reason"],
        },
        done=_("Đã gửi đề nghị gia hạn."),
    )


@login_required
@require_POST
def extension_decide(request, pk):
    visible = Task.objects.visible_to(request.user).values("pk")
    extension = get_object_or_404(
        ExtensionRequest.objects.filter(task__in=visible).select_related(
            "task__issuing_organization"
        ),
        pk=pk,
    )
    if not permissions.can_decide_extension(request.user, extension):
        raise PermissionDenied
    task = _task_or_404(request, extension.task_id)
    return _submit(
        request,
        task,
        ExtensionDecisionForm(request.POST),
        form_name="decision_form",
        service=services.decide_extension,
        arguments=lambda data: {
            "extension": extension,
            "approve": data["decision"] == "approve",
            "reason": data["decision_reason"],
        },
        done=_("Đã xử lý đề nghị gia hạn."),
    )


@login_required
@require_POST
def participant_focal(request, pk):
    visible = Task.objects.visible_to(request.user).values("pk")
    participant = get_object_or_404(
        TaskParticipant.objects.filter(task__in=visible).select_related(
            "task__issuing_organization", "organization"
        ),
        pk=pk,
    )
    if not permissions.can_set_focal_person(request.user, participant):
        raise PermissionDenied
    form = FocalPersonForm(request.POST, participant=participant, prefix=f"focal-{participant.pk}")
    if form.is_valid():
        try:
            services.set_focal_person(
                participant=participant, by=request.user, person=form.chosen_person()
            )
            messages.success(request, _("Đã cập nhật cán bộ đầu mối."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Cán bộ đầu mối không hợp lệ."))
    return redirect("plans:task_detail", pk=participant.task_id)


@login_required
@require_POST
def task_comment(request, pk):
    task = _task_or_404(request, pk)
    return _submit(
        request,
        task,
        CommentForm(request.POST),
        form_name="comment_form",
        service=services.add_comment,
        arguments=lambda data: {"task": task, "body": data["body"]},
        anchor="#comments",
    )


@login_required
@require_POST
def task_attachment(request, pk):
    task = _task_or_404(request, pk)
    if not permissions.can_attach(request.user, task):
        raise PermissionDenied
    return _submit(
        request,
        task,
        AttachmentForm(request.POST, request.FILES),
        form_name="attachment_form",
        service=services.add_attachment,
        arguments=lambda data: {"task": task, "upload": data["file"]},
        done=_("Đã đính kèm tệp."),
        anchor="#attachments",
    )


@login_required
@require_GET
def attachment_download(request, pk):
    visible = Task.objects.visible_to(request.user).values("pk")
    return uploads.serve(TaskAttachment.objects.filter(task__in=visible), pk=pk, field="file")


@login_required
@require_GET
def report_attachment_download(request, pk):
    visible = Task.objects.visible_to(request.user).values("pk")
    reports = ProgressReport.objects.filter(task__in=visible)
    return uploads.serve(reports, pk=pk, field="attachment")


@login_required
@require_GET
def organization_suggestions(request, plan_pk):
    """HTMX: organisations of the plan's province matching what the user types."""
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("programme", "issuing_organization"),
        pk=plan_pk,
    )
    query = ""
    for key, value in request.GET.items():
        if key.endswith("other") and value.strip():
            query = value.strip()[:100]
    items = selectors.search_candidates(plan, query) if len(query) >= 2 else []
    target = request.GET.get("target", "")
    context = {"items": items, "target": target}
    return TemplateResponse(request, "plans/_organization_suggestions.html", context)
