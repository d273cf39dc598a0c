from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "phoihop.plans"
    label = "plans"
    verbose_name = _("Chương trình, kế hoạch phối hợp")
