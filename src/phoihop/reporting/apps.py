from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The menu's drop-down of reporting: the reports to fill or receive, and the figures.
REPORTS = _("Báo cáo")


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

        from .permissions import shows_rollups_menu

        self._watch_the_structure()

        # The accepted figures, added up: for the officials of the areas concerned.
        register_menu_entry(
            MenuEntry(
                46,
                _("Số liệu"),
                "reporting:analysis",
                current=("reporting:analysis",),
                visible=shows_rollups_menu,
                group=REPORTS,
            )
        )
        uploads.register_purpose("report_attachment", kinds=uploads.ATTACHMENT_KINDS)
        register_menu_entry(
            MenuEntry(
                45,
                _("Báo cáo định kỳ"),
                "reporting:my_reports",
                current=("reporting:",),
                group=REPORTS,
            )
        )

        # After the directives (10), plans (20) and reviews (30) demos: regimes name the
        # organisations and the central documents those load.
        register_demo_seeder(
            DemoSeeder(
                40,
                "phoihop.reporting",
                seed_reporting_demo,
                tour=(
                    ("chuyenvien.tgdv", "/reporting/completeness/", "Báo cáo định kỳ: đơn vị "
                     "nào đã gửi, gửi đúng hạn, còn thiếu"),
                    ("daumoi.sgddt", "/reporting/", "Báo cáo của đơn vị: nhập số liệu, gửi, "
                     "sửa khi bị trả lại"),
                    ("chuyenvien.tgdv", "/reporting/analysis/", "Số liệu tổng hợp từ xã lên "
                     "tỉnh, nối qua đợt hợp nhất 2025"),
                    ("xa.hacthanh", "/reporting/", "Cấp xã: báo cáo tháng của Ban Xây dựng "
                     "Đảng phường Hạc Thành"),
                ),
            )
        )  # fmt: skip

    @staticmethod
    def _watch_the_structure() -> None:
        """An area or a successor link saved or deleted makes the current-structure roll-ups
        stale until `phoihop restructure_rollups` (reads map at read time meanwhile)."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from phoihop.org.models import Area

        from .structure import mark_stale

        post_save.connect(mark_stale, sender=Area, dispatch_uid="reporting_structure_save")
        post_delete.connect(mark_stale, sender=Area, dispatch_uid="reporting_structure_delete")
        m2m_changed.connect(
            mark_stale, sender=Area.successors.through, dispatch_uid="reporting_structure_links"
        )


def seed_reporting_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
