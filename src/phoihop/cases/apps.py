from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Ý kiến, phản ánh của Nhân dân")

    def ready(self) -> None:
        from phoihop.core import search, uploads

        uploads.register_purpose("case_attachment", kinds=uploads.ATTACHMENT_KINDS)

        from .models import Case

        search.register(
            "case",
            Case,
            label=_("Vụ việc"),
            visible=lambda user: Case.objects.visible_to(user),
            costly_visibility=True,
        )
