"""Periodic reporting at national scale: roll-ups against a plain GROUP BY over the raw values.

Data (generated once, deterministic, in bulk SQL on top of `benchmarks.generate`'s areas and
organisations): one national monthly regime (Nghị định 09 calendar) whose form holds 50
indicators (`BENCH_REPORTING_SCALE` × 50, at least 6: sums, the two parts of a rate, a yes/no
counted against a condition, an average, a latest value); one accepted submission per commune
and month since January 2016: the 10,051 old communes (one People's Committee each, made here,
archived on 1-7-2025) until June 2025, the 3,321 new ones (the generator's People's Committees)
since July 2025, up to the last month whose data window has closed. At full scale that is
~1.2 million submissions and ~60 million values. Values are inserted with `INSERT … SELECT`
with the table's indexes and foreign keys dropped and rebuilt after; the roll-ups are then
computed by `reporting.rollups.rebuild()` (the same bulk SQL a repair would run).

Scenarios (in process, PostgreSQL; the machine is shared, so the goals are ratios in one run):
- `pivot_communes`: one indicator × Thanh Hóa's communes × the 12 months of 2025, across the
  merger (old communes rolled into the new ones), through `reporting.analytics.series`;
- `pivot_provinces`: one indicator × the 34 provinces × the 10 years 2016–2025, across the merger
  (63 old provinces into 34);
  each against the same answer from a plain `GROUP BY` over `reporting_value` (its own SQL
  mapping of old areas to new ones, by the default principal successor): both times (median of
  5 after a warm-up), the ratio (goal ≥ 20) and whether the answers are identical (they must
  be: the module fails otherwise);
- `accept_updates_rollups`: the database time of `rollups.submission_accepted` for a new
  submission with every indicator (goal < 100 ms), and of `submission_reopened`, over 20
  communes, each inside a transaction that is rolled back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phoihop_bench \\
        BENCH_REPORTING_SCALE=0.1 .venv/bin/python -m benchmarks.run bench_reporting
"""

import contextlib
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal

from benchmarks import configure
from benchmarks.generate import without_indexes

NAME = "reporting"
SCALE = float(os.environ.get("BENCH_REPORTING_SCALE", "1"))
FULL_INDICATORS = 50
FIRST_YEAR = 2016
REFORM = datetime.date(2025, 7, 1)
REGIME_CODE = "BENCH.XA.THANG"
PROVINCE = "38"  # Thanh Hóa, new code
REPEATS = 5
ACCEPTS = 20
GOAL_SPEEDUP = 20.0
GOAL_ACCEPT_MS = 100.0

# (code, name, unit, kind): the first six are the kinds that matter; the rest are sums.
SPECIAL = (
    ("TG.BUOI", "Số buổi tuyên truyền", "buổi", "sum"),
    ("HN.SOHO", "Số hộ nghèo", "hộ", "numerator"),
    ("DC.SOHO", "Tổng số hộ dân cư", "hộ", "denominator"),
    ("ATTP.DAT", "Đạt tiêu chí an toàn thực phẩm", "xã", "yes_no"),
    ("VH.TB", "Số người trung bình mỗi buổi sinh hoạt văn hóa", "người", "average"),
    ("DS.DAN", "Dân số", "người", "latest"),
)
# Each kind's value in SQL, from the submission id `s.id` and the indicator's rank `b.rank`.
VALUE_SQL = """CASE b.kind
    WHEN 'sum' THEN (s.id * 7 + b.rank * 13) %% 20
    WHEN 'numerator' THEN (s.id * 3) %% 80
    WHEN 'denominator' THEN 800 + s.id %% 400
    WHEN 'yes_no' THEN CASE WHEN (s.id + b.rank) %% 3 = 0 THEN 1 ELSE 0 END
    WHEN 'average' THEN 20 + (s.id * 11) %% 60
    ELSE 5000 + s.id %% 3000 END"""


def indicator_count() -> int:
    return max(len(SPECIAL), round(FULL_INDICATORS * SCALE))


# Data -------------------------------------------------------------------------------------------


