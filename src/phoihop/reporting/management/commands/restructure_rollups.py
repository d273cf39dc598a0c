"""`phoihop restructure_rollups`: run once a day (cron or a systemd timer). Derives the roll-ups
in the current structure again when an area or a successor link changed since they were built,
or when a date of the structure passed (a reorganisation taking effect); otherwise does nothing.
`--force` derives them again anyway."""

from django.core.management.base import BaseCommand

from phoihop.reporting import structure


class Command(BaseCommand):
    help = "Tính lại số liệu tổng hợp theo cơ cấu địa bàn hiện hành khi cơ cấu đã thay đổi."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Tính lại cả khi không cần.")

    def handle(self, *args, force=False, **options):
        cells = structure.restructure() if force else structure.restructure_if_due()
        if cells is None:
            self.stdout.write("Cơ cấu địa bàn không đổi: không cần tính lại.")
            return
        done = f"Đã tính lại {cells:,} ô số liệu theo cơ cấu hiện hành."
        self.stdout.write(done.replace(",", "."))
