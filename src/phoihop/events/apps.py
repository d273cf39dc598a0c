from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "phoihop.events"
    label = "events"
    verbose_name = _("Hội nghị, tập huấn")

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
        from phoihop.plans import ical

        from . import calendar, counts
        from .models import Event

        register_review_counter(ReviewCounter(10, "phoihop.events", counts.review_figures))

        uploads.register_purpose("event_file", kinds=uploads.ATTACHMENT_KINDS)
        uploads.register_purpose("event_certificate", kinds=("pdf", "png", "jpeg", "docx", "doc"))
        search.register(
            "event",
            Event,
            label=_("Hội nghị, tập huấn"),
            visible=lambda user: Event.objects.visible_to(user),
            costly_visibility=True,
        )
        register_menu_entry(
            MenuEntry(
                55,
                _("Hội nghị, tập huấn"),
                "events:event_list",
                current=("events:event",),
                group=ACTIVITIES,
            )
        )
        register_menu_entry(
            MenuEntry(
                56,
                _("Hồ sơ bồi dưỡng của tôi"),
                "events:my_training",
                current=("events:training", "events:my_training"),
                group=ACTIVITIES,
            )
        )
        # After the library's (56): the briefing cites its items.
        register_demo_seeder(
            DemoSeeder(
                57,
                "phoihop.events",
                seed_events_demo,
                tour=(
                    ("chuyenvien.tgdv", "/events/", "Hội nghị giao ban khoa giáo 6 tháng: "
                     "chương trình, điểm danh, kết luận thành nhiệm vụ"),
                    ("chuyenvien.tgdv", "/activities/", "Thống kê hoạt động cho báo cáo sơ kết, "
                     "tổng kết: hội nghị, đoàn khảo sát, mô hình hay, tài liệu"),
                ),
            )
        )  # fmt: skip
        ical.register_entries("events", calendar.entries)


def seed_events_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
