"""Reads: which organisations may take part, task lists with filters, boards, league tables and
dashboard figures. Every list starts from `Model.objects.visible_to(user)`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, FloatField, Max, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Cast, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.http import urlencode

from phoihop.core import caching, search
from phoihop.core.text import fold
from phoihop.org.models import Area, Membership, Organization
from phoihop.org.scope import holds_role, scope_key
from phoihop.reviews.selectors import upcoming_reviews

from .models import (
    DUE_SOON,
    Bucket,
    Plan,
    Programme,
    Task,
    TaskParticipant,
    bucket_of,
    bucket_q,
    due_soon_days,
)

# Who may take part ------------------------------------------------------------------------------


def province_area(organization: Organization) -> Area | None:
    """The province an organisation works in: its own area's province, or its nearest
    ancestor's."""
    candidates = [organization]
    ancestor_ids = organization.ancestor_ids()
    if organization.area_id is None and ancestor_ids:
        ancestors = Organization.objects.filter(pk__in=ancestor_ids, area__isnull=False)
        by_id = {o.pk: o for o in ancestors.select_related("area")}
        candidates = [by_id[i] for i in reversed(ancestor_ids) if i in by_id]
    for org in candidates:
        area = org.area if org.area_id else None
        while area is not None and area.level != Area.Level.PROVINCE:
            area = area.parent
        if area is not None:
            return area
    return None


def province_candidates(organization: Organization) -> QuerySet:
    """Active organisations in the same province as `organization` (any level), or, for bodies
    with no province (central ones), active bodies of the same tree or the same level."""
    active = Organization.objects.active()
    province = province_area(organization)
    if province is None:
        return active.same_tree_as(organization) | active.filter(level=organization.level)
    roots = Organization.objects.filter(depth=0).filter(Q(area=province) | Q(area__parent=province))
    in_province = Q(area=province) | Q(area__parent=province) | Q(area__parent__parent=province)
    return active.filter(in_province) | active.within(*roots)


def parties(plan: Plan) -> list[Organization]:
    """The parties of a plan: its issuing organisation and, under a programme, the programme's
    signing organisation and counterparts. Their units count as parties too."""
    programme = plan.programme
    return [plan.issuing_organization, *(programme.parties() if programme else [])]


def party_organizations(plan: Plan, limit: int = 300) -> list[Organization]:
    """The organisations offered first when choosing participants: the parties themselves and
    the units under them (capped, nearest first)."""
    within = Organization.objects.active().within(*parties(plan))
    return list(within.order_by("depth", "name")[:limit])


def search_candidates(plan: Plan, query: str, limit: int = 20) -> list[Organization]:
    """Participants outside the parties: active organisations in the plan's province whose
    name, abbreviation or identifier matches `query` (core.search), best match first."""
    if not query.strip():
        return []
    candidates = province_candidates(plan.issuing_organization).order_by("depth", "name")
    matching = search.filter_text(candidates, query, ranked=True)
    return list(matching.select_related("area")[:limit])


# Task lists -------------------------------------------------------------------------------------


@dataclass
class TaskFilters:
    bucket: str = ""
    organization: Organization | None = None
    role: str = ""  # "lead", "co" or "" (any involvement)
    field_id: int | None = None
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    q: str = ""
    plan: Plan | None = None
    programme: Programme | None = None
    mine: bool = False
    named: bool = False  # only the tasks where the user is named focal point
    lead: Organization | None = None  # exactly this lead organisation (dashboard links)

    def as_query(self, **overrides) -> str:
        """The list URL's query string for these filters (for links from counts)."""
        values = {
            "bucket": self.bucket,
            "organization": self.organization.pk if self.organization else "",
            "role": self.role,
            "field": self.field_id or "",
            "due_from": self.due_from.isoformat() if self.due_from else "",
            "due_to": self.due_to.isoformat() if self.due_to else "",
            "q": self.q,
            "plan": self.plan.pk if self.plan else "",
            "programme": self.programme.pk if self.programme else "",
            "mine": "1" if self.mine else "",
            "named": "1" if self.named else "",
            "lead": self.lead.pk if self.lead else "",
        }
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def seen_organization(user, pk: int) -> Organization | None:
    """An organisation the user may filter by: one they may see, or one taking part in a task
    they may see (a co-agency sees the lead's name on the shared task anyway)."""
    organization = Organization.objects.visible_to(user).filter(pk=pk).first()
    if organization is not None:
        return organization
    tasks = Task.objects.visible_to(user)
    if TaskParticipant.objects.filter(organization_id=pk, task__in=tasks.values("pk")).exists():
        return Organization.objects.filter(pk=pk).first()
    return None


