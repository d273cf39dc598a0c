"""The daily reminder job, with frozen time: before, on and after the deadline, escalation to
the lead's leaders, recurring progress reports, and no duplicates when run twice."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from phoihop.core.models import Notification
from phoihop.plans import services
from phoihop.plans.reminders import send_reminders
from phoihop.plans.tasks import send_task_reminders

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 7, 0), tick=False)


def keys_for(person) -> list[str]:
    return sorted(
        k.split(":")[2]
        for k in Notification.objects.filter(recipient=person)
        .exclude(key__endswith=":assigned")
        .values_list("key", flat=True)
    )


@pytest.fixture
def task(world, make_task):
    with at(D(2026, 6, 1)):
        return make_task(deadline=D(2026, 6, 30), lead=world.health, co=[world.education])


def test_reminders_before_on_and_after_the_deadline(world, task, settings):
    settings.PLANS_REMINDER_DAYS_BEFORE = 3
    focal = world.people.health_focal
    with at(D(2026, 6, 26)):
        send_reminders()
    assert keys_for(focal) == []
    with at(D(2026, 6, 27)):
        send_reminders()
    assert keys_for(focal) == ["soon"]
    with at(D(2026, 6, 30)):
        send_reminders()
    assert keys_for(focal) == ["soon", "today"]
    with at(D(2026, 7, 1)):
        send_reminders()
    assert keys_for(focal) == ["overdue", "soon", "today"]
    assert keys_for(world.people.education_focal) == ["overdue", "soon", "today"]


def test_running_twice_sends_nothing_twice(world, task, django_capture_on_commit_callbacks):
    with at(D(2026, 7, 1)), django_capture_on_commit_callbacks(execute=True):
        first = send_reminders()
        second = send_reminders()
    assert first == {"overdue": 2}
    assert second == {}
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Quá hạn từ 30/06/2026")


def test_a_run_that_died_before_emailing_is_completed_by_the_next_run(
    world, task, django_capture_on_commit_callbacks
):
    with at(D(2026, 7, 1)):
        send_reminders()  # the e-mails would leave on commit: this run "dies" before that
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            assert send_reminders() == {}
            send_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.people.health_focal.email, world.people.education_focal.email]
    )


def test_long_overdue_tasks_are_escalated_to_the_lead_organisations_leaders(world, task, settings):
    settings.PLANS_ESCALATION_DAYS = 7
    leader = world.people.health_leader
    with at(D(2026, 7, 6)):
        send_reminders()
    assert keys_for(leader) == []
    with at(D(2026, 7, 7)):
        sent = send_reminders()
    assert sent["escalated"] == 1
    assert keys_for(leader) == ["escalated"]
    assert keys_for(world.people.education_focal) == ["overdue"]  # co-agencies are not escalated


def test_completed_tasks_get_no_reminders(world, task):
    with at(D(2026, 6, 20)):
        services.confirm_completion(
            despite_unreported=True, task=task, by=world.people.health_focal
        )
    with at(D(2026, 7, 10)):
        assert send_reminders() == {}


def test_an_extension_restarts_the_reminders_for_the_new_deadline(world, task):
    with at(D(2026, 7, 1)):
        send_reminders()
        extension = services.request_extension(
            task=task,
            by=world.people.health_focal,
            organization=world.health,
            requested_deadline=D(2026, 7, 31),
            reason="Chờ số liệu",
        )
        services.decide_extension(
            extension=extension, by=world.people.specialist, approve=True, reason="Đồng ý"
        )
    with at(D(2026, 8, 1)):
        send_reminders()
    keys = Notification.objects.filter(
        recipient=world.people.health_focal, key__contains=":overdue:"
    ).values_list("key", flat=True)
    assert sorted(keys) == [
        f"task:{task.pk}:overdue:2026-06-30",
        f"task:{task.pk}:overdue:2026-07-31",
    ]


def test_a_named_focal_person_replaces_the_organisations_focal_points(world, task, make_member):
    from phoihop.org.models import Membership

    officer = make_member(world.health, Membership.Role.SPECIALIST, username="chuyenvien.syt")
    services.set_focal_person(
        participant=task.participants.get(organization=world.health),
        by=world.people.health_leader,
        person=officer,
    )
    with at(D(2026, 7, 1)):
        send_reminders()
    assert keys_for(officer) == ["overdue"]
    assert keys_for(world.people.health_focal) == []


def test_a_missing_recurring_progress_report_is_reminded_once_per_period(world, make_task):
    with at(D(2026, 3, 1)):
        task = make_task(
            deadline=D(2026, 12, 31),
            lead=world.health,
            co=[world.education],
            report_frequency="monthly",
            report_day=20,
        )
    with at(D(2026, 3, 18)):
        services.report_progress(
            participant=task.participants.get(organization=world.health),
            by=world.people.health_focal,
            progress=10,
            status="in_progress",
            content="Tháng 3",
        )
    with at(D(2026, 3, 21)):
        sent = send_reminders()
        again = send_reminders()
    assert sent == {"report_missing": 1}  # only the co-agency that did not report
    assert again == {}
    note = Notification.objects.get(
        recipient=world.people.education_focal, key__contains="report_missing"
    )
    assert "20/03/2026" in note.title


def test_a_report_reminder_comes_before_the_due_day(world, make_task, settings):
    settings.PLANS_REPORT_REMINDER_DAYS_BEFORE = 3
    with at(D(2026, 3, 1)):
        make_task(deadline=D(2026, 12, 31), report_frequency="monthly", report_day=20)
    with at(D(2026, 4, 17)):
        sent = send_reminders()
    assert sent.get("report_soon") == 2


def test_a_late_report_counts_for_the_missed_period(world, make_task):
    with at(D(2026, 3, 1)):
        task = make_task(deadline=D(2026, 12, 31), report_frequency="monthly", report_day=20)
    with at(D(2026, 3, 22)):
        report = services.report_progress(
            participant=task.participants.get(organization=world.health),
            by=world.people.health_focal,
            progress=10,
            status="in_progress",
            content="Muộn",
        )
    assert report.period_due == D(2026, 3, 20)
    with at(D(2026, 3, 25)):
        second = services.report_progress(
            participant=task.participants.get(organization=world.health),
            by=world.people.health_focal,
            progress=15,
            status="in_progress",
            content="Tháng 4",
        )
    assert second.period_due == D(2026, 4, 20)


def test_the_command_and_the_background_task_run_the_same_job(world, task, capsys):
    with at(D(2026, 7, 1)):
        call_command("send_task_reminders")
        assert "Đã gửi 2 thông báo mới" in capsys.readouterr().out
        assert send_task_reminders.call() == {}
    with at(D(2026, 7, 1)):
        call_command("send_task_reminders", "--date", "2026-06-30")
    assert "today" in keys_for(world.people.health_focal)
