"""Roll-ups kept in the current structure: what an old commune reported before 1-7-2025 is in
its successors' rows by share the moment it is accepted; a share change rewrites those rows;
an area saved makes them stale and reads map at read time until they are derived again; the
answers are those of a plain GROUP BY over the values and of the read-time mapping."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection

from phoihop.core.periods import Period
from phoihop.reporting import analytics, structure, succession
from phoihop.reporting.models import CurrentRollup, Value
from tests.factories import make_indicator, system_admin

from .rollup_world import accept, build_world, reopen

pytestmark = pytest.mark.django_db
D = Decimal
NOW = datetime.date(2026, 1, 1)
MONTHS = [Period.from_code(code) for code in ("2025-05", "2025-06", "2025-07")]


@pytest.fixture
def kinds():
    return {
        "sum": make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền"),
        "average": make_indicator(code="TG.TB", name="Bình quân", aggregation="average"),
        "count": make_indicator(
            code="ATTP.DAT",
            name="Đạt chuẩn",
            value_type="yes_no",
            aggregation="count",
            condition_operator="eq",
            condition_value=1,
        ),
        "latest": make_indicator(code="DS.DAN", name="Dân số", aggregation="latest"),
    }


@pytest.fixture
def world(kinds):
    built = build_world(list(kinds.values()))
    structure.restructure()
    return built


def current_total(indicator, area, code):
    row = CurrentRollup.objects.filter(indicator=indicator, area=area, period_code=code).first()
    return None if row is None else row.total.normalize()


def answers(indicator, areas, *, read_time=False):
    """(area, period) -> value of the communes of P and P itself, from the current rows or
    mapped at read time."""
    result = {}
    for level in ("commune", None):
        history = analytics.History(NOW)
        if read_time:
            history._current = False  # as when the current rows are stale
        series = analytics.series(
            indicator, [areas["P"]], MONTHS, as_of=NOW, level=level, history=history
        )
        for area in series.areas:
            for period in MONTHS:
                result[(area.pk, period.code)] = series.value(area.pk, period.code)
    return result


def raw_group_by(indicator, areas, shares):
    """The same sums from the values themselves: each old commune's values to its successors
    by `shares` ({old key: {new key: fraction}}), the new communes' to themselves."""
    totals = defaultdict(Decimal)
    by_area = {area.pk: key for key, area in areas.items()}
    for number, area_id, code in Value.objects.filter(
        indicator=indicator, submission__state="accepted"
    ).values_list("number", "submission__organization__area_id", "submission__period_code"):
        for target, fraction in shares.get(by_area[area_id], {by_area[area_id]: 1}).items():
            totals[(areas[target].pk, code)] += number * D(fraction)
            totals[(areas["P"].pk, code)] += number * D(fraction)
    return {key: value.normalize() for key, value in totals.items()}


def _accept_both_structures(world, kinds):
    k, u = kinds, world.units
    accept(world.regime, u["a1"], "2025-06", {k["sum"]: 10, k["count"]: 1, k["average"]: 10})
    accept(world.regime, u["a2"], "2025-06", {k["sum"]: 20, k["count"]: 1, k["average"]: 30})
    accept(world.regime, u["b1"], "2025-05", {k["sum"]: 5, k["count"]: 0, k["latest"]: 900})
    accept(world.regime, u["p1"], "2025-07", {k["sum"]: 7, k["count"]: 1, k["latest"]: 950})


def test_an_old_communes_value_is_in_its_successors_rows_by_share(world, kinds):
    a, k = world.areas, kinds
    admin = system_admin()
    succession.set_share(predecessor=a["a2"], successor=a["p1"], share=D(60), by=admin)
    succession.set_share(predecessor=a["a2"], successor=a["p2"], share=D(40), by=admin)

    _accept_both_structures(world, kinds)

    assert current_total(k["sum"], a["p1"], "2025-06") == 22  # a1 10 + 60 % of a2's 20
    assert current_total(k["sum"], a["p2"], "2025-06") == 8
    assert current_total(k["sum"], a["P"], "2025-06") == 30  # old provinces A and B
    shares = {"a1": {"p1": 1}, "a2": {"p1": D("0.6"), "p2": D("0.4")}, "b1": {"p2": 1}}
    expected = raw_group_by(k["sum"], a, shares)
    got = {key: value for key, value in answers(k["sum"], a).items() if value is not None}
    assert got == expected
    for kind in kinds.values():
        assert answers(kind, a) == answers(kind, a, read_time=True), kind.code


def test_a_share_change_rewrites_the_current_rows(world, kinds):
    a, k = world.areas, kinds
    _accept_both_structures(world, kinds)
    # No share: a2 goes whole to its principal successor, p1 (first by code).
    assert current_total(k["sum"], a["p1"], "2025-06") == 30

    share = succession.set_share(
        predecessor=a["a2"], successor=a["p2"], share=D(25), by=system_admin()
    )

    # Only p2 has a share: all of a2 goes there.
    assert current_total(k["sum"], a["p1"], "2025-06") == 10
    assert current_total(k["sum"], a["p2"], "2025-06") == 20
    succession.set_share(predecessor=a["a2"], successor=a["p1"], share=D(75), by=system_admin())
    assert current_total(k["sum"], a["p1"], "2025-06") == 25
    assert current_total(k["sum"], a["p2"], "2025-06") == 5
    for kind in kinds.values():
        assert answers(kind, a) == answers(kind, a, read_time=True), kind.code

    succession.delete_share(obj=share, by=system_admin())
    assert current_total(k["sum"], a["p1"], "2025-06") == 30
    assert current_total(k["sum"], a["p2"], "2025-06") is None


