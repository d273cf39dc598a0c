from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "phoihop.org"
    label = "org"
    verbose_name = _("Địa bàn và tổ chức")

    def ready(self) -> None:
        from phoihop.core import import_runs, search

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
