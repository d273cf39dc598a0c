"""Reads of cases for the pages and the API: the filters of the list, the rows of a page,
the timeline."""

import datetime
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.org.models import Area, Organization
from phoihop.org.scope import holds_role, scope_ids
from phoihop.plans.models.buckets import bucket_q

from .models import BUCKET_FILTERS, Bucket, Case, CaseParticipant, Channel, Item
from .models.cases import _involved_case_ids

TIMELINE_LIMIT = 200
# The list's tabs count up to this many cases each; past it they say "hơn 1000" (ADR 0028).
COUNT_CAP = 1000


# Response time (answer day − received day, calendar days) in bins: (key, first, last day).
# Roughly 5, 10 and 20 working days; whether an answer met its statutory deadline in working
# days is the bucket (done on time / done late).
RESPONSE_BINS = (("le7", 0, 7), ("8to14", 8, 14), ("15to28", 15, 28), ("gt28", 29, None))
RESPONSE_KEYS = [key for key, _first, _last in RESPONSE_BINS]
# A column left empty: its cases are listed with ?missing=<key>.
MISSING = ("field", "area", "lead")


@dataclass
class CaseFilters:
    q: str = ""
    bucket: str = ""
    status: str = ""
    kind: str = ""
    field_id: int | None = None
    area: Area | None = None  # a province (its communes' cases) or a commune
    commune: Area | None = None  # a current commune (within `area` when both are given)
    lead_id: int | None = None
    hot_spot: bool = False
    channel: str = ""  # cases with at least one item received through it
    missing: str = ""  # one of MISSING: cases without a field, an area or a lead
    # Received, led or helped by it or one of its descendants (the dashboard's organisation)
    organization: Organization | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    response: str = ""  # one of RESPONSE_KEYS: answered within that many days

    def replaced(self, **changes) -> "CaseFilters":
        return replace(self, **changes)

    def as_query(self, **changes) -> str:
        """The list's query string for these filters (the links of the analytics page)."""
        f = self.replaced(**changes)
        values = {
            "q": f.q,
            "bucket": f.bucket,
            "status": f.status,
            "kind": f.kind,
            "field": f.field_id,
            "area": f.area.code if f.area else "",
            "commune": f.commune.code if f.commune else "",
            "lead": f.lead_id,
            "hot_spot": "on" if f.hot_spot else "",
            "channel": f.channel,
            "missing": f.missing,
            "organization": f.organization.pk if f.organization else "",
            "received_from": f.received_from.isoformat() if f.received_from else "",
            "received_to": f.received_to.isoformat() if f.received_to else "",
            "response": f.response,
        }
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def is_default(self) -> bool:
        return all(getattr(self, f.name) == f.default for f in fields(self))


def response_days():
    """The answer's delay in days, as an expression both databases compute."""
    return ExpressionWrapper(F("completed_on") - F("received_on"), output_field=DurationField())


def _in_response_bin(cases: QuerySet, key: str) -> QuerySet:
    _key, first, last = next(b for b in RESPONSE_BINS if b[0] == key)
    cases = cases.filter(completed_on__isnull=False).alias(response_days=response_days())
    cases = cases.filter(response_days__gte=datetime.timedelta(days=first))
    if last is not None:
        cases = cases.filter(response_days__lte=datetime.timedelta(days=last))
    return cases


def _in_area(cases: QuerySet, area: Area | None, commune: Area | None) -> QuerySet:
    if commune is not None:
        if area is not None and commune.parent_id != area.pk:
            return cases.none()
        return cases.filter(area=commune)
    if area is None:
        return cases
    if area.level == Area.Level.PROVINCE:
        return cases.filter(area__any_of=area_and_children(area.pk))
    return cases.filter(area=area)


def area_and_children(area_id: int) -> list[int]:
    """The ids of an area and of the areas right under it (a province and its communes), read
    first (one query): the cases' filter is then an id list on `cases_case.area_id` (ADR 0014),
    which PostgreSQL reads from the area index, instead of a join to the areas by parent, which
    read every case of the user's department to keep the province's."""
    family = Area.objects.filter(Q(pk=area_id) | Q(parent_id=area_id)).order_by()
    return list(family.values_list("pk", flat=True))  # empty for an unknown id: no case


def _missing(cases: QuerySet, column: str) -> QuerySet:
    column = {"field": "field", "area": "area", "lead": "lead_organization"}[column]
    return cases.filter(**{f"{column}__isnull": True})


def involving(cases: QuerySet, organization: Organization) -> QuerySet:
    """Cases received, led or helped by `organization` or one of its descendants."""
    within = Organization.objects.within(organization).values("pk")
    return cases.filter(pk__in=_involved_case_ids(within))


