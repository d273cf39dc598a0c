"""`phoihop check_press_alerts`: run every hour (cron or a systemd timer), e.g. at minute 5."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from phoihop.media import alerts, tasks


class Command(BaseCommand):
    help = (
        "So số câu chuyện của mỗi chủ đề đang theo dõi trong khung giờ gần nhất với mức nền "
        "các khung trước; báo một lần khi tăng đột biến. Chạy lại nhiều lần không báo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", help="Thời điểm chạy (YYYY-MM-DDTHH:MM), mặc định bây giờ.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi cho db_worker thay vì chạy ngay.",
        )

    def handle(self, *args, **options):
        at = options.get("at")
        moment = None
        if at:
            try:
                moment = datetime.datetime.fromisoformat(at)
            except ValueError as exc:
                raise CommandError("--at phải có dạng YYYY-MM-DDTHH:MM") from exc
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        if options["enqueue"]:
            result = tasks.check_press_alerts.enqueue(moment.isoformat() if moment else None)
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        found = alerts.check_spikes(moment)
        self.stdout.write(
            f"Đã xét {found['measured']} chủ đề, {found['spike']} cảnh báo mới, "
            f"{found['sent']} thông báo đã gửi."
        )
