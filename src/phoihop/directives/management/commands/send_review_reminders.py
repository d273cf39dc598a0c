"""`phoihop send_review_reminders [--date YYYY-MM-DD] [--enqueue]`: run daily by cron or the
scheduler. Idempotent: a second run the same day sends nothing."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from phoihop.directives import services, tasks


class Command(BaseCommand):
    help = "Nhắc hạn sơ kết, tổng kết văn bản (chạy hằng ngày; chạy lại không gửi trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính hạn, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Đưa vào hàng đợi tác vụ thay vì chạy ngay."
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {date} (cần dạng YYYY-MM-DD).") from exc
        if enqueue:
            result = tasks.send_review_reminders.enqueue(on=date)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        sent = services.send_review_reminders(today=today)
        self.stdout.write(f"Đã gửi {sent} thông báo nhắc hạn.")
