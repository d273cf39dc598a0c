"""The hot-spot working group pages: the group (members, shared log, press orientation, tasks
with their buckets) and the page that sets a task in a plan. Each write is a POST that runs one
service; a refusal shows the page again with the form and its errors (status 400)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core.forms import call_service, submitted
from phoihop.org.models import User
from phoihop.org.views import suggestions
from phoihop.plans.selectors import province_candidates

from .. import permissions, selectors, services
from ..forms.groups import (
    GroupForm,
    GroupLogForm,
    GroupMemberForm,
    GroupTaskForm,
    PressOrientationForm,
)
from ..models import WorkingGroup
from ..services.groups import plans_for_group_tasks, press_approvers


def _group_or_404(request, pk) -> WorkingGroup:
    group = (
        WorkingGroup.objects.visible_to(request.user)
        .select_related("case__department", "case__area", "case__field", "case__lead_organization")
        .prefetch_related("members__organization", "members__focal_person")
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise Http404
    return group


def _context(request, group: WorkingGroup, **forms) -> dict:
    user = request.user
    case = group.case
    can_manage = permissions.can_manage_group(user, group)
    agencies = permissions.group_log_agencies(user, group)
    today = timezone.localdate()
    context = {
        "group": group,
        "case": case,
        "members": list(group.members.all()),
        "items": selectors.items_of(case),
        "log": list(group.log_entries.select_related("organization", "written_by")),
        "orientations": list(group.orientations.select_related("approved_by", "written_by")),
        "tasks": selectors.group_tasks(group, today),
        # The citizen's identity is the case's handlers' only (ADR 0020), never a co-agency's.
        "can_see_identity": permissions.can_see_identity(user, case),
        "can_manage": can_manage,
        "can_write_log": bool(agencies),
    }
    if can_manage:
        context["member_form"] = forms.get("member_form") or GroupMemberForm(
            candidates=province_candidates(case.department)
        )
        context["press_form"] = forms.get("press_form") or PressOrientationForm(
            approvers=press_approvers(group), initial={"given_on": today}
        )
    if agencies:
        context["log_form"] = forms.get("log_form") or GroupLogForm(
            agencies=agencies, initial={"happened_on": today}
        )
    return context


def _page(request, group, status=200, **forms):
    return render(
        request, "cases/group_detail.html", _context(request, group, **forms), status=status
    )


@login_required
@require_GET
def group_detail(request, pk: int):
    group = _group_or_404(request, pk)
    if suggestions.asked_for(request) == "organization" and permissions.can_manage_group(
        request.user, group
    ):
        return suggestions.organizations(
            request, "organization", province_candidates(group.case.department)
        )
    return _page(request, group)


@login_required
@require_POST
def group_new(request, pk: int):
    """Set up the working group of a hot-spot case (from the case page)."""
    case = selectors.case_for_page(request.user, pk)
    if case is None:
        raise Http404
    if not permissions.can_create_group(request.user, case):
        raise PermissionDenied
    form = GroupForm(request.POST)
    group = None
    if form.is_valid():
        group = call_service(
            form,
            services.create_working_group,
            case=case,
            by=request.user,
            name=form.cleaned_data["name"],
            mandate=form.cleaned_data["mandate"],
        )
    if group is None:
        for error in [*form.non_field_errors(), *(e for f in form.errors.values() for e in f)]:
            messages.error(request, error)
        return redirect(case)
    messages.success(request, _("Đã thành lập tổ công tác."))
    return redirect(group)


def _managed(request, pk) -> WorkingGroup:
    group = _group_or_404(request, pk)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    return group


@login_required
@require_POST
def group_member(request, pk: int):
    group = _managed(request, pk)
    form = GroupMemberForm(request.POST, candidates=province_candidates(group.case.department))
    if form.is_valid():
        username = form.cleaned_data["focal_username"].strip()
        person = User.objects.filter(username=username).first() if username else None
        if username and person is None:
            # The same words as for someone of another agency: no probing for usernames.
            form.add_error(
                "focal_username",
                _("Cán bộ đầu mối phải là cán bộ của %(name)s.")
                % {"name": form.cleaned_data["organization"].name},
            )
        elif call_service(
            form,
            services.set_group_member,
            group=group,
            organization=form.cleaned_data["organization"],
            focal_person=person,
            by=request.user,
        ):
            messages.success(request, _("Đã cập nhật thành viên tổ công tác."))
            return redirect(group)
    return _page(request, group, status=400, member_form=form)


@login_required
@require_POST
def group_log(request, pk: int):
    group = _group_or_404(request, pk)
    agencies = permissions.group_log_agencies(request.user, group)
    if not agencies:
        raise PermissionDenied
    form = GroupLogForm(request.POST, agencies=agencies)
    if submitted(
        request,
        form,
        services.write_group_log,
        arguments=lambda data: {"group": group, **data},
        done=_("Đã ghi nhật ký."),
    ):
        return redirect(group)
    return _page(request, group, status=400, log_form=form)


@login_required
@require_POST
def group_press(request, pk: int):
    group = _managed(request, pk)
    form = PressOrientationForm(request.POST, approvers=press_approvers(group))
    if submitted(
        request,
        form,
        services.record_press_orientation,
        arguments=lambda data: {"group": group, **data},
        done=_("Đã ghi định hướng thông tin."),
    ):
        return redirect(group)
    return _page(request, group, status=400, press_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def group_task(request, pk: int):
    """Set a task of the group in a plan: the task is made by the plans app's own service."""
    group = _managed(request, pk)
    candidates = province_candidates(group.case.department)
    target = suggestions.asked_for(request)
    if target in ("lead", "co_agencies"):
        return suggestions.organizations(
            request, target, candidates, several=target == "co_agencies"
        )
    plans = plans_for_group_tasks(request.user)
    initial = {"title": group.case.title[:500]}
    form = GroupTaskForm(request.POST or None, plans=plans, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task = call_service(
            form,
            services.create_group_task,
            group=group,
            plan=data["plan"],
            lead=data["lead"],
            co_agencies=data["co_agencies"] or [],
            title=data["title"],
            deadline=data["deadline"],
            description=data["description"],
            outside_parties_reason=data["outside_parties_reason"],
            by=request.user,
        )
        if task is not None:
            messages.success(request, _("Đã giao nhiệm vụ trong kế hoạch."))
            return redirect(group)
    status = 400 if request.method == "POST" else 200
    context = {"group": group, "case": group.case, "form": form, "has_plans": plans.exists()}
    return render(request, "cases/group_task.html", context, status=status)
