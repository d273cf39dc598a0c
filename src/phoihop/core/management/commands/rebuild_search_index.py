from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phoihop.core import search


class Command(BaseCommand):
    help = "Tạo lại chỉ mục tìm kiếm cho mọi loại đối tượng (hoặc các loại được chỉ định)."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="Loại đối tượng, ví dụ area organization")

    def handle(self, *args, kinds, **options):
        known = {entry.kind for entry in search.registered_kinds()}
        unknown = sorted(set(kinds) - known)
        if unknown:
            raise CommandError(
                f"Loại không có trong chỉ mục: {', '.join(unknown)}. Có: {', '.join(sorted(known))}"
            )
        with transaction.atomic():
            counts = search.rebuild(kinds or None)
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
