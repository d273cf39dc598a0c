"""The review calendar and review milestones (sơ kết, tổng kết)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import uploads
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.org.models import Organization

from .. import permissions, selectors, services
from ..forms import CalendarFilterForm, ReviewCompleteForm, ReviewForm
from ..models import Document, ReviewMilestone


@login_required
@require_GET
def review_calendar(request):
    user = request.user
    today = timezone.localdate()
    organizations = Organization.objects.filter(
        pk__in=ReviewMilestone.objects.visible_to(user).values("responsible")
    ).order_by("name")
    form = CalendarFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_valid() else {}
    window = selectors.review_window(form.window_value(), today)
    responsible = data.get("responsible")
    calendar = selectors.review_calendar(
        user,
        window=window,
        today=today,
        responsible=responsible.pk if responsible else None,
        kind=data.get("kind") or "",
        include_done=bool(data.get("include_done")),
    )
    for group in (calendar.overdue, calendar.soon, calendar.upcoming, calendar.done):
        for review in group:
            review.state = review.state_on(today)
    groups = [
        (calendar.overdue, _("Quá hạn"), "text-danger"),
        (calendar.soon, _("Sắp đến hạn (trong 30 ngày)"), "text-warning-emphasis"),
        (calendar.upcoming, _("Sắp tới"), ""),
        (calendar.done, _("Đã hoàn thành"), "text-success"),
    ]
    context = {"form": form, "calendar": calendar, "groups": groups, "window": window}
    return render_page(request, "directives/review_calendar.html", context, fragment="results")


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk: int):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if not permissions.is_registry_editor(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, user=request.user, initial={"kind": "preliminary"})
    if request.method == "POST" and form.is_valid():
        review = call_service(
            form, services.create_review, document=document, by=request.user, **form.cleaned_data
        )
        if review is not None:
            messages.success(request, _("Đã thêm mốc «%(label)s».") % {"label": review.label})
            return redirect(review.get_absolute_url())
    context = {"form": form, "document": document, "review": None}
    return render(request, "directives/review_form.html", context)


def _editable_review(request, pk: int) -> ReviewMilestone:
    review = get_object_or_404(
        ReviewMilestone.objects.visible_to(request.user).select_related(
            "document__type", "responsible"
        ),
        pk=pk,
    )
    if not permissions.can_manage_reviews(request.user, review.responsible):
        raise PermissionDenied
    return review


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, pk: int):
    review = _editable_review(request, pk)
    form = ReviewForm(
        request.POST or None,
        user=request.user,
        review=review,
        initial=ReviewForm.initial_for(review),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.update_review, review=review, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Đã lưu mốc «%(label)s».") % {"label": saved.label})
            return redirect(saved.get_absolute_url())
    context = {"form": form, "document": review.document, "review": review}
    return render(request, "directives/review_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_complete(request, pk: int):
    review = _editable_review(request, pk)
    form = ReviewCompleteForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={
            "done_on": review.done_on or timezone.localdate(),
            "report_note": review.report_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = call_service(
            form,
            services.complete_review,
            review=review,
            by=request.user,
            done_on=data["done_on"],
            report_file=data.get("report_file"),
            report_document=form.report,
            report_note=data.get("report_note", ""),
        )
        if saved is not None:
            messages.success(
                request, _("Đã ghi nhận hoàn thành «%(label)s».") % {"label": saved.label}
            )
            return redirect(saved.get_absolute_url())
    return render(request, "directives/review_complete.html", {"form": form, "review": review})


@login_required
@require_GET
def review_report(request, pk: int):
    reviews = ReviewMilestone.objects.visible_to(request.user)
    return uploads.serve(reviews, pk=pk, field="report_file")
