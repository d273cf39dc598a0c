"""The submission pages: a unit's periodic reports, the report page (entry for the unit,
decisions for the receiver, comments, attachments, history), the receiver's list of received
reports, and the compile page of a receiver that reports upward."""

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, search, uploads
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.periods import Period, WorkingCalendar
from phoihop.org.models import Organization
from phoihop.org.scope import grants, holds_role

from .. import checks, compiling, permissions, workbook
from .. import submissions as services
from ..forms import (
    AttachmentForm,
    CommentForm,
    ReasonForm,
    ReceivedFilterForm,
    ReportEntryForm,
    SheetUploadForm,
    UpwardForm,
    field_comment_form,
    initial_text,
)
from ..models import FormItem, FormSection, Regime, Submission, SubmissionAttachment

State = Submission.State
RECENT_PERIODS = 3  # the current period and the two before it


def report_url(regime_id: int, period_code: str, organization_id: int) -> str:
    return reverse("reporting:report", args=[regime_id, period_code, organization_id])


def submission_url(submission: Submission) -> str:
    return report_url(submission.regime_id, submission.period_code, submission.organization_id)


def _period_or_404(regime: Regime, code: str) -> Period:
    try:
        return regime.period(code)
    except (ValueError, TypeError):
        raise Http404 from None


# A unit's periodic reports -------------------------------------------------------------------


@dataclass
class Due:
    """One report a unit must send: a regime × period, with its submission if started."""

    regime: Regime
    period: Period
    organization: Organization
    deadline: datetime.date
    opens_on: datetime.date
    submission: Submission | None
    today: datetime.date

    @property
    def url(self) -> str:
        return report_url(self.regime.pk, self.period.code, self.organization.pk)

    @property
    def state_label(self) -> str:
        if self.submission is None:
            return _("Chưa mở nhập") if self.today < self.opens_on else _("Chưa nhập")
        return self.submission.get_state_display()

    @property
    def state_key(self) -> str:
        return self.submission.state if self.submission else "missing"

    @property
    def sent(self) -> bool:
        return self.submission is not None and self.submission.first_submitted_at is not None

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def timing(self) -> str:
        if self.sent:
            if self.submission.is_on_time:
                return _("Gửi đúng hạn")
            return _("Gửi muộn")
        days = self.days_left
        if days > 0:
            return ngettext("Còn %(n)s ngày", "Còn %(n)s ngày", days) % {"n": days}
        if days == 0:
            return _("Hạn hôm nay")
        return ngettext("Quá hạn %(n)s ngày", "Quá hạn %(n)s ngày", -days) % {"n": -days}

    @property
    def late(self) -> bool:
        return (self.sent and not self.submission.is_on_time) or (
            not self.sent and self.days_left < 0
        )


def _recent_periods(regime: Regime, today: datetime.date) -> list[Period]:
    current = Period.containing(today, regime.frequency, regime.calendar)
    if current is None:  # nine months, after its cut-off: this year's is the latest
        current = Period(regime.frequency, today.year, calendar=regime.calendar)
    found = [current]
    while len(found) < RECENT_PERIODS:
        found.append(services.previous_period(found[-1]))
    return found


def reporting_units(user) -> list[Organization]:
    """The organisations whose reports the user fills: those of their own memberships."""
    ids = {g.organization_id for g in grants(user, permissions.FILLER_ROLES)}
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


def due_reports(user, today: datetime.date) -> list[Due]:
    units = reporting_units(user)
    pairs = [
        (regime, unit)
        for unit in units
        for regime in Regime.objects.expecting(unit, today)
        .exclude(frequency="")
        .select_related("receiver")
        .order_by("code")
    ]
    periods = {regime.pk: _recent_periods(regime, today) for regime, _unit in pairs}
    codes = {p.code for found in periods.values() for p in found}
    started = {
        (s.regime_id, s.period_code, s.organization_id): s
        for s in Submission.objects.filter(
            organization__in=[u.pk for u in units],
            regime__in=[r.pk for r, _u in pairs],
            period_code__in=codes,
        )
    }
    working = WorkingCalendar.load(today - datetime.timedelta(days=400))
    rows = []
    for regime, unit in pairs:
        for period in periods[regime.pk]:
            submission = started.get((regime.pk, period.code, unit.pk))
            rows.append(
                Due(
                    regime=regime,
                    period=period,
                    organization=unit,
                    deadline=submission.deadline
                    if submission
                    else regime.deadline(period, working),
                    opens_on=regime.entry_opens_on(period),
                    submission=submission,
                    today=today,
                )
            )
    rows.sort(key=lambda row: (-row.period.window_end.toordinal(), row.regime.code))
    return rows


