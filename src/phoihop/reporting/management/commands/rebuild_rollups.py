"""`phoihop rebuild_rollups`: recompute every roll-up from the accepted values.

Never needed in normal running (the accept and reopen services keep the roll-ups current); for
a repair after data was changed outside the services, or after loading accepted submissions in
bulk (a migration from spreadsheets, the benchmark)."""

from django.core.management.base import BaseCommand

from phoihop.reporting import rollups


class Command(BaseCommand):
    help = (
        "Tính lại toàn bộ số liệu tổng hợp từ các báo cáo đã tiếp nhận (sửa chữa, nạp hàng loạt)."
    )

    def handle(self, *args, **options):
        cells = rollups.rebuild()
        self.stdout.write(f"Đã tính lại {cells:,} ô số liệu tổng hợp.".replace(",", "."))