def test_accept_then_reopen_restores_the_current_rows(world, kinds):
    a, k, u = world.areas, kinds, world.units
    _accept_both_structures(world, kinds)
    columns = ("indicator_id", "area_id", "period_code", "units", "weight", "total", "meeting")
    before = sorted(CurrentRollup.objects.values_list(*columns, "latest_number"))

    later = accept(world.regime, u["b1"], "2025-06", {k["sum"]: 100, k["latest"]: 990})
    assert current_total(k["sum"], a["p2"], "2025-06") == 100
    assert answers(k["latest"], a)[(a["P"].pk, "2025-06")] == 990
    reopen(later)

    assert sorted(CurrentRollup.objects.values_list(*columns, "latest_number")) == before


def test_a_saved_area_sends_reads_to_the_read_time_mapping_until_restructured(world, kinds):
    a, k = world.areas, kinds
    _accept_both_structures(world, kinds)
    assert structure.is_current(NOW)

    a["p2"].name = "Xã mới P2 (đổi tên)"
    a["p2"].save()

    assert not structure.is_current(NOW)
    assert analytics.History(NOW).reads_current_rows() is False
    assert answers(k["sum"], a)[(a["p1"].pk, "2025-06")] == 30  # still right, mapped
    assert structure.restructure_if_due() is not None
    assert structure.is_current(NOW)
    assert structure.restructure_if_due() is None


def test_the_current_rows_answer_only_for_the_structure_they_were_built_for(world):
    state = structure.state()
    assert state.valid_since == datetime.date(2025, 7, 1)
    assert state.valid_until is None
    assert not state.covers(datetime.date(2025, 6, 30))
    assert state.covers(datetime.date(2025, 7, 1))


def test_a_provinces_communes_and_their_rows_are_read_in_one_statement(
    world, kinds, django_assert_num_queries
):
    """The communes come as labels (no Area instance), with their current rows and whether
    those answer in the same statement on PostgreSQL (SQLite: one for each, and one more when
    there is no row); the answer is that of the same communes asked one by one."""
    a = world.areas
    _accept_both_structures(world, kinds)
    empty = make_indicator(code="TG.KHONG", name="Chưa ai báo cáo")
    for indicator in [*kinds.values(), empty]:
        history = analytics.History(NOW)
        sqlite = 3 if indicator is empty else 2
        with django_assert_num_queries(1 if connection.vendor == "postgresql" else sqlite):
            series = analytics.series(
                indicator, [a["P"]], MONTHS, as_of=NOW, level="commune", history=history
            )
        assert history.reads_current_rows()
        assert [(x.pk, x.name, x.short_name, x.level) for x in series.areas] == [
            (x.pk, x.name, x.short_name, x.level) for x in (a["p1"], a["p2"])
        ]
        assert all(x.parent_id == a["P"].pk and x.is_valid_on(NOW) for x in series.areas)
        one_by_one = analytics.series(indicator, [a["p1"], a["p2"]], MONTHS, as_of=NOW)
        assert series.filled() == one_by_one.filled(), indicator.code
        for period in MONTHS:
            assert series.total_value(period.code) == one_by_one.total_value(period.code)
    assert series.filled() == {}


def test_stale_rows_found_with_the_communes_send_the_read_to_the_mapping(world, kinds):
    a, k = world.areas, kinds
    _accept_both_structures(world, kinds)
    expected = answers(k["sum"], a)
    a["p2"].name = "Xã mới P2 (đổi tên)"
    a["p2"].save()

    history = analytics.History(NOW)
    series = analytics.series(
        k["sum"], [a["P"]], MONTHS, as_of=NOW, level="commune", history=history
    )

    assert history.reads_current_rows() is False
    assert [x.name for x in series.areas] == [a["p1"].name, "Xã mới P2 (đổi tên)"]
    assert {(x.pk, p.code): series.value(x.pk, p.code) for x in series.areas for p in MONTHS} == {
        key: value for key, value in expected.items() if key[0] != a["P"].pk
    }


def test_a_series_read_as_figures_reads_the_parts_once_when_a_cell_is_asked_for(
    world, kinds, django_assert_num_queries
):
    """Without `cells`, PostgreSQL gives the figures alone (one row of arrays per area); the
    first cell asked for reads the parts, once, and every figure, total and unit count is that
    of a series read with its cells."""
    a = world.areas
    _accept_both_structures(world, kinds)
    areas = [a["p1"], a["p2"]]
    figures_only = connection.vendor == "postgresql"
    for indicator in kinds.values():
        with_cells = analytics.series(indicator, areas, MONTHS, as_of=NOW, cells=True)
        series = analytics.series(indicator, areas, MONTHS, as_of=NOW)
        assert series.filled() == with_cells.filled(), indicator.code
        reads = 1 if figures_only and indicator.aggregation in analytics._FIGURE_SQL else 0
        with django_assert_num_queries(reads):
            series.cell(a["p1"].pk, "2025-06")
        with django_assert_num_queries(0):
            for period in MONTHS:
                assert series.total_value(period.code) == with_cells.total_value(period.code)
                for area in areas:
                    assert (
                        series.cell(area.pk, period.code).units
                        == with_cells.cell(area.pk, period.code).units
                    )


def test_figures_of_periods_not_asked_for_within_the_code_range_are_left_out(world, kinds):
    _accept_both_structures(world, kinds)
    a = world.areas
    ends = [MONTHS[0], MONTHS[-1]]  # 2025-05 and 2025-07: 2025-06 lies between them
    series = analytics.series(kinds["sum"], [a["p1"], a["p2"]], ends, as_of=NOW)
    assert series.filled() and {code for _area, code in series.filled()} <= {"2025-05", "2025-07"}
    assert series.value(a["p1"].pk, "2025-06") is None
