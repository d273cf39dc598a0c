"""Every write of events: the event itself, its agenda, invitations and answers, attendance,
conclusions (and turning one into a task), files and training certificates."""

import datetime
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, search
from phoihop.core.audit import Action
from phoihop.core.notifications import Message, deliver
from phoihop.core.services import Errors, deny_unless
from phoihop.core.uploads import attach
from phoihop.directives.models import Document
from phoihop.library import selectors as library
from phoihop.library.models import Item
from phoihop.org.models import Membership, Organization, User
from phoihop.org.scope import holds_role
from phoihop.plans import selectors as plans_selectors
from phoihop.plans import services as plans
from phoihop.plans.models import Plan, Programme, Task

from . import codes, permissions, selectors
from .models import (
    AgendaItem,
    Conclusion,
    Event,
    EventFile,
    EventKind,
    EventOrganization,
    Participant,
    new_door_token,
)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "training_hours",
    "programme",
    "plan",
    "task",
    "directive",
)
MAX_HOURS = decimal.Decimal("500")
# Who hears of an invitation addressed to an organisation.
INVITATION_ROLES = (Membership.Role.LEADER, Membership.Role.FOCAL_POINT, Membership.Role.ORG_ADMIN)


# Kinds -----------------------------------------------------------------------------------------


def kind_saved(*, obj: EventKind, changes: dict, created: bool, by) -> None:
    """The admin's save of an event kind (core.admin.ServiceAdmin)."""
    deny_unless(permissions.can_manage_kinds(by))
    audit.record(
        action=Action.CREATE if created else Action.UPDATE, obj=obj, by=by, changes=changes
    )


# The event -------------------------------------------------------------------------------------


def _validate(event: Event, by: User, errors: Errors) -> None:
    event.title = (event.title or "").strip()
    event.place = (event.place or "").strip()
    event.online_url = (event.online_url or "").strip()
    if not event.title:
        errors.add("title", _("Tên sự kiện không được để trống."))
    if event.starts_at is None:
        errors.add("starts_at", _("Cần nhập ngày giờ bắt đầu."))
    if event.ends_at is None:
        errors.add("ends_at", _("Cần nhập ngày giờ kết thúc."))
    elif event.starts_at and event.ends_at < event.starts_at:
        errors.add("ends_at", _("Giờ kết thúc phải sau giờ bắt đầu."))
    elif event.starts_at and event.ends_at - event.starts_at > datetime.timedelta(days=92):
        errors.add("ends_at", _("Một sự kiện kéo dài không quá ba tháng."))
    if event.online_url:
        try:
            URLValidator(schemes=["http", "https"])(event.online_url)
        except ValidationError:
            errors.add(
                "online_url",
                _("Đường dẫn trực tuyến phải là một địa chỉ http:// hoặc https:// hợp lệ."),
            )
    if not event.place and not event.online_url:
        errors.add("place", _("Cần ghi địa điểm, hoặc đường dẫn nếu tổ chức trực tuyến."))
    if event.kind_id and not event.kind.active and event._state.adding:
        errors.add("kind", _("Loại sự kiện này không còn dùng."))
    if event.training_hours is not None:
        if not event.kind.is_training:
            event.training_hours = None
        elif not decimal.Decimal(0) < event.training_hours <= MAX_HOURS:
            errors.add("training_hours", _("Số giờ học phải lớn hơn 0 và không quá 500."))
    # What it serves: only what the person may see.
    for name, model in (
        ("programme", Programme),
        ("plan", Plan),
        ("task", Task),
        ("directive", Document),
    ):
        chosen = getattr(event, f"{name}_id")
        if chosen and not model.objects.visible_to(by).filter(pk=chosen).exists():
            errors.add(name, _("Không tìm thấy mục này trong phạm vi bạn được xem."))


def _snapshot(event: Event) -> dict[str, Any]:
    values = audit.snapshot(event, [*EVENT_FIELDS, "organizer"])
    if event.pk:
        values["co_organizers"] = sorted(
            event.organizations.filter(role=EventOrganization.Role.CO_ORGANIZER).values_list(
                "organization__name", flat=True
            )
        )
    return values