def allowed_participants(plan: Plan) -> QuerySet:
    """Organisations that may take part in the plan's tasks: active parties (and units under
    them) and active organisations of the same province, plus anyone already taking part."""
    nearby = province_candidates(plan.issuing_organization).values("pk")
    current = TaskParticipant.objects.filter(task__plan=plan).values("organization_id")
    not_archived = Organization.objects.filter(archived_at__isnull=True)
    return (
        not_archived.within(*parties(plan))
        | not_archived.filter(pk__in=nearby)
        | Organization.objects.filter(pk__in=current)
    )


def members_by_participant(participants, limit: int = 300) -> dict[int, list]:
    """Active people of each participant organisation (and units under it), in one query."""
    if not participants:
        return {}
    within = Organization.objects.within(*(p.organization for p in participants))
    memberships = (
        Membership.objects.filter(organization__in=within, user__is_active=True)
        .select_related("user", "organization")
        .order_by("user__full_name", "user__username")
    )
    people: dict[int, dict] = {p.pk: {} for p in participants}
    for membership in memberships[: limit * len(participants)]:
        for participant in participants:
            if membership.organization.is_within(participant.organization):
                people[participant.pk].setdefault(membership.user_id, membership.user)
    return {pk: list(found.values())[:limit] for pk, found in people.items()}


def named_to(user) -> QuerySet:
    """Ids of the tasks where the user is named focal point of a participant."""
    return TaskParticipant.objects.filter(focal_person=user).values("task_id")


def my_tasks(user) -> QuerySet:
    """The tasks of "Việc của tôi": those the user's organisations (and the units under them,
    as every right cascades) issue, lead or take part in as co-agency, those where the user is
    named focal point, and those the user assigned. A system administrator's are only the last
    two."""
    tasks = Task.objects.visible_to(user)
    named_or_assigned = Q(pk__in=named_to(user)) | Q(created_by=user)
    if user.is_superuser:
        return tasks.filter(named_or_assigned)
    own = Organization.objects.within_scope_of(user).values("pk")
    involved = Task.objects.involving_any(own).values("pk")
    return tasks.filter(named_or_assigned | Q(pk__in=involved))


def _base(user, filters: TaskFilters) -> QuerySet:
    """The tasks to filter. When the user holds a role on the organisation (or the plan's
    issuer), every task involving it is visible: the visibility filter is left out."""
    if filters.mine:
        return my_tasks(user)
    if filters.organization is not None and holds_role(user, filters.organization):
        return Task.objects.all()  # narrowed to the organisation's tasks below
    if filters.plan is not None and holds_role(user, filters.plan.issuing_organization):
        return Task.objects.all()  # narrowed to the plan below
    return Task.objects.visible_to(user)


def filter_tasks(user, filters: TaskFilters, today: datetime.date | None = None) -> QuerySet:
    """The visible tasks matching `filters`, ordered by deadline, with their buckets."""
    tasks = _base(user, filters)
    if filters.plan is None:  # a plan asked for by name is shown even when archived
        tasks = tasks.current()
    if filters.organization is not None:
        tasks = tasks.involving(filters.organization, filters.role or None)
    elif filters.role and not user.is_superuser:
        # "As lead" / "as co-agency" without an organisation: the user's own organisations
        # (a system administrator's are all of them).
        mine = Organization.objects.within_scope_of(user).values("pk")
        tasks = tasks.involving_any(mine, filters.role)
    if filters.lead is not None:
        tasks = tasks.filter(lead_organization=filters.lead)
    if filters.plan is not None:
        tasks = tasks.filter(plan=filters.plan)
    if filters.programme is not None:
        tasks = tasks.filter(programme=filters.programme)
    if filters.bucket:
        tasks = tasks.in_bucket(filters.bucket, today)
    if filters.field_id:
        tasks = tasks.filter(field_id=filters.field_id)
    if filters.due_from:
        tasks = tasks.filter(effective_deadline__gte=filters.due_from)
    if filters.due_to:
        tasks = tasks.filter(effective_deadline__lte=filters.due_to)
    if filters.named:
        tasks = tasks.filter(pk__in=named_to(user))
    tasks = search.filter_text(tasks, filters.q)
    if filters.mine:  # open work first, the most overdue on top; completed tasks last
        order = (F("completed_on").desc(nulls_first=True), "effective_deadline", "id")
    else:
        order = ("effective_deadline", "id")
    return tasks.with_bucket(today).order_by(*order)


