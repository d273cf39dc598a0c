"""Reference data (terms, type and issuer codes) is edited here by system administrators.

Registry documents, reviews and numbers are written through the app's pages and services, so
they are read-only here: the services keep the audit trail, search index and citations right.
"""

from django.contrib import admin

from . import reference
from .models import Document, DocumentType, Issuer, PartyTerm


class ReferenceAdmin(admin.ModelAdmin):
    """Code lists feed the symbol parser: clear its cache after every change."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reference.clear_codes_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        reference.clear_codes_cache()


@admin.register(PartyTerm)
class PartyTermAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "starts_on", "ends_on", "uncertain")


@admin.register(DocumentType)
class DocumentTypeAdmin(ReferenceAdmin):
    list_display = ("code", "name", "system", "position")
    list_filter = ("system",)
    search_fields = ("code", "name")


@admin.register(Issuer)
class IssuerAdmin(ReferenceAdmin):
    list_display = ("code", "name", "system", "valid_from", "valid_to")
    list_filter = ("system",)
    search_fields = ("code", "name")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "issued_on", "term", "organization", "status")
    list_filter = ("system", "status")
    search_fields = ("symbol", "abstract")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
