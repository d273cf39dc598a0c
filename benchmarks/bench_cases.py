"""Citizens' cases at national scale: 1,000,000 items in 600,000 cases (issue 17, "Proof").

Data (generated once, deterministic, in bulk SQL on top of `benchmarks.generate`'s areas and
organisations; `BENCH_CASES_SCALE` multiplies the counts, 1.0 in `make bench`): every case is
received by its province's propaganda department (`<province>.BTGDVTU`) about one of the 3,321
current communes (spread evenly), over the last three years; kinds, fields of work, hot spots
(1 in 97), urgent cases, extensions; old cases mostly answered (on time or late), recent ones
mostly open, so the four buckets are all large; the lead is one of eight provincial departments
or the commune's People's Committee (unassigned cases have none), a quarter of the cases have
the commune's Fatherland Front as co-agency; each case has one item, two thirds a second one,
from the eight channels. No search documents are made (no scenario types words), and no
citizen's identity (the pages measured never read it).

`generate_cases(scale=...)` is the entry point other modules call (the portal benchmark and its
flood test reuse the same data).

Scenarios (8 concurrent clients, gunicorn, PostgreSQL; goal: p95 at most 3x the same user's
base page, ADR 0016), for a specialist of Thanh Hóa's propaganda department (its ~30,000 cases)
and a system administrator (all 600,000):
- the staff case list filtered by bucket (open, overdue);
- the staff case list filtered by area (a commune of Thanh Hóa);
- the case analytics page (`/cases/analytics/`, every figure over the user's cases).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench_cases \\
        BENCH_CASES_SCALE=0.01 .venv/bin/python -m benchmarks.run bench_cases
"""

import os
import sys
import time
from urllib.parse import urlencode

from benchmarks import configure
from benchmarks.harness import Scenario, measure_scenarios

NAME = "cases"
SCALE = float(os.environ.get("BENCH_CASES_SCALE", "1"))
FULL_CASES = 600_000  # and two items for two cases in three: 1,000,000 items
MARKER = "BC-"  # the generated cases' numbers start with it ("BC-0000001")
PROVINCE = "38"  # Thanh Hóa
DAYS = 3 * 365  # cases received over the last three years
LEAD_DEPARTMENTS = ("SGDDT", "SYT", "SKHCN", "SVHTTDL", "SNV", "STP", "SNNMT", "SDTTG")
KINDS = ("question", "complaint", "proposal", "signal")
CHANNELS = ("hotline", "letter", "email", "web", "press", "collaborator", "survey", "voters")
TOPICS = (
    "Ngập úng sau mưa lớn",
    "Ô nhiễm môi trường từ cơ sở chăn nuôi",
    "Chậm giải phóng mặt bằng dự án giao thông",
    "Giá điện sinh hoạt tăng cao",
    "Thu phí không đúng quy định tại trường học",
    "Đường giao thông nông thôn xuống cấp",
    "Chậm cấp giấy chứng nhận quyền sử dụng đất",
    "Thông tin sai lệch trên mạng xã hội",
    "Tiếng ồn từ cơ sở sản xuất",
    "Chất lượng nước sinh hoạt",
    "Trợ cấp người có công chậm chi trả",
    "Tụ tập đông người tại trụ sở xã",
)


def case_count(scale: float = SCALE) -> int:
    return max(1, round(FULL_CASES * scale))


# Data -------------------------------------------------------------------------------------------


def data_sizes() -> dict[str, int]:
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        for key, table in (
            ("cases", "cases_case"),
            ("items", "cases_item"),
            ("case_participants", "cases_caseparticipant"),
        ):
            # The planner's estimate after ANALYZE (exact enough, and instant).
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            sizes[key] = max(int(cursor.fetchone()[0]), 0)
    return sizes


def already_generated(scale: float = SCALE) -> bool:
    from phoihop.cases.models import Case

    last = f"{MARKER}{case_count(scale):07d}"
    return Case.objects.filter(number=last).exists()


def _commune_rows() -> list[tuple]:
    """(n, area id, department, commune People's Committee, Fatherland Front, name, province)
    of every current commune whose organisations the generator made, numbered from 0."""
    from phoihop.org.models import Area, Organization

    orgs = dict(
        Organization.objects.filter(identifier__isnull=False).values_list("identifier", "pk")
    )
    communes = (
        Area.objects.current()
        .filter(level=Area.Level.COMMUNE)
        .select_related("parent")
        .order_by("code")
    )
    rows = []
    for commune in communes:
        province = commune.parent.code if commune.parent_id else ""
        prefix = f"{province}.{commune.code}"
        department = orgs.get(f"{province}.BTGDVTU")
        committee, front = orgs.get(f"{prefix}.UBND"), orgs.get(f"{prefix}.MTTQ")
        if department and committee and front:
            rows.append(
                (len(rows), commune.pk, department, committee, front, commune.name, province)
            )
    return rows


