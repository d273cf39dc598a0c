"""Completion and follow-up rules: completing while a co-agency has not reported, the issuing
side's daily digest of progress reports, and extension requests under "Cần xử lý" until decided."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.core.models import Notification
from phoihop.plans import services
from phoihop.plans.reminders import send_reminders

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=9):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour), tick=False)


def report(world, task, organization, person, progress=50):
    participant = task.participants.get(organization=organization)
    return services.report_progress(
        participant=participant,
        by=person,
        progress=progress,
        status="in_progress",
        content="Đã làm",
    )


def test_completion_while_a_co_agency_has_not_reported_needs_an_explicit_confirmation(
    world, make_task
):
    task = make_task()
    with pytest.raises(ValidationError) as refused:
        services.confirm_completion(task=task, by=world.people.health_focal)
    assert world.education.name in str(refused.value)
    task.refresh_from_db()
    assert task.completed_on is None

    services.confirm_completion(task=task, by=world.people.health_focal, despite_unreported=True)
    task.refresh_from_db()
    assert task.completed_by == world.people.health_focal
    entry = entries_for(task).filter(changes__has_key="unreported_co_agencies").get()
    assert entry.actor == world.people.health_focal
    assert world.education.name in entry.changes["unreported_co_agencies"][1]


def test_once_every_co_agency_has_reported_completion_needs_no_extra_step(world, make_task):
    task = make_task()
    report(world, task, world.education, world.people.education_focal)
    services.confirm_completion(task=task, by=world.people.health_focal)
    task.refresh_from_db()
    assert task.completed_on is not None


def test_the_issuer_gets_one_digest_a_day_of_the_reports_filed_the_day_before(world, make_task):
    with at(D(2026, 6, 1)):
        first = make_task(title="Tuyên truyền phòng chống sốt xuất huyết")
        second = make_task(title="Tuyên truyền an toàn giao thông dịp Tết")
    with at(D(2026, 6, 10)):
        report(world, first, world.health, world.people.health_focal, 40)
        report(world, first, world.education, world.people.education_focal, 60)
        report(world, second, world.health, world.people.health_focal, 10)
    with at(
        D(
            2026,
            6,
            11,
        ),
        hour=7,
    ):
        send_reminders(email=False)
        send_reminders(email=False)  # a second run sends nothing again
    digests = Notification.objects.filter(key__startswith="progress-digest:")
    assert digests.count() == 1
    digest = digests.get()
    assert digest.recipient == world.people.specialist  # who assigned the tasks
    assert digest.key == "progress-digest:2026-06-10"
    assert "3 báo cáo" in digest.title and "10/06/2026" in digest.title
    assert "Tuyên truyền an toàn giao thông dịp Tết" in digest.body
    assert world.education.name in digest.body and "60%" in digest.body
    assert not digest.needs_action


def test_no_digest_on_a_day_without_reports(world, make_task):
    with at(D(2026, 6, 1)):
        make_task()
    with at(D(2026, 6, 11), hour=7):
        send_reminders(email=False)
    assert not Notification.objects.filter(key__startswith="progress-digest:").exists()


def test_an_extension_request_waits_under_needs_action_until_it_is_decided(
    client, world, make_task
):
    task = make_task(deadline=D(2026, 12, 20))
    extension = services.request_extension(
        task=task,
        by=world.people.health_focal,
        organization=world.health,
        requested_deadline=D(2027, 1, 15),
        reason="Chờ kinh phí",
    )
    client.force_login(world.people.specialist)
    page = client.get(reverse("notifications")).content.decode()
    actions, info = page.split('data-testid="notifications-info"')
    assert "Đề nghị gia hạn" in actions and "Xử lý" in actions
    assert f"{task.get_absolute_url()}#extension-decision" in actions
    # the link lands on the decision form
    detail = client.get(task.get_absolute_url()).content.decode()
    assert 'id="extension-decision"' in detail

    services.decide_extension(
        extension=extension, by=world.people.specialist, approve=True, reason="Đồng ý"
    )
    page = client.get(reverse("notifications")).content.decode()
    actions, info = page.split('data-testid="notifications-info"')
    assert "Không có việc nào đang chờ bạn xử lý." in actions
    assert "Đề nghị gia hạn" in info and "Đã xử lý" in info
