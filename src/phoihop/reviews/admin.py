"""Reviews change only through their pages and services (permission, validation, audit), so the
admin only reads them."""

from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin

from .models import Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "title", "subject_type", "due_on", "responsible", "done_on")
    list_filter = ("kind", "subject_type")
    date_hierarchy = "due_on"
    list_select_related = ("responsible",)
