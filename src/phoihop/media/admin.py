"""Sources, feeds and the tagging rules are kept here by system administrators, every save
ending in the app's service (core.admin.ServiceAdmin: permission, audit). Articles and stories
are shown read-only: they come in through the import pipeline."""

from django import forms
from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin, ServiceAdmin
from phoihop.core.forms import BoundaryValidationMixin

from . import services
from .models import Alert, Article, Cluster, Feed, FieldKeywords, NegativeTerm, Source, SpikeRule


def _form(model_class):
    class Form(BoundaryValidationMixin, forms.ModelForm):
        column_model = model_class

        class Meta:
            model = model_class
            fields = (*model_class.AUDITED_FIELDS, *(("fields",) if model_class is Source else ()))

    return Form


class ReferenceAdmin(ServiceAdmin):
    saved = staticmethod(services.record_press_reference_change)


@admin.register(Source)
class SourceAdmin(ReferenceAdmin):
    form = _form(Source)
    audited_fields = Source.AUDITED_FIELDS
    list_display = ("name", "level", "home_area", "enabled")
    list_filter = ("level", "enabled")
    search_fields = ("name",)
    autocomplete_fields = ("organization", "home_area")


@admin.register(Feed)
class FeedAdmin(ReferenceAdmin):
    form = _form(Feed)
    audited_fields = Feed.AUDITED_FIELDS
    list_display = ("url", "source", "kind", "last_success_at", "consecutive_failures")
    list_select_related = ("source",)


@admin.register(FieldKeywords)
class FieldKeywordsAdmin(ReferenceAdmin):
    form = _form(FieldKeywords)
    audited_fields = FieldKeywords.AUDITED_FIELDS
    list_display = ("field",)
    list_select_related = ("field",)


@admin.register(NegativeTerm)
class NegativeTermAdmin(ReferenceAdmin):
    form = _form(NegativeTerm)
    audited_fields = NegativeTerm.AUDITED_FIELDS
    deleted = staticmethod(services.record_press_reference_deletion)
    search_fields = ("term",)


@admin.register(Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ("headline", "first_seen_at", "article_count", "negative")
    list_filter = ("negative",)
    show_full_result_count = False


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "source", "published_at")
    list_select_related = ("source",)
    search_fields = ("title",)
    show_full_result_count = False
    exclude = ("signature",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "signature"]


@admin.register(SpikeRule)
class SpikeRuleAdmin(ReferenceAdmin):
    """The spike rule's thresholds (media/alerts.py): one row, edited, never added or deleted."""

    form = _form(SpikeRule)
    audited_fields = SpikeRule.AUDITED_FIELDS
    list_display = ("__str__", "window_hours", "baseline_windows", "ratio", "min_stories")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("topic", "kind", "recipient", "story_count", "raised_at", "acknowledged_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    show_full_result_count = False