def data_sizes() -> dict[str, int]:
    from django.db import connection

    sizes = {}
    with connection.cursor() as cursor:
        for key, table in (
            ("submissions", "reporting_submission"),
            ("values", "reporting_value"),
            ("rollup_cells", "reporting_rollup"),
            ("current_rollup_cells", "reporting_currentrollup"),
        ):
            # The planner's estimate after ANALYZE: counting 60 million rows takes a minute.
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            sizes[key] = int(cursor.fetchone()[0])
    sizes["indicators"] = indicator_count()
    return sizes


def already_generated() -> bool:
    from phoihop.reporting.models import Regime

    return Regime.objects.filter(code=REGIME_CODE).exists()


@contextlib.contextmanager
def _step(label: str, timings: dict, out=sys.stdout):
    started = time.perf_counter()
    out.write(f"  {label}…")
    out.flush()
    yield
    timings[label] = round(time.perf_counter() - started, 1)
    out.write(f" {timings[label]:.1f} s\n")
    out.flush()


def _months() -> list[tuple]:
    """(code, cutoff, deadline, old structure?) of every month since 2016 whose window has
    closed."""
    from phoihop.core.periods import Period

    today = datetime.date.today()
    months = []
    for year in range(FIRST_YEAR, today.year + 1):
        for period in Period.of_year(year, "month"):
            if period.window_end >= today:
                break
            old = period.window_end < REFORM
            deadline = period.window_end + datetime.timedelta(days=5)
            months.append((period.code, period.window_end, deadline, old))
    return months


def _make_regime():
    from phoihop.org.models import Organization, User
    from phoihop.reporting import services
    from phoihop.reporting.models import Indicator, Regime

    admin = User.objects.get(username="bench.admin")
    made: dict[str, Indicator] = {}
    specs = list(SPECIAL) + [
        (f"BENCH.C{n:02d}", f"Chỉ tiêu cộng tổng {n}", "lượt", "sum")
        for n in range(1, indicator_count() - len(SPECIAL) + 1)
    ]
    kinds = {}
    for code, name, unit, kind in specs:
        attrs = {"value_type": "integer", "aggregation": "sum"}
        if kind == "yes_no":
            attrs = {
                "value_type": "yes_no",
                "aggregation": "count",
                "condition_operator": "eq",
                "condition_value": 1,
            }
        elif kind == "average":
            attrs["aggregation"] = "average"
        elif kind == "latest":
            attrs["aggregation"] = "latest"
        made[code] = services.create_indicator(by=admin, code=code, name=name, unit=unit, **attrs)
        kinds[made[code].pk] = kind
    rate = services.create_indicator(
        by=admin,
        code="HN.TYLE",
        name="Tỷ lệ hộ nghèo",
        unit="%",
        value_type="percentage",
        aggregation="rate",
        numerator=made["HN.SOHO"],
        denominator=made["DC.SOHO"],
        direction="lower",
    )
    form = services.create_form(
        by=admin,
        code="BENCH.XA",
        name="Báo cáo tháng của xã (benchmark)",
        sections=[services.Section("Số liệu", items=[*made.values(), rate])],
    )
    receiver = Organization.objects.get(identifier=f"{PROVINCE}.BTGDVTU")
    regime = services.create_regime(
        by=admin,
        code=REGIME_CODE,
        name="Báo cáo tháng của Ủy ban nhân dân xã (benchmark)",
        kind=Regime.Kind.PERIODIC,
        calendar="nd09",
        frequency="month",
        deadline_rule=Regime.DeadlineRule.WORKING_DAYS,
        deadline_working_days=3,
        receiver=receiver,
        report_form=form,
        assignments=[
            services.Assignment(organization_kind="peoples_committee", organization_level="commune")
        ],
    )
    return regime, kinds


def _insert_old_committees(cursor) -> int:
    """One People's Committee per old commune, archived when the commune ended."""
    cursor.execute(
        """INSERT INTO org_organization (name, abbreviation, identifier, kind, level, area_id,
               email, phone, address, valid_to, archived_at, path, depth, created_at, updated_at)
           SELECT 'Ủy ban nhân dân ' || a.name, 'UBND', 'OLD.' || a.code || '.UBND',
               'peoples_committee', 'commune', a.id, '', '', '', a.valid_to,
               %s, '', 0, now(), now()
           FROM org_area a WHERE a.level = 'commune' AND a.valid_to IS NOT NULL
           ON CONFLICT DO NOTHING""",
        [datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)],
    )
    count = cursor.rowcount
    cursor.execute(
        "UPDATE org_organization SET path = '/' || id || '/' WHERE path = '' AND level = 'commune'"
    )
    return count


