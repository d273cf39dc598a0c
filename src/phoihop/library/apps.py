from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "phoihop.library"
    label = "library"
    verbose_name = _("Thư viện tài liệu")

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

        # Outlines, books, guidance and slides; scans as photos.
        uploads.register_purpose(
            "library_file",
            kinds=("pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
                   "txt", "png", "jpeg"),
        )  # fmt: skip

        from . import counts
        from .models import Item

        register_review_counter(ReviewCounter(40, "phoihop.library", counts.review_figures))

        search.register(
            "library_item",
            Item,
            label=_("Tài liệu"),
            visible=lambda user: Item.objects.visible_to(user),
        )
        register_menu_entry(
            MenuEntry(
                64,
                _("Thư viện"),
                "library:item_list",
                current=("library:",),
                group=ACTIVITIES,
            )
        )
        # After the directives demo: items name the resolutions they explain.
        register_demo_seeder(
            DemoSeeder(
                56,
                "phoihop.library",
                seed_library_demo,
                tour=(
                    ("chuyenvien.tgdv", "/library/", "Thư viện tài liệu: đề cương tuyên truyền, "
                     "hướng dẫn, quyền xem theo từng tài liệu, tìm trong nội dung tệp"),
                    ("(khách)", "/library/public/", "Tài liệu công khai, không cần đăng nhập"),
                ),
            )
        )  # fmt: skip


def seed_library_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