def _lead_rows(provinces) -> list[tuple]:
    """(province, k, organisation) of the eight provincial departments that lead cases."""
    from phoihop.org.models import Organization

    wanted = [f"{p}.{suffix}" for p in provinces for suffix in LEAD_DEPARTMENTS]
    found = dict(Organization.objects.filter(identifier__in=wanted).values_list("identifier", "pk"))
    rows = []
    for province in provinces:
        for k, suffix in enumerate(LEAD_DEPARTMENTS):
            pk = found.get(f"{province}.{suffix}")
            if pk:
                rows.append((province, k, pk))
    return rows


# Each generated case's attributes from its number g (1..N), deterministic and evenly spread.
CASES_SQL = """
WITH g AS (
    SELECT g, c.*, %(today)s::date - ((g * 37) %% {days})::int AS received
    FROM generate_series(1::bigint, %(n)s::bigint) AS g
    JOIN bench_commune c ON c.n = (g * 7907) %% %(communes)s
), shaped AS (
    SELECT g.*,
        (%(today)s::date - received) AS age,
        CASE WHEN g %% 41 = 0 THEN received + 45 END AS extended,
        CASE
            WHEN (%(today)s::date - received) > 45 AND g %% 13 <> 0
                THEN received + ((g * 17) %% 50)::int
            WHEN (%(today)s::date - received) <= 45 AND g %% 3 = 0
                THEN received + ((g * 17) %% ((%(today)s::date - received) + 1))::int
        END AS completed
    FROM g
), statused AS (
    SELECT shaped.*,
        CASE
            WHEN completed IS NOT NULL AND g %% 5 = 0 THEN 'answered'
            WHEN completed IS NOT NULL THEN 'closed_resolved'
            WHEN g %% 10 = 1 THEN 'received'
            WHEN g %% 10 = 2 THEN 'verified'
            ELSE 'assigned'
        END AS status
    FROM shaped
)
INSERT INTO cases_case (number, department_id, title, field_id, area_id, kind, urgency,
    hot_spot, status, lead_organization_id, received_on, acknowledge_due, acknowledged_on,
    deadline, extended_deadline, effective_deadline, completed_on, answer, answered_at,
    closed_at, close_note, reopened_count, created_at, updated_at, channels)
SELECT %(marker)s || lpad(g::text, 7, '0'),
    s.department,
    (%(topics)s::text[])[1 + g %% %(topic_count)s] || ' tại ' || s.name,
    (%(fields)s::int[])[1 + g %% %(field_count)s],
    s.area_id,
    (%(kinds)s::text[])[1 + g %% 4],
    CASE WHEN g %% 50 = 0 THEN 'urgent' ELSE 'normal' END,
    g %% 97 = 0,
    s.status,
    CASE WHEN s.status IN ('received', 'verified') THEN NULL
         WHEN g %% 3 = 0 THEN s.committee
         ELSE (SELECT l.organization FROM bench_lead l
               WHERE l.province = s.province AND l.k = g %% 8) END,
    received,
    received + 3,
    CASE WHEN s.status <> 'received' THEN received + 1 END,
    received + 28,
    extended,
    COALESCE(extended, received + 28),
    completed,
    CASE WHEN completed IS NOT NULL THEN 'Đã trả lời người dân bằng văn bản.' ELSE '' END,
    CASE WHEN completed IS NOT NULL THEN completed + time '09:00' END,
    CASE WHEN s.status = 'closed_resolved' THEN completed + time '16:00' END,
    '', 0, received + time '08:00', %(now)s,
    -- The channels of the items ITEMS_SQL writes: k = 0, and k = 1 unless g %% 3 = 0.
    (%(channel_bits)s::int[])[1 + g %% 8]
        | CASE WHEN g %% 3 <> 0 THEN (%(channel_bits)s::int[])[1 + (g + 3) %% 8] ELSE 0 END
FROM statused s
"""

PARTICIPANTS_SQL = """
INSERT INTO cases_caseparticipant (case_id, organization_id, role, created_at)
SELECT c.id, c.lead_organization_id, 'lead', c.created_at
FROM cases_case c WHERE c.number LIKE %(like)s AND c.lead_organization_id IS NOT NULL
UNION ALL
SELECT c.id, b.front, 'co', c.created_at
FROM cases_case c
JOIN bench_commune b ON b.n = (substr(c.number, 4)::bigint * 7907) %% %(communes)s
WHERE c.number LIKE %(like)s AND c.lead_organization_id IS NOT NULL
    AND substr(c.number, 4)::bigint %% 4 = 0 AND c.lead_organization_id <> b.front
"""

