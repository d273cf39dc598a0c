"""The answers of type-ahead boxes (core.forms.SuggestInput): the page that draws a box answers
its `?suggest=<field>` request with the organisations or areas matching what was typed, taken
only from the rows that box may pick (the field checks the value again when the form is sent).
"""

import re

from django.db.models import QuerySet
from django.shortcuts import render

from phoihop.core import search

from .. import selectors
from ..forms import person_label, reference_for, reference_label

# What a pick wrote after the name, "(38.SYT)", or its unfinished start: not searched for.
PICKED_REFERENCE = re.compile(r"\s*\([^()]*\)?\s*$")
QUERY_MAX_LENGTH = 100
# How many rows a box lists, and how many search hits it reads to find them among its rows.
SHOWN, SEARCHED = 10, 50


def asked_for(request) -> str:
    """The field whose suggestions the request asks for ("" for a plain page request)."""
    return request.GET.get("suggest", "")


def organizations(request, field: str, queryset: QuerySet, *, several: bool = False):
    """Organisations of `queryset` matching the box `field`; `several`: the box lists several
    separated by ";" and the last one is being typed."""
    query = request.GET.get(field, "")[:QUERY_MAX_LENGTH]
    if several:
        query = query.replace(",", ";").split(";")[-1]
    query = PICKED_REFERENCE.sub("", query)
    items = [
        {
            "value": reference_for(o) if several else reference_label(o),
            "label": o.name,
            "detail": o.abbreviation,
            "code": reference_for(o),
        }
        for o in selectors.suggest_organizations(request.user, query, queryset)
    ]
    return answer(request, field, items, append=several)


def areas(request, field: str):
    """Areas in force matching the box `field` (by code or name)."""
    query = request.GET.get(field, "")[:QUERY_MAX_LENGTH]
    items = [
        {
            "value": a.code,
            "label": a.name,
            "detail": a.parent.name if a.parent_id else "",
            "code": a.code,
        }
        for a in selectors.suggest_areas(request.user, query)
    ]
    return answer(request, field, items)


def people(request, field: str, queryset: QuerySet):
    """People of `queryset` the user may see in the directory, matching the box `field`."""
    query = PICKED_REFERENCE.sub("", request.GET.get(field, "")[:QUERY_MAX_LENGTH])
    items = [
        {"value": person_label(p), "label": str(p), "detail": p.position, "code": p.username}
        for p in selectors.suggest_people(request.user, query, queryset)
    ]
    return answer(request, field, items)


def indexed(request, field: str, queryset: QuerySet, kind: str) -> list:
    """The rows of `queryset` whose search document (`core.search` kind `kind`) matches what
    was typed in the box `field`, best first: other apps' boxes (tasks, documents) read their
    rows with it and draw them with `answer`."""
    query = PICKED_REFERENCE.sub("", request.GET.get(field, "")[:QUERY_MAX_LENGTH]).strip()
    if not query:
        return []
    ids = [hit.id for hit in search.search(request.user, query, kinds=[kind], limit=SEARCHED)]
    rows = queryset.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows][:SHOWN]


def answer(request, field: str, items: list[dict], *, append: bool = False):
    """The list under the box `field`: each item a dict of `value` (what a pick writes in the
    box), `label`, `detail` and `code`. Other apps' boxes (tasks, documents) answer through it."""
    context = {"items": items, "target": f"id_{field}", "append": append}
    return render(request, "org/_organization_suggestions.html", context)
