"""Writes for the registry, citations, numbering and a directive review's report document.

Every function checks permission first, validates with Vietnamese messages, writes inside one
transaction and leaves an audit entry. Views, forms, the API, commands and other apps' services
only call these.

The one function other apps call: ``record_citations(obj=..., text=..., by=...)`` whenever they
save text. It replaces the citations stored for that object (pass ``text=""`` when the object is
deleted). Authorisation is the caller's: it is part of saving the caller's object.
"""

from .citations import (
    Cited,
    Resolution,
    candidates_for,
    extract_and_resolve,
    key_of_found,
    record_citations,
    reresolve_citations,
    resolve,
    resolve_citation,
)
from .documents import (
    DOCUMENT_FIELDS,
    create_document,
    record_reference_change,
    update_document,
    validate_document,
)
from .numbering import (
    numbering_sequence,
    organization_system,
    preview_next_number,
    reserve_number,
)
from .reviews import complete_review

__all__ = [
    "DOCUMENT_FIELDS",
    "Cited",
    "Resolution",
    "candidates_for",
    "complete_review",
    "create_document",
    "extract_and_resolve",
    "key_of_found",
    "numbering_sequence",
    "organization_system",
    "preview_next_number",
    "record_citations",
    "record_reference_change",
    "reresolve_citations",
    "reserve_number",
    "resolve",
    "resolve_citation",
    "update_document",
    "validate_document",
]
