"""Events: creating one, invitations and answers, attendance by list and by QR code, and
conclusions that become tasks."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.core.models import Notification
from phoihop.events import codes, services
from phoihop.events.models import Participant
from phoihop.plans.models import Task
from phoihop.plans.models.buckets import Bucket

from .conftest import kind, today_at

pytestmark = pytest.mark.django_db


def test_an_event_needs_a_time_span_a_place_or_a_valid_link(world, make_event):
    with pytest.raises(ValidationError) as caught:
        make_event(ends_at=today_at(7), place="", online_url="javascript:alert(1)")
    errors = caught.value.message_dict
    assert errors["ends_at"] == ["Giờ kết thúc phải sau giờ bắt đầu."]
    assert "http:// hoặc https://" in errors["online_url"][0]
    with pytest.raises(ValidationError) as caught:
        make_event(place="")
    assert "địa điểm" in caught.value.message_dict["place"][0]
    online = make_event(place="", online_url="https://hop.thanhhoa.gov.vn/phong-1")
    assert online.online_url.startswith("https://")


def test_only_the_organisers_staff_create_and_change_it(world, make_event):
    with pytest.raises(PermissionDenied):
        make_event(by=world.people.health_staff)
    event = make_event(co_organizers=[world.health])
    assert [o.organization for o in event.organizations.all()] == [world.health]
    with pytest.raises(PermissionDenied):
        services.update_event(event=event, by=world.people.health_leader, title="Khác")
    services.update_event(event=event, by=world.people.officer, title="Giao ban khoa giáo quý IV")
    event.refresh_from_db()
    assert event.title == "Giao ban khoa giáo quý IV"


def test_training_hours_belong_to_training_kinds_only(world, make_event):
    meeting = make_event(training_hours=4)
    assert meeting.training_hours is None
    course = make_event(kind=kind("boi-duong-bcv"), training_hours=8)
    assert course.training_hours == 8
    with pytest.raises(ValidationError):
        make_event(kind=kind("tap-huan"), training_hours=900)


def test_what_it_serves_must_be_visible_to_the_organiser(world, make_event):
    from tests.factories import make_plan

    foreign_plan = make_plan()  # another propaganda department's
    with pytest.raises(ValidationError) as caught:
        make_event(plan=foreign_plan)
    assert "plan" in caught.value.message_dict
    assert make_event(plan=world.plan).plan == world.plan


def test_invitations_reach_people_and_the_heads_of_invited_organisations(world, make_event):
    event = make_event()
    done = services.invite(
        event=event,
        by=world.people.officer,
        organizations=[world.health],
        people=[world.people.teacher, world.people.health_staff],
    )
    assert done == {"organizations": 1, "people": 2, "notified": 3}
    invited = Notification.objects.filter(key=f"event:{event.pk}:invite")
    assert {n.recipient for n in invited} == {
        world.people.teacher,
        world.people.health_staff,
        world.people.health_leader,
    }
    again = services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    assert again["people"] == 0 and again["notified"] == 0
    # The invited organisation's people now see the event.
    from phoihop.events.models import Event

    assert Event.objects.visible_to(world.people.health_leader).filter(pk=event.pk).exists()
    assert not Event.objects.visible_to(world.people.outsider).filter(pk=event.pk).exists()


def test_each_invitee_answers_only_their_own_invitation(world, make_event):
    event = make_event()
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    participant = event.participants.get()
    with pytest.raises(PermissionDenied):
        services.answer_invitation(
            participant=participant, by=world.people.officer, rsvp="declined"
        )
    services.answer_invitation(participant=participant, by=world.people.teacher, rsvp="accepted")
    participant.refresh_from_db()
    assert participant.rsvp == Participant.Rsvp.ACCEPTED
    with pytest.raises(ValidationError):
        services.answer_invitation(participant=participant, by=world.people.teacher, rsvp="maybe")


def test_the_organiser_checks_people_in_from_the_list(world, make_event):
    event = make_event()
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    participant = event.participants.get()
    with pytest.raises(PermissionDenied):
        services.check_in(participant=participant, by=world.people.teacher)
    services.check_in(participant=participant, by=world.people.officer)
    participant.refresh_from_db()
    assert participant.attended and participant.check_in_method == "list"
    assert participant.rsvp == "accepted"
    services.check_in(participant=participant, by=world.people.officer, present=False)
    participant.refresh_from_db()
    assert not participant.attended


def test_the_door_code_checks_in_the_scanner_at_that_event_only(world, make_event):
    event = make_event()
    other = make_event(title="Tọa đàm báo chí")
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    services.invite(event=other, by=world.people.officer, people=[world.people.teacher])
    code = codes.door_code(event)
    # Another event's door does not open with this code.
    with pytest.raises(ValidationError):
        services.check_in_at_door(event=other, code=code, by=world.people.teacher)
    # An altered code fails its signature.
    with pytest.raises(ValidationError):
        services.check_in_at_door(event=event, code=code[:-2] + "xx", by=world.people.teacher)
    participant = services.check_in_at_door(event=event, code=code, by=world.people.teacher)
    assert participant.person == world.people.teacher and participant.check_in_method == "qr"
    assert not other.participants.get().attended
    # Somebody not invited, from no organisation taking part, is refused.
    with pytest.raises(ValidationError) as caught:
        services.check_in_at_door(event=event, code=code, by=world.people.outsider)
    assert "danh sách mời" in caught.value.messages[0]
    # Staff of an invited organisation are added as they arrive.
    services.invite(event=event, by=world.people.officer, organizations=[world.health])
    arrived = services.check_in_at_door(event=event, code=code, by=world.people.health_staff)
    assert arrived.organization == world.health and arrived.attended
    # A new door code retires the old one.
    services.rotate_door_code(event=event, by=world.people.officer)
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        services.check_in_at_door(event=event, code=code, by=world.people.health_leader)


def test_the_door_code_works_only_while_the_event_runs(world, make_event):
    past = make_event(starts_at=today_at(8, days=-10), ends_at=today_at(11, days=-10))
    services.invite(event=past, by=world.people.officer, people=[world.people.teacher])
    with pytest.raises(ValidationError) as caught:
        services.check_in_at_door(event=past, code=codes.door_code(past), by=world.people.teacher)
    assert "trong thời gian diễn ra" in caught.value.messages[0]


def test_a_pass_checks_in_its_person_at_its_event_only(world, make_event):
    event = make_event()
    other = make_event(title="Hội nghị báo cáo viên tháng 12")
    for e in (event, other):
        services.invite(
            event=e,
            by=world.people.officer,
            people=[world.people.teacher, world.people.health_staff],
        )
    code = codes.pass_code(event, world.people.teacher)
    with pytest.raises(ValidationError):
        services.check_in_with_pass(event=other, code=code, by=world.people.officer)
    # The same code with another person's id fails the signature.
    _value, signature = code.rsplit(":", 1)
    forged = f"{event.pk}.{world.people.health_staff.pk}:{signature}"
    with pytest.raises(ValidationError):
        services.check_in_with_pass(event=event, code=forged, by=world.people.officer)
    # Only the organiser's staff scan passes.
    with pytest.raises(PermissionDenied):
        services.check_in_with_pass(event=event, code=code, by=world.people.teacher)
    participant = services.check_in_with_pass(event=event, code=code, by=world.people.officer)
    assert participant.person == world.people.teacher and participant.attended
    assert not event.participants.get(person=world.people.health_staff).attended
    assert not other.participants.filter(checked_in_at__isnull=False).exists()


def test_a_conclusion_becomes_a_task_of_the_plan_in_one_step(world, make_event):
    event = make_event(plan=world.plan)
    conclusion = services.add_conclusion(
        event=event,
        by=world.people.officer,
        text="Sở Y tế chủ trì tuyên truyền phòng, chống dịch sốt xuất huyết trong mùa mưa.",
    )
    deadline = datetime.date(world.plan.year, 12, 31)
    spec = services.TaskSpec(
        plan=world.plan, lead=world.health, co=[world.education], deadline=deadline
    )
    with pytest.raises(PermissionDenied):
        services.conclusion_to_task(conclusion=conclusion, by=world.people.health_leader, spec=spec)
    task = services.conclusion_to_task(conclusion=conclusion, by=world.people.officer, spec=spec)
    assert task.plan == world.plan and task.lead_organization == world.health
    assert {p.organization for p in task.participants.filter(role="co")} == {world.education}
    assert task.deadline == deadline
    assert "sốt xuất huyết" in task.title
    conclusion.refresh_from_db()
    assert conclusion.task == task
    # The task follows the four buckets like any other.
    assert Task.objects.with_bucket().get(pk=task.pk).bucket == Bucket.OPEN_ON_TRACK
    assert task.outside_parties_reason.startswith("Theo kết luận của Hội nghị giao ban")
    with pytest.raises(ValidationError):
        services.conclusion_to_task(conclusion=conclusion, by=world.people.officer, spec=spec)


def test_a_conclusions_task_follows_the_plans_rules(world, make_event):
    event = make_event()
    conclusion = services.add_conclusion(event=event, by=world.people.officer, text="Việc gấp")
    spec = services.TaskSpec(plan=world.plan, lead=world.health, deadline=datetime.date(1999, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.conclusion_to_task(conclusion=conclusion, by=world.people.officer, spec=spec)
    assert "deadline" in caught.value.message_dict
    conclusion.refresh_from_db()
    assert conclusion.task is None
