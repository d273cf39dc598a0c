from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "phoihop.plans"
    label = "plans"
    verbose_name = _("Chương trình, kế hoạch phối hợp")

    def ready(self) -> None:
        self.register_contributions()
        from phoihop.core import import_runs, search, uploads

        from . import imports

        import_runs.register(imports.WORKER_KIND, imports.run_queued_import)
        uploads.register_purpose("signed_document", kinds=uploads.DOCUMENT_KINDS)
        uploads.register_purpose("task_attachment", kinds=uploads.ATTACHMENT_KINDS)
        uploads.register_purpose("progress_attachment", kinds=uploads.ATTACHMENT_KINDS)

        from .models import Plan, Programme, Task

        search.register(
            "programme",
            Programme,
            label=_("Chương trình phối hợp"),
            visible=lambda user: Programme.objects.visible_to(user),
            costly_visibility=True,
        )
        search.register(
            "plan",
            Plan,
            label=_("Kế hoạch"),
            visible=lambda user: Plan.objects.visible_to(user),
            costly_visibility=True,
        )
        search.register(
            "task",
            Task,
            label=_("Nhiệm vụ"),
            visible=lambda user: Task.objects.visible_to(user),
            costly_visibility=True,
        )
        self.register_reviewable()

    @staticmethod
    def register_reviewable() -> None:
        """A programme's reviews are read by whoever reads the programme and managed by whoever
        may change it; they fall after the programme starts."""
        from django.db.models import Q

        from phoihop.reviews import kinds

        from . import permissions
        from .models import Programme
        from .services import programme_starts_on

        kinds.register(
            kinds.ReviewableKind(
                model=Programme,
                label=_("Chương trình phối hợp"),
                visible=lambda user: Q(
                    subject_id__in=Programme.objects.visible_to(user).values("pk")
                ),
                can_manage=lambda user, review: permissions.can_change_programme(
                    user, review.subject
                ),
                starts_on=programme_starts_on,
                start_name=_("ngày bắt đầu chương trình"),
                final_after_preliminary=True,
                subject_label=lambda programme: programme.title,
            )
        )

    @staticmethod
    def register_contributions() -> None:
        from phoihop.core.contributions import (
            DemoSeeder,
            MeField,
            MenuEntry,
            register_demo_seeder,
            register_me_field,
            register_menu_entry,
        )

        register_menu_entry(
            MenuEntry(
                20,
                _("Việc của tôi"),
                "plans:task_list",
                current=("plans:task", "plans:league"),
                query="?mine=1",
            )
        )
        register_menu_entry(
            MenuEntry(30, _("Kế hoạch"), "plans:plan_list", current=("plans:plan",))
        )
        register_menu_entry(
            MenuEntry(40, _("Chương trình"), "plans:programme_list", current=("plans:programme",))
        )
        register_demo_seeder(DemoSeeder(20, "phoihop.plans", seed_plans_demo))
        register_me_field(
            MeField(
                "calendar_url",
                str,
                calendar_url,
                "Địa chỉ lịch iCalendar riêng (hạn nhiệm vụ và mốc sơ kết, tổng kết).",
            )
        )


def seed_plans_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)


def calendar_url(user) -> str:
    from .services import calendar_url_for

    return calendar_url_for(user)
