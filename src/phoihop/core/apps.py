from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "phoihop.core"
    label = "core"
    verbose_name = _("Nền tảng chung")

    def ready(self):
        from . import (
            lockout,  # noqa: F401  (connects the sign-in audit receivers)
            queries,  # noqa: F401  (registers the any_of lookup)
        )
