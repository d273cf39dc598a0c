"""A job left running by a dead worker is run again (once), a live worker's long job is not, a
job that kills its worker every time ends failed; a notification's e-mail goes out once even
when the job that sent it runs again. The real SIGKILL drill is test_worker_killed.py."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from phoihop.core.jobs import record_heartbeat, recover_stale_jobs
from phoihop.core.models import Notification, WorkerHeartbeat
from phoihop.core.notifications import deliver_email, notify, send_pending_emails
from phoihop.plans.tasks import send_task_reminders

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def timeout(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 60
    settings.TASKS_MAX_ATTEMPTS = 3


def running_job(*, started_seconds_ago: int, workers=("w1",)) -> DBTaskResult:
    result = send_task_reminders.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(seconds=started_seconds_ago),
        worker_ids=list(workers),
    )
    return DBTaskResult.objects.get(pk=result.id)


def status_of(job) -> str:
    return DBTaskResult.objects.get(pk=job.pk).status


def test_a_job_of_a_dead_worker_is_queued_again_once():
    job = running_job(started_seconds_ago=120)
    assert recover_stale_jobs() == {"requeued": 1, "failed": 0}
    assert status_of(job) == TaskResultStatus.READY
    assert recover_stale_jobs() == {"requeued": 0, "failed": 0}
    assert DBTaskResult.objects.ready().filter(pk=job.pk).exists()


def test_a_long_job_on_a_live_worker_and_a_recent_job_are_left_alone():
    long_job = running_job(started_seconds_ago=3600, workers=["alive"])
    record_heartbeat("alive")
    recent = running_job(started_seconds_ago=5, workers=["gone"])
    assert recover_stale_jobs() == {"requeued": 0, "failed": 0}
    assert status_of(long_job) == status_of(recent) == TaskResultStatus.RUNNING


def test_a_worker_silent_for_longer_than_the_timeout_counts_as_dead():
    job = running_job(started_seconds_ago=600, workers=["old"])
    WorkerHeartbeat.objects.create(
        worker_id="old", seen_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert recover_stale_jobs()["requeued"] == 1
    assert status_of(job) == TaskResultStatus.READY


def test_a_job_that_killed_its_worker_too_often_is_failed_not_retried():
    job = running_job(started_seconds_ago=120, workers=["a", "b", "c"])
    call_command("recover_stale_jobs")
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    assert "died 3 times" in job.traceback
    assert job.finished_at is not None


def test_the_worker_command_is_phoihops_wrapper():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "phoihop.core"


def test_notifying_again_after_a_lost_email_sends_it_once(django_capture_on_commit_callbacks):
    person = UserFactory(email="canbo@thanhhoa.gov.vn")
    # The first run created the notification and died before its e-mail left.
    notify(person, key="k", title="Quá hạn", email=True)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(person, key="k", title="Quá hạn", email=True) is None
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, key="k", title="Quá hạn", email=True)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


def test_an_email_claimed_by_a_live_sender_is_not_sent_twice_until_the_claim_expires():
    person = UserFactory(email="canbo@thanhhoa.gov.vn")
    notification = notify(person, key="k", title="Quá hạn", email=True)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=timezone.now())
    assert deliver_email(notification.pk) is False
    assert send_pending_emails() == 0
    expired = timezone.now() - datetime.timedelta(seconds=61)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=expired)
    assert send_pending_emails() == 1
    assert send_pending_emails() == 0
    assert [m.to for m in mail.outbox] == [["canbo@thanhhoa.gov.vn"]]


def test_a_failed_send_is_retried_after_the_timeout_not_at_once(settings):
    settings.EMAIL_BACKEND = "tests.core.mail_backends.FailingBackend"
    person = UserFactory(email="canbo@thanhhoa.gov.vn")
    notification = notify(person, key="k", title="Quá hạn", email=True)
    assert deliver_email(notification.pk) is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending_emails() == 0
    expired = timezone.now() - datetime.timedelta(seconds=61)
    Notification.objects.filter(pk=notification.pk).update(email_claimed_at=expired)
    assert send_pending_emails() == 1
    assert len(mail.outbox) == 1