def for_list(tasks: QuerySet, *, focal_people: bool = False) -> QuerySet:
    """What a task row shows, loaded without N+1 queries."""
    related = ("organization", "focal_person") if focal_people else ("organization",)
    return tasks.select_related("lead_organization", "field", "plan").prefetch_related(
        Prefetch(
            "participants",
            queryset=TaskParticipant.objects.select_related(*related).order_by("id"),
        )
    )


TABLE_FIELDS = (
    "id", "title", "plan_id", "plan__title", "field_id", "field__name", "lead_organization_id",
    "lead_organization__name", "deadline", "extended_deadline", "effective_deadline",
    "completed_on", "created_at",
)  # fmt: skip


def for_table(tasks: QuerySet) -> QuerySet:
    """Only the columns a task row of an HTML table shows (lists, timeline, dashboard); call
    with_participants() on the evaluated rows for the co-agency and progress columns."""
    return tasks.select_related("lead_organization", "field", "plan").only(*TABLE_FIELDS)


def with_participants(tasks: list[Task]) -> list[Task]:
    """Attach `co_names` and `lead_progress` to each task from one query of plain values
    (building participant and organisation objects for every row cost more than the rest)."""
    co_names: dict[int, list[str]] = {t.pk: [] for t in tasks}
    progress: dict[int, int] = {}
    rows = (
        TaskParticipant.objects.filter(task_id__in=list(co_names))
        .order_by("id")
        .values_list("task_id", "role", "progress", "organization__name")
    )
    for task_id, role, value, name in rows:
        if role == TaskParticipant.Role.LEAD:
            progress[task_id] = value
        else:
            co_names[task_id].append(name)
    for task in tasks:
        task.co_names = co_names[task.pk]
        task.lead_progress = progress.get(task.pk, 0)
    return tasks


def tasks_in_order(ids: list[int], today=None) -> list[Task]:
    """The table rows of the tasks `ids`, in that order (a page found on ids first). Each row's
    bucket is computed from its columns (`Task.bucket`, the rule of `bucket_q`), not by a CASE
    in the query: compiling the CASE cost more than the 25 comparisons in Python."""
    rows = for_table(Task.objects.all()).in_bulk(ids)
    return with_participants([_with_bucket(rows[pk], today) for pk in ids if pk in rows])


def _with_bucket(task: Task, today) -> Task:
    task.bucket = bucket_of(task.completed_on, task.effective_deadline, today)
    return task


def cache_seconds() -> int:
    """How long derived figures (bucket counts, league tables) may be reused; they are keyed
    by the tasks' version, so a write makes them recomputed (setting PLANS_COUNT_CACHE_SECONDS,
    0 turns the cache off)."""
    return int(getattr(settings, "PLANS_COUNT_CACHE_SECONDS", 300))


def tasks_version() -> str:
    """Changes whenever a task is written (every service saves `updated_at`); read through an
    index, so it is cheap to ask on every request."""
    latest = Task.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest.isoformat() if latest else "-"


def cached(key: str, compute):
    """`compute()`, reused while no task changed (see core.caching)."""
    return caching.cached("plans", key, compute, seconds=cache_seconds(), version=tasks_version)


def bucket_counts(tasks: QuerySet, today: datetime.date | None = None) -> dict[str, int]:
    """How many tasks fall in each bucket (and due soon), in one aggregate query."""
    today = today or timezone.localdate()
    names = [*Bucket.values, "due_soon"]

    def compute() -> dict[str, int]:
        counts = tasks.order_by().aggregate(
            **{name: Count("pk", filter=bucket_q(name, today)) for name in names}
        )
        counts["total"] = sum(counts[b] for b in Bucket.values)
        return counts

    sql, params = tasks.order_by().values("pk").query.sql_with_params()
    return cached(f"counts|{today}|{due_soon_days()}|{sql}|{params!r}", compute)


BOARD_FIELDS = ("id", "title", "effective_deadline", "completed_on", "lead_organization_id")