def _insert_submissions(cursor, regime_id: int) -> None:
    cursor.execute(
        "CREATE TEMP TABLE bench_month (code text, cutoff date, deadline date, old boolean)"
    )
    cursor.executemany("INSERT INTO bench_month VALUES (%s, %s, %s, %s)", _months())
    # Accepted a few days after the cut-off, at a time that differs by unit.
    cursor.execute(
        """INSERT INTO reporting_submission (regime_id, period_code, cutoff, organization_id,
               state, deadline, first_submitted_at, submitted_at, decided_at, return_reason,
               created_at, updated_at)
           SELECT %s, m.code, m.cutoff, o.id, 'accepted', m.deadline,
               m.cutoff + interval '2 days', m.cutoff + interval '2 days',
               m.cutoff + interval '3 days' + (o.id %% 1000) * interval '1 second', '',
               now(), now()
           FROM bench_month m
           JOIN org_organization o ON o.kind = 'peoples_committee' AND o.level = 'commune'
           JOIN org_area a ON a.id = o.area_id
           WHERE (m.old AND a.valid_to IS NOT NULL) OR (NOT m.old AND a.valid_to IS NULL)
           ORDER BY m.cutoff, o.id""",
        [regime_id],
    )


def _insert_values(cursor, regime_id: int, kinds: dict[int, str], out) -> None:
    cursor.execute("CREATE TEMP TABLE bench_indicator (indicator_id int, rank int, kind text)")
    cursor.executemany(
        "INSERT INTO bench_indicator VALUES (%s, %s, %s)",
        [(pk, rank, kind) for rank, (pk, kind) in enumerate(sorted(kinds.items()))],
    )
    for year in range(FIRST_YEAR, datetime.date.today().year + 1):
        cursor.execute(
            f"""INSERT INTO reporting_value (submission_id, indicator_id, number, text, updated_at)
                SELECT s.id, b.indicator_id, {VALUE_SQL}, '', now()
                FROM reporting_submission s CROSS JOIN bench_indicator b
                WHERE s.regime_id = %s AND s.period_code LIKE %s
                ORDER BY s.id, b.indicator_id""",
            [regime_id, f"{year}-%"],
        )
        out.write(f" {year}")
        out.flush()


