"""`phoihop media_import PATH…`: import articles from RSS/Atom files, news sitemaps and
folders of saved article pages, through the same pipeline as the demo (and later the fetcher)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from phoihop.media.models import Source
from phoihop.media.pipeline import import_paths


class Command(BaseCommand):
    help = (
        "Nhập bài báo từ tệp RSS/Atom, sơ đồ tin (news sitemap) hoặc thư mục trang HTML đã lưu. "
        "Bài đã có (cùng địa chỉ sau khi chuẩn hóa) không nhập lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Tệp hoặc thư mục.")
        parser.add_argument(
            "--source", help="Tên nguồn báo chí của mọi bài (mặc định: theo tên trong tệp)."
        )

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"Không tìm thấy: {', '.join(missing)}")
        source = None
        if options.get("source"):
            source = Source.objects.filter(name=options["source"]).first()
            if source is None:
                raise CommandError(f"Không có nguồn báo chí tên «{options['source']}».")
        result = import_paths(paths, source=source)
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"Đã nhập {result.added} bài mới ({result.new_clusters} câu chuyện mới); "
            f"{result.already} bài đã có; {len(result.errors)} lỗi."
        )
