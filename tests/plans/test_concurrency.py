"""Two participants reporting at the same moment: both reports and both progress values are
kept (each locks only its own participant row)."""

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from phoihop.plans import services
from phoihop.plans.models import ProgressReport, TaskParticipant


def with_busy_wait(function, **kwargs):
    """PostgreSQL makes the second writer wait for the row lock. SQLite serialises writers: a
    file database waits through its busy timeout, but the shared-cache in-memory database used
    by the test run answers "table is locked" at once, so the wait is emulated here."""
    for _attempt in range(200):
        try:
            return function(**kwargs)
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see core/test_backup.py
def test_two_participants_report_at_once_and_nothing_is_lost(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    reporters = [
        (task.participants.get(organization=world.health), world.people.health_focal, 70),
        (task.participants.get(organization=world.education), world.people.education_focal, 35),
    ]
    barrier = threading.Barrier(len(reporters))
    errors = []

    def report(participant, person, progress):
        try:
            barrier.wait(timeout=10)
            for step in range(5):
                with_busy_wait(
                    services.report_progress,
                    participant=participant,
                    by=person,
                    progress=progress - 4 + step,
                    status="in_progress",
                    content=f"Lần {step + 1}",
                )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            close_old_connections()
            if connection.vendor != "sqlite":
                connection.close()

    threads = [threading.Thread(target=report, args=r) for r in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert ProgressReport.objects.filter(task=task).count() == 10
    progress = dict(
        TaskParticipant.objects.filter(task=task).values_list(
            "organization__identifier", "progress"
        )
    )
    assert progress == {"38.SYT": 70, "38.SGDDT": 35}