def generate_reporting(out=sys.stdout) -> dict:
    from django.db import connection, transaction

    from phoihop.reporting import rollups

    timings: dict[str, float] = {}
    out.write(f"Reporting data, scale {SCALE} ({indicator_count()} indicators):\n")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        with _step("regime, form and indicators", timings, out):
            regime, kinds = _make_regime()
        with _step("old communes' People's Committees", timings, out):
            _insert_old_committees(cursor)
        with _step("submissions", timings, out):
            _insert_submissions(cursor, regime.pk)
        with _step("values (by year)", timings, out), without_indexes("reporting_value"):
            _insert_values(cursor, regime.pk, kinds, out)
        with (
            _step("roll-ups (rollups.rebuild)", timings, out),
            without_indexes("reporting_rollup"),
            without_indexes("reporting_currentrollup"),
        ):
            # rebuild() starts with a DELETE: a no-op on the empty table.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            rollups.rebuild()
    with _step("vacuum analyze", timings, out), connection.cursor() as cursor:
        for table in (
            "reporting_submission",
            "reporting_value",
            "reporting_rollup",
            "reporting_currentrollup",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return timings


# The plain answers ------------------------------------------------------------------------------

# Old communes pass to their principal successor: the one that kept their code, else the first by
# code (as reporting.analytics does when no share is set; the benchmark sets none).
PRINCIPAL_SQL = """
    SELECT l.from_area_id AS source, l.to_area_id AS target
    FROM org_area_successors l
    JOIN org_area o ON o.id = l.from_area_id
    JOIN org_area t ON t.id = l.to_area_id
    WHERE o.level = 'commune' AND t.level = 'commune' AND t.code = COALESCE(
        (SELECT MIN(t2.code) FROM org_area_successors l2 JOIN org_area t2 ON t2.id = l2.to_area_id
         WHERE l2.from_area_id = o.id AND t2.code = o.code AND t2.level = 'commune'),
        (SELECT MIN(t2.code) FROM org_area_successors l2 JOIN org_area t2 ON t2.id = l2.to_area_id
         WHERE l2.from_area_id = o.id AND t2.level = 'commune'))
"""

RAW_COMMUNES_SQL = f"""
    WITH map AS (
        SELECT a.id AS source, a.id AS target FROM org_area a
        WHERE a.level = 'commune' AND a.valid_to IS NULL AND a.parent_id = %(province)s
        UNION ALL
        SELECT p.source, p.target FROM ({PRINCIPAL_SQL}) p
        JOIN org_area t ON t.id = p.target AND t.parent_id = %(province)s
    )
    SELECT m.target, s.period_code, SUM(v.number)
    FROM reporting_value v
    JOIN reporting_submission s ON s.id = v.submission_id
    JOIN reporting_regime g ON g.id = s.regime_id AND g.calendar = 'nd09'
    JOIN org_organization o ON o.id = s.organization_id
    JOIN map m ON m.source = o.area_id
    WHERE v.indicator_id = %(indicator)s AND s.state = 'accepted'
        AND s.period_code = ANY(%(codes)s) AND v.number IS NOT NULL
    GROUP BY m.target, s.period_code
"""

RAW_PROVINCES_SQL = """
    WITH map AS (
        SELECT c.id AS source, c.parent_id AS target FROM org_area c
        WHERE c.level = 'commune' AND c.valid_to IS NULL
        UNION ALL
        SELECT c.id, l.to_area_id FROM org_area c
        JOIN org_area d ON d.id = c.parent_id
        JOIN org_area_successors l ON l.from_area_id = d.parent_id
        WHERE c.level = 'commune' AND c.valid_to IS NOT NULL
    )
    SELECT m.target, LEFT(s.period_code, 4), SUM(v.number)
    FROM reporting_value v
    JOIN reporting_submission s ON s.id = v.submission_id
    JOIN reporting_regime g ON g.id = s.regime_id AND g.calendar = 'nd09'
    JOIN org_organization o ON o.id = s.organization_id
    JOIN map m ON m.source = o.area_id
    WHERE v.indicator_id = %(indicator)s AND s.state = 'accepted'
        AND s.period_code LIKE '____-__' AND LEFT(s.period_code, 4) = ANY(%(years)s)
        AND v.number IS NOT NULL
    GROUP BY m.target, LEFT(s.period_code, 4)
"""


def _raw(sql: str, params: dict) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(target, code): Decimal(total) for target, code, total in cursor.fetchall()}


def _from_series(result) -> dict:
    return result.filled()


def _median_ms(function, repeats: int = REPEATS) -> tuple[float, object]:
    function()  # warm-up: both sides read from a warm cache
    times, answer = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        answer = function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), answer


def _pivot_row(name: str, rollup_call, raw_call, cells: str) -> dict:
    rollup_ms, by_rollups = _median_ms(rollup_call)
    raw_ms, by_raw = _median_ms(raw_call)
    identical = by_rollups == {key: value.normalize() + 0 for key, value in by_raw.items()}
    if not identical:
        missing = set(by_raw) ^ set(by_rollups)
        differ = [k for k in by_raw if k in by_rollups and by_rollups[k] != by_raw[k]]
        raise AssertionError(
            f"{name}: the roll-ups and the GROUP BY disagree ({len(missing)} cells only on one "
            f"side, {len(differ)} differ, e.g. {(missing or set(differ) or {None}).pop()})"
        )
    speedup = raw_ms / rollup_ms if rollup_ms else float("inf")
    return {
        "name": name,
        "cells": cells,
        "filled_cells": len(by_rollups),
        "rollup_ms": rollup_ms,
        "group_by_ms": raw_ms,
        "speedup": round(speedup, 1),
        "identical": identical,
        "goal": f">= {GOAL_SPEEDUP:g}x",
        "verdict": "ok" if speedup >= GOAL_SPEEDUP else "MISSED",
    }


