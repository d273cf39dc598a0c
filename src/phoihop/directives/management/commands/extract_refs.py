"""`phoihop extract_refs [FILE ...]`: print every document citation as one JSON object per line,
in text order (standard input when no file is given).

Each object: raw, start, end, system, number, type, issuer, year, date, symbol, document_id (the
registry document it names, or null), ambiguous (true when the symbol names several registry
documents and no date picks one) and date_mismatch (true when the cited date fits none of them).
Offsets are character offsets into each file's text.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from phoihop.directives import services


class Command(BaseCommand):
    help = (
        "Tìm các trích dẫn văn bản (số ký hiệu) trong tệp văn bản; in mỗi trích dẫn một dòng JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Tệp văn bản UTF-8 (mặc định: đầu vào chuẩn).")

    def handle(self, *args, files=(), **options):
        for text in self._texts(files):
            for item in services.extract_and_resolve(text):
                self.stdout.write(json.dumps(item, ensure_ascii=False))

    def _texts(self, files):
        if not files:
            yield sys.stdin.read()
            return
        for name in files:
            try:
                with open(name, encoding="utf-8-sig") as handle:
                    yield handle.read()
            except OSError as exc:
                raise CommandError(f"Không đọc được tệp {name}: {exc.strerror}") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"Tệp {name} không phải văn bản UTF-8.") from exc
