"""Conferences and training at national scale: 200,000 events (issue 19, "Proof").

Data (generated once, deterministic, in bulk SQL on top of `benchmarks.generate`'s organisations
and people; `BENCH_EVENTS_SCALE` multiplies the counts, 1.0 in `make bench`): every province's
propaganda department (`<province>.BTGDVTU`) organises events of the six default kinds over the
last three years (a third of them training courses with hours), each with up to four invited
people of its province, most checked in, and one department of the province as co-organiser
for one event in five.

`generate_events(scale=...)` is the entry point (the review-count benchmark may reuse it).

Scenarios (8 concurrent clients, gunicorn, PostgreSQL; goal: p95 at most 3x the same user's
base page, ADR 0016), for a specialist of Thanh Hóa's propaganda department (its ~6,000 events)
and a system administrator (all 200,000):
- the event list (newest first), and filtered by kind and the last six months;
- one busy event's page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_events \\
        BENCH_EVENTS_SCALE=0.01 .venv/bin/python -m benchmarks.run bench_events
"""

import os
import sys
import time
from urllib.parse import urlencode

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "events"
SCALE = float(os.environ.get("BENCH_EVENTS_SCALE", "1"))
FULL_EVENTS = 200_000
MARKER = "[BE] "  # the generated events' titles start with it
PROVINCE = "38"  # Thanh Hóa
DAYS = 3 * 365
CO_ORGANIZERS = ("SGDDT", "SYT", "SKHCN", "SVHTTDL", "SNV")
TOPICS = (
    "Hội nghị báo cáo viên",
    "Giao ban khối khoa giáo",
    "Tọa đàm chuyển đổi số",
    "Hội thảo khoa học về công tác tuyên giáo",
    "Lớp tập huấn nghiệp vụ tuyên truyền",
    "Lớp bồi dưỡng báo cáo viên",
)


def event_count(scale: float = SCALE) -> int:
    return max(1, round(FULL_EVENTS * scale))


def data_sizes() -> dict[str, int]:
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        for key, table in (
            ("events", "events_event"),
            ("participants", "events_participant"),
            ("event_organizations", "events_eventorganization"),
        ):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            sizes[key] = max(int(cursor.fetchone()[0]), 0)
    return sizes


def already_generated(scale: float = SCALE) -> bool:
    from phoihop.events.models import Event

    return Event.objects.filter(title__startswith=f"{MARKER}{event_count(scale):07d} ").exists()


def _organiser_rows() -> list[tuple]:
    """(n, province code, department id) of every province's propaganda department."""
    from phoihop.org.models import Organization

    rows = Organization.objects.filter(identifier__endswith=".BTGDVTU", archived_at__isnull=True)
    return [
        (n, identifier.split(".")[0], pk)
        for n, (identifier, pk) in enumerate(
            rows.order_by("identifier").values_list("identifier", "pk")
        )
    ]


def _people_rows(provinces) -> list[tuple]:
    """(province, k, user id): up to 12 people of each province's departments."""
    from phoihop.org.models import Membership

    found: dict[str, list[int]] = {}
    memberships = (
        Membership.objects.filter(organization__identifier__regex=r"^[0-9]+\.[A-Z]+$")
        .order_by("organization__identifier", "user_id")
        .values_list("organization__identifier", "user_id")
    )
    for identifier, user_id in memberships:
        people = found.setdefault(identifier.split(".")[0], [])
        if len(people) < 12 and user_id not in people:
            people.append(user_id)
    return [(p, k, u) for p in provinces for k, u in enumerate(found.get(p, []))]


def _co_rows(provinces) -> list[tuple]:
    from phoihop.org.models import Organization

    wanted = [f"{p}.{suffix}" for p in provinces for suffix in CO_ORGANIZERS]
    found = dict(Organization.objects.filter(identifier__in=wanted).values_list("identifier", "pk"))
    return [
        (p, k, found[f"{p}.{s}"])
        for p in provinces
        for k, s in enumerate(CO_ORGANIZERS)
        if f"{p}.{s}" in found
    ]


EVENTS_SQL = """
WITH g AS (
    SELECT g, o.*, (%(kinds)s::bigint[])[1 + g %% 6] AS kind_id, g %% 6 >= 4 AS training,
        (%(today)s::date - ((g * 37) %% {days})::int) + time '08:00' AS starts
    FROM generate_series(1::bigint, %(n)s::bigint) AS g
    JOIN bench_organiser o ON o.n = g %% %(organisers)s
)
INSERT INTO events_event (kind_id, title, description, organizer_id, starts_at, ends_at, place,
    online_url, training_hours, door_token, created_at, updated_at, present_count, present_hours,
    cancellation_reason)
SELECT kind_id,
    %(marker)s || lpad(g::text, 7, '0') || ' ' || (%(topics)s::text[])[1 + g %% 6],
    '', g.pk, starts AT TIME ZONE 'Asia/Ho_Chi_Minh',
    (starts + interval '3 hours 30 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh',
    'Hội trường Tỉnh ủy', '', CASE WHEN training THEN 8 END, md5(g::text), %(now)s, %(now)s,
    0, 0, ''
FROM g
"""

PARTICIPANTS_SQL = """
INSERT INTO events_participant (event_id, person_id, organization_id, rsvp, rsvp_at,
    checked_in_at, check_in_method, hours, certificate, certificate_name, invited_at)
SELECT e.id, p.user_id, NULL, CASE WHEN (e.id + s.k) %% 7 = 0 THEN 'declined' ELSE 'accepted' END,
    e.created_at,
    CASE WHEN (e.id + s.k) %% 7 <> 0 AND e.starts_at < %(now)s THEN e.starts_at END,
    CASE WHEN (e.id + s.k) %% 7 <> 0 AND e.starts_at < %(now)s THEN 'list' ELSE '' END,
    NULL, '', '', e.created_at
FROM events_event e
JOIN bench_organiser o ON o.pk = e.organizer_id
CROSS JOIN generate_series(0, 3) AS s(k)
JOIN bench_people p ON p.province = o.province AND p.k = (e.id * 5 + s.k * 3) %% 12
WHERE e.title LIKE %(like)s
ON CONFLICT DO NOTHING
"""

