from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "phoihop.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from phoihop.core import uploads
        from phoihop.core.contributions import (
            DemoSeeder,
            MenuEntry,
            register_demo_seeder,
            register_menu_entry,
        )

        uploads.register_purpose("report_attachment", kinds=uploads.ATTACHMENT_KINDS)
        register_menu_entry(
            MenuEntry(45, _("Báo cáo định kỳ"), "reporting:my_reports", current=("reporting:",))
        )

        # After the directives (10), plans (20) and reviews (30) demos: regimes name the
        # organisations and the central documents those load.
        register_demo_seeder(DemoSeeder(40, "phoihop.reporting", seed_reporting_demo))


def seed_reporting_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
