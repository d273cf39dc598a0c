from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "phoihop.plans"
    label = "plans"
    verbose_name = _("Chương trình, kế hoạch phối hợp")

    def ready(self) -> None:
        from phoihop.core import import_runs, search, uploads

        from . import spreadsheets

        import_runs.register(spreadsheets.WORKER_KIND, spreadsheets.run_queued_import)
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
