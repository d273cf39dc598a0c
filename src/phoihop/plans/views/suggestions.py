"""The answer of a task box (`forms.TaskReferenceField`): tasks of the box's queryset matching
what was typed, by the search index."""

from django.db.models import QuerySet

from phoihop.org.views import suggestions

from ..forms import task_label


def tasks(request, field: str, queryset: QuerySet):
    rows = queryset.select_related("plan", "lead_organization")
    items = [
        {
            "value": task_label(t),
            "label": t.title[:120],
            "detail": f"{t.plan.title[:60]} · {t.lead_organization.name}",
            "code": f"#{t.pk}",
        }
        for t in suggestions.indexed(request, field, rows, "task")
    ]
    return suggestions.answer(request, field, items)
