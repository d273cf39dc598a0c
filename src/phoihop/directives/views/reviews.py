"""A directive's review milestones (sơ kết, tổng kết): add, edit, record completion. The review
calendar and report downloads are the reviews app's, for every kind of subject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core.forms import call_service
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from .. import permissions, services
from ..forms import ReviewCompleteForm, ReviewForm
from ..models import Document


@login_required
@require_GET
def old_calendar(request):
    """The calendar moved to /reviews/ when it began listing programme reviews too."""
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("reviews:calendar") + (f"?{query}" if query else ""), permanent=True)


@login_required
@require_GET
def old_report(request, pk: int):
    return redirect("reviews:report", pk=pk, permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, pk: int):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if not permissions.is_registry_editor(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST or None, user=request.user, initial={"kind": "preliminary"})
    if request.method == "POST" and form.is_valid():
        review = call_service(
            form, reviews.create_review, subject=document, by=request.user, **form.cleaned_data
        )
        if review is not None:
            messages.success(request, _("Đã thêm mốc «%(label)s».") % {"label": review.label})
            return redirect(review.get_absolute_url())
    context = {"form": form, "document": document, "review": None}
    return render(request, "directives/review_form.html", context)


def _editable_review(request, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.visible_to(request.user).of_kind(Document).for_list(), pk=pk
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
            form, reviews.update_review, review=review, by=request.user, **form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Đã lưu mốc «%(label)s».") % {"label": saved.label})
            return redirect(saved.get_absolute_url())
    context = {"form": form, "document": review.subject, "review": review}
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
