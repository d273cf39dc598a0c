"""Read-mostly admin pages for support staff; day-to-day work goes through the app's pages,
which apply the services' rules and leave audit entries."""

from django.contrib import admin

from .models import ExtensionRequest, Milestone, Plan, Programme, Task, TaskParticipant


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "number", "signing_organization", "start_year", "end_year")
    search_fields = ("title", "number")
    raw_id_fields = ("signing_organization", "counterparts", "created_by")
    inlines = [MilestoneInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "issuing_organization", "programme")
    list_filter = ("year",)
    search_fields = ("title", "number")
    raw_id_fields = ("programme", "issuing_organization", "created_by")


class ParticipantInline(admin.TabularInline):
    model = TaskParticipant
    extra = 0
    raw_id_fields = ("organization", "focal_person")
    readonly_fields = ("progress", "status", "last_reported_at")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "plan", "lead_organization", "effective_deadline", "completed_on")
    list_filter = ("report_frequency",)
    search_fields = ("title",)
    date_hierarchy = "effective_deadline"
    raw_id_fields = (
        "plan",
        "programme",
        "issuing_organization",
        "lead_organization",
        "field",
        "created_by",
        "completed_by",
    )
    readonly_fields = ("effective_deadline", "completed_at")
    inlines = [ParticipantInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ("task", "organization", "requested_deadline", "status")
    list_filter = ("status",)
    raw_id_fields = ("task", "organization", "requested_by", "decided_by")
