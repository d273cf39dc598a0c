"""`phoihop send_task_reminders`: run once a day (cron or a systemd timer), e.g. at 07:00."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from phoihop.plans import reminders
from phoihop.plans.tasks import send_task_reminders


class Command(BaseCommand):
    help = (
        "Gửi nhắc hạn nhiệm vụ (sắp đến hạn, đến hạn, quá hạn), báo cáo lãnh đạo đơn vị chủ trì "
        "khi quá hạn lâu và nhắc báo cáo tiến độ định kỳ. Chạy lại nhiều lần không gửi trùng."
    )

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
            result = send_task_reminders.enqueue(day)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        sent = reminders.send_reminders(datetime.date.fromisoformat(day) if day else None)
        total = sum(sent.values())
        details = ", ".join(f"{kind}: {count}" for kind, count in sorted(sent.items()))
        self.stdout.write(f"Đã gửi {total} thông báo mới. {details}".strip())
