"""A person's requests about their data: the staff list (overdue first), recording one from an
item with contact details, and the request page where it is answered or refused. Pages that
name the requester are sent with Cache-Control: no-store, like the contact page."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core.forms import call_service, submitted
from phoihop.core.pagination import paginate

from .. import permissions, services
from ..forms.requests import DataRequestForm, FulfilForm, RefuseForm
from ..models import DataRequest, Item
from ..services import CitizenDetails


def _private(response):
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def data_request_list(request):
    now = timezone.now()
    open_ = DataRequest.Status.RECEIVED
    rows = (
        DataRequest.objects.visible_to(request.user)
        .annotate(
            rank=SqlCase(
                When(status=open_, due_at__lt=now, then=Value(0)),
                When(status=open_, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .select_related("case")
        .order_by("rank", "due_at", "id")
    )
    page_obj = paginate(request, rows)
    context = {"page_obj": page_obj, "requests": list(page_obj.object_list), "now": now}
    return _private(render(request, "cases/data_request_list.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def data_request_new(request, pk: int):
    item = get_object_or_404(Item.objects.visible_to(request.user).select_related("case"), pk=pk)
    if not permissions.can_handle_data_request(request.user, item.case):
        raise PermissionDenied
    now = timezone.localtime()
    initial = {"received_on": now.date(), "received_time": now.time().replace(microsecond=0)}
    form = DataRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at = timezone.make_aware(
            datetime.datetime.combine(data["received_on"], data["received_time"])
        )
        made = call_service(
            form,
            services.record_data_request,
            item=item,
            kind=data["kind"],
            requester=data["requester"],
            received_at=received_at,
            detail=data["detail"],
            by=request.user,
        )
        if made is not None:
            messages.success(request, _("Đã ghi nhận yêu cầu; hạn xử lý 72 giờ."))
            return redirect(made)
    status = 400 if request.method == "POST" else 200
    context = {"item": item, "case": item.case, "form": form}
    return _private(render(request, "cases/data_request_new.html", context, status=status))


def _request_or_404(request, pk) -> DataRequest:
    found = (
        DataRequest.objects.visible_to(request.user)
        .select_related("case__department", "item", "recorded_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _detail(request, data_request, status=200, **forms):
    can_answer = data_request.is_open and permissions.can_handle_data_request(
        request.user, data_request.case
    )
    context = {
        "data_request": data_request,
        "case": data_request.case,
        "overdue": data_request.is_overdue(),
        "can_answer": can_answer,
        "fulfil_form": forms.get("fulfil_form") or FulfilForm(),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
    }
    return _private(render(request, "cases/data_request_detail.html", context, status=status))


@login_required
@require_GET
def data_request_detail(request, pk: int):
    return _detail(request, _request_or_404(request, pk))


def _answerable(request, pk) -> DataRequest:
    found = _request_or_404(request, pk)
    if not (found.is_open and permissions.can_handle_data_request(request.user, found.case)):
        raise PermissionDenied
    return found


@login_required
@require_POST
def data_request_fulfil(request, pk: int):
    data_request = _answerable(request, pk)
    form = FulfilForm(request.POST)

    def arguments(data):
        corrections = None
        if data_request.kind == DataRequest.Kind.CORRECT:
            corrections = CitizenDetails(
                consent_text=None,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                address=data["address"],
            )
        return {"request": data_request, "outcome": data["outcome"], "corrections": corrections}

    if submitted(
        request,
        form,
        services.fulfil_data_request,
        arguments=arguments,
        done=_("Đã đáp ứng yêu cầu."),
    ):
        return redirect(data_request)
    return _detail(request, data_request, status=400, fulfil_form=form)


@login_required
@require_POST
def data_request_refuse(request, pk: int):
    data_request = _answerable(request, pk)
    form = RefuseForm(request.POST)
    if submitted(
        request,
        form,
        services.refuse_data_request,
        arguments=lambda data: {"request": data_request, "reason": data["reason"]},
        done=_("Đã ghi nhận việc từ chối."),
    ):
        return redirect(data_request)
    return _detail(request, data_request, status=400, refuse_form=form)