def _set_co_organizers(event: Event, co_organizers: Iterable[Organization]) -> None:
    wanted = {o.pk for o in co_organizers if o.pk != event.organizer_id}
    rows = event.organizations.filter(role=EventOrganization.Role.CO_ORGANIZER)
    rows.exclude(organization__in=wanted).delete()
    have = set(rows.values_list("organization_id", flat=True))
    # An invited organisation that becomes a co-organiser changes role.
    event.organizations.filter(organization__in=wanted - have).update(
        role=EventOrganization.Role.CO_ORGANIZER
    )
    have = set(event.organizations.values_list("organization_id", flat=True))
    EventOrganization.objects.bulk_create(
        EventOrganization(event=event, organization_id=pk, role=EventOrganization.Role.CO_ORGANIZER)
        for pk in sorted(wanted - have)
    )


def _check_organizations(organizations: Iterable[Organization], errors: Errors, field: str):
    for organization in organizations:
        if organization.archived_at is not None:
            errors.add(
                field,
                _("%(name)s đã ngừng hoạt động.") % {"name": organization.name},
            )


@transaction.atomic
def create_event(
    *,
    by: User,
    organizer: Organization,
    co_organizers: Sequence[Organization] = (),
    **attrs: Any,
) -> Event:
    deny_unless(permissions.can_create_event(by, organizer))
    unknown = set(attrs) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event attributes: {sorted(unknown)}")
    event = Event(organizer=organizer, created_by=by, **attrs)
    errors = Errors()
    _validate(event, by, errors)
    _check_organizations([organizer], errors, "organizer")
    _check_organizations(co_organizers, errors, "co_organizers")
    errors.raise_if_any()
    event.save()
    _set_co_organizers(event, co_organizers)
    after = _snapshot(event)
    audit.record(
        action=Action.CREATE,
        obj=event,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=organizer,
    )
    search.index(event)
    return event


@transaction.atomic
def update_event(
    *,
    event: Event,
    by: User,
    co_organizers: Sequence[Organization] | None = None,
    **attrs: Any,
) -> Event:
    event = Event.objects.select_for_update().select_related("organizer", "kind").get(pk=event.pk)
    deny_unless(permissions.can_change_event(by, event))
    unknown = set(attrs) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event attributes: {sorted(unknown)}")
    before = _snapshot(event)
    before_hours = event.training_hours
    for name, value in attrs.items():
        setattr(event, name, value)
    errors = Errors()
    _validate(event, by, errors)
    if co_organizers is not None:
        _check_organizations(
            [o for o in co_organizers if o.pk not in _co_ids(event)], errors, "co_organizers"
        )
    errors.raise_if_any()
    event.save()
    if event.training_hours != before_hours:
        recount_present(event.pk)
    if co_organizers is not None:
        _set_co_organizers(event, co_organizers)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes=audit.diff(before, _snapshot(event)),
        organization=event.organizer,
    )
    search.index(event)
    return event


def _co_ids(event: Event) -> set[int]:
    return set(
        event.organizations.filter(role=EventOrganization.Role.CO_ORGANIZER).values_list(
            "organization_id", flat=True
        )
    )


@transaction.atomic
def rotate_door_code(*, event: Event, by: User) -> Event:
    """A new door token: every printed or photographed door code stops working."""
    deny_unless(permissions.can_change_event(by, event))
    event.door_token = new_door_token()
    event.save(update_fields=["door_token", "updated_at"])
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        organization=event.organizer,
        message="Đổi mã QR điểm danh tại cửa.",
    )
    return event


# Agenda ----------------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    *,
    event: Event,
    by: User,
    title: str,
    presenter: str = "",
    presenter_organization: Organization | None = None,
    starts_at: datetime.time | None = None,
) -> AgendaItem:
    deny_unless(permissions.can_change_event(by, event))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Nội dung không được để trống.")})
    position = (event.agenda.aggregate(last=Max("position"))["last"] or 0) + 1
    item = AgendaItem.objects.create(
        event=event,
        position=position,
        title=title,
        presenter=(presenter or "").strip(),
        presenter_organization=presenter_organization,
        starts_at=starts_at,
    )
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"agenda": [None, title]},
        organization=event.organizer,
    )
    return item


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem, by: User) -> None:
    event = item.event
    deny_unless(permissions.can_change_event(by, event))
    title = item.title
    item.delete()
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"agenda": [title, None]},
        organization=event.organizer,
    )


# Invitations -----------------------------------------------------------------------------------


