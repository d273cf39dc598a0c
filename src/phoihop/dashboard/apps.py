from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "phoihop.dashboard"
    label = "dashboard"
    verbose_name = _("Tổng quan")

    def ready(self) -> None:
        from phoihop.core.contributions import ACTIVITIES, MenuEntry, register_menu_entry

        register_menu_entry(MenuEntry(10, _("Tổng quan"), "home", current=("home",)))
        register_menu_entry(
            MenuEntry(
                390,
                _("Thống kê hoạt động"),
                "review_counts",
                current=("review_counts",),
                group=ACTIVITIES,
            )
        )
