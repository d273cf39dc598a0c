"""Staff pages of the public side: a case's publication (public title, question and answer,
with the spans to hide and a preview of what will leave), and the Open311 API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from phoihop.core.forms import call_service
from phoihop.org.permissions import is_system_admin

from .. import permissions, redaction, selectors, services
from ..forms.public import Open311KeyForm, PublishForm
from ..models import Open311Key, Publication
from .cases import _case_or_404


def _initial(case) -> dict:
    publication = Publication.objects.filter(case=case).first()
    if publication is not None:
        return {
            "title": publication.title,
            "question": publication.question,
            "answer": publication.answer,
            "hidden_spans": "\n".join(publication.hidden_spans),
            "detect": publication.detect,
        }
    question = "\n\n".join(item.text for item in selectors.items_of(case))
    return {"title": case.title, "question": question, "answer": case.answer, "detect": True}


@login_required
@require_http_methods(["GET", "POST"])
def case_publish(request, pk):
    case = _case_or_404(request, pk)
    if not permissions.can_publish_case(request.user, case):
        raise PermissionDenied
    publication = Publication.objects.filter(case=case).first()
    form = PublishForm(request.POST or None, initial=_initial(case))
    preview = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            draft = form.draft()
            if request.POST.get("action") == "publish":
                done = call_service(
                    form, services.publish_case, case=case, draft=draft, by=request.user
                )
                if done is not None:
                    messages.success(request, _("Đã công khai vụ việc trên cổng thông tin."))
                    return redirect(case)
            else:
                preview = services.redact_draft(case, draft)
                status = 200
    context = {
        "case": case,
        "form": form,
        "preview": preview,
        "publication": publication,
        "mark": redaction.MARK,
    }
    return render(request, "cases/case_publish.html", context, status=status)


@login_required
@require_POST
def case_unpublish(request, pk):
    case = _case_or_404(request, pk)
    if not permissions.can_publish_case(request.user, case):
        raise PermissionDenied
    try:
        services.unpublish_case(case=case, by=request.user)
    except Exception as exc:  # ValidationError: said on the case page
        if not hasattr(exc, "messages"):
            raise
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã thôi công khai vụ việc."))
    return redirect(case)


# Open311 keys ------------------------------------------------------------------------------------


def _admin_only(request) -> None:
    if not is_system_admin(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def open311_keys(request):
    _admin_only(request)
    form = Open311KeyForm(request.POST or None)
    issued = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = call_service(
                form, services.issue_open311_key, name=form.cleaned_data["name"], by=request.user
            )
            if result is not None:
                issued = result[1]
                form = Open311KeyForm()
                status = 200
    keys = list(Open311Key.objects.select_related("created_by"))
    context = {"form": form, "keys": keys, "issued": issued}
    response = render(request, "cases/open311_keys.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def open311_key_revoke(request, pk):
    _admin_only(request)
    key = get_object_or_404(Open311Key.objects.active(), pk=pk)
    services.revoke_open311_key(key=key, by=request.user)
    messages.success(request, _("Đã thu hồi khóa %(name)s.") % {"name": key.name})
    return redirect("cases:open311_keys")
