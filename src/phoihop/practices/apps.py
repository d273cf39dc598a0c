from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "phoihop.practices"
    label = "practices"
    verbose_name = _("Mô hình hay, cách làm hiệu quả")

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
        from .models import GoodModel

        uploads.register_purpose("practice_evidence", kinds=(*uploads.DOCUMENT_KINDS, "webp"))
        search.register(
            "good_model",
            GoodModel,
            label=_("Mô hình hay, cách làm hiệu quả"),
            visible=lambda user: GoodModel.objects.visible_to(user),
        )
        register_menu_entry(
            MenuEntry(
                58,
                _("Mô hình hay"),
                "practices:model_list",
                current=("practices:",),
                group=ACTIVITIES,
            )
        )
        register_review_counter(ReviewCounter(30, "phoihop.practices", counts.review_figures))
        register_demo_seeder(
            DemoSeeder(
                66,
                "phoihop.practices",
                seed_practices_demo,
                tour=(
                    ("xa.hacthanh", "/models/", "Mô hình hay, cách làm hiệu quả và nơi nhân rộng"),
                ),
            )
        )  # fmt: skip


def seed_practices_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
