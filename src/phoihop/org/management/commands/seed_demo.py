"""`phoihop seed_demo`: realistic demo data (Thanh Hóa, Phú Thọ) and demo logins.

Idempotent: a second run creates nothing. `--reset` brings every demo object back to its seeded
state. Other apps add their own demo data by registering a seeder (`core.contributions`).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from phoihop.core.contributions import demo_seeders
from phoihop.org import demo


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (Thanh Hóa, Phú Thọ) và các tài khoản trình diễn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Đưa dữ liệu trình diễn về trạng thái ban đầu (tên, vai trò, mật khẩu).",
        )

    def handle(self, *args, reset: bool = False, **options):
        started = timezone.now()
        try:
            demo.seed(stdout=self.stdout, reset=reset)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        for seeder in demo_seeders():
            self.stdout.write(f"Dữ liệu trình diễn của {seeder.name}…")
            seeder.seed(stdout=self.stdout)
        demo.spread_notification_times(started)
        self.stdout.write("")
        self.stdout.write(demo.login_table())
        self.stdout.write("")
        self.stdout.write(demo.tour_text(settings.SITE_URL))
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu trình diễn."))
