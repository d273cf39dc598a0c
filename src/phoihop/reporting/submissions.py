"""Every write to a submission (issue 16, item 4): starting it, its figures and narratives,
sending it, the receiver's decisions, comments and attachments.

Each service checks the permission first (`reporting.permissions`), validates, writes one
audit entry for the change and runs in one transaction, holding the submission's row lock so
two people saving the same report at once write one after the other.

`save_values` is THE write path for figures and narratives (the entry page, the API's bulk
values, the spreadsheet upload and "copy from the previous period" all end there). Its keys are
the form's field keys (indicator codes, narrative sections' codes, as in `checks.FormSpec`); a
key left out is left as it is, an empty value clears the field. The values are checked with
`checks.clean_values` together with the ones already stored, all or nothing: one bad value
refuses the whole save with `ValidationError({key: [messages]})` and nothing is written. A
draft save is checked the same way (types and the rules between values; the required fields
only when `complete`): the entry page then shows the form again with exactly what was typed and
the messages next to the bad fields, so nothing typed is lost and nothing wrong is stored.

States: draft → submitted → accepted, or submitted → returned (with the receiver's reason) →
submitted again; the receiver reopens an accepted report (→ returned, with a reason). Entry
opens `entry_opens_days_before_cutoff` days before the cut-off and, when the regime has a lock
rule, closes `lock_days_after_deadline` days after the deadline: after that a draft can neither
be started nor changed until the receiver reopens it; a returned report stays open (the
receiver asked for the correction).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, uploads
from phoihop.core.audit import Action
from phoihop.core.notifications import mark_done, notify
from phoihop.core.periods import PER_YEAR, Period
from phoihop.core.services import deny_unless
from phoihop.core.validation import text_problem
from phoihop.org.models import Organization

from . import checks, permissions, rollups
from .models import (
    FormSection,
    Narrative,
    Regime,
    Submission,
    SubmissionAttachment,
    Value,
    ValueComment,
)

State = Submission.State
REASON_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 2000
AUDIT_TEXT_LENGTH = 300  # a narrative's old and new text in an audit entry


def _today() -> datetime.date:
    return timezone.localdate()


def _locked(submission: Submission) -> Submission:
    """The submission's row, locked for the transaction, with what the services read."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("regime__receiver", "regime__report_form", "organization")
        .get(pk=submission.pk)
    )


def _record(submission: Submission, *, by, action=Action.UPDATE, changes, message="") -> None:
    audit.record(
        action=action,
        obj=submission,
        by=by,
        changes=changes,
        organization=submission.organization,
        message=message,
    )


def _state_change(old: str, new: str) -> list[str]:
    return [Submission(state=old).get_state_display(), Submission(state=new).get_state_display()]


# Periods and dates ---------------------------------------------------------------------------


def _period_of(regime: Regime, period: Period | str) -> Period:
    try:
        if isinstance(period, Period):
            if period.calendar != regime.calendar:
                raise ValueError(period.calendar)
            period = period.code
        return regime.period(period)
    except (ValueError, TypeError):
        raise ValidationError(
            {"period": [_("Kỳ báo cáo không thuộc chế độ báo cáo này.")]}
        ) from None


