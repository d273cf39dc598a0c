"""The task workflow: progress reports, focal points, completion and reopening, deadline
extensions, comments, attachments, and the calendar token."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, uploads
from phoihop.core.audit import Action
from phoihop.core.notifications import mark_done, notify
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Organization, User

from .. import permissions, schedule
from ..models import (
    CalendarFeed,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskAttachment,
    TaskComment,
    TaskParticipant,
)
from .common import _check_file
from .tasks import _is_member


@transaction.atomic
def report_progress(
    *,
    participant: TaskParticipant,
    by: User,
    progress: int,
    status: str,
    content: str,
    attachment=None,
) -> ProgressReport:
    """One organisation reports its own part. Concurrent reports by different participants
    lock different rows, so none is lost."""
    participant = (
        TaskParticipant.objects.select_for_update(of=("self",))
        .select_related("task", "organization")
        .get(pk=participant.pk)
    )
    deny_unless(permissions.can_report_progress(by, participant))
    task = participant.task
    errors = Errors()
    content = (content or "").strip()
    if task.completed_on is not None:
        errors.add("__all__", _("Nhiệm vụ đã hoàn thành; cần mở lại trước khi báo cáo thêm."))
    if progress is None or not 0 <= int(progress) <= 100:
        errors.add("progress", _("Tiến độ phải từ 0 đến 100%."))
    if status not in TaskParticipant.Status.values:
        errors.add("status", _("Tình trạng không hợp lệ."))
    elif status == TaskParticipant.Status.DONE and progress is not None and int(progress) != 100:
        errors.add("progress", _("Phần việc đã xong thì tiến độ phải là 100%."))
    if not content:
        errors.add("content", _("Nội dung báo cáo không được để trống."))
    _check_file(errors, "attachment", attachment, "progress_attachment")
    errors.raise_if_any()
    now = timezone.now()
    filed = set(participant.reports.exclude(period_due=None).values_list("period_due", flat=True))
    report = ProgressReport(
        participant=participant,
        task=task,
        period_due=schedule.period_for_report(task, timezone.localdate(now), filed),
        progress=int(progress),
        status=status,
        content=content,
        reported_by=by,
        reported_at=now,
    )
    if attachment:
        uploads.attach(report, "attachment", attachment)
    report.save()
    before = {"progress": participant.progress, "status": participant.get_status_display()}
    participant.progress = int(progress)
    participant.status = status
    participant.last_reported_at = now
    participant.last_report = content[:2000]
    participant.save(update_fields=["progress", "status", "last_reported_at", "last_report"])
    Task.objects.filter(pk=task.pk).update(updated_at=now)
    audit.record(
        action=Action.UPDATE,
        obj=task,
        by=by,
        changes=audit.diff(
            before, {"progress": participant.progress, "status": participant.get_status_display()}
        ),
        organization=participant.organization,
        message=_("Báo cáo tiến độ của %(name)s") % {"name": participant.organization.name},
    )
    return report


@transaction.atomic
def set_focal_person(
    *, participant: TaskParticipant, by: User, person: User | None
) -> TaskParticipant:
    participant = (
        TaskParticipant.objects.select_for_update(of=("self",))
        .select_related("task", "organization", "focal_person")
        .get(pk=participant.pk)
    )
    deny_unless(permissions.can_set_focal_person(by, participant))
    if person is not None and not _is_member(person, participant.organization):
        raise ValidationError({"focal_person": [_("Người này không phải là cán bộ của đơn vị.")]})
    before = str(participant.focal_person) if participant.focal_person else None
    participant.focal_person = person
    participant.save(update_fields=["focal_person"])
    audit.record(
        action=Action.UPDATE,
        obj=participant.task,
        by=by,
        changes={"focal_person": [before, str(person) if person else None]},
        organization=participant.organization,
        message=participant.organization.name,
    )
    return participant


# Completion and extensions ----------------------------------------------------------------------


def unreported_co_agencies(task: Task) -> list[Organization]:
    """The co-agencies that have not filed a single progress report on the task."""
    participants = task.participants.filter(
        role=TaskParticipant.Role.CO, last_reported_at__isnull=True
    ).select_related("organization")
    return [p.organization for p in participants.order_by("organization__name")]


@transaction.atomic
def confirm_completion(
    *,
    task: Task,
    by: User,
    completed_on: datetime.date | None = None,
    note: str = "",
    despite_unreported: bool = False,
) -> Task:
    """The lead organisation confirms the whole task is done (on the given date).

    While a co-agency has not reported, the confirmation must say so explicitly
    (`despite_unreported`); the audit entry then names the co-agencies that had not reported,
    beside who confirmed."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_on is not None:
        raise ValidationError(_("Nhiệm vụ này đã được xác nhận hoàn thành."))
    deny_unless(permissions.can_confirm_completion(by, task))
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationError({"completed_on": [_("Ngày hoàn thành không thể ở tương lai.")]})
    unreported = [org.name for org in unreported_co_agencies(task)]
    if unreported and not despite_unreported:
        raise ValidationError(
            {
                "despite_unreported": [
                    _(
                        "Đơn vị phối hợp chưa báo cáo: %(names)s. Hãy đánh dấu ô xác nhận nếu "
                        "vẫn xác nhận hoàn thành."
                    )
                    % {"names": "; ".join(unreported)}
                ]
            },
            code="unreported_co_agencies",
        )
    task.completed_on = completed_on
    task.completed_at = timezone.now()
    task.completed_by = by
    task.completion_note = (note or "").strip()
    task.save(
        update_fields=[
            "completed_on",
            "completed_at",
            "completed_by",
            "completion_note",
            "updated_at",
        ]
    )
    TaskParticipant.objects.filter(task=task, role=TaskParticipant.Role.LEAD).update(
        progress=100, status=TaskParticipant.Status.DONE
    )
    audit.record(
        action=Action.UPDATE,
        obj=task,
        by=by,
        changes={"completed_on": [None, completed_on.isoformat()]}
        | ({"unreported_co_agencies": [None, "; ".join(unreported)]} if unreported else {}),
        organization=task.issuing_organization,
        message=task.completion_note,
    )
    if task.created_by_id and task.created_by_id != by.pk:
        notify(
            task.created_by,
            key=f"task:{task.pk}:completed:{completed_on.isoformat()}",
            title=_("Đã hoàn thành: %(title)s") % {"title": task.title[:200]},
            url=task.get_absolute_url(),
        )
    return task


