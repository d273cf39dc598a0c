"""Intake: record an item (a new case or one more item of a case), edit a case's description,
merge two cases, split an item out into a case of its own."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import search, uploads
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Area, Field, Organization

from .. import deadlines, permissions
from ..models import NUMBER_PREFIX, Case, CaseSequence, Channel, Item, ItemAttachment, Kind
from .common import record_change, snapshot

# A clock a few minutes fast on the recording computer is not a future call.
CLOCK_SKEW = datetime.timedelta(minutes=10)
EDITABLE_FIELDS = ("title", "field", "area", "kind", "urgency", "hot_spot")


@dataclass(frozen=True)
class NewCase:
    """What the department says of a new concern when its first item is recorded."""

    title: str
    kind: str
    field: Field | None = None
    urgency: str = Case.Urgency.NORMAL
    hot_spot: bool = False


def next_number(year: int) -> str:
    """The next readable number of `year`, e.g. "PA-2026-000123" (call inside a transaction)."""
    CaseSequence.objects.get_or_create(year=year)
    CaseSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = CaseSequence.objects.select_for_update().get(year=year).last
    return f"{NUMBER_PREFIX}-{year}-{last:06d}"


def _check_area(errors: Errors, field: str, area: Area | None, day: datetime.date) -> None:
    if area is None:
        return
    if area.level != Area.Level.COMMUNE or not area.is_valid_on(day):
        errors.add(field, _("Hãy chọn một xã, phường, đặc khu hiện hành."))


def _check_item(errors: Errors, item: Item, attachments: Sequence) -> None:
    item.text = (item.text or "").strip()
    item.source = (item.source or "").strip()
    if not item.text:
        errors.add("text", _("Nội dung ý kiến không được để trống."))
    if item.channel not in Channel.values:
        errors.add("channel", _("Kênh tiếp nhận không hợp lệ."))
    if item.received_at is None:
        errors.add("received_at", _("Cần nhập thời điểm tiếp nhận."))
    else:
        if item.received_at > timezone.now() + CLOCK_SKEW:
            errors.add("received_at", _("Thời điểm tiếp nhận không thể ở tương lai."))
        if timezone.localdate(item.received_at) < settings.DATE_MIN:
            errors.add("received_at", _("Thời điểm tiếp nhận không hợp lệ."))
    _check_area(errors, "area", item.area, timezone.localdate())
    for upload in attachments:
        try:
            uploads.check(upload, "case_attachment")
        except Exception as exc:  # ValidationError: collected with the other errors
            for message in getattr(exc, "messages", [str(exc)]):
                errors.add("attachments", message)


def _check_case_fields(errors: Errors, case: Case) -> None:
    case.title = (case.title or "").strip()
    if not case.title:
        errors.add("title", _("Tiêu đề vụ việc không được để trống."))
    if case.kind not in Kind.values:
        errors.add("kind", _("Loại vụ việc không hợp lệ."))
    if case.urgency not in Case.Urgency.values:
        errors.add("urgency", _("Mức độ khẩn không hợp lệ."))


def set_due_dates(case: Case, channel: str, start: datetime.date) -> None:
    """The statutory due dates counted from `start`, by the rule for the case's kind, the
    channel of its first item and whether it is an urgent hot spot."""
    urgent = case.hot_spot and case.urgency == Case.Urgency.URGENT
    days = deadlines.due_days(case.kind, channel, urgent_hot_spot=urgent)
    case.acknowledge_due, case.deadline = deadlines.due_dates(start, days)


def _first_channel(case: Case) -> str:
    first = case.items.order_by("received_at", "id").values_list("channel", flat=True).first()
    return first or Channel.HOTLINE


def _store_attachments(item: Item, attachments: Sequence, by) -> None:
    for upload in attachments:
        attachment = ItemAttachment(item=item, uploaded_by=by, size=getattr(upload, "size", 0))
        uploads.attach(attachment, "file", upload)
        attachment.save()


@transaction.atomic
def record_item(
    *,
    by,
    department: Organization,
    channel: str,
    received_at: datetime.datetime,
    text: str,
    area: Area | None = None,
    source: str = "",
    attachments: Sequence = (),
    case: Case | None = None,
    new_case: NewCase | None = None,
    citizen=None,
) -> Item:
    """Record what someone said, on their behalf: as the first item of a new case
    (`new_case`) or one more item of an open `case` of the same department. `citizen`
    (people.CitizenDetails) is the identity the person agreed to leave; None: anonymous."""
    deny_unless(permissions.can_record_item(by, department))
    if case is not None:
        deny_unless(permissions.can_add_item(by, case) and case.department_id == department.pk)
    return store_item(
        by=by,
        department=department,
        channel=channel,
        received_at=received_at,
        text=text,
        area=area,
        source=source,
        attachments=attachments,
        case=case,
        new_case=new_case,
        citizen=citizen,
    )


def store_item(
    *,
    by,
    department: Organization,
    channel: str,
    received_at: datetime.datetime,
    text: str,
    area: Area | None = None,
    source: str = "",
    attachments: Sequence = (),
    case: Case | None = None,
    new_case: NewCase | None = None,
    citizen=None,
) -> Item:
    """The checks and writes of `record_item` after its permission check; also what the
    public portal and Open311 call, where nobody is signed in (`by` None: services/portal.py
    decides the department itself). Call inside a transaction."""
    if (case is None) == (new_case is None):
        raise ValueError("Give exactly one of case and new_case")
    item = Item(
        channel=channel,
        received_at=received_at,
        text=text,
        area=area,
        source=source,
        anonymous=citizen is None,
        recorded_by=by,
    )
    errors = Errors()
    _check_item(errors, item, attachments)
    if citizen is not None:
        from .people import check_citizen

        check_citizen(errors, citizen)
    creating = case is None
    if creating:
        case = Case(
            department=department,
            title=new_case.title,
            kind=new_case.kind,
            field=new_case.field,
            urgency=new_case.urgency,
            hot_spot=new_case.hot_spot,
            area=area,
            created_by=by,
        )
        _check_case_fields(errors, case)
    errors.raise_if_any()
    before = snapshot(case)
    if creating:
        case.received_on = timezone.localdate(item.received_at)
        set_due_dates(case, item.channel, case.received_on)
        case.number = next_number(case.received_on.year)
        case.channels = Channel.bit(item.channel)
        case.save()
    elif not case.channels & Channel.bit(item.channel):
        case.channels |= Channel.bit(item.channel)
        Case.objects.filter(pk=case.pk).update(channels=F("channels").bitor(case.channels))
    item.case = case
    item.save()
    _store_attachments(item, attachments, by)
    if citizen is not None:
        from .people import store_citizen

        store_citizen(item, citizen)
    received = timezone.localdate(item.received_at)
    message = _("Tiếp nhận ý kiến #%(id)s qua %(channel)s, ngày %(date)s") % {
        "id": item.pk,
        "channel": item.get_channel_display(),
        "date": received.strftime("%d/%m/%Y"),
    }
    record_change(
        case,
        by=by,
        before=before,
        action=Action.CREATE if creating else Action.UPDATE,
        message=message,
        extra={"items": [None, item.pk]},
    )
    search.index(case)
    return item


@transaction.atomic
def update_case(*, case: Case, by, **changes) -> Case:
    """Title, field, area, kind, urgency, hot spot. While the case is unanswered a change of
    kind, urgency or hot spot counts its due dates again from the day it was received."""
    deny_unless(permissions.can_handle_case(by, case))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown case attributes: {sorted(unknown)}")
    before = snapshot(case)
    for name, value in changes.items():
        setattr(case, name, value)
    errors = Errors()
    _check_case_fields(errors, case)
    if "area" in changes:
        _check_area(errors, "area", case.area, timezone.localdate())
    errors.raise_if_any()
    if case.completed_on is None and {"kind", "urgency", "hot_spot"} & set(changes):
        set_due_dates(case, _first_channel(case), case.received_on)
    case.save()
    record_change(case, by=by, before=before)
    search.index(case)
    return case


@transaction.atomic
def merge_cases(*, source: Case, target: Case, by) -> Case:
    """The same concern arrived twice: `source`'s items move to `target`, `source` is marked
    merged and its page and number lead to `target`, whose timeline shows both histories.
    The stricter due dates of the two stay."""
    deny_unless(permissions.can_merge_case(by, source) and permissions.can_merge_case(by, target))
    errors = Errors()
    if source.pk == target.pk:
        errors.add("target", _("Không thể gộp một vụ việc vào chính nó."))
    elif source.department_id != target.department_id:
        errors.add("target", _("Chỉ gộp được các vụ việc của cùng một đơn vị tiếp nhận."))
    errors.raise_if_any()
    target_before = snapshot(target)
    moved = list(source.items.values_list("pk", flat=True))
    Item.objects.filter(pk__in=moved).update(case=target)
    target.channels |= source.channels
    source.channels = 0  # its items are the target's now
    if source.received_on < target.received_on:
        target.received_on = source.received_on
    target.acknowledge_due = min(target.acknowledge_due, source.acknowledge_due)
    target.deadline = min(target.deadline, source.deadline)
    target.save()
    source.status = Case.Status.MERGED
    source.merged_into = target
    source.save()  # its change is told by the one entry of the target
    record_change(
        target,
        by=by,
        before=target_before,
        message=_("Gộp vụ việc %(number)s vào vụ việc này") % {"number": source.number},
        extra={"merged": [None, source.number], "items": [None, sorted(moved)]},
    )
    search.index(source)
    search.index(target)
    return target


@transaction.atomic
def split_item(*, item: Item, by, title: str = "") -> Case:
    """An item that is about something else leaves its case and starts a new one, with the
    same department, field, kind and urgency; its due dates count from the item's day."""
    old = item.case
    deny_unless(permissions.can_split_item(by, old))
    errors = Errors()
    if old.items.count() < 2:
        errors.add("item", _("Vụ việc chỉ có một ý kiến: không cần tách."))
    new = Case(
        department=old.department,
        title=(title or "").strip() or old.title,
        kind=old.kind,
        field=old.field,
        urgency=old.urgency,
        area=item.area or old.area,
        created_by=by,
    )
    _check_case_fields(errors, new)
    errors.raise_if_any()
    new.received_on = timezone.localdate(item.received_at)
    set_due_dates(new, item.channel, new.received_on)
    new.number = next_number(new.received_on.year)
    new.channels = Channel.bit(item.channel)
    new.save()
    item.case = new
    item.save(update_fields=["case"])
    old.channels = Channel.bits(old.items.values_list("channel", flat=True))
    old.save(update_fields=["channels"])
    record_change(
        new,
        by=by,
        before={},
        action=Action.CREATE,
        message=_("Tách ý kiến #%(id)s từ vụ việc %(number)s")
        % {"id": item.pk, "number": old.number},
        extra={"items": [None, item.pk], "split_from": [None, old.number]},
    )
    search.index(new)
    return new
