"""The receiver's decisions (accept, return, reopen), comments and attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from phoihop.core import uploads

from .. import permissions
from .. import submissions as services
from ..forms import (
    AttachmentForm,
    CommentForm,
    ReasonForm,
)
from ..models import Submission, SubmissionAttachment
from .common import submission_url, visible_submission

# The receiver's decisions, comments, attachments ---------------------------------------------


def _submission_or_404(request, pk) -> Submission:
    submission = visible_submission(request, pk=pk)
    if submission is None:
        raise Http404
    return submission


def _say_errors(request, errors) -> None:
    """Show a refusal on the report page, where these small forms post from and return to."""
    for message in errors:
        messages.error(request, message)


def _form_errors(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _decision(request, pk, service, done: str, *, needs_reason: bool):
    submission = _submission_or_404(request, pk)
    if not permissions.can_decide(request.user, submission):
        raise PermissionDenied
    arguments = {"submission": submission, "by": request.user}
    if needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            _say_errors(request, form.errors.get("reason", []))
            return redirect(submission_url(submission) + "#decision")
        arguments["reason"] = form.cleaned_data["reason"]
    try:
        service(**arguments)
    except ValidationError as exc:
        _say_errors(request, exc.messages)
        return redirect(submission_url(submission) + "#decision")
    messages.success(request, done)
    return redirect(submission_url(submission))


@login_required
@require_POST
def accept(request, pk):
    return _decision(request, pk, services.accept, _("Đã tiếp nhận báo cáo."), needs_reason=False)


@login_required
@require_POST
def return_submission(request, pk):
    return _decision(
        request,
        pk,
        services.return_submission,
        _("Đã trả lại báo cáo cho đơn vị."),
        needs_reason=True,
    )


@login_required
@require_POST
def reopen(request, pk):
    return _decision(request, pk, services.reopen, _("Đã mở lại báo cáo."), needs_reason=True)


@login_required
@require_POST
def comment(request, pk):
    submission = _submission_or_404(request, pk)
    if not permissions.can_comment(request.user, submission):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                submission, form.cleaned_data["key"], form.cleaned_data["body"], request.user
            )
            messages.success(request, _("Đã gửi ý kiến."))
        except ValidationError as exc:
            _say_errors(request, exc.messages)
    else:
        _say_errors(request, _form_errors(form))
    anchor = f"#field-{form.data.get('key', '')}" if form.data.get("key") else ""
    return redirect(submission_url(submission) + anchor)


@login_required
@require_POST
def attach(request, pk):
    submission = _submission_or_404(request, pk)
    if not permissions.can_attach(request.user, submission):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(submission, form.cleaned_data["file"], request.user)
            messages.success(request, _("Đã đính kèm tệp."))
        except ValidationError as exc:
            _say_errors(request, exc.messages)
    else:
        _say_errors(request, _form_errors(form))
    return redirect(submission_url(submission) + "#attachments")


@login_required
@require_GET
def attachment_download(request, pk):
    visible = Submission.objects.visible_to(request.user).values("pk")
    return uploads.serve(
        SubmissionAttachment.objects.filter(submission__in=visible), pk=pk, field="file"
    )