def pivot_rows() -> list[dict]:
    from django.utils import timezone

    from phoihop.core.periods import Period
    from phoihop.org.models import Area
    from phoihop.reporting import analytics
    from phoihop.reporting.models import Indicator

    indicator = Indicator.objects.get(code="TG.BUOI")
    as_of = timezone.localdate()
    province = Area.objects.current().get(level="province", code=PROVINCE)
    months = Period.of_year(2025, "month")
    years = [Period("year", year) for year in range(FIRST_YEAR, FIRST_YEAR + 10)]
    provinces = analytics.provinces(as_of)
    communes = analytics.breakdown([province], "commune", as_of)

    rows = [
        _pivot_row(
            "pivot_communes",
            lambda: _from_series(
                analytics.series(indicator, [province], months, as_of=as_of, level="commune")
            ),
            lambda: _raw(
                RAW_COMMUNES_SQL,
                {
                    "province": province.pk,
                    "indicator": indicator.pk,
                    "codes": [p.code for p in months],
                },
            ),
            f"1 indicator × {len(communes)} communes × 12 months of 2025",
        ),
        _pivot_row(
            "pivot_provinces",
            lambda: _from_series(analytics.series(indicator, provinces, years, as_of=as_of)),
            lambda: _raw(
                RAW_PROVINCES_SQL,
                {"indicator": indicator.pk, "years": [p.code for p in years]},
            ),
            f"1 indicator × {len(provinces)} provinces × 10 years {FIRST_YEAR}–{FIRST_YEAR + 9}",
        ),
    ]
    return rows


# Accepting a submission -------------------------------------------------------------------------


class _DatabaseTime:
    """The time spent in the database driver by the queries run inside it."""

    def __init__(self):
        self.ms = 0.0
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - started) * 1000
            self.statements += 1


