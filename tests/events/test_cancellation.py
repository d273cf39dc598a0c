"""Cancelling an event (the organiser says why; the invited are told; the event stays, marked
cancelled, in the list on request and in calendar feeds with STATUS:CANCELLED; no reminder,
invitation or check-in follows), the task and directive an event serves picked on its form, and
the door's code for the staff of the organisations above the organiser."""

from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from phoihop.core.models import Notification
from phoihop.directives.models import Document
from phoihop.events import codes, reminders, services
from phoihop.events.models import Event, Participant
from phoihop.org.forms import reference_label
from phoihop.org.models import Membership
from phoihop.plans import services as plans
from tests.factories import make_task

from .conftest import kind, member, today_at

pytestmark = pytest.mark.django_db
REASON = "Trùng lịch họp Ban Thường vụ Tỉnh ủy."


@pytest.fixture
def briefing(world, make_event, django_capture_on_commit_callbacks):
    """Tomorrow's briefing: the teacher and health staff invited (the staff declined), the
    health department invited as an organisation (its leader hears of it)."""
    event = make_event(starts_at=today_at(8, days=1), ends_at=today_at(11, 30, days=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            event=event,
            by=world.people.officer,
            organizations=[world.health],
            people=[world.people.teacher, world.people.health_staff],
        )
    declined = event.participants.get(person=world.people.health_staff)
    services.answer_invitation(participant=declined, by=world.people.health_staff, rsvp="declined")
    mail.outbox.clear()
    return event


def test_the_organiser_cancels_and_the_invited_are_told(
    world, briefing, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        services.cancel_event(event=briefing, by=world.people.teacher, reason=REASON)
    with pytest.raises(ValidationError) as caught:
        services.cancel_event(event=briefing, by=world.people.officer, reason="  ")
    assert "lý do" in caught.value.message_dict["reason"][0]
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=briefing, by=world.people.officer, reason=REASON)
    briefing.refresh_from_db()
    assert briefing.cancelled_at is not None and briefing.cancellation_reason == REASON
    told = Notification.objects.filter(key=f"event:{briefing.pk}:cancelled")
    # The teacher (invited), the health department's leader (its organisation invited); not
    # whoever declined, not the one who cancelled.
    assert {n.recipient for n in told} == {world.people.teacher, world.people.health_leader}
    assert all(REASON in n.body and n.title.startswith("Hủy: ") for n in told)
    assert {m.to[0] for m in mail.outbox} == {
        world.people.teacher.email,
        world.people.health_leader.email,
    }
    with pytest.raises(ValidationError):
        services.cancel_event(event=briefing, by=world.people.officer, reason=REASON)
    # Nothing follows: no invitation, no answer, no check-in, no reminder.
    with pytest.raises(ValidationError):
        services.invite(event=briefing, by=world.people.officer, people=[world.people.officer])
    teacher = briefing.participants.get(person=world.people.teacher)
    with pytest.raises(PermissionDenied):
        services.answer_invitation(participant=teacher, by=world.people.teacher, rsvp="accepted")
    with pytest.raises(PermissionDenied):
        services.check_in(participant=teacher, by=world.people.officer)
    assert reminders.send_reminders(timezone.localdate()) == {}


def test_an_event_held_is_not_cancelled(world, make_event):
    past = make_event(starts_at=today_at(8, days=-2), ends_at=today_at(11, days=-2))
    with pytest.raises(ValidationError) as caught:
        services.cancel_event(event=past, by=world.people.officer, reason=REASON)
    assert "đã kết thúc" in caught.value.messages[0]
    running = make_event(starts_at=today_at(0, 1), ends_at=today_at(23, 59))
    services.invite(event=running, by=world.people.officer, people=[world.people.teacher])
    services.check_in(participant=running.participants.get(), by=world.people.officer)
    with pytest.raises(ValidationError) as caught:
        services.cancel_event(event=running, by=world.people.officer, reason=REASON)
    assert "điểm danh" in caught.value.messages[0]
    assert Event.objects.filter(cancelled_at__isnull=False).count() == 0


def test_the_page_list_and_calendar_show_it_cancelled(client, world, briefing):
    page = reverse("events:event_detail", args=[briefing.pk])
    client.force_login(world.people.teacher)
    assert 'data-testid="event-cancel"' not in client.get(page).content.decode()
    assert (
        client.post(reverse("events:cancel", args=[briefing.pk]), {"reason": REASON}).status_code
        == 403
    )
    client.force_login(world.people.officer)
    assert 'data-testid="event-cancel-form"' in client.get(page).content.decode()
    refused = client.post(reverse("events:cancel", args=[briefing.pk]), {"reason": ""}, follow=True)
    assert refused.redirect_chain[-1][0].startswith(page)
    assert Event.objects.get(pk=briefing.pk).cancelled_at is None
    done = client.post(
        reverse("events:cancel", args=[briefing.pk]), {"reason": REASON}, follow=True
    ).content.decode()
    assert "Đã hủy sự kiện và báo cho người được mời." in done
    assert 'data-testid="event-cancelled"' in done and REASON in done
    assert 'data-testid="event-cancel-form"' not in done

    listed = client.get(reverse("events:event_list")).content.decode()
    assert briefing.title not in listed
    listed = client.get(reverse("events:event_list"), {"cancelled": "on"}).content.decode()
    assert briefing.title in listed and "Đã hủy" in listed

    feed = urlparse(plans.calendar_url_for(world.people.teacher)).path
    calendar = Calendar.from_ical(client.get(feed).content)
    [entry] = [
        e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(f"event-{briefing.pk}@")
    ]
    assert str(entry["STATUS"]) == "CANCELLED"
    assert str(entry["SUMMARY"]).startswith("Đã hủy: ")
    assert REASON in str(entry["DESCRIPTION"])


def test_the_api_cancels_and_says_so(client, world, briefing):
    url = f"/api/v1/events/{briefing.pk}/cancel"
    client.force_login(world.people.teacher)
    assert client.post(url, {"reason": REASON}, content_type="application/json").status_code == 403
    client.force_login(world.people.officer)
    for body in ({}, {"reason": ""}, {"reason": "x\x00"}, {"reason": "x" * 100_000}):
        answer = client.post(url, body, content_type="application/json")
        assert answer.status_code in (400, 422), body
        assert set(answer.json()) == {"detail", "errors"}
    answer = client.post(url, {"reason": REASON}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["cancelled_at"] and answer.json()["cancellation_reason"] == REASON
    assert client.get("/api/v1/events").json()["count"] == 0
    assert client.get("/api/v1/events", {"cancelled": "true"}).json()["count"] == 1
    assert client.post(url, {"reason": REASON}, content_type="application/json").status_code == 400


def test_the_form_links_the_task_and_the_directive_served(client, world):
    task = make_task(plan=world.plan, title="Tuyên truyền Nghị quyết 57-NQ/TW về chuyển đổi số")
    directive = Document.objects.get(symbol="57-NQ/TW")  # in the central catalogue
    client.force_login(world.people.officer)
    url = reverse("events:event_create")
    answer = client.get(url, {"suggest": "task", "task": "chuyen doi so"}).content.decode()
    assert f"#{task.pk}" in answer and "Tuyên truyền Nghị quyết 57-NQ/TW" in answer
    answer = client.get(url, {"suggest": "directive", "directive": "57-NQ"}).content.decode()
    assert "57-NQ/TW" in answer
    today = timezone.localdate()
    form = {
        "kind": kind("hoi-nghi").pk,
        "title": "Hội nghị quán triệt Nghị quyết 57-NQ/TW",
        "organizer": reference_label(world.propaganda),
        "start_date": f"{today:%d/%m/%Y}",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "Hội trường",
        "task": f"Tuyên truyền (#{task.pk})",
        "directive": "57-nq/tw",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.task == task and event.directive == directive
    edit = client.get(reverse("events:event_edit", args=[event.pk])).content.decode()
    assert f"(#{task.pk})" in edit and f"57-NQ/TW (#{directive.pk})" in edit
    page = client.get(event.get_absolute_url()).content.decode()
    assert task.get_absolute_url() in page and directive.get_absolute_url() in page
    foreign = make_task(title="Nhiệm vụ của tỉnh khác")  # another department's plan
    for bad in (
        {"task": f"#{foreign.pk}"},
        {"task": "#99999999999999999999999"},
        {"directive": "99-NQ/KHONGCO"},
        {"directive": "57-NQ/TW\x00"},
    ):
        response = client.post(reverse("events:event_edit", args=[event.pk]), form | bad)
        assert response.status_code == 200 and "is-invalid" in response.content.decode(), bad
    changed = client.post(reverse("events:event_edit", args=[event.pk]), form | {"task": ""})
    assert changed.status_code == 302
    assert Event.objects.get(pk=event.pk).task is None


def test_staff_above_the_organiser_check_in_at_the_door(client, world, make_event):
    event = make_event()
    url = reverse("events:door_check_in", args=[event.pk, codes.door_code(event)])
    # A leader of the Party committee above the department, not on the list.
    leader = member(world.party, "bithu.tu", "Đỗ Văn Bí", Membership.Role.LEADER)
    client.force_login(leader)
    assert client.post(url).status_code == 302
    present = event.participants.get(person=leader)
    assert present.attended and present.organization == world.party
    assert present.check_in_method == Participant.CheckIn.QR
    # Someone whose organisation neither takes part nor stands above the organiser is refused.
    client.force_login(world.people.teacher)
    refused = client.post(url)
    assert refused.status_code == 400
    assert "không có trong danh sách mời" in refused.content.decode()
    # The Party committee's staff also tick people present from the list.
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    services.check_in(participant=event.participants.get(person=world.people.teacher), by=leader)
    assert event.participants.get(person=world.people.teacher).attended