@login_required
@require_GET
def my_reports(request):
    """«Báo cáo định kỳ»: the reports the user's units must send, current and recent."""
    today = timezone.localdate()
    page_obj = paginate(request, due_reports(request.user, today))
    context = {
        "page_obj": page_obj,
        "rows": list(page_obj.object_list),
        "can_receive": _receives_any(request.user),
        "today": today,
    }
    return render_page(request, "reporting/my_reports.html", context)


def _receives_any(user) -> bool:
    return user.is_superuser or bool(grants(user, permissions.RECEIVER_ROLES))


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


def _visible_submission(request, **lookup) -> Submission | None:
    return (
        Submission.objects.visible_to(request.user)
        .select_related("regime__receiver", "regime__report_form", "organization", "submitted_by")
        .filter(**lookup)
        .first()
    )


def _report_target(request, regime_id: int, period_code: str, organization_id: int):
    """The regime, period, organisation and submission (None if not started) the page is
    about, or 404 when the user may not see it."""
    regime = get_object_or_404(
        Regime.objects.select_related("receiver", "report_form"), pk=regime_id
    )
    period = _period_or_404(regime, period_code)
    submission = _visible_submission(
        request, regime=regime, period_code=period.code, organization_id=organization_id
    )
    if submission is not None:
        return regime, period, submission.organization, submission
    organization = get_object_or_404(Organization, pk=organization_id)
    user = request.user
    if not (holds_role(user, organization) or holds_role(user, regime.receiver)):
        raise Http404
    if not regime.expected_reporters(period).filter(pk=organization.pk).exists():
        raise Http404
    return regime, period, organization, None


def _initial(submission: Submission | None, spec: checks.FormSpec) -> dict:
    if submission is None:
        return {}
    return {k: initial_text(v) for k, v in services.stored_values(submission, spec).items()}


@login_required
@require_http_methods(["GET", "POST"])
def report(request, regime, period, organization):
    regime, period, organization, submission = _report_target(request, regime, period, organization)
    spec = regime.report_form.spec()
    can_fill = permissions.can_fill_for(request.user, organization)
    problem = services.entry_problem(submission) if submission else None
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