def narrowed_cases(filters: CaseFilters, today: datetime.date | None = None) -> QuerySet:
    """The current (not merged) cases `filters` select, before anyone's visibility."""
    cases = Case.objects.current()
    if filters.bucket in BUCKET_FILTERS:
        cases = cases.in_bucket(filters.bucket, today or timezone.localdate())
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.field_id:
        cases = cases.filter(field_id=filters.field_id)
    cases = _in_area(cases, filters.area, filters.commune)
    if filters.lead_id:
        cases = cases.filter(lead_organization_id=filters.lead_id)
    if filters.hot_spot:
        cases = cases.filter(hot_spot=True)
    if filters.channel in Channel.values:
        cases = cases.received_through(filters.channel)
    if filters.missing in MISSING:
        cases = _missing(cases, filters.missing)
    if filters.organization is not None:
        cases = involving(cases, filters.organization)
    if filters.received_from:
        cases = cases.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        cases = cases.filter(received_on__lte=filters.received_to)
    if filters.response in RESPONSE_KEYS:
        cases = _in_response_bin(cases, filters.response)
    return search.filter_text(cases, filters.q)


def visible_parts(user, cases: QuerySet) -> list[QuerySet]:
    """`cases` ∩ `Case.objects.visible_to(user)` as disjoint parts: those the user's
    organisations received, and those they take part in that they did not receive.

    Each part carries the filters, so the database reads only the matching cases of the
    user's departments through the department's index (`cases_case_department_cover` holds
    every column a figure groups by: counting reads no table row), rather than every case the
    user sees, one primary-key lookup each, and then filtering them (30,000 lookups for a
    province's department on the benchmark data). Disjoint, their counts add up."""
    if not user.is_authenticated:
        return [cases.none()]
    if user.is_superuser:
        return [cases]
    organizations = scope_ids(user)
    if not organizations:
        return [cases.none()]
    taking_part = CaseParticipant.objects.filter(organization__any_of=organizations)
    return [
        cases.filter(department__any_of=organizations),
        cases.filter(pk__in=taking_part.order_by().values("case_id")).exclude(
            department__any_of=organizations
        ),
    ]


def filter_cases(user, filters: CaseFilters, today: datetime.date | None = None) -> QuerySet:
    """The current (not merged) cases the user sees, narrowed by `filters`, due first."""
    parts = visible_parts(user, narrowed_cases(filters, today))
    if len(parts) == 1:
        return parts[0].order_by("effective_deadline", "id")
    received, taking_part = (part.order_by().values("pk") for part in parts)
    cases = Case.objects.filter(pk__in=received.union(taking_part, all=True))
    return cases.order_by("effective_deadline", "id")


def due_order(user, filters: CaseFilters, today: datetime.date | None = None) -> QuerySet:
    """The list's rows as (due date, id), due first: what the page slices. With two parts
    (received; taken part in) each part is read in the due order of its own index and the two
    are merged (UNION ALL), instead of `filter_cases`' `id IN (…)`, which looked up every
    matching case by key before keeping 25 (2,500 lookups for a department's overdue cases)."""
    parts = [
        part.order_by().values_list("effective_deadline", "pk")
        for part in visible_parts(user, narrowed_cases(filters, today))
    ]
    if len(parts) == 1:
        return parts[0].order_by("effective_deadline", "pk")
    return parts[0].union(*parts[1:], all=True).order_by("effective_deadline", "pk")


def grouped_counts(parts: list[QuerySet], *keys: str, **expressions) -> dict[tuple, int]:
    """{(key values…): how many cases} over disjoint `parts`, one grouped query each."""
    counts: dict[tuple, int] = {}
    for part in parts:
        # COUNT(*), not COUNT(id): the count then needs no column outside the covering index.
        rows = part.order_by().annotate(**expressions).values(*keys).annotate(n=Count("*"))
        for row in rows:
            key = tuple(row[k] for k in keys)
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


def bucket_expression(today: datetime.date) -> SqlCase:
    """A case's bucket as an SQL expression (NULL without a due date)."""
    return SqlCase(
        *(When(bucket_q(b, today), then=Value(b.value)) for b in Bucket),
        output_field=CharField(),
    )


def bucket_counts_of(parts: list[QuerySet], today: datetime.date) -> dict[str, int]:
    """How many of the cases of `parts` fall in each bucket, and the total."""
    grouped = grouped_counts(parts, "in_bucket", in_bucket=bucket_expression(today))
    counts = {b: grouped.get((b,), 0) for b in Bucket.values}
    counts["total"] = sum(counts[b] for b in Bucket.values)
    return counts


