"""Reads of cases for the pages and the API: the filters of the list, the rows of a page,
the timeline."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.org.models import Area

from .models import BUCKET_FILTERS, Bucket, Case, CaseParticipant, Item

TIMELINE_LIMIT = 200


@dataclass
class CaseFilters:
    q: str = ""
    bucket: str = ""
    status: str = ""
    kind: str = ""
    field_id: int | None = None
    area: Area | None = None  # a province (its communes' cases) or a commune
    lead_id: int | None = None
    hot_spot: bool = False


def filter_cases(user, filters: CaseFilters, today: datetime.date | None = None) -> QuerySet:
    """The current (not merged) cases the user sees, narrowed by `filters`, due first."""
    cases = Case.objects.visible_to(user).current()
    if filters.bucket in BUCKET_FILTERS:
        cases = cases.in_bucket(filters.bucket, today or timezone.localdate())
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.field_id:
        cases = cases.filter(field_id=filters.field_id)
    if filters.area is not None:
        if filters.area.level == Area.Level.PROVINCE:
            cases = cases.filter(Q(area=filters.area) | Q(area__parent=filters.area))
        else:
            cases = cases.filter(area=filters.area)
    if filters.lead_id:
        cases = cases.filter(lead_organization_id=filters.lead_id)
    if filters.hot_spot:
        cases = cases.filter(hot_spot=True)
    cases = search.filter_text(cases, filters.q)
    return cases.order_by("effective_deadline", "id")


def bucket_counts(cases: QuerySet, today: datetime.date) -> dict[str, int]:
    """How many of `cases` fall in each bucket (one query), and the total."""
    from django.db.models import Count

    rows = cases.with_bucket(today).order_by().values("bucket").annotate(n=Count("pk"))
    counts = {b: 0 for b in Bucket.values}
    for row in rows:
        counts[row["bucket"]] = row["n"]
    counts["total"] = sum(counts[b] for b in Bucket.values)
    return counts


def rows_for(ids: list[int], today: datetime.date) -> list[Case]:
    """The rows of one page, with what the table prints, in the page's order (one query for
    the cases, one for their co-agencies)."""
    found = (
        Case.objects.filter(pk__in=ids)
        .with_bucket(today)
        .select_related("area", "field", "lead_organization", "department")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.filter(role=CaseParticipant.Role.CO)
                .select_related("organization")
                .order_by("id"),
                to_attr="co_parts",
            )
        )
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def case_for_page(user, pk: int) -> Case | None:
    return (
        Case.objects.visible_to(user)
        .select_related(
            "department", "field", "area", "area__parent", "lead_organization", "merged_into"
        )
        .filter(pk=pk)
        .first()
    )


def items_of(case: Case) -> list[Item]:
    return list(
        case.items.select_related("area")
        .prefetch_related("attachments")
        .order_by("received_at", "id")
    )


def participants_of(case: Case) -> list[CaseParticipant]:
    return list(
        case.participants.select_related("organization", "focal_person").order_by("-role", "id")
    )


def timeline(case: Case) -> list:
    """The audit entries of the case and of the cases merged into it, newest first."""
    merged = list(Case.objects.filter(merged_into=case))
    return list(entries_for(case, *merged)[:TIMELINE_LIMIT])


def group_tasks(group, today: datetime.date) -> list:
    """The plans' tasks a working group set, with their bucket (one query)."""
    from phoihop.plans.models import Task

    return list(
        Task.objects.filter(working_group_link__group=group)
        .with_bucket(today)
        .select_related("plan", "lead_organization")
        .order_by("deadline", "id")
    )