def previous_period(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    if period.index > 1:
        return Period(period.kind, period.year, period.index - 1, calendar=period.calendar)
    return Period(period.kind, period.year - 1, PER_YEAR[period.kind], calendar=period.calendar)


def entry_problem(submission: Submission, today: datetime.date | None = None) -> str | None:
    """Why the submission's figures cannot be changed now, or None when they can."""
    if submission.state == State.SUBMITTED:
        return _("Báo cáo đã gửi, đang chờ đơn vị nhận xem xét; không sửa được.")
    if submission.state == State.ACCEPTED:
        return _("Báo cáo đã được tiếp nhận và khóa số liệu; đơn vị nhận có thể mở lại.")
    if submission.state == State.RETURNED or submission.reopened_at is not None:
        return None
    locks_on = submission.regime.locks_on(submission.period)
    if locks_on is not None and (today or _today()) > locks_on:
        return _(
            "Kỳ báo cáo đã khóa nhập sau ngày %(date)s; đề nghị đơn vị nhận báo cáo mở lại."
        ) % {"date": f"{locks_on:%d/%m/%Y}"}
    return None


def _check_open(submission: Submission) -> None:
    problem = entry_problem(submission)
    if problem:
        raise ValidationError(problem)


# Starting a report ---------------------------------------------------------------------------


def start_problem(regime: Regime, period: Period, today: datetime.date | None = None) -> str | None:
    """Why a report for `period` cannot be started now (entry not open yet, or locked), or
    None when it can."""
    today = today or _today()
    opens_on = regime.entry_opens_on(period)
    if today < opens_on:
        return _("Kỳ báo cáo này mở nhập từ ngày %(date)s.") % {"date": f"{opens_on:%d/%m/%Y}"}
    locks_on = regime.locks_on(period)
    if locks_on is not None and today > locks_on:
        return _(
            "Kỳ báo cáo đã khóa nhập sau ngày %(date)s; đề nghị đơn vị nhận báo cáo mở lại."
        ) % {"date": f"{locks_on:%d/%m/%Y}"}
    return None


@transaction.atomic
def start_submission(
    regime: Regime, period: Period | str, organization: Organization, by
) -> Submission:
    """The organisation's draft for the period (the existing one if it was started already),
    with the cut-off and the deadline the regime gives it."""
    deny_unless(permissions.can_fill_for(by, organization))
    period = _period_of(regime, period)
    existing = Submission.objects.filter(
        regime=regime, period_code=period.code, organization=organization
    ).first()
    if existing is not None:
        return existing
    if not regime.expected_reporters(period).filter(pk=organization.pk).exists():
        raise ValidationError(
            _("%(organization)s không phải gửi báo cáo kỳ này theo chế độ báo cáo này.")
            % {"organization": organization.name}
        )
    problem = start_problem(regime, period)
    if problem:
        raise ValidationError(problem)
    submission = Submission(
        regime=regime,
        period_code=period.code,
        cutoff=period.window_end,
        organization=organization,
        deadline=regime.deadline(period),
    )
    submission.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # started at the same moment by a colleague: theirs is the one
        return Submission.objects.get(
            regime=regime, period_code=period.code, organization=organization
        )
    _record(
        submission,
        by=by,
        action=Action.CREATE,
        changes={"state": [None, submission.get_state_display()]},
    )
    return submission


# Values --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormKeys:
    """The form's fields as rows: indicator ids and narrative section ids by key."""

    spec: checks.FormSpec
    indicators: dict[str, int]
    sections: dict[str, int]


def form_keys(submission: Submission) -> FormKeys:
    report_form = submission.regime.report_form
    return FormKeys(
        spec=report_form.spec(),
        indicators=dict(report_form.items.values_list("indicator__code", "indicator_id")),
        sections=dict(
            report_form.sections.filter(kind=FormSection.Kind.NARRATIVE).values_list("code", "pk")
        ),
    )


def stored_values(submission: Submission, spec: checks.FormSpec) -> dict[str, Any]:
    """The submission's figures and narratives by key, as the checker reads them (int,
    Decimal, bool or str), for the fields of its form."""
    values: dict[str, Any] = {}
    rows = submission.values.values_list("indicator__code", "number", "text")
    for code, number, text in rows:
        form_field = spec.field(code)
        if form_field is None or form_field.indicator is None:
            continue
        values[code] = python_value(form_field.indicator.value_type, number, text)
    for code, text in submission.narratives.values_list("section__code", "text"):
        if text:
            values[code] = text
    return values


def python_value(value_type: str, number: Decimal | None, text: str) -> Any:
    if value_type == checks.TEXT:
        return text or None
    if number is None:
        return None
    if value_type == checks.YES_NO:
        return bool(number)
    if value_type == checks.INTEGER:
        return int(number)
    return number.normalize()


def display_value(value: Any) -> str | None:
    """A value as a person reads it: 1.234,5; Có / Không; the text (shortened)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, int | Decimal):
        return checks.format_number(value)
    text = str(value)
    return text if len(text) <= AUDIT_TEXT_LENGTH else text[: AUDIT_TEXT_LENGTH - 1] + "…"


def _check_keys(values) -> None:
    if not isinstance(values, dict) or not all(isinstance(key, str) for key in values):
        raise ValidationError(_("Số liệu gửi lên không đúng dạng."))


@transaction.atomic
def save_values(
    submission: Submission,
    values: dict[str, str | Decimal | bool | None],
    by,
    *,
    complete: bool = False,
) -> None:
    """Write figures and narratives, all or nothing (see the module's docstring)."""
    submission = _locked(submission)
    deny_unless(permissions.can_fill(by, submission))
    _check_open(submission)
    _check_keys(values)
    keys = form_keys(submission)
    current = stored_values(submission, keys.spec)
    checked = checks.clean_values(keys.spec, {**current, **values}, complete=complete)
    if checked.errors:
        raise ValidationError(checked.errors)
    changes = _write(submission, keys, current, checked.values, sorted(values))
    if changes:
        submission.save(update_fields=["updated_at"])
        _record(submission, by=by, changes=changes, message=_("Cập nhật số liệu"))


def _write(submission, keys: FormKeys, current: dict, new_values: dict, given: list[str]):
    """Store the given keys' new values; the audit's {key: [old, new]} of those that changed."""
    changes: dict[str, list] = {}
    figures: dict[str, Any] = {}
    narratives: dict[str, str | None] = {}
    for key in given:
        old, new = current.get(key), new_values.get(key)
        if old == new and isinstance(old, bool) == isinstance(new, bool):
            continue  # 12 and 12,0 are the same figure
        changes[key] = [display_value(old), display_value(new)]
        if key in keys.indicators:
            figures[key] = new
        else:
            narratives[key] = new
    _write_figures(submission, keys, figures)
    _write_narratives(submission, keys, narratives)
    return changes


def _write_figures(submission: Submission, keys: FormKeys, figures: dict[str, Any]) -> None:
    ids = {keys.indicators[key]: value for key, value in figures.items()}
    cleared = [pk for pk, value in ids.items() if value is None]
    if cleared:
        submission.values.filter(indicator_id__in=cleared).delete()
    kept = {pk: value for pk, value in ids.items() if value is not None}
    existing = {row.indicator_id: row for row in submission.values.filter(indicator_id__in=kept)}
    new_rows, changed_rows = [], []
    for pk, value in kept.items():
        row = existing.get(pk) or Value(submission=submission, indicator_id=pk)
        if isinstance(value, str):
            row.number, row.text = None, value
        else:
            row.number, row.text = Decimal(int(value) if isinstance(value, bool) else value), ""
        (changed_rows if row.pk else new_rows).append(row)
    Value.objects.bulk_create(new_rows)
    for row in changed_rows:
        row.updated_at = timezone.now()
    Value.objects.bulk_update(changed_rows, ["number", "text", "updated_at"])


def _write_narratives(submission: Submission, keys: FormKeys, texts: dict[str, str | None]):
    ids = {keys.sections[key]: text for key, text in texts.items()}
    cleared = [pk for pk, text in ids.items() if not text]
    if cleared:
        submission.narratives.filter(section_id__in=cleared).delete()
    for pk, text in ids.items():
        if text:
            Narrative.objects.update_or_create(
                submission=submission, section_id=pk, defaults={"text": text}
            )


@transaction.atomic
def copy_from_previous_period(submission: Submission, by) -> int:
    """Fill the fields still empty with the organisation's values of the previous period
    (what was typed is kept); how many were copied. Values the form no longer accepts are
    left out."""
    submission = _locked(submission)
    deny_unless(permissions.can_fill(by, submission))
    _check_open(submission)
    previous = Submission.objects.filter(
        regime=submission.regime,
        organization=submission.organization,
        period_code=previous_period(submission.period).code,
    ).first()
    if previous is None:
        raise ValidationError(_("Kỳ trước chưa có báo cáo của đơn vị để sao chép."))
    keys = form_keys(submission)
    current = stored_values(submission, keys.spec)
    earlier = stored_values(previous, keys.spec)
    copied = {key: value for key, value in earlier.items() if current.get(key) is None}
    problems = checks.clean_values(keys.spec, {**current, **copied}).errors
    copied = {key: value for key, value in copied.items() if key not in problems}
    if not copied:
        return 0
    save_values(submission, copied, by)
    return len(copied)


# The workflow --------------------------------------------------------------------------------


@transaction.atomic
def submit(submission: Submission, by) -> Submission:
    """Send the report to its receiver: every required field filled and every rule met."""
    submission = _locked(submission)
    deny_unless(permissions.can_fill(by, submission))
    _check_open(submission)
    spec = submission.regime.report_form.spec()
    errors = checks.check_values(spec, stored_values(submission, spec), complete=True)
    if errors:
        raise ValidationError(errors)
    old = submission.state
    if old == State.RETURNED:
        mark_done(_returned_key(submission))
    now = timezone.now()
    submission.state = State.SUBMITTED
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.submitted_at = now
    submission.submitted_by = by
    submission.save()
    _record(submission, by=by, changes={"state": _state_change(old, submission.state)})
    return submission


def _clean_reason(reason) -> str:
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do.")]})
    problem = text_problem(reason)
    if problem:
        raise ValidationError({"reason": [problem]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": [_("Tối đa %(limit)s ký tự.") % {"limit": REASON_MAX_LENGTH}]}
        )
    return reason


def _decide(submission: Submission, by, *, expected: tuple[str, ...]) -> Submission:
    submission = _locked(submission)
    deny_unless(permissions.can_decide(by, submission))
    if submission.state not in expected:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái «%(state)s»; không thực hiện được thao tác này.")
            % {"state": submission.get_state_display()}
        )
    return submission


@transaction.atomic
def return_submission(submission: Submission, reason: str, by) -> Submission:
    """The receiver sends a submitted report back for correction, saying why."""
    submission = _decide(submission, by, expected=(State.SUBMITTED,))
    reason = _clean_reason(reason)
    old = submission.state
    submission.state = State.RETURNED
    submission.return_reason = reason
    submission.decided_at, submission.decided_by = timezone.now(), by
    submission.save()
    _record(
        submission,
        by=by,
        changes={"state": _state_change(old, submission.state), "return_reason": [None, reason]},
        message=reason[:500],
    )
    _tell_returned(submission, _("Báo cáo bị trả lại: %(report)s"))
    return submission


@transaction.atomic
def accept(submission: Submission, by) -> Submission:
    """The receiver accepts a submitted report: its figures are locked and count in the
    roll-ups from now on."""
    submission = _decide(submission, by, expected=(State.SUBMITTED,))
    old = submission.state
    submission.state = State.ACCEPTED
    submission.decided_at, submission.decided_by = timezone.now(), by
    submission.save()
    rollups.submission_accepted(submission)
    _record(submission, by=by, changes={"state": _state_change(old, submission.state)})
    notify(
        submission.submitted_by,
        key=f"report:{submission.pk}:accepted:{_stamp(submission.decided_at)}",
        title=_("Báo cáo đã được tiếp nhận: %(report)s") % {"report": _title(submission)},
        url=submission.get_absolute_url(),
    )
    return submission


@transaction.atomic
def reopen(submission: Submission, reason: str, by) -> Submission:
    """The receiver reopens an accepted report (it goes back to the unit as returned, and out
    of the roll-ups), or lets a unit finish a draft past the regime's lock date."""
    submission = _decide(submission, by, expected=(State.ACCEPTED, State.DRAFT))
    reason = _clean_reason(reason)
    old = submission.state
    was_accepted = old == State.ACCEPTED
    if not was_accepted and entry_problem(submission) is None:
        raise ValidationError(_("Báo cáo vẫn đang mở nhập; không cần mở lại."))
    submission.state = State.RETURNED if was_accepted else State.DRAFT
    submission.return_reason = reason
    submission.reopened_at = timezone.now()
    submission.decided_at, submission.decided_by = submission.reopened_at, by
    submission.save()
    if was_accepted:
        rollups.submission_reopened(submission)
    changes = {"reopened_at": [None, submission.reopened_at.isoformat()]}
    if was_accepted:
        changes["state"] = _state_change(old, submission.state)
    changes["return_reason"] = [None, reason]
    _record(submission, by=by, changes=changes, message=reason[:500])
    if was_accepted:
        _tell_returned(submission, _("Báo cáo được mở lại để sửa: %(report)s"))
    return submission


def _stamp(moment: datetime.datetime) -> str:
    return f"{moment:%Y%m%d%H%M%S%f}"


def _title(submission: Submission) -> str:
    return f"{submission.regime.name[:120]} — {submission.period.title}"


def _returned_key(submission: Submission) -> str:
    """The notification of the latest return (or reopening), done when the report is sent."""
    return f"report:{submission.pk}:returned:{_stamp(submission.decided_at)}"


def _tell_returned(submission: Submission, title: str) -> None:
    """The person who sent the report is asked to correct it."""
    notify(
        submission.submitted_by,
        key=_returned_key(submission),
        title=title % {"report": _title(submission)},
        body=submission.return_reason,
        url=submission.get_absolute_url(),
        needs_action=True,
    )


# Discussion and files ------------------------------------------------------------------------


@transaction.atomic
def add_comment(submission: Submission, key: str, body: str, by) -> ValueComment:
    """A remark on one field of the submission, by the unit or its receiver."""
    deny_unless(permissions.can_comment(by, submission))
    spec = submission.regime.report_form.spec()
    if not isinstance(key, str) or spec.field(key) is None:
        raise ValidationError({"key": [_("Không có trong biểu mẫu này.")]})
    body = body.strip() if isinstance(body, str) else ""
    if not body:
        raise ValidationError({"body": [_("Ý kiến không được để trống.")]})
    problem = text_problem(body)
    if problem:
        raise ValidationError({"body": [problem]})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"body": [_("Tối đa %(limit)s ký tự.") % {"limit": COMMENT_MAX_LENGTH}]}
        )
    comment = ValueComment.objects.create(submission=submission, key=key, author=by, body=body)
    audit.record(
        action=Action.CREATE,
        obj=comment,
        by=by,
        changes={key: [None, body[:AUDIT_TEXT_LENGTH]]},
        organization=submission.organization,
    )
    return comment


@transaction.atomic
def add_attachment(submission: Submission, upload, by) -> SubmissionAttachment:
    """A file sent with the report, while the unit may still change it."""
    submission = _locked(submission)
    deny_unless(permissions.can_fill(by, submission))
    _check_open(submission)
    if upload is None:
        raise ValidationError({"file": [_("Hãy chọn tệp.")]})
    attachment = SubmissionAttachment(submission=submission, size=upload.size or 0, uploaded_by=by)
    uploads.attach(attachment, "file", upload)
    attachment.save()
    _record(
        submission,
        by=by,
        changes={"attachments": [None, attachment.name]},
        message=_("Đính kèm tệp"),
    )
    return attachment