ITEMS_SQL = """
INSERT INTO cases_item (case_id, channel, received_at, area_id, text, source, anonymous,
    created_at)
SELECT c.id,
    (%(channels)s::text[])[1 + (substr(c.number, 4)::bigint + k * 3) %% 8],
    c.received_on + k + time '08:00',
    c.area_id,
    c.title || '. Người dân phản ánh sự việc kéo dài, đề nghị cơ quan chức năng xem xét, '
        || 'giải quyết dứt điểm (ý kiến ' || (k + 1) || ').',
    '', true, c.created_at
FROM cases_case c
CROSS JOIN generate_series(0, 1) AS k
WHERE c.number LIKE %(like)s AND (k = 0 OR substr(c.number, 4)::bigint %% 3 <> 0)
"""


def generate_cases(scale: float = SCALE, out=sys.stdout) -> dict[str, int]:
    """Cases, their participants and items (600,000 × `scale` cases, 1,000,000 × `scale`
    items) over the generator's communes and organisations, then VACUUM ANALYZE. Needs
    PostgreSQL and `benchmarks.generate` (or any data with the same identifiers) first."""
    from django.db import connection, transaction
    from django.utils import timezone

    from phoihop.cases.models import Channel
    from phoihop.org.models import Field

    started = time.perf_counter()
    communes = _commune_rows()
    if not communes:
        raise SystemExit("No communes with organisations: run benchmarks.generate first.")
    leads = _lead_rows(sorted({row[6] for row in communes}))
    fields = list(Field.objects.order_by("pk").values_list("pk", flat=True)) or [None]
    n = case_count(scale)
    parameters = {
        "n": n,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "communes": len(communes),
        "marker": MARKER,
        "like": f"{MARKER}%",
        "topics": list(TOPICS),
        "topic_count": len(TOPICS),
        "fields": fields,
        "field_count": len(fields),
        "kinds": list(KINDS),
        "channels": list(CHANNELS),
        "channel_bits": [Channel.bit(channel) for channel in CHANNELS],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """CREATE TEMP TABLE bench_commune (n int PRIMARY KEY, area_id bigint,
                   department bigint, committee bigint, front bigint, name text, province text)
               ON COMMIT DROP"""
        )
        cursor.executemany(
            "INSERT INTO bench_commune VALUES (%s, %s, %s, %s, %s, %s, %s)", communes
        )
        cursor.execute(
            """CREATE TEMP TABLE bench_lead (province text, k int, organization bigint,
                   PRIMARY KEY (province, k)) ON COMMIT DROP"""
        )
        cursor.executemany("INSERT INTO bench_lead VALUES (%s, %s, %s)", leads)
        cursor.execute("ANALYZE bench_commune")
        cursor.execute("ANALYZE bench_lead")
        _timed(out, f"{n:,} cases", cursor, CASES_SQL.format(days=DAYS), parameters)
        _timed(out, "participants", cursor, PARTICIPANTS_SQL, parameters)
        _timed(out, "items", cursor, ITEMS_SQL, parameters)
    with connection.cursor() as cursor:  # autocommit: VACUUM fills the visibility map too
        for table in ("cases_case", "cases_caseparticipant", "cases_item"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    out.write(f"  cases generated in {time.perf_counter() - started:.1f} s\n")
    return data_sizes()


def _timed(out, label, cursor, sql, parameters) -> None:
    started = time.perf_counter()
    out.write(f"  {label}…")
    out.flush()
    cursor.execute(sql, parameters)
    out.write(f" {cursor.rowcount:,} rows, {time.perf_counter() - started:.1f} s\n")
    out.flush()


# Scenarios --------------------------------------------------------------------------------------


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


def _busiest_commune():
    """A commune of Thanh Hóa with cases (the first by code)."""
    from phoihop.cases.models import Case
    from phoihop.org.models import Area

    province = Area.objects.current().get(level=Area.Level.PROVINCE, code=PROVINCE)
    communes = Area.objects.current().filter(parent=province).order_by("code")
    for commune in communes[:20]:
        if Case.objects.filter(area=commune).exists():
            return province, commune
    return province, communes.first()


def scenarios() -> list[tuple[Scenario, str]]:
    province, commune = _busiest_commune()
    overdue = urlencode({"bucket": "open_overdue"})
    by_area = urlencode({"area": province.code, "commune": commune.code})
    runs = []
    for user in ("specialist", "admin"):
        runs += [
            (Scenario("case_list_overdue", f"/cases/?{overdue}"), user),
            (Scenario("case_list_commune", f"/cases/?{by_area}"), user),
            (Scenario("case_analytics", "/cases/analytics/"), user),
        ]
    return runs


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    if not generate.already_generated():
        generate.generate()
    if not already_generated():
        generate_cases()
    sizes = data_sizes()
    return measure_scenarios(scenarios(), _people(), extra=sizes)


if __name__ == "__main__":
    from benchmarks.run import main

    sys.exit(main(["bench_cases"]))