def plan_board(user, plan: Plan, *, per_bucket: int = 12, today=None) -> dict:
    """The plan's visible tasks grouped by bucket: counts and the first tasks of each (the
    latest completions for done buckets, the nearest deadlines for open ones), in one query
    ranked per bucket. Each row also carries its bucket's size (a second window over the same
    partition), so the counts need no query of their own."""
    today = today or timezone.localdate()
    tasks = Task.objects.filter(plan=plan)
    if not holds_role(user, plan.issuing_organization):
        tasks = tasks.filter(pk__in=Task.objects.visible_to(user).values("pk"))
    by_bucket = Window(Count("pk"), partition_by=[F("bucket")])
    ranked = (
        tasks.with_bucket(today)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("bucket")],
                order_by=[
                    F("completed_on").desc(nulls_last=True),
                    F("effective_deadline").asc(),
                    F("id").asc(),
                ],
            ),
            in_bucket=by_bucket,
        )
        .filter(rank__lte=per_bucket)
        .only(*BOARD_FIELDS)
        .order_by("rank")
    )
    shown = list(ranked)
    # The few lead organisations are read by id afterwards: joining them inside the ranking
    # made PostgreSQL hash the whole organisation table (ADR 0009).
    leads = Organization.objects.only("name").in_bulk({t.lead_organization_id for t in shown})
    columns = {b: [] for b in Bucket.values}
    counts = dict.fromkeys(Bucket.values, 0)
    for task in shown:
        task.lead_organization = leads[task.lead_organization_id]
        columns[task.bucket].append(task)
        counts[task.bucket] = task.in_bucket
    counts["total"] = sum(counts[b] for b in Bucket.values)
    return {
        "counts": counts,
        "columns": [
            {
                "bucket": bucket.value,
                "label": bucket.label,
                "count": counts[bucket.value],
                "tasks": columns[bucket.value],
            }
            for bucket in Bucket
        ],
    }


# League table -----------------------------------------------------------------------------------


@dataclass
class LeagueRow:
    organization: Organization
    due: int
    done_on_time: int
    done_late: int
    open_overdue: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.done_on_time / self.due, 1) if self.due else None


def league_table(
    user, date_from: datetime.date, date_to: datetime.date, *, today=None
) -> list[tuple[int, int, int, int, int]]:
    """Lead organisations ranked by on-time rate over the tasks whose deadline fell in the
    period and is already past or met: done on time / (done + still overdue).

    One grouped query over the visible tasks gives (organisation id, due, done on time, done
    late, still overdue), best first. The ranking is cached per scope, period and day, keyed by
    the tasks' version, so it is exact and recomputed after any change: aggregating a national
    scope reads every task of the period (see benchmarks/bench_plans.py)."""
    today = today or timezone.localdate()
    return cached(
        f"league|{scope_key(user)}|{date_from}|{date_to}|{today}",
        lambda: _league_ranking(user, date_from, date_to, today),
    )


def _league_ranking(user, date_from, date_to, today) -> list[tuple[int, int, int, int, int]]:
    judged = Q(completed_on__isnull=False) | Q(effective_deadline__lt=today)
    tasks = (
        Task.objects.visible_to(user)
        .filter(effective_deadline__gte=date_from, effective_deadline__lte=date_to)
        .filter(judged)
    )
    rows = (
        tasks.order_by()
        .values("lead_organization_id")
        .annotate(
            due=Count("pk"),
            done_on_time=Count("pk", filter=bucket_q(Bucket.DONE_ON_TIME, today)),
            done_late=Count("pk", filter=bucket_q(Bucket.DONE_LATE, today)),
            open_overdue=Count("pk", filter=bucket_q(Bucket.OPEN_OVERDUE, today)),
        )
        .annotate(rate=Cast(F("done_on_time"), FloatField()) / Cast(F("due"), FloatField()))
        .order_by("-rate", "-due", "lead_organization_id")
        .values_list("lead_organization_id", "due", "done_on_time", "done_late", "open_overdue")
    )
    return list(rows)


def league_rows(page_rows) -> list[LeagueRow]:
    rows = list(page_rows)
    organizations = Organization.objects.in_bulk([r[0] for r in rows])
    return [
        LeagueRow(
            organization=organizations[org_id],
            due=due,
            done_on_time=on_time,
            done_late=late,
            open_overdue=overdue,
        )
        for org_id, due, on_time, late, overdue in rows
    ]


# Dashboard --------------------------------------------------------------------------------------


