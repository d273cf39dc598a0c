"""`phoihop open311_key NAME`: issue an Open311 API key and print it (once)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from phoihop.cases.services.open311_keys import issue_open311_key


class Command(BaseCommand):
    help = (
        "Cấp khóa API Open311 cho một ứng dụng và in khóa ra một lần duy nhất "
        "(hệ thống chỉ lưu mã băm của khóa)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Tên ứng dụng hoặc đơn vị sử dụng khóa.")

    def handle(self, *args, **options):
        try:
            key, raw = issue_open311_key(name=options["name"], by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"Đã cấp khóa Open311 #{key.pk} cho «{key.name}». Lưu khóa ngay:")
        self.stdout.write(raw)