# What services.recount_present keeps on each event: its present participants and their
# credited hours (their own, else the course's).
PRESENT_SQL = """
UPDATE events_event e SET present_count = p.n, present_hours = coalesce(p.hours, 0)
FROM (
    SELECT p.event_id, count(*) AS n, sum(coalesce(p.hours, e2.training_hours)) AS hours
    FROM events_participant p JOIN events_event e2 ON e2.id = p.event_id
    WHERE p.checked_in_at IS NOT NULL AND e2.title LIKE %(like)s
    GROUP BY p.event_id
) p
WHERE e.id = p.event_id
"""

CO_SQL = """
INSERT INTO events_eventorganization (event_id, organization_id, role)
SELECT e.id, c.organization, 'co_organizer'
FROM events_event e
JOIN bench_organiser o ON o.pk = e.organizer_id
JOIN bench_co c ON c.province = o.province AND c.k = e.id %% 5
WHERE e.title LIKE %(like)s AND e.id %% 5 = 0
"""


def generate_events(scale: float = SCALE, out=sys.stdout) -> dict[str, int]:
    """Events (200,000 × `scale`), their participants and co-organisers, then VACUUM ANALYZE.
    Needs PostgreSQL and `benchmarks.generate` first."""
    from django.apps import apps
    from django.db import connection, transaction
    from django.utils import timezone

    from phoihop.events.kinds import DEFAULT_KINDS, load_default_kinds
    from phoihop.events.models import EventKind

    started = time.perf_counter()
    load_default_kinds(apps)
    kinds = [EventKind.objects.get(code=code).pk for code, *_rest in DEFAULT_KINDS]
    organisers = _organiser_rows()
    if not organisers:
        raise SystemExit("No propaganda departments: run benchmarks.generate first.")
    provinces = sorted({row[1] for row in organisers})
    n = event_count(scale)
    parameters = {
        "n": n,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "organisers": len(organisers),
        "kinds": kinds,
        "marker": MARKER,
        "like": f"{MARKER}%",
        "topics": list(TOPICS),
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_organiser (n int PRIMARY KEY, province text, pk bigint) "
            "ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_organiser VALUES (%s, %s, %s)", organisers)
        cursor.execute(
            "CREATE TEMP TABLE bench_people (province text, k int, user_id bigint, "
            "PRIMARY KEY (province, k)) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_people VALUES (%s, %s, %s)", _people_rows(provinces))
        cursor.execute(
            "CREATE TEMP TABLE bench_co (province text, k int, organization bigint, "
            "PRIMARY KEY (province, k)) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_co VALUES (%s, %s, %s)", _co_rows(provinces))
        for table in ("bench_organiser", "bench_people", "bench_co"):
            cursor.execute(f"ANALYZE {table}")
        _timed(out, f"{n:,} events", cursor, EVENTS_SQL.format(days=DAYS), parameters)
        _timed(out, "participants", cursor, PARTICIPANTS_SQL, parameters)
        _timed(out, "present counts", cursor, PRESENT_SQL, parameters)
        _timed(out, "co-organisers", cursor, CO_SQL, parameters)
    with connection.cursor() as cursor:
        for table in ("events_event", "events_participant", "events_eventorganization"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    out.write(f"  events generated in {time.perf_counter() - started:.1f} s\n")
    return data_sizes()


def _timed(out, label, cursor, sql, parameters) -> None:
    started = time.perf_counter()
    out.write(f"  {label}…")
    out.flush()
    cursor.execute(sql, parameters)
    out.write(f" {cursor.rowcount:,} rows, {time.perf_counter() - started:.1f} s\n")
    out.flush()


def _people():
    from benchmarks.generate import ADMIN_USERNAME
    from phoihop.org.models import Membership, User

    specialist = (
        Membership.objects.filter(
            organization__identifier=f"{PROVINCE}.BTGDVTU", role=Membership.Role.SPECIALIST
        )
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    return {"specialist": specialist, "admin": User.objects.get(username=ADMIN_USERNAME)}


def scenarios() -> list[tuple[Scenario, str]]:
    from django.db.models import Count
    from django.utils import timezone

    from phoihop.events.models import Event, EventKind

    today = timezone.localdate()
    since = today.replace(day=1, month=max(1, today.month - 5))
    filtered = urlencode(
        {
            "kind": EventKind.objects.get(code="giao-ban").pk,
            "start": f"{since:%d/%m/%Y}",
            "end": f"{today:%d/%m/%Y}",
        }
    )
    busy = (
        Event.objects.filter(organizer__identifier=f"{PROVINCE}.BTGDVTU")
        .annotate(n=Count("participants"))
        .order_by("-n", "-id")
        .first()
    )
    runs = []
    for user in ("specialist", "admin"):
        runs += [
            (Scenario("event_list", "/events/"), user),
            (Scenario("event_list_filtered", f"/events/?{filtered}"), user),
            (Scenario("event_detail", f"/events/{busy.pk}/"), user),
        ]
    return runs


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    if not already_generated():
        generate_events()
    return measure_scenarios(scenarios(), _people(), extra=data_sizes())


if __name__ == "__main__":
    from benchmarks.run import main

    sys.exit(main(["bench_events"]))
