"""Programme pages: list, create/edit, detail (plans, task statistics, milestones)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, search, uploads
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from .. import permissions, selectors, services
from ..forms import MilestoneForm, ProgrammeFilterForm, ProgrammeForm
from ..models import Plan, Programme, Task


def _visible(request):
    return Programme.objects.visible_to(request.user)


@login_required
@require_GET
def programme_list(request):
    form = ProgrammeFilterForm(request.GET)
    query = form.valid_data().get("q", "")
    programmes = (
        _visible(request)
        .active()
        .select_related("signing_organization")
        .annotate(plan_count=Count("plans", distinct=True))
    )
    programmes = search.filter_text(programmes, query)
    page_obj = paginate(request, programmes.order_by("-start_year", "title", "pk"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "programmes": list(page_obj.object_list),
        "filtered": bool(query),
        "can_create": permissions.can_create_programme(request.user),
    }
    return render_page(request, "plans/programme_list.html", context, fragment="results")


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    if not permissions.can_create_programme(request.user):
        raise PermissionDenied
    initial = {"signing_organization": request.GET.get("signing_organization")}
    form = ProgrammeForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and "refresh" not in request.POST and form.is_valid():
        programme = call_service(
            form,
            services.create_programme,
            by=request.user,
            signing_organization=form.cleaned_data["signing_organization"],
            **form.service_kwargs(),
        )
        if programme is not None:
            messages.success(request, _("Đã tạo chương trình phối hợp."))
            return redirect(programme)
    if "refresh" in request.POST:
        form.errors.clear()
    context = {"form": form, "programme": None}
    return render_page(request, "plans/programme_form.html", context, fragment="form")


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = get_object_or_404(_visible(request).select_related("signing_organization"), pk=pk)
    if not permissions.can_change_programme(request.user, programme):
        raise PermissionDenied
    review_on = services.review_dates(programme)
    initial = {
        "signing_organization": programme.signing_organization,
        "counterparts": list(programme.counterparts.all()),
        "midterm_review_on": review_on.get(Review.Kind.PRELIMINARY),
        "final_review_on": review_on.get(Review.Kind.FINAL),
        **{name: getattr(programme, name) for name in services.PROGRAMME_FIELDS},
    }
    form = ProgrammeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        programme=programme,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        updated = call_service(
            form,
            services.update_programme,
            programme=programme,
            by=request.user,
            **form.service_kwargs(),
        )
        if updated is not None:
            messages.success(request, _("Đã lưu chương trình."))
            return redirect(updated)
    context = {"form": form, "programme": programme}
    return render_page(request, "plans/programme_form.html", context, fragment="form")


@login_required
@require_GET
def programme_detail(request, pk):
    programme = get_object_or_404(_visible(request).select_related("signing_organization"), pk=pk)
    today = timezone.localdate()
    plans = list(
        Plan.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("issuing_organization")
        .with_task_count(request.user)
        .order_by("-year", "title")
    )
    tasks = Task.objects.visible_to(request.user).filter(programme=programme)
    milestones = list(Review.objects.of(programme).order_by("due_on", "id"))
    for milestone in milestones:
        milestone.state = milestone.state_on(today)
    context = {
        "programme": programme,
        "counterparts": list(programme.counterparts.all()),
        "plans": plans,
        "counts": selectors.bucket_counts(tasks, today),
        "milestones": milestones,
        "today": today,
        "can_change": permissions.can_change_programme(request.user, programme),
        "can_add_plan": permissions.can_create_plan(request.user),
        "can_archive": permissions.can_archive_programme(request.user, programme),
        "can_restore": permissions.can_restore_programme(request.user, programme),
        "milestone_form": MilestoneForm(),
        "history": list(audit.entries_for(programme, *milestones)[:20]),
        "filter_query": selectors.TaskFilters(programme=programme).as_query(),
    }
    return TemplateResponse(request, "plans/programme_detail.html", context)


@login_required
@require_GET
def programme_document(request, pk):
    return uploads.serve(_visible(request), pk=pk, field="signed_document")


@login_required
@require_POST
def milestone_create(request, pk):
    programme = get_object_or_404(_visible(request).select_related("signing_organization"), pk=pk)
    if not permissions.can_change_programme(request.user, programme):
        raise PermissionDenied
    form = MilestoneForm(request.POST)
    if form.is_valid():
        created = call_service(
            form, services.add_milestone, programme=programme, by=request.user, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, _("Đã thêm mốc."))
            return redirect(programme)
    for error in [e for errors in form.errors.values() for e in errors]:
        messages.error(request, error)
    return redirect(programme)


@login_required
@require_POST
def milestone_complete(request, pk):
    milestone = get_object_or_404(
        Review.objects.visible_to(request.user).of_kind(Programme).select_related("responsible"),
        pk=pk,
    )
    programme = milestone.subject
    if not permissions.can_change_programme(request.user, programme):
        raise PermissionDenied
    try:
        reviews.complete_review(review=milestone, by=request.user, done_on=timezone.localdate())
        messages.success(request, _("Đã đánh dấu hoàn thành mốc."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(programme)