def week_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday to Sunday of the week containing `today`."""
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def overdue_by_organization(tasks: QuerySet, today, limit: int = 10) -> list[dict]:
    """The lead organisations with the most overdue tasks among `tasks`."""
    overdue = tasks.in_bucket(Bucket.OPEN_OVERDUE, today).order_by()
    grouped = (
        overdue.values("lead_organization_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "lead_organization_id")
        .values_list("lead_organization_id", "count")
    )
    sql, params = overdue.values("pk").query.sql_with_params()
    rows = cached(f"overdue|{limit}|{sql}|{params!r}", lambda: list(grouped[:limit]))
    names = Organization.objects.only("name").in_bulk([org_id for org_id, _count in rows])
    return [{"organization": names[org_id], "count": count} for org_id, count in rows]


def _months_back(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the last `months` months, oldest first, this month last."""
    firsts = []
    year, month = today.year, today.month
    for _step in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def on_time_by_month(tasks: QuerySet, today, months: int = 12) -> list[dict]:
    """For each of the last `months` months, the tasks whose deadline fell in it (up to today)
    and how many of them were completed on time: the rate a leader reads as "đúng hạn".
    A month without a deadline has no rate (None), not 0%."""
    firsts = _months_back(today, months)
    counted = (
        tasks.order_by()
        .filter(effective_deadline__gte=firsts[0], effective_deadline__lte=today)
        .annotate(month=TruncMonth("effective_deadline"))
        .values("month")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=bucket_q(Bucket.DONE_ON_TIME)))
    )
    by_month = {_as_date(row["month"]): (row["due"], row["on_time"]) for row in counted}
    return _monthly_rates(firsts, by_month, today)


def _monthly_rates(firsts, by_month: dict, today) -> list[dict]:
    """The rows of on_time_by_month from (due, on time) per first day of the month."""
    rows = []
    for first in firsts:
        due, on_time = by_month.get(first, (0, 0))
        next_first = (first + datetime.timedelta(days=32)).replace(day=1)
        rows.append(
            {
                "month": first,
                "month_end": min(next_first - datetime.timedelta(days=1), today),
                "due": due,
                "on_time": on_time,
                "rate": round(100 * on_time / due) if due else None,
            }
        )
    return rows


def _as_date(value) -> datetime.date:
    # TruncMonth gives a date on PostgreSQL and SQLite for a DateField; a datetime elsewhere
    return value.date() if isinstance(value, datetime.datetime) else value


# The landing page lists the first tasks due this week, and counts them all.
WEEK_SHOWN = 10

# Up to this many tasks, the landing page reads them once (see _rows_first).
ROWS_FIRST_LIMIT = 5000


def dashboard_summary(user, organization: Organization | None, today=None) -> dict:
    """The landing page's figures for one organisation (or everything the user sees)."""
    today = today or timezone.localdate()
    if organization is not None:
        # A role on the organisation sees every task involving it: no visibility filter.
        tasks = Task.objects if holds_role(user, organization) else Task.objects.visible_to(user)
        involved = tasks.current().involving(organization)
        rows = _rows_first(involved)
        if rows is not None:
            return _summary_of_rows(user, rows, today)
        return _summary_in_sql(user, involved, today)
    return _summary_in_sql(user, Task.objects.visible_to(user).current(), today)


def _rows_first(tasks: QuerySet) -> list[tuple] | None:
    """(id, lead organisation id, effective deadline, completion day) of each of `tasks`, or
    None when there are more than ROWS_FIRST_LIMIT.

    The landing page asks five questions of one organisation's tasks: bucket counts, this
    week's, overdue by lead, the monthly on-time rate, and the week's first rows. As SQL, the
    organisation's involvement (a UNION over its subtree) was compiled, planned and run for
    each, and each compiled again as the key of its cached figure. Its few hundred tasks read
    once answer all of them in Python with the rule of `bucket_q` (`bucket_of`): one query
    instead of seven.
    """
    columns = ("pk", "lead_organization_id", "effective_deadline", "completed_on")
    rows = list(tasks.order_by().values_list(*columns)[: ROWS_FIRST_LIMIT + 1])
    return rows if len(rows) <= ROWS_FIRST_LIMIT else None


