"""Roll-ups: every aggregation kind adds up from communes to their district and province the
moment a submission is accepted, and comes back out when it is reopened; the merger rolls old
areas into their successors (a divided commune by its shares); a longer period adds up its
months."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.core.audit import AuditEntry
from phoihop.core.periods import Period
from phoihop.reporting import analytics, rollups, structure, succession
from phoihop.reporting.models import AreaSuccessionShare, Rollup
from tests.factories import UserFactory, make_indicator, system_admin

from .rollup_world import accept, build_world, reopen

pytestmark = pytest.mark.django_db
D = Decimal


def months(*codes):
    return [Period.from_code(code) for code in codes]


def value(indicator, area, code, *, as_of=None, level=None):
    """The figure of one area and month, in the structure of that month (by default)."""
    period = Period.from_code(code)
    result = analytics.series(indicator, [area], [period], as_of=as_of or period.end, level=level)
    return result.value(area.pk, code)


@pytest.fixture
def kinds():
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền", unit="buổi")
    average = make_indicator(
        code="TG.TB", name="Số người trung bình mỗi buổi", aggregation="average"
    )
    poor = make_indicator(code="HN.SOHO", name="Số hộ nghèo", unit="hộ")
    households = make_indicator(code="DC.SOHO", name="Tổng số hộ", unit="hộ")
    rate = make_indicator(
        code="HN.TYLE",
        name="Tỷ lệ hộ nghèo",
        value_type="percentage",
        aggregation="rate",
        numerator=poor,
        denominator=households,
        direction="lower",
    )
    meets = make_indicator(
        code="ATTP.DAT",
        name="Đạt chuẩn an toàn thực phẩm",
        value_type="yes_no",
        aggregation="count",
        condition_operator="eq",
        condition_value=1,
    )
    latest = make_indicator(code="DS.DAN", name="Dân số", aggregation="latest")
    note = make_indicator(
        code="GC.NOIBAT",
        name="Sự kiện nổi bật",
        value_type="text",
        aggregation="latest",
        direction="none",
    )
    plain = make_indicator(code="XH.DIEM", name="Điểm tự chấm", aggregation="none")
    return {
        "sum": sessions,
        "average": average,
        "poor": poor,
        "households": households,
        "rate": rate,
        "count": meets,
        "latest": latest,
        "text": note,
        "none": plain,
    }


@pytest.fixture(params=["read_time", "current_rows"])
def world(request, kinds):
    """Each test twice: the merger mapped at read time, and read from the rows kept in the
    current structure (which answer for today's structure; earlier dates still map)."""
    entered = [i for key, i in kinds.items() if key != "rate"] + [kinds["rate"]]
    built = build_world(entered)
    if request.param == "current_rows":
        structure.restructure()
    return built


def test_each_kind_adds_up_from_the_communes_to_the_district_and_the_province(world, kinds):
    k, u, a = kinds, world.units, world.areas
    first = datetime.datetime(2025, 3, 20, 9, tzinfo=datetime.UTC)
    accept(
        world.regime,
        u["a1"],
        "2025-03",
        {
            k["sum"]: 4,
            k["average"]: 100,
            k["poor"]: 1,
            k["households"]: 10,
            k["count"]: 1,
            k["latest"]: 5000,
            k["text"]: "Hội thi văn nghệ",
            k["none"]: 7,
        },
        at=first,
    )
    accept(
        world.regime,
        u["a2"],
        "2025-03",
        {
            k["sum"]: 6,
            k["average"]: 50,
            k["poor"]: 30,
            k["households"]: 100,
            k["count"]: 0,
            k["latest"]: 7000,
            k["text"]: "Ngày hội đại đoàn kết",
            k["none"]: 9,
        },
        at=first + datetime.timedelta(days=1),
    )
    for area in (a["DA"], a["A"]):
        assert value(k["sum"], area, "2025-03") == 10
        assert value(k["average"], area, "2025-03") == 75
        # 31 poor households of 110, not the average of 10% and 30%.
        assert value(k["rate"], area, "2025-03") == D("28.1818")
        assert value(k["count"], area, "2025-03") == 1
        assert value(k["latest"], area, "2025-03") == 7000
        assert value(k["text"], area, "2025-03") == "Ngày hội đại đoàn kết"
        assert value(k["none"], area, "2025-03") is None
    assert value(k["sum"], a["a1"], "2025-03") == 4
    assert value(k["rate"], a["a1"], "2025-03") == 10
    assert value(k["sum"], a["B"], "2025-03") is None


def test_a_rate_counts_only_the_units_that_gave_both_parts(world, kinds):
    k, u, a = kinds, world.units, world.areas
    accept(world.regime, u["a1"], "2025-03", {k["poor"]: 5, k["households"]: 50})
    accept(world.regime, u["a2"], "2025-03", {k["poor"]: 9})
    assert value(k["rate"], a["A"], "2025-03") == 10
    assert value(k["poor"], a["A"], "2025-03") == 14


def test_accept_then_reopen_restores_every_total(world, kinds):
    k, u, a = kinds, world.units, world.areas
    early = datetime.datetime(2025, 3, 20, tzinfo=datetime.UTC)
    accept(world.regime, u["a1"], "2025-03", {k["sum"]: 4, k["latest"]: 100}, at=early)
    before = sorted(Rollup.objects.values_list("indicator_id", "area_id", "total", "units"))
    later = accept(
        world.regime,
        u["a2"],
        "2025-03",
        {k["sum"]: 6, k["latest"]: 200, k["count"]: 1},
        at=early + datetime.timedelta(days=2),
    )
    assert value(k["sum"], a["A"], "2025-03") == 10
    assert value(k["latest"], a["A"], "2025-03") == 200
    assert value(k["count"], a["A"], "2025-03") == 1

    reopen(later)

    after = sorted(Rollup.objects.values_list("indicator_id", "area_id", "total", "units"))
    assert after == before
    assert value(k["sum"], a["A"], "2025-03") == 4
    assert value(k["latest"], a["A"], "2025-03") == 100  # the one before it again
    assert value(k["count"], a["A"], "2025-03") is None
    assert value(k["sum"], a["a2"], "2025-03") is None


def test_a_series_across_the_merger_is_the_sum_of_the_predecessors(world, kinds):
    k, u, a = kinds, world.units, world.areas
    for unit, number in (("a1", 1), ("a2", 2), ("b1", 4)):
        accept(world.regime, u[unit], "2025-06", {k["sum"]: number})
    for unit, number in (("p1", 10), ("p2", 20)):
        accept(world.regime, u[unit], "2025-07", {k["sum"]: number})

    result = analytics.series(
        k["sum"], [a["P"]], months("2025-06", "2025-07"), as_of=datetime.date(2026, 1, 1)
    )

    june = value(k["sum"], a["A"], "2025-06", as_of=datetime.date(2025, 6, 1)) + value(
        k["sum"], a["B"], "2025-06", as_of=datetime.date(2025, 6, 1)
    )
    assert result.value(a["P"].pk, "2025-06") == june == 7
    assert result.value(a["P"].pk, "2025-07") == 30


def test_the_structure_as_of_an_earlier_date_shows_the_old_areas(world, kinds):
    k, u, a = kinds, world.units, world.areas
    accept(world.regime, u["a1"], "2025-06", {k["sum"]: 1})
    accept(world.regime, u["p1"], "2025-07", {k["sum"]: 10})

    old = analytics.series(
        k["sum"], [a["A"]], months("2025-06", "2025-07"), as_of=datetime.date(2025, 1, 1)
    )

    assert [x.pk for x in old.areas] == [a["A"].pk]
    assert old.value(a["A"].pk, "2025-06") == 1
    # What the new communes reported is not split back among the old areas.
    assert old.value(a["A"].pk, "2025-07") is None
    # Province P did not exist then.
    assert (
        analytics.series(
            k["sum"], [a["P"]], months("2025-07"), as_of=datetime.date(2025, 1, 1)
        ).areas
        == []
    )


def test_a_divided_commune_goes_whole_to_its_principal_successor_by_default(world, kinds):
    k, u, a = kinds, world.units, world.areas
    accept(world.regime, u["a1"], "2025-06", {k["sum"]: 1, k["count"]: 1})
    accept(world.regime, u["a2"], "2025-06", {k["sum"]: 10, k["count"]: 1})
    accept(world.regime, u["b1"], "2025-06", {k["sum"]: 100, k["count"]: 0})

    communes = analytics.series(
        k["sum"], [a["P"]], months("2025-06"), as_of=datetime.date(2026, 1, 1), level="commune"
    )

    # a2 (code 00020) kept no code among its successors: the first by code, p1, takes it.
    assert [x.pk for x in communes.areas] == [a["p1"].pk, a["p2"].pk]
    assert communes.value(a["p1"].pk, "2025-06") == 11
    assert communes.value(a["p2"].pk, "2025-06") == 100
    assert communes.total_value("2025-06") == 111
    assert value(k["sum"], a["P"], "2025-06", as_of=datetime.date(2026, 1, 1)) == 111


def test_shares_split_a_divided_communes_figures_but_count_the_unit_once(world, kinds):
    k, u, a = kinds, world.units, world.areas
    admin = system_admin()
    succession.set_share(predecessor=a["a2"], successor=a["p1"], share=D(40), by=admin)
    succession.set_share(predecessor=a["a2"], successor=a["p2"], share=D(60), by=admin)
    accept(world.regime, u["a1"], "2025-06", {k["sum"]: 1, k["count"]: 1, k["average"]: 10})
    accept(world.regime, u["a2"], "2025-06", {k["sum"]: 10, k["count"]: 1, k["average"]: 20})
    accept(world.regime, u["b1"], "2025-06", {k["sum"]: 100, k["count"]: 0, k["average"]: 40})
    as_of = datetime.date(2026, 1, 1)

    def per_commune(indicator):
        result = analytics.series(
            indicator, [a["P"]], months("2025-06"), as_of=as_of, level="commune"
        )
        return [result.value(x.pk, "2025-06") for x in result.areas]

    assert per_commune(k["sum"]) == [5, 106]
    # a1 and a2 meet the condition; a2 is counted once, in p2 which takes the larger share.
    assert per_commune(k["count"]) == [1, 1]
    assert value(k["count"], a["P"], "2025-06", as_of=as_of) == 2
    # p1: (10 + 0.4 × 20) / 1.4 units; p2: (0.6 × 20 + 40) / 1.6 units.
    assert per_commune(k["average"]) == [D("12.8571"), D("32.5")]
    assert AuditEntry.objects.filter(object_repr__contains="→").count() == 2


def test_shares_are_kept_by_system_administrators_with_checked_values(world):
    a = world.areas
    with pytest.raises(PermissionDenied):
        succession.set_share(predecessor=a["a2"], successor=a["p1"], share=D(50), by=UserFactory())
    admin = system_admin()
    with pytest.raises(ValidationError, match="không phải địa bàn kế thừa"):
        succession.set_share(predecessor=a["a1"], successor=a["p2"], share=D(50), by=admin)
    succession.set_share(predecessor=a["a2"], successor=a["p1"], share=D(70), by=admin)
    with pytest.raises(ValidationError, match="vượt quá 100%"):
        succession.set_share(predecessor=a["a2"], successor=a["p2"], share=D(40), by=admin)
    assert AreaSuccessionShare.objects.count() == 1


def test_a_year_adds_up_its_months(world, kinds):
    k, u, a = kinds, world.units, world.areas
    for month, (sessions, poor, households, meets) in {
        "2024-01": (3, 10, 100, 0),
        "2024-02": (5, 30, 100, 1),
    }.items():
        accept(
            world.regime,
            u["a1"],
            month,
            {k["sum"]: sessions, k["poor"]: poor, k["households"]: households, k["count"]: meets},
        )
    year = [Period.from_code("2024")]
    as_of = datetime.date(2024, 12, 1)

    def of_year(indicator):
        return analytics.series(indicator, [a["A"]], year, as_of=as_of).value(a["A"].pk, "2024")

    assert of_year(k["sum"]) == 8
    assert of_year(k["rate"]) == 20  # 40 of 200
    assert of_year(k["count"]) == 1  # as in its last month with figures


def test_rebuild_gives_the_cells_the_accepts_gave(world, kinds):
    k, u = kinds, world.units
    first = datetime.datetime(2025, 3, 20, tzinfo=datetime.UTC)
    accept(
        world.regime,
        u["a1"],
        "2025-03",
        {k["sum"]: 4, k["poor"]: 1, k["households"]: 10, k["count"]: 1, k["latest"]: 5},
        at=first,
    )
    accept(
        world.regime,
        u["a2"],
        "2025-03",
        {k["sum"]: 6, k["poor"]: 3, k["households"]: 30, k["count"]: 0, k["text"]: "Hội thi"},
        at=first + datetime.timedelta(hours=1),
    )
    columns = (
        "indicator_id",
        "area_id",
        "period_code",
        "units",
        "total",
        "meeting",
        "numerator",
        "denominator",
        "latest_number",
        "latest_text",
    )
    incremental = sorted(Rollup.objects.values_list(*columns))

    rollups.rebuild()

    assert sorted(Rollup.objects.values_list(*columns)) == incremental


def test_the_rebuild_command_repairs_the_roll_ups(world, kinds):
    from io import StringIO

    from django.core.management import call_command

    accept(world.regime, world.units["a1"], "2025-03", {kinds["sum"]: 4})
    Rollup.objects.update(total=999)  # damaged outside the services
    out = StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert "Đã tính lại 3 ô" in out.getvalue()
    assert value(kinds["sum"], world.areas["A"], "2025-03") == 4


def test_an_area_target_is_compared_with_the_roll_up_across_the_merger(world, kinds):
    """A term target on the new province counts what its predecessors' communes reported
    before 1-7-2025 and its own communes since, and shows the trend year by year."""
    from phoihop.reporting.models import Target
    from phoihop.reporting.targets import outcomes
    from tests.factories import OrganizationFactory

    sessions, u, a = kinds["sum"], world.units, world.areas
    accept(world.regime, u["a1"], "2024-05", {sessions: 4})
    accept(world.regime, u["a1"], "2025-03", {sessions: 5})
    accept(world.regime, u["b1"], "2025-04", {sessions: 7})
    accept(world.regime, u["p2"], "2025-09", {sessions: 30})
    target = Target.objects.create(
        indicator=sessions,
        area=a["P"],
        owner=OrganizationFactory(),
        start_year=2021,
        end_year=2025,
        value=D(40),
    )
    result = outcomes(
        [Target.objects.select_related("indicator", "area").get(pk=target.pk)],
        datetime.date(2026, 3, 1),
    )[0]
    assert dict(result.trend)[2024] == D(4)
    assert (result.result_year, result.result) == (2025, D(42))
    assert result.light == "green"
