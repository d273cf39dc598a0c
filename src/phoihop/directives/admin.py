"""Reference data (terms, type and issuer codes) is edited here by system administrators;
every save ends in `services.record_reference_change` (core.admin.ServiceAdmin), which audits
it, clears the symbol parser's code lists and refreshes the documents' search rows.

Registry documents, reviews and numbers are written through the app's pages and services, so
they are read-only here: the services keep the audit trail, search index and citations right.
"""

from django.contrib import admin

from phoihop.core.admin import ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import Document, DocumentType, Issuer, PartyTerm


class ReferenceAdmin(ServiceAdmin):
    saved = staticmethod(services.record_reference_change)


@admin.register(PartyTerm)
class PartyTermAdmin(ReferenceAdmin):
    audited_fields = ("organization", "number", "name", "starts_on", "ends_on", "uncertain", "note")
    list_display = ("name", "number", "starts_on", "ends_on", "uncertain")


@admin.register(DocumentType)
class DocumentTypeAdmin(ReferenceAdmin):
    audited_fields = ("system", "code", "name", "position")
    list_display = ("code", "name", "system", "position")
    list_filter = ("system",)
    search_fields = ("code", "name")


@admin.register(Issuer)
class IssuerAdmin(ReferenceAdmin):
    audited_fields = ("system", "code", "name", "valid_from", "valid_to")
    list_display = ("code", "name", "system", "valid_from", "valid_to")
    list_filter = ("system",)
    search_fields = ("code", "name")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("symbol", "issued_on", "term", "organization", "status")
    list_filter = ("system", "status")
    search_fields = ("symbol", "abstract")