def tab_counts(parts: list[QuerySet], today: datetime.date, cap: int | None = None) -> dict:
    """The list's bucket tabs: how many of the cases of `parts` fall in each bucket, exact up
    to `cap` and `cap + 1` past it (the tab says "1000+"; ADR 0028), with "total" and
    "capped" (the buckets past the cap).

    Each part's first `cap + 1` cases are grouped in one query: a part with at most `cap`
    cases is counted so, exactly. The larger ones (a province's department, the whole country
    for an administrator) are then counted in one statement (ADR 0038): a scalar subquery per
    part and bucket, each stopping after `cap + 1` entries of the index that finds them,
    instead of one query per count. (For a small part, four such subqueries cost more than the
    grouping: the planner, guessing a bucket holds a few cases, joins two indexes' bitmaps.)"""
    cap = cap or COUNT_CAP
    counts = dict.fromkeys(Bucket.values, 0)
    large = []
    for part in parts:
        # Counted over the slice itself (a subquery with LIMIT): the columns come from the
        # index that found the cases, with no lookup of each case by its key.
        first = part.order_by()[: cap + 1]
        small = first.aggregate(
            **{b: Count("pk", filter=bucket_q(b, today)) for b in Bucket.values}
        )
        if sum(small.values()) > cap:
            large.append(part)
            continue
        for bucket in Bucket.values:
            counts[bucket] += small[bucket]
    for bucket, n in _capped_counts(large, today, cap):
        counts[bucket] += n
    capped = {bucket for bucket in Bucket.values if counts[bucket] > cap}
    counts = {bucket: min(n, cap + 1) for bucket, n in counts.items()}
    return counts | {"total": sum(counts.values()), "capped": capped}


def _capped_counts(parts: list[QuerySet], today: datetime.date, cap: int) -> list[tuple]:
    """(bucket, its cases in a part, at most `cap + 1`) for each part and bucket, in one
    statement composed from the parts' compiled SQL (as the analytics page's pass)."""
    subqueries, params, slots = [], [], []
    for part in parts:
        for bucket in Bucket.values:
            first = part.in_bucket(bucket, today).order_by().values("pk")[: cap + 1]
            try:
                sql, part_params = first.query.sql_with_params()
            except EmptyResultSet:  # a part that matches nothing
                continue
            subqueries.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")
            params.extend(part_params)
            slots.append(bucket)
    if not subqueries:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(subqueries), params)
        return list(zip(slots, cursor.fetchone(), strict=True))


def bucket_counts(cases: QuerySet, today: datetime.date) -> dict[str, int]:
    """How many of `cases` fall in each bucket (one query), and the total."""
    return bucket_counts_of([cases], today)


# The columns the list's table prints (cases/_case_table.html): each row builds four model
# instances, so only these are read.
ROW_COLUMNS = (
    "number",
    "title",
    "kind",
    "hot_spot",
    "status",
    "deadline",
    "extended_deadline",
    "effective_deadline",
    "completed_on",
    "area__name",
    "field__name",
    "lead_organization__name",
)


def rows_for(ids: list[int], today: datetime.date) -> list[Case]:
    """The rows of one page, with what the table prints, in the page's order (one query for
    the cases, one for their co-agencies)."""
    found = (
        Case.objects.filter(pk__in=ids)
        .with_bucket(today)
        .select_related("area", "field", "lead_organization")
        .only(*ROW_COLUMNS)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.filter(role=CaseParticipant.Role.CO)
                .select_related("organization")
                .only("case_id", "organization__name")
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


def dashboard_counts(user, organization: Organization | None, today: datetime.date) -> dict:
    """The landing page's two case figures for one organisation (its subtree's cases: received,
    led or helped) or, without one, for everything the user sees: open hot spots and overdue
    cases, in one query, each with the list's query string that counts the same cases."""
    if organization is not None and holds_role(user, organization):
        cases = Case.objects.current()  # within the user's scope: visibility adds nothing
    else:
        cases = Case.objects.visible_to(user).current()
    if organization is not None:
        cases = involving(cases, organization)
    overdue_q = bucket_q(Bucket.OPEN_OVERDUE, today)
    counts = cases.aggregate(
        hot_spots=Count("pk", filter=Q(hot_spot=True) & bucket_q("open", today)),
        overdue=Count("pk", filter=overdue_q),
    )
    filters = CaseFilters(organization=organization)
    return {
        "hot_spots": counts["hot_spots"],
        "overdue": counts["overdue"],
        "hot_spots_query": filters.as_query(hot_spot=True, bucket="open"),
        "overdue_query": filters.as_query(bucket=Bucket.OPEN_OVERDUE),
    }


def group_tasks(group, today: datetime.date) -> list:
    """The plans' tasks a working group set, with their bucket (one query)."""
    from phoihop.plans.models import Task

    return list(
        Task.objects.filter(working_group_link__group=group)
        .with_bucket(today)
        .select_related("plan", "lead_organization")
        .order_by("deadline", "id")
    )
