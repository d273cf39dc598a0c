"""`phoihop restore PATH`: load a `phoihop backup` archive into an empty database and an empty
MEDIA_ROOT, then check every table and file against its manifest; exits non-zero on any
difference. docs/operations.md gives the restore drill."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phoihop.core.backup import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cơ sở dữ liệu trống rồi đối chiếu với bản kê."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra.")

    def handle(self, *args, archive, **options):
        try:
            report = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.problems:
            details = "\n".join(f"  - {problem}" for problem in report.problems)
            raise CommandError(f"Đã khôi phục nhưng KHÔNG khớp bản kê:\n{details}")
        self.stdout.write(f"Đã khôi phục và đối chiếu khớp bản kê: {describe(report.manifest)}.")
