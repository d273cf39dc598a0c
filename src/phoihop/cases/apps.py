from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = _("Ý kiến, phản ánh của Nhân dân")

    def ready(self) -> None:
        self.register_contributions()
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

    @staticmethod
    def register_contributions() -> None:
        from phoihop.core.contributions import (
            MeField,
            MenuEntry,
            register_me_field,
            register_menu_entry,
        )

        register_menu_entry(MenuEntry(45, _("Vụ việc"), "cases:case_list", current=("cases:",)))
        register_me_field(
            MeField(
                "can_record_cases",
                bool,
                can_record_cases,
                "Có quyền tiếp nhận ý kiến, phản ánh của Nhân dân (ghi nhận thay người gửi).",
            )
        )


def can_record_cases(user) -> bool:
    from .permissions import can_record_item, intake_departments

    return can_record_item(user) and intake_departments(user).exists()
