"""The private iCalendar feed: valid RFC 5545 (parsed by the icalendar library), the user's
deadlines, recurring reports and milestones, and a token that can be rotated."""

import datetime
from urllib.parse import urlparse

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from phoihop.plans import services
from phoihop.plans.models import CalendarFeed

pytestmark = pytest.mark.django_db
D = datetime.date


def feed_path(user) -> str:
    return urlparse(services.calendar_url_for(user)).path


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False)
def test_the_feed_is_valid_icalendar_with_deadlines_reports_and_milestones(
    client, world, make_task
):
    task = make_task(
        title="Tổ chức hội nghị báo cáo viên",
        deadline=D(2026, 12, 20),
        report_frequency="monthly",
        report_day=20,
    )
    make_task(
        title="Việc của Sở Văn hóa",
        lead=world.culture,
        co=[],
        outside_parties_reason="Chuyên môn văn hóa",
    )
    response = client.get(feed_path(world.people.health_focal))  # no session needed
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    deadline = events[f"task-{task.pk}"]
    assert deadline.decoded("DTSTART") == D(2026, 12, 20)
    assert "Tổ chức hội nghị báo cáo viên" in str(deadline["SUMMARY"])
    assert str(deadline["URL"]).endswith(task.get_absolute_url())
    assert f"task-{task.pk}-reports" in events
    assert events[f"task-{task.pk}-reports"]["RRULE"]["FREQ"] == ["MONTHLY"]
    milestones = [e for uid, e in events.items() if uid.startswith("review-")]
    assert {str(e["SUMMARY"]).split(":")[0] for e in milestones} >= {"Tổng kết chương trình"}
    assert not any("Sở Văn hóa" in str(e["SUMMARY"]) for e in events.values())


def test_rotating_the_token_retires_the_old_url(client, world):
    person = world.people.health_focal
    old = feed_path(person)
    assert client.get(old).status_code == 200
    client.force_login(person)
    response = client.post(reverse("plans:calendar_settings"))
    assert response.status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_path(person)).status_code == 200


def test_an_unknown_token_or_an_inactive_user_gets_nothing(client, world):
    assert client.get("/plans/calendar/khong-co.ics").status_code == 404
    person = world.people.health_focal
    path = feed_path(person)
    person.is_active = False
    person.save()
    assert client.get(path).status_code == 404


def test_each_user_has_one_stable_url_until_rotated(world):
    person = world.people.specialist
    assert services.calendar_url_for(person) == services.calendar_url_for(person)
    services.rotate_calendar_token(user=person, by=person)
    assert CalendarFeed.objects.filter(user=person).count() == 1
