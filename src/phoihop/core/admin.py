"""Admin views over core records, and the two kinds of admin every app uses: read-only
(`ReadOnlyAdmin`) or saving through the app's service (`ServiceAdmin`). The audit trail is
strictly read-only here, as everywhere."""

from django import forms
from django.contrib import admin
from django.db import router, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import audit, periods
from .forms import BoundaryValidationMixin
from .models import AuditEntry, Notification, SearchDocument, WorkingDayChange


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


class ServiceAdmin(admin.ModelAdmin):
    """An admin whose every save ends in the app's service `saved(obj=, changes=, created=,
    by=)`: the service checks the permission, writes the audit entry and refreshes what derives
    from the object (search rows, caches). The admin's save runs in one transaction, so a
    refusal (PermissionDenied) or a failure undoes the change. Nothing is deleted here (history
    is data, and a deletion would skip the service), unless the admin names a `deleted(obj=,
    by=)` service: then each deletion, one row or a selection, goes through it (it checks the
    permission and audits what the row held) in one transaction.

    `changes` is `{field: [old, new]}` over `audited_fields`, taken once the many-to-many fields
    are saved too (save_related), so a granted group or permission shows."""

    audited_fields: tuple[str, ...] = ()
    deleted = None  # the app's service `deleted(obj=, by=)`, where a row may be removed

    @staticmethod
    def saved(*, obj, changes: dict, created: bool, by) -> None:
        raise NotImplementedError  # set to the app's service

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            before = audit.snapshot(type(obj)._default_manager.get(pk=obj.pk), self.audited_fields)
        super().save_model(request, obj, form, change)
        obj._audit_before = before  # on the object: one admin instance serves every request

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = obj.__dict__.pop("_audit_before", {})
        changes = audit.diff(before, audit.snapshot(obj, self.audited_fields))
        self.saved(obj=obj, changes=changes, created=not change, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return self.deleted is not None and super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        self.delete_queryset(request, [obj])

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self.deleted(obj=obj, by=request.user)


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


class WorkingDayChangeForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = WorkingDayChange

    class Meta:
        model = WorkingDayChange
        fields = WorkingDayChange.AUDITED_FIELDS


@admin.register(WorkingDayChange)
class WorkingDayChangeAdmin(ServiceAdmin):
    """The annual substitution decisions, kept by system administrators. A row recorded by
    mistake may be deleted (audited, with what it said): the working-day computations read the
    table afresh, so nothing else refers to it."""

    form = WorkingDayChangeForm
    saved = staticmethod(periods.record_working_day_change)
    deleted = staticmethod(periods.delete_working_day_change)
    audited_fields = WorkingDayChange.AUDITED_FIELDS
    list_display = ("date", "weekday", "kind", "decision", "note", "by_default")
    list_filter = ("kind",)
    search_fields = ("decision", "note")
    date_hierarchy = "date"

    @admin.display(description=_("thứ"))
    def weekday(self, obj):
        return date_format(obj.date, "l")

    @admin.display(description=_("theo lịch chung (gói holidays)"))
    def by_default(self, obj):
        """What the date would be without this row, so a row that changes nothing shows."""
        working, holiday = periods.package_day(obj.date)
        if working:
            return _("Ngày làm việc")
        return holiday or _("Ngày nghỉ cuối tuần")


admin.site.site_header = _("Quản trị phoihop")
admin.site.site_title = _("Quản trị phoihop")
