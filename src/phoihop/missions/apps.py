from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "phoihop.missions"
    label = "missions"
    verbose_name = _("Kiểm tra, giám sát, khảo sát")

    def ready(self) -> None:
        from phoihop.core import search, uploads
        from phoihop.core.contributions import (
            ACTIVITIES,
            DemoSeeder,
            MenuEntry,
            ReviewCounter,
            register_demo_seeder,
            register_menu_entry,
            register_review_counter,
        )

        from . import counts
        from .models import Mission

        uploads.register_purpose("mission_report", kinds=uploads.DOCUMENT_KINDS)
        search.register(
            "mission",
            Mission,
            label=_("Đoàn kiểm tra, giám sát, khảo sát"),
            visible=lambda user: Mission.objects.visible_to(user),
            costly_visibility=True,
        )
        register_menu_entry(
            MenuEntry(
                57,
                _("Kiểm tra, giám sát, khảo sát"),
                "missions:mission_list",
                current=("missions:",),
                group=ACTIVITIES,
            )
        )
        register_review_counter(ReviewCounter(20, "phoihop.missions", counts.review_figures))
        register_demo_seeder(
            DemoSeeder(
                64,
                "phoihop.missions",
                seed_missions_demo,
                tour=(
                    ("daumoi.syt", "/missions/", "Đoàn khảo sát: đơn vị được khảo sát xem và trả "
                     "lời phát hiện của mình; kiến nghị theo dõi như nhiệm vụ"),
                ),
            )
        )  # fmt: skip


def seed_missions_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