def _invitation_messages(event: Event, people: Iterable[User]) -> list[Message]:
    when = f"{event.local_start:%H:%M %d/%m/%Y}"
    title = _("Giấy mời: %(title)s") % {"title": event.title}
    body = _("%(organizer)s kính mời dự %(title)s, lúc %(when)s, tại %(place)s.") % {
        "organizer": event.organizer.name,
        "title": event.title,
        "when": when,
        "place": event.place or event.online_url,
    }
    return [
        Message(
            person, f"event:{event.pk}:invite", "invitation", title, body, event.get_absolute_url()
        )
        for person in people
    ]


@transaction.atomic
def invite(
    *,
    event: Event,
    by: User,
    organizations: Sequence[Organization] = (),
    people: Sequence[User] = (),
    email: bool = True,
) -> dict[str, int]:
    """Invite organisations (their leaders and focal points hear of it) and people (each gets a
    participant row to answer and be checked in). Inviting again adds only the new ones. The
    invitation goes in-app and, unless `email` is false (the demo data), by e-mail."""
    deny_unless(permissions.can_change_event(by, event))
    if event.cancelled_at is not None:
        raise ValidationError(_("Sự kiện đã hủy, không mời thêm được."))
    errors = Errors()
    _check_organizations(organizations, errors, "organizations")
    inactive = [person for person in people if not person.is_active]
    if inactive:
        errors.add(
            "people", _("Tài khoản đã khóa: %(names)s.") % {"names": ", ".join(map(str, inactive))}
        )
    if not organizations and not people:
        errors.add("people", _("Chọn ít nhất một đơn vị hoặc một người để mời."))
    errors.raise_if_any()
    known_orgs = set(event.organizations.values_list("organization_id", flat=True))
    new_orgs = [
        o
        for o in dict.fromkeys(organizations)
        if o.pk not in known_orgs and o.pk != event.organizer_id
    ]
    EventOrganization.objects.bulk_create(
        EventOrganization(event=event, organization=o, role=EventOrganization.Role.INVITED)
        for o in new_orgs
    )
    known_people = set(event.participants.values_list("person_id", flat=True))
    new_people = [p for p in dict.fromkeys(people) if p.pk not in known_people]
    home = _home_organizations([p.pk for p in new_people])
    Participant.objects.bulk_create(
        Participant(event=event, person=p, organization_id=home.get(p.pk)) for p in new_people
    )
    recipients = list(dict.fromkeys([*new_people, *_heads_of(new_orgs)]))
    sent = deliver(_invitation_messages(event, recipients), email=email)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={
            "invited": [
                None,
                [o.name for o in new_orgs] + [str(p) for p in new_people],
            ]
        },
        organization=event.organizer,
    )
    return {
        "organizations": len(new_orgs),
        "people": len(new_people),
        "notified": sum(sent.values()),
    }


def _heads_of(organizations) -> list[User]:
    """Who hears of what is addressed to an invited organisation: its active leaders, focal
    points and administrators."""
    return [
        m.user
        for m in Membership.objects.filter(
            organization__in=organizations, role__in=INVITATION_ROLES, user__is_active=True
        ).select_related("user")
    ]


def _home_organizations(person_ids: list[int]) -> dict[int, int]:
    """Each person's first organisation (by membership), shown beside their name."""
    home: dict[int, int] = {}
    for user_id, org_id in (
        Membership.objects.filter(user_id__in=person_ids)
        .order_by("created_at", "id")
        .values_list("user_id", "organization_id")
    ):
        home.setdefault(user_id, org_id)
    return home


@transaction.atomic
def answer_invitation(*, participant: Participant, by: User, rsvp: str) -> Participant:
    deny_unless(permissions.can_answer(by, participant))
    if rsvp not in (Participant.Rsvp.ACCEPTED, Participant.Rsvp.DECLINED):
        raise ValidationError({"rsvp": _("Câu trả lời không hợp lệ.")})
    before = participant.rsvp
    participant.rsvp = rsvp
    participant.rsvp_at = timezone.now()
    participant.save(update_fields=["rsvp", "rsvp_at"])
    audit.record(
        action=Action.UPDATE,
        obj=participant.event,
        by=by,
        changes={"rsvp": [before, rsvp]},
        organization=participant.event.organizer,
        message=str(by),
    )
    return participant


# Cancellation ----------------------------------------------------------------------------------


def _cancellation_messages(event: Event, people: Iterable[User]) -> list[Message]:
    title = _("Hủy: %(title)s") % {"title": event.title}
    body = _("%(organizer)s thông báo hủy %(title)s (dự kiến lúc %(when)s). Lý do: %(reason)s") % {
        "organizer": event.organizer.name,
        "title": event.title,
        "when": f"{event.local_start:%H:%M %d/%m/%Y}",
        "reason": event.cancellation_reason,
    }
    return [
        Message(
            person,
            f"event:{event.pk}:cancelled",
            "cancellation",
            title,
            body,
            event.get_absolute_url(),
        )
        for person in people
    ]