def _summary_of_rows(user, rows: list[tuple], today) -> dict:
    """dashboard_summary() from the rows of _rows_first()."""
    _monday, sunday = week_bounds(today)
    soon_end = today + datetime.timedelta(days=due_soon_days())
    firsts = _months_back(today, 12)
    counts = dict.fromkeys([*Bucket.values, DUE_SOON], 0)
    overdue: dict[int, int] = defaultdict(int)
    by_month: dict[datetime.date, tuple[int, int]] = {}
    week = []
    for pk, lead_id, deadline, completed_on in rows:
        bucket = bucket_of(completed_on, deadline, today)
        counts[bucket] += 1
        if bucket == Bucket.OPEN_OVERDUE:
            overdue[lead_id] += 1
        elif completed_on is None:
            if deadline <= soon_end:
                counts[DUE_SOON] += 1
            if deadline <= sunday:
                week.append((deadline, pk))
        if firsts[0] <= deadline <= today:
            first = deadline.replace(day=1)
            due, on_time = by_month.get(first, (0, 0))
            by_month[first] = (due + 1, on_time + (bucket == Bucket.DONE_ON_TIME))
    counts["total"] = sum(counts[b] for b in Bucket.values)
    week.sort()
    most_overdue = sorted(overdue.items(), key=lambda item: (-item[1], item[0]))[:10]
    names = Organization.objects.only("name").in_bulk([org_id for org_id, _n in most_overdue])
    return {
        "counts": counts,
        "week_end": sunday,
        "this_week": tasks_in_order([pk for _deadline, pk in week[:WEEK_SHOWN]], today),
        "this_week_count": len(week),
        "overdue_by_organization": [
            {"organization": names[org_id], "count": count} for org_id, count in most_overdue
        ],
        "on_time_by_month": _monthly_rates(firsts, by_month, today),
        "reviews": upcoming_reviews(user, today),
        "due_soon_days": due_soon_days(),
    }


def _summary_in_sql(user, tasks: QuerySet, today) -> dict:
    """dashboard_summary() as SQL aggregates, for more tasks than the rows read first."""
    _monday, sunday = week_bounds(today)
    this_week = tasks.in_bucket("open").filter(
        effective_deadline__gte=today, effective_deadline__lte=sunday
    )
    week = [
        _with_bucket(task, today)
        for task in for_table(this_week).order_by("effective_deadline", "id")[:WEEK_SHOWN]
    ]
    return {
        "counts": bucket_counts(tasks, today),
        "week_end": sunday,
        "this_week": with_participants(week),
        # A week that fits in the card is counted by its rows: no COUNT query.
        "this_week_count": len(week) if len(week) < WEEK_SHOWN else this_week.count(),
        "overdue_by_organization": overdue_by_organization(tasks, today),
        "on_time_by_month": on_time_by_month(tasks, today),
        "reviews": upcoming_reviews(user, today),
        "due_soon_days": due_soon_days(),
    }


# Calendar ---------------------------------------------------------------------------------------


# Finding organisations by what people type ------------------------------------------------------


class OrganizationResolver:
    """Finds a participant typed as an identifier ("38.SYT"), a name or an abbreviation,
    ignoring case and diacritics, among the plan's parties and its province's organisations."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self._index: dict[str, list[Organization]] | None = None

    def _build(self) -> dict[str, list[Organization]]:
        nearby = province_candidates(self.plan.issuing_organization).values("pk")
        active = Organization.objects.active()
        organizations = active.within(*parties(self.plan)) | active.filter(pk__in=nearby)
        index: dict[str, list[Organization]] = {}
        for org in organizations.iterator(chunk_size=1000):
            keys = {fold(org.name), fold(org.identifier or ""), fold(org.abbreviation)}
            for key in keys - {""}:
                index.setdefault(key, []).append(org)
        return index

    def resolve(self, text: str) -> Organization:
        """The one organisation meant by `text`; LookupError with a Vietnamese message when
        none or several match."""
        from django.utils.translation import gettext as _

        if self._index is None:
            self._index = self._build()
        key = fold(text)
        found = {o.pk: o for o in self._index.get(key, [])}
        if not found:
            raise LookupError(
                _(
                    "Không tìm thấy đơn vị “%(text)s” trong các bên của chương trình "
                    "hoặc trong tỉnh."
                )
                % {"text": text}
            )
        if len(found) > 1:
            raise LookupError(
                _("“%(text)s” khớp với nhiều đơn vị; hãy dùng mã định danh.") % {"text": text}
            )
        return next(iter(found.values()))
