"""`phoihop media_fetch [--enqueue]`: fetch the press feeds that are due (robots.txt obeyed,
conditional requests, back-off on errors), now or as a job for the worker. Cron runs it with
`--enqueue` every few minutes (docs/operations.md)."""

from django.core.management.base import BaseCommand

from phoihop.media.fetching import fetch_due_feeds
from phoihop.media.tasks import fetch_feeds


class Command(BaseCommand):
    help = "Lấy tin từ các kênh RSS/Atom, sơ đồ tin đến hạn (tôn trọng robots.txt)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi cho db_worker thay vì chạy ngay.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = fetch_feeds.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        counts = fetch_due_feeds()
        self.stdout.write(
            f"Đã lấy {counts['feeds']} kênh tin ({counts['failed']} lỗi); "
            f"{counts['added']} bài mới."
        )
