from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "phoihop.media"
    label = "media"
    verbose_name = _("Theo dõi báo chí")

    def ready(self) -> None:
        from phoihop.core import import_runs, search, uploads
        from phoihop.core.contributions import (
            DemoSeeder,
            MenuEntry,
            register_demo_seeder,
            register_menu_entry,
        )

        from . import pipeline
        from .models import Cluster
        from .permissions import can_read_press

        search.register(
            "press_story",
            Cluster,
            label=_("Tin báo chí"),
            visible=lambda user: Cluster.objects.visible_to(user),
        )
        import_runs.register(pipeline.WORKER_KIND, pipeline.run_queued_import)
        uploads.register_purpose("press_file", kinds=("xml", "html", "zip"))
        register_menu_entry(
            MenuEntry(
                49, _("Báo chí"), "media:newsroom", current=("media:",), visible=can_read_press
            )
        )
        # After the org demo (press agencies, areas) and the cases demo (50).
        register_demo_seeder(
            DemoSeeder(
                60,
                "phoihop.media",
                seed_media_demo,
                tour=(
                    ("chuyenvien.tgdv", "/press/", "Báo chí: tin gộp theo câu chuyện, lọc theo "
                     "lĩnh vực, địa bàn, tin tiêu cực"),
                ),
            )
        )  # fmt: skip
        # Watchlists and alerts replayed over the corpus (demo_watch.py), after it.
        register_demo_seeder(
            DemoSeeder(
                61,
                "phoihop.media.watch",
                seed_watch_demo,
                tour=(("chuyenvien.tgdv", "/press/alerts/", "Cảnh báo tin tăng đột biến"),),
            )
        )


def seed_watch_demo(*, stdout) -> None:
    from . import demo_watch

    demo_watch.seed(stdout=stdout)


def seed_media_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
