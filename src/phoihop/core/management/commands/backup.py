"""`phoihop backup [--output PATH]`: the database and the uploaded files in one verified archive
(see core.backup). Run daily by cron; docs/operations.md gives the schedule and retention."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from phoihop.core.backup import BackupError, create_backup, default_archive_name, describe


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp tải lên vào một tệp .tar.gz kèm bản kê kiểm tra."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Tệp hoặc thư mục đích (mặc định: var/backups/phoihop-<thời điểm>.tar.gz).",
        )

    def handle(self, *args, output=None, **options):
        target = Path(output) if output else Path(settings.VAR_DIR, "backups")
        if not output or output.endswith(("/", "\\")) or target.is_dir():
            target = target / default_archive_name()
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {target}: {describe(manifest)}.")
