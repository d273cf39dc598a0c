from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "phoihop.directives"
    label = "directives"
    verbose_name = _("Văn bản chỉ đạo")

    def ready(self) -> None:
        from phoihop.core.contributions import (
            DemoSeeder,
            MenuEntry,
            register_demo_seeder,
            register_menu_entry,
        )

        register_menu_entry(
            MenuEntry(50, _("Văn bản"), "directives:document_list", current=("directives:",))
        )
        register_demo_seeder(DemoSeeder(10, "phoihop.directives", seed_directives_demo))
        from phoihop.core import import_runs, search, uploads

        from . import imports

        import_runs.register(imports.WORKER_KIND, imports.run_queued_import)

        uploads.register_purpose("directive_document", kinds=uploads.DOCUMENT_KINDS)

        from .models import Document

        search.register(
            "directive",
            Document,
            label=_("Văn bản"),
            visible=lambda user: Document.objects.visible_to(user),
        )
        register_reviewable()


def register_reviewable() -> None:
    """A directive's reviews are read within the responsible organisation's scope and managed
    by its registry editors (permissions.py); "N years after" counts from the issue date."""
    from phoihop.reviews import kinds

    from . import permissions
    from .models import Document
    from .scope import document_scope

    kinds.register(
        kinds.ReviewableKind(
            model=Document,
            label=_("Văn bản"),
            visible=lambda user: document_scope(user, field="responsible"),
            can_manage=lambda user, review: (
                permissions.can_manage_reviews(user, review.responsible)
                and permissions.can_view_document(user, review.subject)
            ),
            starts_on=lambda document: document.issued_on,
            start_name=_("ngày ban hành văn bản"),
            subject_label=lambda document: document.citation_label,
            queryset=lambda: Document.objects.select_related("type"),
        )
    )


def seed_directives_demo(*, stdout) -> None:
    from . import demo

    demo.seed(stdout=stdout)
