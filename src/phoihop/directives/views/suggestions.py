"""The answer of a registry-document box (`forms.DocumentReferenceField`): documents of the
box's queryset matching what was typed, by symbol or by the search index."""

from django.db.models import QuerySet

from phoihop.core import search
from phoihop.org.views import suggestions
from phoihop.org.views.suggestions import PICKED_REFERENCE, QUERY_MAX_LENGTH

from ..forms import document_label

LIMIT = 10


def documents(request, field: str, queryset: QuerySet):
    query = PICKED_REFERENCE.sub("", request.GET.get(field, "")[:QUERY_MAX_LENGTH]).strip()
    found = []
    if query:
        ids = [hit.id for hit in search.search(request.user, query, kinds=["directive"], limit=50)]
        rows = queryset.select_related("type").in_bulk(ids)
        found = [rows[pk] for pk in ids if pk in rows][:LIMIT]
    items = [
        {
            "value": document_label(d),
            "label": str(d),
            "detail": f"{d.issued_on:%d/%m/%Y} · {d.abstract[:80]}",
            "code": f"#{d.pk}",
        }
        for d in found
    ]
    return suggestions.answer(request, field, items)