def accept_row() -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from phoihop.core.periods import Period
    from phoihop.org.models import Organization
    from phoihop.reporting import rollups
    from phoihop.reporting.models import Regime, Submission, Value

    regime = Regime.objects.get(code=REGIME_CODE)
    indicators = [item.indicator for item in regime.report_form.items.select_related("indicator")]
    entered = [i for i in indicators if not i.is_rate]
    form_unit = _form_unit()  # has a draft of this month (the form page's)
    units = list(
        Organization.objects.filter(
            kind="peoples_committee", level="commune", area__valid_to__isnull=True
        )
        .exclude(pk=form_unit.pk)
        .order_by("id")[:: max(1, 3321 // ACCEPTS)][:ACCEPTS]
    )
    period = Period.containing(timezone.localdate(), "month")  # its window is still open
    accepts, reopens, statements = [], [], 0
    for unit in units:
        with transaction.atomic():
            submission = Submission.objects.create(
                regime=regime,
                period_code=period.code,
                cutoff=period.window_end,
                organization=unit,
                state=Submission.State.ACCEPTED,
                deadline=period.window_end,
                decided_at=timezone.now(),
            )
            Value.objects.bulk_create(
                Value(submission=submission, indicator=indicator, number=Decimal(n % 7))
                for n, indicator in enumerate(entered)
            )
            timer = _DatabaseTime()
            with connection.execute_wrapper(timer):
                rollups.submission_accepted(submission)
            accepts.append(timer.ms)
            statements = timer.statements
            timer = _DatabaseTime()
            with connection.execute_wrapper(timer):
                rollups.submission_reopened(submission)
            reopens.append(timer.ms)
            transaction.set_rollback(True)
    accepts.sort()
    p95 = accepts[max(0, round(len(accepts) * 0.95) - 1)]
    return {
        "name": "accept_updates_rollups",
        "accepts": len(accepts),
        "values_per_submission": len(entered),
        "cells_per_accept": (len(entered) + 1) * 2,  # every indicator and the rate, 2 levels
        "statements": statements,
        "accept_db_ms_p50": round(statistics.median(accepts), 2),
        "accept_db_ms_p95": round(p95, 2),
        "accept_db_ms_max": round(max(accepts), 2),
        "reopen_db_ms_p50": round(statistics.median(reopens), 2),
        "goal": f"< {GOAL_ACCEPT_MS:g} ms",
        "verdict": "ok" if max(accepts) < GOAL_ACCEPT_MS else "MISSED",
    }


def structure_built() -> bool:
    from django.core.management import call_command

    from phoihop.reporting import structure

    call_command("migrate", interactive=False, verbosity=0)  # data made before the model
    return structure.state() is not None


def restructure(out=sys.stdout) -> dict:
    """The roll-ups in the current structure, for data generated before they existed (what
    `rollups.rebuild()` ends with)."""
    from django.db import connection, transaction

    from phoihop.reporting import structure

    timings: dict[str, float] = {}
    with (
        _step("roll-ups in the current structure (structure.restructure)", timings, out),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL work_mem = '256MB'")
        with without_indexes("reporting_currentrollup"):
            structure.restructure()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reporting_currentrollup")
    return timings


# Pages under load ---------------------------------------------------------------------------------


def _form_unit():
    """The Thanh Hóa commune whose People's Committee has a draft of the month under way."""
    from phoihop.org.models import Organization

    return (
        Organization.objects.filter(
            kind="peoples_committee",
            level="commune",
            area__valid_to__isnull=True,
            area__parent__code=PROVINCE,
            memberships__role="leader",
        )
        .order_by("-id")
        .first()
    )


def _draft(regime, unit):
    """A draft of the month under way with every entered value typed (made once)."""
    from django.utils import timezone

    from phoihop.core.periods import Period
    from phoihop.reporting.models import Submission, Value

    period = Period.containing(timezone.localdate(), "month")
    draft, created = Submission.objects.get_or_create(
        regime=regime,
        period_code=period.code,
        organization=unit,
        defaults={
            "cutoff": period.window_end,
            "deadline": period.window_end + datetime.timedelta(days=5),
        },
    )
    if created:
        items = regime.report_form.items.select_related("indicator")
        Value.objects.bulk_create(
            Value(submission=draft, indicator=item.indicator, number=Decimal(n % 9))
            for n, item in enumerate(items)
            if item.indicator is not None and not item.indicator.is_rate
        )
    return period


def page_people_and_scenarios():
    """(people, scenarios): the receiver's specialist on the completeness page of the last
    closed month (3,321 communes expected) and on an accepted report of it; a commune leader on
    the draft form of the month under way."""
    from benchmarks.harness import Scenario
    from phoihop.core.periods import Period
    from phoihop.org.models import Membership, Organization
    from phoihop.reporting.models import Regime

    regime = Regime.objects.select_related("report_form").get(code=REGIME_CODE)
    receiver = (
        Membership.objects.filter(organization=regime.receiver, role="specialist")
        .select_related("user")
        .order_by("id")
        .first()
        .user
    )
    unit = _form_unit()
    leader = unit.memberships.filter(role="leader").select_related("user").first().user
    current = _draft(regime, unit)
    closed = Period.containing(current.window_start - datetime.timedelta(days=1), "month")
    reported = Organization.objects.filter(
        kind="peoples_committee", level="commune", area__valid_to__isnull=True
    ).order_by("id")[0]
    people = {"receiver": receiver, "commune": leader}
    scenarios = [
        (
            Scenario(
                "completeness_national_month",
                f"/reporting/completeness/{regime.pk}/?period={closed.code}",
            ),
            "receiver",
        ),
        (
            Scenario("report_form_draft", f"/reporting/{regime.pk}/{current.code}/{unit.pk}/"),
            "commune",
        ),
        (
            Scenario(
                "report_accepted_as_receiver",
                f"/reporting/{regime.pk}/{closed.code}/{reported.pk}/",
            ),
            "receiver",
        ),
    ]
    return people, scenarios


def page_rows(extra: dict) -> list[dict]:
    from benchmarks.harness import measure_scenarios

    people, scenarios = page_people_and_scenarios()
    return measure_scenarios(scenarios, people, extra=extra)


def run() -> list[dict]:
    configure()
    from benchmarks import generate

    timings = {}
    if not generate.already_generated():
        generate.generate()
    if not already_generated():
        timings = generate_reporting()
    if not structure_built():
        timings |= restructure()
    sizes = data_sizes()
    extra = sizes | {"scale": SCALE} | {f"generate_{k}_s": v for k, v in timings.items()}
    rows = [*pivot_rows(), accept_row()]
    rows = [row | extra for row in rows]
    if not os.environ.get("BENCH_REPORTING_NO_PAGES"):
        rows += page_rows(extra)
    return rows


if __name__ == "__main__":
    from benchmarks.run import main

    sys.exit(main(["bench_reporting"]))
