"""Collaborators' monthly opinion notes: a collaborator opens the month's note, adds topics,
sends it; the department takes a sent topic up as an item of channel COLLABORATOR through the
intake service (record_item), as a new case or into an open one. The item's source names the
month, not the collaborator: co-agencies read items, and who reports opinion is not theirs."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Area, Field, Organization

from .. import permissions
from ..models import Case, Channel, Item, OpinionNote, OpinionTopic
from .intake import NewCase, record_item


def _record(note: OpinionNote, *, by, message: str, action=Action.UPDATE, changes=None) -> None:
    audit.record(
        action=action,
        obj=note,
        by=by,
        changes=changes or {},
        organization=note.department,
        message=message,
    )


@transaction.atomic
def create_note(*, department: Organization, month: datetime.date, by) -> OpinionNote:
    """Open the month's note (one per collaborator, department and month)."""
    deny_unless(permissions.note_departments(by).filter(pk=department.pk).exists())
    errors = Errors()
    month = month.replace(day=1) if month else None
    if month is None or month > timezone.localdate() or month < settings.DATE_MIN:
        errors.add("month", _("Hãy chọn tháng đã qua hoặc tháng này."))
    elif OpinionNote.objects.filter(collaborator=by, department=department, month=month).exists():
        errors.add("month", _("Bạn đã có báo cáo của tháng này."))
    errors.raise_if_any()
    note = OpinionNote.objects.create(collaborator=by, department=department, month=month)
    _record(note, by=by, action=Action.CREATE, message=str(note))
    return note


@transaction.atomic
def add_topic(
    *, note: OpinionNote, field: Field, said: str, mood: str, area: Area, by
) -> OpinionTopic:
    deny_unless(permissions.can_edit_note(by, note))
    errors = Errors()
    said = (said or "").strip()
    if not said:
        errors.add("said", _("Hãy ghi người dân nói gì."))
    if mood not in OpinionTopic.Mood.values:
        errors.add("mood", _("Chiều hướng dư luận không hợp lệ."))
    if field is None:
        errors.add("field", _("Hãy chọn lĩnh vực."))
    if (
        area is None
        or area.level != Area.Level.COMMUNE
        or not area.is_valid_on(timezone.localdate())
    ):
        errors.add("area", _("Hãy chọn một xã, phường, đặc khu hiện hành."))
    errors.raise_if_any()
    topic = OpinionTopic.objects.create(note=note, field=field, said=said, mood=mood, area=area)
    _record(note, by=by, message=_("Thêm vấn đề #%(id)s") % {"id": topic.pk})
    return topic


@transaction.atomic
def remove_topic(*, topic: OpinionTopic, by) -> None:
    note = topic.note
    deny_unless(permissions.can_edit_note(by, note))
    _record(note, by=by, message=_("Bỏ vấn đề #%(id)s") % {"id": topic.pk})
    topic.delete()


@transaction.atomic
def submit_note(*, note: OpinionNote, by) -> OpinionNote:
    deny_unless(permissions.can_edit_note(by, note))
    if not note.topics.exists():
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Báo cáo chưa có vấn đề nào."))
    note.status = OpinionNote.Status.SUBMITTED
    note.submitted_at = timezone.now()
    note.save(update_fields=["status", "submitted_at"])
    _record(
        note,
        by=by,
        message=_("Gửi báo cáo dư luận tháng %(m)s") % {"m": note.month.strftime("%m/%Y")},
        changes={"status": [OpinionNote.Status.DRAFT, OpinionNote.Status.SUBMITTED]},
    )
    return note


@transaction.atomic
def take_up_topic(
    *, topic: OpinionTopic, by, new_case: NewCase | None = None, case: Case | None = None
) -> Item:
    """The topic becomes an item of channel COLLABORATOR: the first of a new case
    (`new_case`) or one more of an open `case` of the department, through record_item."""
    topic = OpinionTopic.objects.select_for_update().select_related("note").get(pk=topic.pk)
    deny_unless(permissions.can_take_up_topic(by, topic))
    note = topic.note
    item = record_item(
        by=by,
        department=note.department,
        channel=Channel.COLLABORATOR,
        received_at=note.submitted_at,
        text=topic.said,
        area=topic.area,
        source=_("Báo cáo dư luận xã hội tháng %(m)s của cộng tác viên")
        % {"m": note.month.strftime("%m/%Y")},
        case=case,
        new_case=new_case,
    )
    topic.item = item
    topic.save(update_fields=["item"])
    _record(
        note,
        by=by,
        message=_("Vấn đề #%(id)s đã chuyển thành ý kiến của vụ việc %(n)s")
        % {"id": topic.pk, "n": item.case.number},
    )
    return item
