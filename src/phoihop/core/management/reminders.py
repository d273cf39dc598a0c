"""The one shape of a daily reminder command (`send_task_reminders`, `send_review_reminders`):
an app's `reminders.send_reminders(today)` run now, or its job queued for the worker."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class ReminderCommand(BaseCommand):
    # send(today: date | None) -> {kind: count}; job: a django-tasks task taking an ISO day
    send = None
    job = None

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi cho db_worker thay vì chạy ngay.",
        )

    def handle(self, *args, **options):
        day = options.get("date")
        if day:
            try:
                datetime.date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError("--date phải có dạng YYYY-MM-DD") from exc
        if options["enqueue"]:
            result = type(self).job.enqueue(day)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        sent = type(self).send(datetime.date.fromisoformat(day) if day else None)
        total = sum(sent.values())
        details = ", ".join(f"{kind}: {count}" for kind, count in sorted(sent.items()))
        self.stdout.write(f"Đã gửi {total} thông báo mới. {details}".strip())
