"""`phoihop recover_stale_jobs`: requeue the jobs of dead workers and send the e-mails they left.
Every `phoihop db_worker` does this on its own; the command is for cron when no worker runs
the wrapper, or to see the counts."""

from django.core.management.base import BaseCommand

from phoihop.core.jobs import recover_stale_jobs
from phoihop.core.notifications import send_pending_emails


class Command(BaseCommand):
    help = "Nhận lại các tác vụ nền bị bỏ dở và gửi các thư điện tử còn chờ."

    def handle(self, *args, **options):
        counts = recover_stale_jobs()
        emailed = send_pending_emails()
        self.stdout.write(
            f"requeued={counts['requeued']} failed={counts['failed']} emailed={emailed}"
        )
