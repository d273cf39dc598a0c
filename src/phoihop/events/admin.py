from django.contrib import admin

from phoihop.core.admin import ServiceAdmin

from . import services
from .models import EventKind


@admin.register(EventKind)
class EventKindAdmin(ServiceAdmin):
    list_display = ("name", "code", "is_training", "active", "order")
    audited_fields = ("code", "name", "is_training", "order", "active")
    saved = staticmethod(services.kind_saved)
