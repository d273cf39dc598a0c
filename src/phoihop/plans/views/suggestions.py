"""The answer of a task box (`forms.TaskReferenceField`): tasks of the box's queryset matching
what was typed, by the search index."""

from django.db.models import QuerySet

from phoihop.core import search
from phoihop.org.views import suggestions
from phoihop.org.views.suggestions import PICKED_REFERENCE, QUERY_MAX_LENGTH

from ..forms import task_label

LIMIT = 10


def tasks(request, field: str, queryset: QuerySet):
    query = PICKED_REFERENCE.sub("", request.GET.get(field, "")[:QUERY_MAX_LENGTH]).strip()
    found = []
    if query:
        ids = [hit.id for hit in search.search(request.user, query, kinds=["task"], limit=50)]
        rows = queryset.select_related("plan", "lead_organization").in_bulk(ids)
        found = [rows[pk] for pk in ids if pk in rows][:LIMIT]
    items = [
        {
            "value": task_label(t),
            "label": t.title[:120],
            "detail": f"{t.plan.title[:60]} · {t.lead_organization.name}",
            "code": f"#{t.pk}",
        }
        for t in found
    ]
    return suggestions.answer(request, field, items)
