"""Calendar feeds (parsed by icalendar), training records, review counts and reminders."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from phoihop.core.models import Notification
from phoihop.events import counts, reminders, services
from phoihop.plans import services as plans
from phoihop.reviews import services as reviews

from .conftest import kind, today_at

pytestmark = pytest.mark.django_db


def _events_of(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_an_event_is_in_its_participants_calendar_feed(client, world, make_event):
    event = make_event(starts_at=today_at(8, days=3), ends_at=today_at(11, 30, days=3))
    services.invite(
        event=event,
        by=world.people.officer,
        people=[world.people.teacher, world.people.health_staff],
    )
    declined = event.participants.get(person=world.people.health_staff)
    services.answer_invitation(participant=declined, by=world.people.health_staff, rsvp="declined")
    feed = urlparse(plans.calendar_url_for(world.people.teacher)).path
    entries = _events_of(client.get(feed))
    entry = entries[f"event-{event.pk}"]
    assert str(entry["SUMMARY"]) == "Hội nghị giao ban khối khoa giáo 6 tháng"
    assert entry.decoded("DTSTART") == event.starts_at
    assert entry.decoded("DTEND") == event.ends_at
    assert str(entry["LOCATION"]) == "Hội trường Tỉnh ủy Thanh Hóa"
    assert str(entry["URL"]).endswith(event.get_absolute_url())
    # Who declined does not get it; who is not invited neither.
    declined_feed = urlparse(plans.calendar_url_for(world.people.health_staff)).path
    assert f"event-{event.pk}" not in _events_of(client.get(declined_feed))
    officer_feed = urlparse(plans.calendar_url_for(world.people.officer)).path
    assert f"event-{event.pk}" not in _events_of(client.get(officer_feed))


def test_the_review_calendar_has_its_own_feed_with_the_same_token(client, world, make_event):
    from tests.factories import make_document, make_task

    document = make_document(
        "15-KH/BTGDVTU", datetime.date(2025, 3, 1), organization=world.propaganda
    )
    review = reviews.create_review(
        subject=document,
        by=world.people.officer,
        kind="final",
        years_after=2,
        responsible=world.propaganda,
    )
    task = make_task(plan=world.plan, title="Nhiệm vụ không thuộc lịch sơ kết")
    token = plans.calendar_feed_for(world.people.officer).token
    entries = _events_of(client.get(reverse("plans:review_calendar_feed", args=[token])))
    assert f"review-{review.pk}" in entries
    assert f"task-{task.pk}" not in entries
    assert all(uid.startswith("review-") for uid in entries)
    assert client.get(reverse("plans:review_calendar_feed", args=["khong-co"])).status_code == 404
    # The settings page shows both addresses.
    client.force_login(world.people.officer)
    page = client.get(reverse("plans:calendar_settings")).content.decode()
    assert f"/plans/calendar/{token}/reviews.ics" in page
    assert (
        reverse("plans:calendar_settings")
        in client.get(reverse("reviews:calendar")).content.decode()
    )


def _course(world, make_event, title, days, hours):
    event = make_event(
        kind=kind("boi-duong-bcv"),
        title=title,
        training_hours=hours,
        starts_at=today_at(8, days=days),
        ends_at=today_at(16, days=days),
    )
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    participant = event.participants.get()
    participant.event = event
    return event, participant


def test_training_records_count_the_courses_attended_with_their_hours(client, world, make_event):
    event, participant = _course(world, make_event, "Bồi dưỡng báo cáo viên năm 2026", 0, 8)
    _absent, _p = _course(world, make_event, "Tập huấn kỹ năng tuyên truyền", 0, 4)
    services.check_in(participant=participant, by=world.people.officer)
    participant.refresh_from_db()
    certificate = SimpleUploadedFile("chung-nhan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    services.record_training(
        participant=participant, by=world.people.officer, hours=6, certificate=certificate
    )
    client.force_login(world.people.teacher)
    page = client.get(reverse("events:my_training"))
    text = page.content.decode()
    assert "Bồi dưỡng báo cáo viên năm 2026" in text
    assert "Tập huấn kỹ năng tuyên truyền" not in text  # not attended
    assert "1 lớp đã dự, tổng cộng <strong>6</strong> giờ" in text
    assert "chung-nhan.pdf" in text
    download = client.get(reverse("events:certificate", args=[event.pk, participant.pk]))
    assert download.status_code == 200
    # The person's organisation's staff read it; an outsider does not.
    client.force_login(world.people.outsider)
    assert client.get(reverse("events:training", args=[world.people.teacher.pk])).status_code == 404
    client.force_login(world.people.officer)
    assert (
        client.get(reverse("events:certificate", args=[event.pk, participant.pk])).status_code
        == 200
    )


def test_review_figures_count_events_by_kind_participants_and_training_hours(world, make_event):
    briefing = make_event()
    _course_event, participant = _course(world, make_event, "Bồi dưỡng báo cáo viên", 0, 8)
    services.invite(event=briefing, by=world.people.officer, people=[world.people.teacher])
    services.check_in(participant=briefing.participants.get(), by=world.people.officer)
    services.check_in(participant=participant, by=world.people.officer)
    make_event(starts_at=today_at(8, days=-400), ends_at=today_at(9, days=-400))  # outside
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=180), today
    figures = {
        str(f.label): f for f in counts.review_figures(world.people.officer, start=start, end=end)
    }
    assert figures["Giao ban"].value == 1
    assert figures["Bồi dưỡng báo cáo viên"].value == 1
    assert figures["Hội nghị"].value == 0
    assert figures["Lượt người dự (có mặt)"].value == 2
    assert figures["Giờ học bồi dưỡng, tập huấn"].value == 8.0
    query = parse_qs(urlparse(figures["Giao ban"].url).query)
    assert query["kind"] == [str(kind("giao-ban").pk)]
    assert query["start"] == [f"{start:%d/%m/%Y}"]
    # The linked list shows the same number.
    # Counted only as far as the user sees: the outsider sees nothing.
    outsider = {
        str(f.label): f.value
        for f in counts.review_figures(world.people.outsider, start=start, end=end)
    }
    assert outsider["Giao ban"] == 0 and outsider["Lượt người dự (có mặt)"] == 0
    # By organisation: the Department of Health organised none.
    by_health = {
        str(f.label): f.value
        for f in counts.review_figures(
            world.people.officer, start=start, end=end, organization=world.health
        )
    }
    assert by_health["Giao ban"] == 0


def test_a_figures_link_lists_the_same_events(client, world, make_event):
    make_event()
    make_event(kind=kind("hoi-nghi"), title="Hội nghị học tập nghị quyết")
    today = timezone.localdate()
    figure = next(
        f
        for f in counts.review_figures(world.people.officer, start=today, end=today)
        if str(f.label) == "Giao ban"
    )
    client.force_login(world.people.officer)
    text = client.get(figure.url).content.decode()
    assert "Hội nghị giao ban khối khoa giáo 6 tháng" in text
    assert "Hội nghị học tập nghị quyết" not in text


def test_reminders_go_the_day_before_once(world, make_event):
    event = make_event(starts_at=today_at(8, days=1), ends_at=today_at(11, days=1))
    services.invite(
        event=event,
        by=world.people.officer,
        people=[world.people.teacher, world.people.health_staff],
    )
    services.answer_invitation(
        participant=event.participants.get(person=world.people.health_staff),
        by=world.people.health_staff,
        rsvp="declined",
    )
    today = timezone.localdate()
    assert reminders.send_reminders(today) == {"tomorrow": 1}
    assert reminders.send_reminders(today) == {}
    reminded = Notification.objects.filter(key__endswith=":tomorrow")
    assert [n.recipient for n in reminded] == [world.people.teacher]
    nudge = make_event(starts_at=today_at(8, days=3), ends_at=today_at(11, days=3))
    services.invite(event=nudge, by=world.people.officer, people=[world.people.teacher])
    assert reminders.send_reminders(today) == {"answer": 1}


def _present_from_rows(event) -> tuple[int, float]:
    present = event.participants.filter(checked_in_at__isnull=False)
    hours = sum((p.hours if p.hours is not None else (event.training_hours or 0)) for p in present)
    return present.count(), float(hours)


def test_each_event_keeps_its_present_count_and_hours_through_every_change(world, make_event):
    """The review counts add up each event's stored present participants and hours
    (services.recount_present): they follow check-in, its undo, a person's hours and the
    course's hours."""
    event, participant = _course(world, make_event, "Bồi dưỡng báo cáo viên", 0, 8)
    services.invite(event=event, by=world.people.officer, people=[world.people.health_staff])
    other = event.participants.get(person=world.people.health_staff)

    def stored():
        event.refresh_from_db()
        assert (event.present_count, float(event.present_hours)) == _present_from_rows(event)
        return event.present_count, float(event.present_hours)

    assert stored() == (0, 0.0)
    services.check_in(participant=participant, by=world.people.officer)
    services.check_in(participant=other, by=world.people.officer)
    assert stored() == (2, 16.0)
    participant.refresh_from_db()
    services.record_training(participant=participant, by=world.people.officer, hours=6)
    assert stored() == (2, 14.0)
    services.update_event(event=event, by=world.people.officer, training_hours=10)
    assert stored() == (2, 16.0)
    other.refresh_from_db()
    services.check_in(participant=other, by=world.people.officer, present=False)
    assert stored() == (1, 6.0)
