"""`phoihop db_worker`: django-tasks-db's worker plus a heartbeat thread that takes up the jobs
and e-mails of dead workers (see core.jobs). Same options as the library's command; it replaces
it because phoihop.core comes before django_tasks_db in INSTALLED_APPS."""

import logging
import os
import threading
import time

from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from phoihop.core import jobs
from phoihop.core.notifications import send_pending_emails

logger = logging.getLogger(__name__)


def _look_after(worker_id: str) -> None:
    """Beat, then recover, until the process ends (a daemon thread). Errors (a database restart,
    SQLite busy) are logged and retried at the next beat: the worker must not stop for them."""
    while True:
        try:
            jobs.record_heartbeat(worker_id)
            jobs.recover_stale_jobs()
            send_pending_emails()
        except Exception:
            logger.exception("Worker %s: heartbeat or recovery failed", worker_id)
        finally:
            close_old_connections()
        time.sleep(jobs.beat_interval())


class Command(db_worker.Command):
    help = "Chạy tiến trình xử lý tác vụ nền; nhận lại các tác vụ của tiến trình đã dừng đột ngột."

    def handle(self, *args, reload: bool, batch: bool, worker_id: str, **options) -> None:
        # With --reload the parent only watches files; the child that runs jobs beats.
        reloading = reload and not batch
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            threading.Thread(
                target=_look_after, args=(worker_id,), name="heartbeat", daemon=True
            ).start()
        super().handle(*args, reload=reload, batch=batch, worker_id=worker_id, **options)
