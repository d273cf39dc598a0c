"""The report page: entry for the unit, the receiver's view, comments, attachments, history."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from phoihop.core import audit
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.org.scope import holds_role

from .. import checks, permissions
from .. import submissions as services
from ..forms import (
    AttachmentForm,
    ReasonForm,
    ReportEntryForm,
    field_comment_form,
    initial_text,
)
from ..models import FormItem, FormSection, Regime, Submission
from .common import report_target, submission_url

State = Submission.State
# The report page -----------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    unit: str = ""
    guidance: str = ""
    bound: object = None  # the bound form field; None for a rate
    computed: str = ""  # a rate's value
    required: bool = False
    comments: list = field(default_factory=list)
    comment_form: object = None


@dataclass
class Block:
    title: str
    guidance: str
    narrative: bool
    required: bool = False
    rows: list[Row] = field(default_factory=list)


def _layout(regime: Regime, form: ReportEntryForm, computed: dict, comments) -> list[Block]:
    items = (
        FormItem.objects.filter(report_form_id=regime.report_form_id)
        .select_related("indicator")
        .order_by("position", "pk")
    )
    by_section: dict[int, list[FormItem]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)
    by_key: dict[str, list] = {}
    for comment in comments:
        by_key.setdefault(comment.key, []).append(comment)
    blocks = []
    sections = FormSection.objects.filter(report_form_id=regime.report_form_id).order_by(
        "position", "pk"
    )
    for section in sections:
        narrative = section.kind == FormSection.Kind.NARRATIVE
        block = Block(section.title, section.guidance, narrative, narrative and section.required)
        if narrative:
            block.rows.append(
                Row(
                    key=section.code,
                    label=section.title,
                    bound=form[section.code],
                    comments=by_key.get(section.code, []),
                    required=section.required,
                )
            )
        for item in [] if narrative else by_section.get(section.pk, []):
            indicator = item.indicator
            key = indicator.code
            block.rows.append(
                Row(
                    key=key,
                    label=indicator.name,
                    unit=indicator.unit,
                    guidance=indicator.description,
                    bound=form[key] if key in form.fields else None,
                    computed=checks.format_number(computed.get(key)) if key in computed else "",
                    comments=by_key.get(key, []),
                    required=item.required and not indicator.is_rate,
                )
            )
        blocks.append(block)
    return blocks


def _history(submission: Submission, spec: checks.FormSpec) -> list[dict]:
    labels = {f.key: f.label for f in spec.fields} | {
        "state": _("Trạng thái"),
        "return_reason": _("Lý do"),
        "reopened_at": _("Mở lại lúc"),
        "attachments": _("Tệp đính kèm"),
    }
    rows = []
    for entry in audit.entries_for(submission).order_by("-at", "-pk")[:50]:
        changes = [
            (labels.get(key, key), old, new)
            for key, (old, new) in entry.changes.items()
            if isinstance(entry.changes.get(key), list) and key != "reopened_at"
        ]
        rows.append({"entry": entry, "changes": changes})
    return rows


def _initial(submission: Submission | None, spec: checks.FormSpec) -> dict:
    if submission is None:
        return {}
    return {k: initial_text(v) for k, v in services.stored_values(submission, spec).items()}


@login_required
@require_http_methods(["GET", "POST"])
def report(request, regime, period, organization):
    regime, period, organization, submission = report_target(request, regime, period, organization)
    spec = regime.report_form.spec()
    can_fill = permissions.can_fill_for(request.user, organization)
    if submission is not None:
        problem = services.entry_problem(submission)
    else:
        problem = services.start_problem(regime, period)
    editable = can_fill and problem is None
    form = ReportEntryForm(
        request.POST if request.method == "POST" else None,
        spec=spec,
        disabled=not editable,
        initial=_initial(submission, spec),
    )
    if request.method == "POST":
        if not can_fill:
            raise PermissionDenied
        action = request.POST.get("action", "save")
        done = _entry_action(request, form, action, regime, period, organization, submission)
        if done is not None:
            return redirect(submission_url(done) + "#top")
        submission = (
            submission
            or Submission.objects.filter(
                regime=regime, period_code=period.code, organization=organization
            ).first()
        )
    context = _report_context(request, regime, period, organization, submission, spec, form)
    context["editable"] = editable
    context["entry_problem"] = problem
    return render_page(request, "reporting/report.html", context)


def _entry_action(request, form, action, regime, period, organization, submission):
    """Run «Lưu nháp», «Gửi báo cáo» or «Sao chép từ kỳ trước»; the submission when it
    succeeded (the page then reloads), None when the form shows why not, with what was typed
    kept in its fields."""
    user = request.user
    if action == "copy":
        try:
            with transaction.atomic():
                target = submission or services.start_submission(regime, period, organization, user)
                copied = services.copy_from_previous_period(target, user)
        except ValidationError as exc:
            form.add_service_errors(exc)
            return None
        messages.success(
            request,
            ngettext(
                "Đã sao chép %(n)s giá trị từ kỳ trước.",
                "Đã sao chép %(n)s giá trị từ kỳ trước.",
                copied,
            )
            % {"n": copied}
            if copied
            else _("Kỳ trước không có giá trị nào để chép vào các ô còn trống."),
        )
        return target
    if not form.is_valid():
        return None
    complete = action == "submit"

    def write():
        with transaction.atomic():
            target = submission or services.start_submission(regime, period, organization, user)
            services.save_values(target, form.typed_values(), user, complete=complete)
            if complete:
                target = services.submit(target, user)
            return target

    target = call_service(form, write)
    if target is not None:
        messages.success(request, _("Đã gửi báo cáo.") if complete else _("Đã lưu nháp báo cáo."))
    return target


def _report_context(request, regime, period, organization, submission, spec, form) -> dict:
    user = request.user
    stored = services.stored_values(submission, spec) if submission else {}
    computed = checks.clean_values(spec, stored).computed
    comments = (
        list(submission.comments.select_related("author").order_by("created_at", "pk"))
        if submission
        else []
    )
    can_decide = submission is not None and permissions.can_decide(user, submission)
    can_comment = submission is not None and permissions.can_comment(user, submission)
    blocks = _layout(regime, form, computed, comments)
    if can_comment:
        for block in blocks:
            for row in block.rows:
                row.comment_form = field_comment_form(row.key)
    context = {
        "regime": regime,
        "period": period,
        "organization": organization,
        "submission": submission,
        "form": form,
        "blocks": blocks,
        "can_fill": permissions.can_fill_for(user, organization),
        "can_comment": can_comment,
        "can_attach": submission is not None and permissions.can_attach(user, submission),
        "can_decide": can_decide,
        "attachments": list(submission.attachments.all()) if submission else [],
        "history": _history(submission, spec) if submission else [],
        "deadline": submission.deadline if submission else regime.deadline(period),
        "attachment_form": AttachmentForm(),
        "reason_form": ReasonForm(),
        "is_receiver": holds_role(user, regime.receiver),
    }
    if can_decide:
        context["can_accept"] = submission.state == State.SUBMITTED
        context["can_return"] = submission.state == State.SUBMITTED
        context["can_reopen"] = submission.state == State.ACCEPTED or (
            submission.state == State.DRAFT and services.entry_problem(submission) is not None
        )
    return context
