"""The answer of a registry-document box (`forms.DocumentReferenceField`): documents of the
box's queryset matching what was typed, by the search index."""

from django.db.models import QuerySet

from phoihop.org.views import suggestions

from ..forms import document_label


def documents(request, field: str, queryset: QuerySet):
    found = suggestions.indexed(request, field, queryset.select_related("type"), "directive")
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
