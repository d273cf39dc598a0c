"""Mission pages: the list, setting one up, its page (visits, findings, answers,
recommendations followed as tasks) and its report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, uploads
from phoihop.core.forms import ConfirmForm, call_service, submitted
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.directives.views import suggestions as document_suggestions
from phoihop.org.views import suggestions
from phoihop.plans.models import Task

from . import permissions, selectors, services
from .forms import (
    AnswerForm,
    FindingForm,
    MissionFilterForm,
    MissionForm,
    RecommendationFilterForm,
    RecommendationForm,
    ReportForm,
    VisitForm,
)
from .models import Finding, Mission


def _mission_or_404(request, pk) -> Mission:
    return get_object_or_404(selectors.missions_for(request.user), pk=pk)


@login_required
@require_GET
def mission_list(request):
    visible = selectors.missions_for(request.user)
    years = sorted({d.year for d in visible.dates("starts_on", "year")}, reverse=True)
    form = MissionFilterForm(request.GET, years=years)
    data = form.valid_data()
    missions = form.filters().apply(visible).order_by("-starts_on", "-pk")
    page_obj = paginate(request, missions)
    context = {
        "form": form,
        "page_obj": page_obj,
        "missions": list(page_obj.object_list),
        "filtered": any(data.values()),
        "can_create": permissions.can_create_mission(request.user),
    }
    return render_page(request, "missions/mission_list.html", context, fragment="results")


@login_required
@require_GET
def recommendation_list(request):
    """The recommendations of the missions the filters keep, with their task's bucket: the list
    behind the review counts' figures, and the follow-up of every recommendation until done."""
    form = RecommendationFilterForm(request.GET)
    data = form.valid_data()
    recommendations = selectors.recommendations_for(
        request.user, form.filters(), bucket=data.get("bucket") or ""
    )
    page_obj = paginate(request, recommendations)
    rows = list(page_obj.object_list)
    buckets = dict(
        Task.objects.filter(pk__in=[r.task_id for r in rows])
        .with_bucket()
        .values_list("pk", "bucket")
    )
    for row in rows:
        row.task.bucket = buckets.get(row.task_id, row.task.bucket)
    context = {
        "form": form,
        "page_obj": page_obj,
        "recommendations": rows,
        "filtered": any(data.values()),
    }
    return render_page(request, "missions/recommendation_list.html", context, fragment="results")


def _suggest(request, form):
    """The answer to the mission form's type-ahead boxes, or None for a page request."""
    target = suggestions.asked_for(request)
    if target == "organization" and "organization" in form.fields:
        return suggestions.organizations(request, target, form.fields[target].queryset)
    if target == "decision":
        return document_suggestions.documents(request, target, form.fields[target].queryset)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def mission_create(request):
    if not permissions.can_create_mission(request.user):
        raise PermissionDenied
    form = MissionForm(request.POST or None, user=request.user)
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mission = call_service(form, services.create_mission, by=request.user, **data)
        if mission is not None:
            messages.success(request, _("Đã lập đoàn. Hãy ghi các đơn vị được làm việc."))
            return redirect(mission)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "missions/mission_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request, pk):
    mission = _managed(request, pk)
    form = MissionForm(
        request.POST if request.method == "POST" else None,  # an empty POST is answered too
        user=request.user,
        mission=mission,
        initial=MissionForm.initial_for(mission),
    )
    if (answer := _suggest(request, form)) is not None:
        return answer
    if request.method == "POST" and submitted(
        request,
        form,
        services.update_mission,
        arguments=lambda data: data | {"mission": mission},
        done=_("Đã lưu thông tin của đoàn."),
    ):
        return redirect(mission)
    context = {"form": form, "mission": mission}
    status = 400 if form.errors else 200
    return TemplateResponse(request, "missions/mission_form.html", context, status=status)


@login_required
@require_POST
def mission_delete(request, pk):
    """Remove a mission (services.delete_mission refuses one whose work was recorded, and the
    page says why)."""
    mission = _managed(request, pk)
    form = ConfirmForm(request.POST)
    done = _("Đã xóa đoàn «%(title)s».") % {"title": mission.title}
    if submitted(
        request,
        form,
        services.delete_mission,
        arguments=lambda _data: {"mission": mission},
        done=done,
    ):
        return redirect("missions:mission_list")
    messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(mission)


