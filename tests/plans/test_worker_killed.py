"""The SIGKILL drill: a real `phoihop db_worker` runs the daily reminder job (notifications with
e-mail to several people), is killed mid-job, a second worker takes the job up after the
timeout, and every notification and e-mail exists exactly once."""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from phoihop.core.models import Notification
from phoihop.plans.tasks import send_task_reminders

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # see core/test_backup.py
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="a second process writing the test database needs PostgreSQL (SQLite's test "
        "database is in memory)",
    ),
]
REPO = Path(__file__).resolve().parents[2]
STALE_AFTER = 2  # seconds


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(mail_dir: Path, mail_delay: float) -> subprocess.Popen:
    """A worker whose mail server takes `mail_delay` seconds to accept each message."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DEBUG": "1",
        "PYTHONPATH": str(REPO),
        "EMAIL_BACKEND": "tests.core.mail_backends.SlowFileBackend",
        "SLOW_MAIL_DIR": str(mail_dir),
        "SLOW_MAIL_SECONDS": str(mail_delay),
        "TASKS_STALE_AFTER_SECONDS": str(STALE_AFTER),
    }
    command = [sys.executable, "-m", "phoihop", "db_worker", "--no-reload", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, "--interval", "0.2", "--verbosity", "0"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def emails_by_address(mail_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in mail_dir.iterdir():
        for address in re.findall(r"^To: (.+)$", path.read_text(), flags=re.MULTILINE):
            counts[address] = counts.get(address, 0) + 1
    return counts


def test_a_job_killed_mid_run_is_finished_by_another_worker_exactly_once(
    world, make_task, tmp_path
):
    lead_and_co = {
        "lead": world.health,
        "co": [world.education, world.culture],
        "outside_parties_reason": "Phối hợp tuyên truyền trên địa bàn",
    }
    for title in ("Tuyên truyền phòng chống dịch", "Tuyên truyền an toàn giao thông"):
        make_task(
            title=title, deadline=datetime.date.today() - datetime.timedelta(days=2), **lead_and_co
        )
    before = set(Notification.objects.values_list("pk", flat=True))
    job = send_task_reminders.enqueue()

    # The kill lands while the first worker waits on the mail server for the second message
    # (a whole second), never between a server's acceptance and the record of it.
    first = start_worker(tmp_path, mail_delay=1.0)
    try:
        emailed = Notification.objects.exclude(pk__in=before).filter(emailed_at__isnull=False)
        wait_for(emailed.exists, 20, "the first e-mail")
        first.send_signal(signal.SIGKILL)
        first.wait()
    finally:
        first.kill()
    assert DBTaskResult.objects.get(pk=job.id).status == TaskResultStatus.RUNNING

    second = start_worker(tmp_path, mail_delay=0.05)
    try:
        finished = DBTaskResult.objects.filter(pk=job.id, status=TaskResultStatus.SUCCESSFUL)
        wait_for(finished.exists, 20, "the job to be taken up again and finished")
        mine = Notification.objects.exclude(pk__in=before)
        wait_for(
            lambda: not mine.filter(email_requested=True, emailed_at__isnull=True).exists(),
            10,
            "every e-mail",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)

    expected: dict[str, int] = {}
    for address in mine.filter(email_requested=True).values_list("recipient__email", flat=True):
        expected[address] = expected.get(address, 0) + 1
    assert len(expected) >= 3 and sum(expected.values()) >= 6
    assert emails_by_address(tmp_path) == expected
    assert DBTaskResult.objects.get(pk=job.id).worker_ids.__len__() == 2