@transaction.atomic
def cancel_event(*, event: Event, by: User, reason: str, email: bool = True) -> Event:
    """The organiser calls the event off, saying why. It stays, marked cancelled (its page, the
    list, calendar feeds with STATUS:CANCELLED); whoever was sent the invitation (invited people
    who did not decline, the heads of invited organisations) hears of it in-app and, unless
    `email` is false, by e-mail; no invitation, answer, reminder or check-in follows. An event
    already held (ended, or someone checked in) is not cancelled: its record stays as it was."""
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("organizer", "kind")
        .get(pk=event.pk)
    )
    deny_unless(permissions.can_change_event(by, event))
    if event.cancelled_at is not None:
        raise ValidationError(_("Sự kiện đã được hủy từ trước."))
    if event.ends_at < timezone.now():
        raise ValidationError(_("Sự kiện đã kết thúc, không hủy được."))
    if event.participants.filter(checked_in_at__isnull=False).exists():
        raise ValidationError(
            _("Đã có người điểm danh có mặt: sự kiện đang diễn ra, không hủy được.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do hủy để người được mời biết.")]})
    event.cancelled_at = timezone.now()
    event.cancellation_reason = reason
    event.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    invited = [
        p.person
        for p in event.participants.exclude(rsvp=Participant.Rsvp.DECLINED)
        .filter(person__is_active=True)
        .select_related("person")
    ]
    organizations = event.organizations.filter(role=EventOrganization.Role.INVITED).values(
        "organization_id"
    )
    recipients = [
        person
        for person in dict.fromkeys([*invited, *_heads_of(organizations)])
        if person.pk != by.pk
    ]
    deliver(_cancellation_messages(event, recipients), email=email)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={
            "cancelled_at": [None, event.cancelled_at.isoformat()],
            "cancellation_reason": [None, reason[:1000]],
        },
        organization=event.organizer,
        message=_("Hủy sự kiện"),
    )
    return event


# Attendance ------------------------------------------------------------------------------------


def recount_present(event_id: int) -> None:
    """The event's `present_count` and `present_hours` from its participants, after a check-in,
    its undo, a person's hours or the course's hours changed. Counted again rather than
    incremented (exact whatever happened), under the event's row lock, so two check-ins at the
    same door count each other."""
    list(Event.objects.select_for_update().filter(pk=event_id).values_list("pk", flat=True))
    totals = (
        Participant.objects.filter(event_id=event_id, checked_in_at__isnull=False)
        .annotate(credited=selectors.credited_hours_expression())
        .aggregate(n=Count("pk"), hours=Sum("credited"))
    )
    Event.objects.filter(pk=event_id).update(
        present_count=totals["n"], present_hours=totals["hours"] or 0
    )


def _mark_present(participant: Participant, by: User, method: str) -> Participant:
    if participant.checked_in_at is None:
        participant.checked_in_at = timezone.now()
        participant.check_in_method = method
        participant.checked_in_by = by
        if participant.rsvp == Participant.Rsvp.PENDING:
            participant.rsvp = Participant.Rsvp.ACCEPTED
        participant.save(
            update_fields=["checked_in_at", "check_in_method", "checked_in_by", "rsvp"]
        )
        recount_present(participant.event_id)
        audit.record(
            action=Action.UPDATE,
            obj=participant.event,
            by=by,
            changes={"checked_in": [None, str(participant.person)]},
            organization=participant.event.organizer,
        )
    return participant


@transaction.atomic
def check_in(*, participant: Participant, by: User, present: bool = True) -> Participant:
    """The organiser ticks a person present from the list (or takes the tick back)."""
    deny_unless(permissions.can_check_in(by, participant.event))
    if present:
        return _mark_present(participant, by, Participant.CheckIn.LIST)
    if participant.checked_in_at is not None:
        participant.checked_in_at = None
        participant.check_in_method = ""
        participant.checked_in_by = None
        participant.save(update_fields=["checked_in_at", "check_in_method", "checked_in_by"])
        recount_present(participant.event_id)
        audit.record(
            action=Action.UPDATE,
            obj=participant.event,
            by=by,
            changes={"checked_in": [str(participant.person), None]},
            organization=participant.event.organizer,
        )
    return participant