# The form as a spreadsheet ------------------------------------------------------------------


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def form_download(request, regime, period, organization):
    """The form as .xlsx, pre-filled with the unit, the period and what was entered."""
    regime, period, organization, submission = _report_target(request, regime, period, organization)
    deadline = submission.deadline if submission else regime.deadline(period)
    data = workbook.form_workbook(regime, period, organization, submission, deadline)
    response = HttpResponse(data, content_type=XLSX)
    name = f"bao-cao-{regime.code}-{period.code}-{organization.pk}.xlsx".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def form_upload(request, regime, period, organization):
    """Upload a filled form: «Kiểm tra» lists every bad cell; «Nhập» saves every value or
    none."""
    regime, period, organization, submission = _report_target(request, regime, period, organization)
    if not permissions.can_fill_for(request.user, organization):
        raise PermissionDenied
    form = SheetUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        try:
            result = workbook.upload_values(
                regime,
                period,
                organization,
                form.cleaned_data["file"],
                request.user,
                dry_run=dry_run,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        if result is not None and result.ok and not dry_run:
            messages.success(
                request,
                _("Đã nhập %(n)s giá trị từ tệp Excel.") % {"n": result.created},
            )
            return redirect(report_url(regime.pk, period.code, organization.pk))
    context = {
        "regime": regime,
        "period": period,
        "organization": organization,
        "submission": submission,
        "form": form,
        "result": result,
        "sheet": workbook.SHEET,
        "report_url": report_url(regime.pk, period.code, organization.pk),
    }
    response = render_page(request, "reporting/upload.html", context)
    response.status_code = 400 if form.errors else 200
    return response


# The receiver's decisions, comments, attachments ---------------------------------------------


def _submission_or_404(request, pk) -> Submission:
    submission = _visible_submission(request, pk=pk)
    if submission is None:
        raise Http404
    return submission


def _decision(request, pk, service, done: str, *, needs_reason: bool):
    submission = _submission_or_404(request, pk)
    if not permissions.can_decide(request.user, submission):
        raise PermissionDenied
    arguments = {"submission": submission, "by": request.user}
    if needs_reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            for message in form.errors.get("reason", []):
                messages.error(request, message)
            return redirect(submission_url(submission) + "#decision")
        arguments["reason"] = form.cleaned_data["reason"]
    try:
        service(**arguments)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
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
            for message in exc.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
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
            for message in exc.messages:
                messages.error(request, message)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(submission_url(submission) + "#attachments")


@login_required
@require_GET
def attachment_download(request, pk):
    visible = Submission.objects.visible_to(request.user).values("pk")
    return uploads.serve(
        SubmissionAttachment.objects.filter(submission__in=visible), pk=pk, field="file"
    )


# The receiver's list -------------------------------------------------------------------------


def received_regimes(user):
    regimes = Regime.objects.select_related("receiver").order_by("code")
    if user.is_superuser:
        return regimes
    scope = Organization.objects.within_scope_of(user, permissions.RECEIVER_ROLES).values("pk")
    return regimes.filter(receiver__in=scope)


@login_required
@require_GET
def received(request):
    """«Báo cáo nhận được»: the reports sent to the organisations the user receives for."""
    regimes = list(received_regimes(request.user))
    form = ReceivedFilterForm(request.GET, regimes=regimes)
    filters = form.valid_data()
    rows = Submission.objects.filter(regime__in=[r.pk for r in regimes]).select_related(
        "regime", "organization"
    )
    if regime_id := filters.get("regime"):
        rows = rows.filter(regime_id=regime_id)
    if code := filters.get("period"):
        rows = rows.filter(period_code=code)
    if state := filters.get("state"):
        rows = rows.filter(state=state)
    if text := filters.get("q"):
        rows = rows.filter(
            organization__in=search.filter_text(Organization.objects.all(), text).values("pk")
        )
    rows = rows.order_by("-cutoff", "regime__code", "organization__name", "pk")
    page_obj = paginate(request, rows)
    context = {
        "form": form,
        "page_obj": page_obj,
        "submissions": list(page_obj.object_list),
        "filtered": any(filters.values()),
        "has_regimes": bool(regimes),
        "compile_links": _compile_links(regimes, filters),
    }
    return render_page(request, "reporting/received.html", context, fragment="results")


def _compile_links(regimes: list[Regime], filters: dict) -> list[tuple[str, str]]:
    """«Tổng hợp» for the regime and period chosen in the filters."""
    regime = next((r for r in regimes if r.pk == filters.get("regime")), None)
    code = filters.get("period")
    if regime is None or not code:
        return []
    try:
        period = regime.period(code)
    except ValueError:
        return []
    return [(reverse("reporting:compile", args=[regime.pk, period.code]), period.name)]


# Compiling -----------------------------------------------------------------------------------


def _received_regime_or_404(request, pk) -> Regime:
    regime = get_object_or_404(received_regimes(request.user).select_related("report_form"), pk=pk)
    return regime


@login_required
@require_GET
def compile_page(request, regime, period):
    regime = _received_regime_or_404(request, regime)
    period = _period_or_404(regime, period)
    today = timezone.localdate()
    upward = [
        (r, compiling.upward_period(r, period)) for r in compiling.upward_regimes(regime, today)
    ]
    choices = [(r.pk, f"{r.name} — {p.title}") for r, p in upward if p is not None]
    context = {
        "regime": regime,
        "period": period,
        "compiled": compiling.compile_period(regime, period),
        "upward_form": UpwardForm(choices=choices) if choices else None,
        "can_start": permissions.can_fill_for(request.user, regime.receiver),
    }
    return render_page(request, "reporting/compile.html", context)


@login_required
@require_POST
def compile_start(request, regime, period):
    regime = _received_regime_or_404(request, regime)
    period = _period_or_404(regime, period)
    regimes = compiling.upward_regimes(regime, timezone.localdate())
    form = UpwardForm(request.POST, choices=[(r.pk, r.name) for r in regimes])
    if not form.is_valid():
        raise Http404
    upward = next(r for r in regimes if r.pk == form.cleaned_data["upward"])
    try:
        submission = compiling.start_from_compiled(regime, period, upward, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:compile", regime.pk, period.code)
    messages.success(request, _("Đã lập báo cáo của đơn vị từ số liệu tổng hợp."))
    return redirect(submission_url(submission))
