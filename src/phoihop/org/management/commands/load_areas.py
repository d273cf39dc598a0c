"""`phoihop load_areas`: load or refresh the administrative areas (safe to run again)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand

from phoihop.org.areas import HISTORY_PATH, load_areas

LABELS = {
    "province": "Tỉnh/thành phố (từ 01/7/2025)",
    "commune": "Xã/phường/đặc khu (từ 01/7/2025)",
    "old_province": "Tỉnh/thành phố trước 01/7/2025",
    "old_district": "Quận/huyện trước 01/7/2025",
    "old_commune": "Xã/phường/thị trấn trước 01/7/2025",
}


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh/thành phố và 3.321 xã/phường hiện hành cùng các địa bàn trước 01/7/2025 "
        "(có liên kết kế thừa), rồi lập chỉ mục tìm kiếm. Chạy lại không tạo bản ghi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            type=Path,
            default=HISTORY_PATH,
            help="Tệp lịch sử địa bàn (.json.gz). Mặc định: %(default)s",
        )
        parser.add_argument("--no-history", action="store_true", help="Chỉ nạp địa bàn hiện hành.")
        parser.add_argument(
            "--no-index", action="store_true", help="Không lập lại chỉ mục tìm kiếm."
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_areas(
            history_path=None if options["no_history"] else options["history"],
            reindex=not options["no_index"],
        )
        for key, counts in result.levels.items():
            self.stdout.write(
                f"{LABELS[key]}: {counts.total} "
                f"(mới {counts.created}, cập nhật {counts.updated}, giữ nguyên {counts.unchanged})"
            )
        if result.history_loaded:
            self.stdout.write(
                f"Liên kết kế thừa: thêm {result.successor_links_created}, "
                f"bỏ {result.successor_links_removed}"
            )
        else:
            self.stdout.write(self.style.WARNING(result.history_message))
        if result.unresolved_successors:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(result.unresolved_successors)} mã kế thừa không có trong địa bàn "
                    f"hiện hành, ví dụ: {', '.join(result.unresolved_successors[:5])}"
                )
            )
        if not options["no_index"]:
            self.stdout.write(f"Chỉ mục tìm kiếm: {result.indexed} địa bàn")
        elapsed = time.monotonic() - started
        summary = "Đã cập nhật địa bàn" if result.changed else "Không có thay đổi"
        self.stdout.write(self.style.SUCCESS(f"{summary} ({elapsed:.1f} giây)."))