@transaction.atomic
def reopen_task(*, task: Task, by: User, reason: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_on is None:
        raise ValidationError(_("Nhiệm vụ này chưa hoàn thành."))
    deny_unless(permissions.can_reopen_task(by, task))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do mở lại nhiệm vụ.")]})
    before = task.completed_on.isoformat()
    task.completed_on = None
    task.completed_at = None
    task.completed_by = None
    task.save(update_fields=["completed_on", "completed_at", "completed_by", "updated_at"])
    audit.record(
        action=Action.UPDATE,
        obj=task,
        by=by,
        changes={"completed_on": [before, None]},
        organization=task.issuing_organization,
        message=reason,
    )
    return task


def _extension_request_key(extension: ExtensionRequest) -> str:
    return f"extension:{extension.pk}:requested"


@transaction.atomic
def request_extension(
    *,
    task: Task,
    by: User,
    organization: Organization,
    requested_deadline: datetime.date,
    reason: str,
) -> ExtensionRequest:
    task = Task.objects.select_for_update().get(pk=task.pk)
    participant = task.participants.filter(organization=organization).first()
    deny_unless(participant is not None and permissions.can_report_progress(by, participant))
    errors = Errors()
    if task.completed_on is not None:
        errors.add("__all__", _("Nhiệm vụ đã hoàn thành, không cần gia hạn."))
    if requested_deadline is None or requested_deadline <= task.effective_deadline:
        errors.add(
            "requested_deadline",
            _("Hạn đề nghị phải sau hạn hiện hành %(date)s.")
            % {"date": task.effective_deadline.strftime("%d/%m/%Y")},
        )
    if not (reason or "").strip():
        errors.add("reason", _("Hãy nêu lý do đề nghị gia hạn."))
    if task.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
        errors.add("__all__", _("Đã có một đề nghị gia hạn đang chờ xem xét."))
    errors.raise_if_any()
    extension = ExtensionRequest.objects.create(
        task=task,
        organization=organization,
        current_deadline=task.effective_deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=by,
    )
    audit.record(
        action=Action.CREATE,
        obj=extension,
        by=by,
        changes={"requested_deadline": [None, requested_deadline.isoformat()]},
        organization=task.issuing_organization,
        message=extension.reason,
    )
    if task.created_by_id:
        notify(
            task.created_by,
            key=_extension_request_key(extension),
            title=_("Đề nghị gia hạn: %(title)s") % {"title": task.title[:200]},
            body=extension.reason,
            url=f"{task.get_absolute_url()}#extension-decision",
            needs_action=True,
        )
    return extension


@transaction.atomic
def decide_extension(
    *, extension: ExtensionRequest, by: User, approve: bool, reason: str
) -> ExtensionRequest:
    """The plan owner approves or rejects, always with a reason; the request stays on record."""
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    extension.task = task
    if extension.status != ExtensionRequest.Status.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý."))
    deny_unless(permissions.can_decide_extension(by, extension))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": [_("Hãy ghi ý kiến xử lý (lý do).")]})
    extension.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
    )
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_reason = reason
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    mark_done(_extension_request_key(extension))
    changes = {"extension": [None, extension.get_status_display()]}
    if approve:
        before = task.effective_deadline
        task.extended_deadline = extension.requested_deadline
        task.save(update_fields=["extended_deadline", "updated_at"])
        changes["effective_deadline"] = [before.isoformat(), task.effective_deadline.isoformat()]
    audit.record(
        action=Action.UPDATE,
        obj=task,
        by=by,
        changes=changes,
        organization=task.issuing_organization,
        message=reason,
    )
    if extension.requested_by_id:
        notify(
            extension.requested_by,
            key=f"extension:{extension.pk}:decided",
            title=_("%(result)s đề nghị gia hạn: %(title)s")
            % {"result": extension.get_status_display(), "title": task.title[:200]},
            body=reason,
            url=task.get_absolute_url(),
        )
    return extension


