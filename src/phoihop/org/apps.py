from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "phoihop.org"
    label = "org"
    verbose_name = _("Địa bàn và tổ chức")

    def ready(self) -> None:
        from phoihop.core import api, import_runs, search
        from phoihop.core.contributions import (
            ADMINISTRATION,
            DIRECTORY,
            MenuEntry,
            register_menu_entry,
        )

        from .models import user_for_api_token
        from .permissions import can_view_audit

        api.register_token_resolver(user_for_api_token)
        for entry in (
            MenuEntry(
                60,
                _("Tổ chức"),
                "org:organization_list",
                current=("org:organization", "org:member"),
                group=DIRECTORY,
            ),
            MenuEntry(70, _("Địa bàn"), "org:area_list", current=("org:area",), group=DIRECTORY),
            MenuEntry(80, _("Cán bộ"), "org:person_list", current=("org:person",), group=DIRECTORY),
            MenuEntry(
                90,
                _("Nhật ký"),
                "org:audit_list",
                current=("org:audit",),
                visible=can_view_audit,
                group=ADMINISTRATION,
            ),
        ):
            register_menu_entry(entry)

        from . import imports

        import_runs.register(imports.WORKER_KIND, imports.run_queued_import)
        from .models import Area, Organization, User

        search.register(
            "area", Area, label=_("Địa bàn"), visible=lambda user: Area.objects.visible_to(user)
        )
        search.register(
            "organization",
            Organization,
            label=_("Tổ chức"),
            visible=lambda user: Organization.objects.visible_to(user),
        )
        search.register(
            "person", User, label=_("Cán bộ"), visible=lambda user: User.objects.visible_to(user)
        )
