"""Admin views over core records. The audit trail is strictly read-only here, as everywhere."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, Notification, SearchDocument


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by staff with the view permission; nothing can be added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "actor_name",
        "action",
        "content_type",
        "object_repr",
        "ip_address",
        "via",
    )
    list_filter = ("action", "via", "content_type")
    search_fields = ("actor_name", "object_repr", "object_id", "organization_path")
    date_hierarchy = "at"
    list_select_related = ("content_type",)
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "title", "read_at")
    list_filter = (("read_at", admin.EmptyFieldListFilter),)
    search_fields = ("title", "key", "recipient__username", "recipient__full_name")
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient",)


@admin.register(SearchDocument)
class SearchDocumentAdmin(ReadOnlyAdmin):
    """The search index is derived data: rebuild it, never edit it."""

    list_display = ("title", "kind", "subtitle", "url")
    list_filter = ("kind",)
    search_fields = ("search_text",)


admin.site.site_header = _("Quản trị phoihop")
admin.site.site_title = _("Quản trị phoihop")