def _detail(request, mission: Mission, *, status: int = 200, **forms):
    view = selectors.mission_view(request.user, mission)
    can_manage = permissions.can_manage_mission(request.user, mission)
    answerable = {
        f.pk
        for visit in view.visits
        for f in visit.findings.all()
        if permissions.can_answer_finding(request.user, f)
    }
    context = {
        "mission": mission,
        "view": view,
        "can_manage": can_manage,
        # The button only where services.delete_mission would remove it (no work recorded).
        "can_delete": can_manage and not (view.visits or view.recommendations or mission.report),
        "answerable": answerable,
        "history": list(audit.entries_for(mission)[:10]) if view.whole else [],
    }
    if can_manage:
        context |= {
            "visit_form": forms.get("visit_form") or VisitForm(mission=mission),
            # The latest visit is the one a finding is most often written for.
            "finding_form": forms.get("finding_form")
            or FindingForm(
                mission=mission,
                initial={"visit": view.visits[-1].pk} if view.visits else None,
            ),
            "recommendation_form": forms.get("recommendation_form")
            or RecommendationForm(mission=mission),
            "report_form": forms.get("report_form")
            or ReportForm(initial={"report_on": timezone.localdate()}),
        }
    return TemplateResponse(request, "missions/mission_detail.html", context, status=status)


@login_required
@require_GET
def mission_detail(request, pk):
    mission = _mission_or_404(request, pk)
    if suggestions.asked_for(request) == "organization" and permissions.can_manage_mission(
        request.user, mission
    ):
        form = VisitForm(mission=mission)
        return suggestions.organizations(
            request, "organization", form.fields["organization"].queryset
        )
    if suggestions.asked_for(request) == "area":
        return suggestions.areas(request, "area")
    return _detail(request, mission)


def _managed(request, pk) -> Mission:
    mission = _mission_or_404(request, pk)
    if not permissions.can_manage_mission(request.user, mission):
        raise PermissionDenied
    return mission


def _post_on_page(request, page: Mission, form, service, *, form_name: str, done: str, **fixed):
    """A form of the mission's page: run `service` (`core.forms.submitted`) and go back to the
    page, or show the page again with the form's errors."""
    if submitted(request, form, service, arguments=lambda data: fixed | data, done=done):
        return redirect(page)
    return _detail(request, page, status=400, **{form_name: form})


@login_required
@require_POST
def visit_add(request, pk):
    mission = _managed(request, pk)
    form = VisitForm(request.POST, mission=mission)
    done = _("Đã ghi buổi làm việc.")
    return _post_on_page(
        request,
        mission,
        form,
        services.add_visit,
        form_name="visit_form",
        done=done,
        mission=mission,
    )


@login_required
@require_POST
def finding_add(request, pk):
    mission = _managed(request, pk)
    form = FindingForm(request.POST, mission=mission)
    done = _("Đã ghi nhận xét.")
    return _post_on_page(
        request, mission, form, services.add_finding, form_name="finding_form", done=done
    )


@login_required
@require_POST
def recommendation_add(request, pk):
    mission = _managed(request, pk)
    form = RecommendationForm(request.POST, mission=mission)
    done = _("Đã ghi kiến nghị và giao thành nhiệm vụ cho đơn vị theo dõi đến khi xong.")
    return _post_on_page(
        request,
        mission,
        form,
        services.add_recommendation,
        form_name="recommendation_form",
        done=done,
        mission=mission,
    )


@login_required
@require_POST
def report_upload(request, pk):
    mission = _managed(request, pk)
    form = ReportForm(request.POST, request.FILES)
    done = _("Đã lưu báo cáo kết quả của đoàn.")
    return _post_on_page(
        request,
        mission,
        form,
        services.attach_report,
        form_name="report_form",
        done=done,
        mission=mission,
    )


@login_required
@require_GET
def report_download(request, pk):
    return uploads.serve(Mission.objects.visible_to(request.user), pk=pk, field="report")


@login_required
@require_http_methods(["GET", "POST"])
def finding_answer(request, pk):
    """The visited organisation answers one of its findings."""
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related("mission", "organization", "visit"),
        pk=pk,
    )
    if not permissions.can_answer_finding(request.user, finding):
        raise PermissionDenied
    form = AnswerForm(request.POST or None, initial={"answer": finding.answer})
    if request.method == "POST" and form.is_valid():
        answered = call_service(
            form, services.answer_finding, finding=finding, by=request.user, **form.cleaned_data
        )
        if answered is not None:
            messages.success(request, _("Đã gửi ý kiến giải trình của đơn vị."))
            return redirect(finding.mission)
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, "missions/finding_answer.html", {"form": form, "finding": finding}, status=status
    )
