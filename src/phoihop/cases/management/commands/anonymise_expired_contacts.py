"""`phoihop anonymise_expired_contacts`: run once a night (cron or a systemd timer)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from phoihop.cases import retention, tasks


class Command(BaseCommand):
    help = (
        "Xóa thông tin liên hệ của người gửi ý kiến khi vụ việc đã đóng quá thời hạn lưu "
        "theo loại vụ việc. Chạy lại nhiều lần không xóa trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Đưa vào hàng đợi cho db_worker."
        )

    def handle(self, *args, **options):
        day = options.get("date")
        try:
            today = datetime.date.fromisoformat(day) if day else None
        except ValueError as exc:
            raise CommandError("--date phải có dạng YYYY-MM-DD") from exc
        if options["enqueue"]:
            result = tasks.anonymise_expired_contacts.enqueue(day)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        count = retention.anonymise_expired(today)
        self.stdout.write(f"Đã xóa thông tin liên hệ của {count} người gửi hết thời hạn lưu.")