def _open_for_check_in(event: Event) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("Sự kiện đã hủy."))
    today = timezone.localdate()
    if not event.local_start.date() - datetime.timedelta(days=1) <= today <= event.local_end.date():
        raise ValidationError(
            _("Chỉ điểm danh được trong thời gian diễn ra sự kiện (từ %(start)s đến %(end)s).")
            % {"start": f"{event.local_start:%d/%m/%Y}", "end": f"{event.local_end:%d/%m/%Y}"}
        )


def _door_organization(event: Event, by: User) -> int | None:
    """The organisation a person missing from the list attends for, when they scan the door's
    code: one of theirs that takes part (the organiser, a co-organiser, an invited one), else
    one above it (a Party committee's staff at its department's briefing: rights cascade down,
    `org.scope.holds_role`). None: they are not expected. Only memberships count, so a system
    administrator is nobody's staff here."""
    taking_part = [
        event.organizer,
        *Organization.objects.filter(pk__in=event.organizations.values("organization_id")),
    ]
    if not any(holds_role(by, organization) for organization in taking_part):
        return None
    own = [
        m.organization
        for m in Membership.objects.filter(user=by, organization__archived_at__isnull=True)
        .select_related("organization")
        .order_by("id")
    ]
    exact = [o.pk for o in own if o in taking_part]
    above = [o.pk for o in own if any(t.is_within(o) for t in taking_part)]
    return next(iter(exact + above), None)


@transaction.atomic
def check_in_at_door(*, event: Event, code: str, by: User) -> Participant:
    """The person scanned the door's QR code: they are checked in, if the code is this event's
    current one and they are invited (in person, or as staff of an invited organisation)."""
    if not codes.door_code_is_valid(event, code):
        raise ValidationError(_("Mã QR không đúng cho sự kiện này, hoặc đã được thay mã mới."))
    _open_for_check_in(event)
    participant = event.participants.filter(person=by).first()
    if participant is None:
        home = _door_organization(event, by)
        if home is None:
            raise ValidationError(
                _("Bạn không có trong danh sách mời của sự kiện này. Xin liên hệ ban tổ chức.")
            )
        participant = Participant.objects.create(event=event, person=by, organization_id=home)
    if participant.event.cancelled_at is None and participant.person_id == by.pk:
        return _mark_present(participant, by, Participant.CheckIn.QR)
    raise ValidationError(_("Không điểm danh được."))


@transaction.atomic
def check_in_with_pass(*, event: Event, code: str, by: User) -> Participant:
    """The organiser scanned a person's pass: that person, for this event only."""
    deny_unless(permissions.can_check_in(by, event))
    person_id = codes.pass_person_id(event, code)
    participant = (
        event.participants.select_related("person").filter(person_id=person_id).first()
        if person_id
        else None
    )
    if participant is None:
        raise ValidationError(_("Mã này không phải thẻ dự của sự kiện này."))
    _open_for_check_in(event)
    return _mark_present(participant, by, Participant.CheckIn.QR)


# Outcome ---------------------------------------------------------------------------------------


@transaction.atomic
def add_conclusion(*, event: Event, by: User, text: str) -> Conclusion:
    deny_unless(permissions.can_change_event(by, event))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Nội dung kết luận không được để trống.")})
    position = (event.conclusions.aggregate(last=Max("position"))["last"] or 0) + 1
    conclusion = Conclusion.objects.create(event=event, position=position, text=text, created_by=by)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"conclusion": [None, text[:300]]},
        organization=event.organizer,
    )
    return conclusion


@dataclass(frozen=True)
class TaskSpec:
    plan: Plan
    lead: Organization
    deadline: datetime.date
    co: Sequence[Organization] = ()
    title: str = ""
    # Why organisations outside the plan's programme take part; by default the conclusion.
    outside_reason: str = ""


