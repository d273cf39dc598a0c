"""The archive: programmes and plans that ended, out of the day-to-day lists, restorable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phoihop.core.pagination import paginate

from .. import permissions, services
from ..models import Plan, Programme


@login_required
@require_GET
def archive(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .filter(archived_at__isnull=False)
        .select_related("signing_organization")
        .annotate(plan_count=Count("plans", distinct=True))
        .order_by("-end_year", "title", "pk")
    )
    plans = (
        Plan.objects.visible_to(request.user)
        .filter(archived_at__isnull=False)
        .select_related("programme", "issuing_organization")
        .with_task_count(request.user)
        .order_by("-year", "title", "pk")
    )
    page_obj = paginate(request, plans)
    context = {
        "programmes": list(programmes[:100]),
        "page_obj": page_obj,
        "plans": list(page_obj.object_list),
    }
    return TemplateResponse(request, "plans/archive.html", context)


def _act(request, obj, allowed: bool, service, done: str):
    """Run an archive or restore service from a button; its refusal becomes a message."""
    if not allowed:
        raise PermissionDenied
    try:
        service(by=request.user, **{obj._meta.model_name: obj})
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(obj)


def _programme(request, pk):
    return get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("signing_organization"), pk=pk
    )


def _plan(request, pk):
    return get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("issuing_organization"), pk=pk
    )


@login_required
@require_POST
def programme_archive(request, pk):
    programme = _programme(request, pk)
    allowed = permissions.can_change_programme(request.user, programme)
    done = _("Đã lưu trữ chương trình và các kế hoạch của chương trình.")
    return _act(request, programme, allowed, services.archive_programme, done)


@login_required
@require_POST
def programme_restore(request, pk):
    programme = _programme(request, pk)
    allowed = permissions.can_change_programme(request.user, programme)
    done = _("Đã khôi phục chương trình.")
    return _act(request, programme, allowed, services.restore_programme, done)


@login_required
@require_POST
def plan_archive(request, pk):
    plan = _plan(request, pk)
    allowed = permissions.can_change_plan(request.user, plan)
    return _act(request, plan, allowed, services.archive_plan, _("Đã lưu trữ kế hoạch."))


@login_required
@require_POST
def plan_restore(request, pk):
    plan = _plan(request, pk)
    allowed = permissions.can_change_plan(request.user, plan)
    return _act(request, plan, allowed, services.restore_plan, _("Đã khôi phục kế hoạch."))
