"""Jobs survive their workers: a job left "running" by a worker that died is run again.

django-tasks-db 0.13 (the newest release) marks a job RUNNING when a worker claims it and
nothing else until it ends; it has no heartbeat, so a worker killed mid-job (OOM killer, SIGKILL,
power loss) leaves the row RUNNING forever. phoihop's `db_worker` (core/management/commands)
wraps the library's worker with a thread that every few seconds

1. records the worker's heartbeat (`WorkerHeartbeat`), and
2. calls `recover_stale_jobs()` and `send_pending_emails()`.

A RUNNING job is stale when it started more than TASKS_STALE_AFTER_SECONDS ago AND its worker
has not beaten within that time (or never did: a worker without the wrapper). A job longer than
the timeout on a live worker is therefore never run twice; only a dead worker's job is. Stale jobs
go back to READY; one that has already been tried TASKS_MAX_ATTEMPTS times is marked FAILED
instead, so a job that kills its worker (a memory bomb) does not kill every worker in turn.

Each row is changed by a conditional UPDATE that matches only the row as it was read (still
RUNNING, same start time), so several workers recovering at once requeue a job once, and a job
claimed again in between is left alone. Jobs are idempotent (design rule 7: notifications have a
unique key per recipient, e-mail state is on the notification), so the re-run only does the work
the dead worker had not done.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# Heartbeats of workers gone this long are deleted (they only matter for TASKS_STALE_AFTER_SECONDS).
FORGET_WORKERS_AFTER = datetime.timedelta(days=1)


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)


def beat_interval() -> float:
    """Several beats fit in the timeout, so one slow beat does not make a live worker look dead."""
    return max(0.5, min(30.0, settings.TASKS_STALE_AFTER_SECONDS / 4))


def record_heartbeat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


def recover_stale_jobs() -> dict[str, int]:
    """Requeue (or, past TASKS_MAX_ATTEMPTS, fail) jobs whose worker died. Safe to run from
    many processes at once; returns {"requeued": n, "failed": m}."""
    now = timezone.now()
    cutoff = now - stale_after()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    counts = {"requeued": 0, "failed": 0}
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).only("id", "started_at", "worker_ids", "task_path")
    for job in candidates:
        if job.worker_ids and job.worker_ids[-1] in alive:
            continue  # a long job on a live worker
        unchanged = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= settings.TASKS_MAX_ATTEMPTS:
            done = unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="phoihop.core.jobs.WorkerDied",
                traceback=f"The worker died {len(job.worker_ids)} times running this job.",
            )
            counts["failed"] += done
        else:
            done = unchanged.update(status=TaskResultStatus.READY)
            counts["requeued"] += done
        if done:
            logger.warning(
                "Job %s (%s) left running by dead worker %s: %s",
                job.pk,
                job.task_path,
                job.worker_ids[-1] if job.worker_ids else "?",
                "failed" if len(job.worker_ids) >= settings.TASKS_MAX_ATTEMPTS else "requeued",
            )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return counts
