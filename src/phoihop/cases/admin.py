"""The cases' reference data is kept here by system administrators, every save ending in the
app's service (core.admin.ServiceAdmin: permission, audit). Cases and items are shown
read-only; the citizens' identities are not in the admin at all (their reading is audited, on
the case page)."""

from django import forms
from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin, ServiceAdmin
from phoihop.core.forms import BoundaryValidationMixin

from . import services
from .models import Case, ConsentText, DeadlineRule, RetentionRule, RoutingRule


class ConsentTextForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = ConsentText

    class Meta:
        model = ConsentText
        fields = ConsentText.AUDITED_FIELDS


@admin.register(ConsentText)
class ConsentTextAdmin(ServiceAdmin):
    form = ConsentTextForm
    saved = staticmethod(services.record_consent_text_change)
    audited_fields = ConsentText.AUDITED_FIELDS
    list_display = ("version", "valid_from", "created_at")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "status", "department", "lead_organization", "deadline")
    list_filter = ("status", "kind", "hot_spot")
    search_fields = ("number", "title")
    list_select_related = ("department", "lead_organization")
    show_full_result_count = False


class RoutingRuleForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = RoutingRule

    class Meta:
        model = RoutingRule
        fields = RoutingRule.AUDITED_FIELDS


@admin.register(RoutingRule)
class RoutingRuleAdmin(ServiceAdmin):
    """Nothing is deleted: a rule that no longer holds gets its "hiệu lực đến" date."""

    form = RoutingRuleForm
    saved = staticmethod(services.record_routing_rule_change)
    audited_fields = RoutingRule.AUDITED_FIELDS
    list_display = ("field", "area", "organization", "valid_from", "valid_to")
    list_filter = ("field",)
    search_fields = ("area__name", "organization__name")
    list_select_related = ("field", "area", "organization")
    autocomplete_fields = ("area", "organization")


class DeadlineRuleForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = DeadlineRule

    class Meta:
        model = DeadlineRule
        fields = DeadlineRule.AUDITED_FIELDS


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ServiceAdmin):
    form = DeadlineRuleForm
    saved = staticmethod(services.record_deadline_rule_change)
    audited_fields = DeadlineRule.AUDITED_FIELDS
    list_display = (
        "kind",
        "channel",
        "urgent_hot_spot",
        "acknowledge_days",
        "answer_days",
        "note",
    )


class RetentionRuleForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = RetentionRule

    class Meta:
        model = RetentionRule
        fields = RetentionRule.AUDITED_FIELDS


@admin.register(RetentionRule)
class RetentionRuleAdmin(ServiceAdmin):
    form = RetentionRuleForm
    saved = staticmethod(services.record_retention_rule_change)
    audited_fields = RetentionRule.AUDITED_FIELDS
    list_display = ("kind", "months", "note")
