"""The rows of the organisation list: plain objects holding exactly what a row prints.

A list page shows 50 rows. Reading them as tuples and formatting every cell here, once per row
(link, labels, badges, dates, the parent's link if the user may see it), takes a third of the
time of building model instances and having the template call back into Python for each cell.
Keeping the organisation list under the latency goal depends on it (docs/architecture.md,
"Keeping pages fast").
"""

import datetime
from dataclasses import dataclass

from django.utils.safestring import SafeString

from phoihop.core.links import object_url_maker

from . import selectors
from .models import Organization, choice_labels
from .templatetags.organizations import status_badges, validity_text


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    pk: int
    url: str
    name: str
    abbreviation: str
    kind: str  # the label, in the active language
    level: str
    badges: SafeString
    parent_name: str | None  # None when there is no parent or the user may not see it
    parent_url: str | None
    area_name: str
    validity: str  # "01/07/2025 – …", or ""


def organization_rows(user, ids: list[int], today: datetime.date) -> list[OrganizationRow]:
    """The rows of one page, in the order of `ids` (read by selectors.list_row_values)."""
    found = selectors.list_row_values(user, ids)
    detail_url = object_url_maker("org:organization_detail")
    kinds, levels = choice_labels(Organization.Kind), choice_labels(Organization.Level)
    rows = []
    for pk in ids:
        if pk not in found:  # archived or deleted between the two queries
            continue
        (_, name, abbreviation, kind, level, parent_id, parent_name, area_name,
         valid_from, valid_to, archived_at, parent_visible) = found[pk]  # fmt: skip
        parent_shown = parent_id is not None and parent_visible
        rows.append(
            OrganizationRow(
                pk=pk,
                url=detail_url(pk),
                name=name,
                abbreviation=abbreviation,
                kind=kinds.get(kind, kind),
                level=levels.get(level, level),
                badges=status_badges(archived_at, valid_from, valid_to, today),
                parent_name=parent_name if parent_shown else None,
                parent_url=detail_url(parent_id) if parent_shown else None,
                area_name=area_name or "",
                validity=validity_text(valid_from, valid_to),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class TreeNode:
    pk: int
    url: str
    name: str
    abbreviation: str
    kind: str  # the label, in the active language
    child_count: int
    badges: SafeString


_NODE_COLUMNS = (
    "pk",
    "name",
    "abbreviation",
    "kind",
    "child_count",
    "valid_from",
    "valid_to",
    "archived_at",
)


def tree_nodes(queryset, today: datetime.date) -> list[TreeNode]:
    """The nodes of one level of the tree, from a queryset annotated with `child_count`."""
    detail_url = object_url_maker("org:organization_detail")
    kinds = choice_labels(Organization.Kind)
    return [
        TreeNode(
            pk=pk,
            url=detail_url(pk),
            name=name,
            abbreviation=abbreviation,
            kind=kinds.get(kind, kind),
            child_count=child_count,
            badges=status_badges(archived_at, valid_from, valid_to, today),
        )
        for (
            pk,
            name,
            abbreviation,
            kind,
            child_count,
            valid_from,
            valid_to,
            archived_at,
        ) in queryset.values_list(*_NODE_COLUMNS)
    ]
