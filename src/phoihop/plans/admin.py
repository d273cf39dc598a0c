"""Read-only admin pages for support staff. Programmes, plans and tasks change only through the
app's pages and API, whose services check permissions, write the audit entry, refresh the search
row and the citations, and keep the lead organisation copied on the task: an admin form would
skip all of that."""

from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin

from .models import ExtensionRequest, Plan, Programme, Task, TaskParticipant


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "signing_organization", "start_year", "end_year")
    search_fields = ("title", "number")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "issuing_organization", "programme")
    list_filter = ("year",)
    search_fields = ("title", "number")


class ParticipantInline(ReadOnlyInline):
    model = TaskParticipant


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "plan", "lead_organization", "effective_deadline", "completed_on")
    list_filter = ("report_frequency",)
    search_fields = ("title",)
    date_hierarchy = "effective_deadline"
    inlines = [ParticipantInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = ("task", "organization", "requested_deadline", "status")
    list_filter = ("status",)