# Discussion and files ---------------------------------------------------------------------------


@transaction.atomic
def add_comment(*, task: Task, by: User, body: str) -> TaskComment:
    deny_unless(permissions.can_comment(by, task))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Ý kiến không được để trống.")]})
    comment = TaskComment.objects.create(task=task, author=by, body=body[:5000])
    audit.record(
        action=Action.CREATE,
        obj=comment,
        by=by,
        changes={"body": [None, comment.body[:300]]},
        organization=task.issuing_organization,
    )
    return comment


@transaction.atomic
def add_attachment(*, task: Task, by: User, upload) -> TaskAttachment:
    deny_unless(permissions.can_attach(by, task))
    errors = Errors()
    if upload is None:
        errors.add("file", _("Hãy chọn tệp."))
    _check_file(errors, "file", upload, "task_attachment")
    errors.raise_if_any()
    attachment = TaskAttachment(task=task, size=upload.size, uploaded_by=by)
    uploads.attach(attachment, "file", upload)
    attachment.save()
    audit.record(
        action=Action.CREATE,
        obj=attachment,
        by=by,
        changes={"file": [None, attachment.name]},
        organization=task.issuing_organization,
    )
    return attachment


def calendar_feed_for(user: User) -> CalendarFeed:
    """The user's private calendar feed, created on first use: a secret token rather than a
    domain change, so it is not audited (rotating it is)."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed, _created = CalendarFeed.objects.get_or_create(
            user=user, defaults={"token": CalendarFeed.new_token()}
        )
    return feed


def calendar_url_for(user: User) -> str:
    """The user's private iCalendar subscription URL (the feed is created on first use)."""
    feed = calendar_feed_for(user)
    return f"{settings.SITE_URL}{reverse('plans:calendar_feed', args=[feed.token])}"


@transaction.atomic
def rotate_calendar_token(*, user: User, by: User) -> CalendarFeed:
    """A new secret feed URL; whoever held the old one can no longer read the calendar."""
    deny_unless(user.pk == by.pk or by.is_superuser)
    feed = calendar_feed_for(user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = CalendarFeed.new_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    audit.record(
        action=Action.UPDATE,
        obj=feed,
        by=by,
        changes={"rotated_at": [None, feed.rotated_at.isoformat()]},
        message=_("Đổi địa chỉ lịch"),
    )
    return feed
