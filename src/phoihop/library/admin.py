"""The library is kept on its pages (services); the admin shows items and collections
read-only for system administrators."""

from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin

from .models import Collection, Item


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "access", "organization", "published_on")
    list_filter = ("kind", "access")
    search_fields = ("title",)
    exclude = ("fields",)


@admin.register(Collection)
class CollectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "created_at")
    search_fields = ("title",)
    exclude = ("items",)