@transaction.atomic
def conclusion_to_task(*, conclusion: Conclusion, by: User, spec: TaskSpec) -> Task:
    """One step: the conclusion becomes a task of `spec.plan` (lead, co-agencies, deadline)
    through plans' own create_task, so it follows the four buckets like any task."""
    conclusion = (
        Conclusion.objects.select_for_update()
        .select_related("event__organizer", "event__kind")
        .get(pk=conclusion.pk)
    )
    event = conclusion.event
    deny_unless(permissions.can_turn_into_task(by, event, spec.plan))
    if conclusion.task_id is not None:
        raise ValidationError(_("Kết luận này đã được giao thành nhiệm vụ."))
    co = [o for o in dict.fromkeys(spec.co) if o.pk != spec.lead.pk]
    participants = [
        plans.ParticipantSpec(spec.lead, "lead"),
        *(plans.ParticipantSpec(o, "co") for o in co),
    ]
    title = (spec.title or conclusion.text).strip()
    held = f"{event.local_start:%d/%m/%Y}"
    parties = plans_selectors.parties(spec.plan)
    outside = any(not o.is_within(*parties) for o in [spec.lead, *co])
    reason = ""
    if outside:
        reason = spec.outside_reason.strip() or _("Theo kết luận của %(event)s ngày %(date)s.") % {
            "event": event.title,
            "date": held,
        }
    task = plans.create_task(
        plan=spec.plan,
        by=by,
        participants=participants,
        title=title[:500],
        description=_("Thực hiện kết luận của %(event)s (%(date)s): %(text)s")
        % {"event": event.title, "date": held, "text": conclusion.text},
        deadline=spec.deadline,
        outside_parties_reason=reason,
    )
    conclusion.task = task
    conclusion.save(update_fields=["task"])
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"conclusion_task": [None, task.title[:300]]},
        organization=event.organizer,
    )
    return task


# Files and certificates ------------------------------------------------------------------------


@transaction.atomic
def add_file(*, event: Event, by: User, kind: str, upload) -> EventFile:
    deny_unless(permissions.can_change_event(by, event))
    if kind not in EventFile.Kind.values:
        raise ValidationError({"kind": _("Loại tệp không hợp lệ.")})
    row = EventFile(event=event, kind=kind, uploaded_by=by, size=getattr(upload, "size", 0) or 0)
    attach(row, "file", upload)
    row.save()
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"file": [None, row.name]},
        organization=event.organizer,
    )
    return row


# Materials from the library ------------------------------------------------------------------


def _readable(item: Item, by: User) -> None:
    if not library.readable(by, [item.pk]).exists():
        raise ValidationError(
            {"item": _("Không tìm thấy tài liệu này trong phạm vi bạn được xem.")}
        )


@transaction.atomic
def add_material(*, event: Event, by: User, item: Item) -> None:
    """Cite a library item (document, slides) as the event's material: only one the organiser's
    staff member may read; each viewer of the event sees it only if they may read it too."""
    deny_unless(permissions.can_change_event(by, event))
    _readable(item, by)
    if event.materials.filter(pk=item.pk).exists():
        raise ValidationError({"item": _("Tài liệu này đã có trong sự kiện.")})
    event.materials.add(item)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"material": [None, item.title[:300]]},
        organization=event.organizer,
    )


@transaction.atomic
def remove_material(*, event: Event, by: User, item: Item) -> None:
    deny_unless(permissions.can_change_event(by, event))
    _readable(item, by)
    if not event.materials.filter(pk=item.pk).exists():
        raise ValidationError({"item": _("Tài liệu này không có trong sự kiện.")})
    event.materials.remove(item)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes={"material": [item.title[:300], None]},
        organization=event.organizer,
    )


@transaction.atomic
def record_training(
    *, participant: Participant, by: User, hours=None, certificate=None
) -> Participant:
    """A course's hours for one person (when they differ from the course's) and their
    certificate (an upload)."""
    event = participant.event
    deny_unless(permissions.can_change_event(by, event))
    errors = Errors()
    if not event.kind.is_training:
        errors.add("hours", _("Chỉ lớp tập huấn, bồi dưỡng mới ghi giờ học và chứng nhận."))
    if participant.checked_in_at is None:
        errors.add("hours", _("Người này chưa được điểm danh có mặt."))
    if hours is not None and not decimal.Decimal(0) <= decimal.Decimal(hours) <= MAX_HOURS:
        errors.add("hours", _("Số giờ học từ 0 đến 500."))
    errors.raise_if_any()
    before = {"hours": str(participant.hours), "certificate": participant.certificate_name}
    participant.hours = hours
    if certificate is not None:
        attach(participant, "certificate", certificate)
    participant.save()
    recount_present(event.pk)
    audit.record(
        action=Action.UPDATE,
        obj=event,
        by=by,
        changes=audit.diff(
            before, {"hours": str(participant.hours), "certificate": participant.certificate_name}
        ),
        organization=event.organizer,
        message=str(participant.person),
    )
    return participant
