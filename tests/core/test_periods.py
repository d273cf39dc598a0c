"""Reporting periods in both calendars, checked against every period of 2019–2030.

The expected values are written here from the rules of Nghị định 09/2019/NĐ-CP and the
calendar, with a table of each kind's months and plain date arithmetic, never by asking the
engine; a few periods are also spelled out by hand as they appear in the issue and the domain
notes.
"""

import calendar as gregorian
import datetime

import pytest

from phoihop.core.periods import Period

D = datetime.date
YEARS = range(2019, 2031)
ROMAN = ["I", "II", "III", "IV"]

# kind -> [(index, first month, last month), ...]
MONTHS_OF = {
    "month": [(m, m, m) for m in range(1, 13)],
    "quarter": [(1, 1, 3), (2, 4, 6), (3, 7, 9), (4, 10, 12)],
    "half": [(1, 1, 6), (2, 7, 12)],
    "nine_months": [(1, 1, 9)],
    "year": [(1, 1, 12)],
}


def _title(kind: str, year: int, index: int) -> str:
    if kind == "month":
        return f"Tháng {index}/{year}"
    if kind == "quarter":
        return f"Quý {ROMAN[index - 1]}/{year}"
    if kind == "half":
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    return f"9 tháng năm {year}" if kind == "nine_months" else f"Năm {year}"


def _code(kind: str, year: int, index: int) -> str:
    return {
        "month": f"{year}-{str(index).zfill(2)}",
        "quarter": f"{year}-Q{index}",
        "half": f"{year}-H{index}",
        "nine_months": f"{year}-9M",
        "year": str(year),
    }[kind]


def _dd_mm(day: D) -> str:
    return str(day.day).zfill(2) + "/" + str(day.month).zfill(2)


def _range_text(start: D, end: D) -> str:
    first = _dd_mm(start) if start.year == end.year else f"{_dd_mm(start)}/{start.year}"
    return f"{first}\u2013{_dd_mm(end)}/{end.year}"


def expected_periods(year: int, kind: str, calendar: str) -> list[dict]:
    rows = []
    for index, first, last in MONTHS_OF[kind]:
        start = D(year, first, 1)
        end = D(year, last, gregorian.monthrange(year, last)[1])
        if calendar == "calendar":
            window = (start, end)
            name = _title(kind, year, index)
        else:
            window = (
                D(year - 1, 12, 15) if first == 1 else D(year, first - 1, 15),
                D(year, last, 14),
            )
            name = f"{_title(kind, year, index)} ({_range_text(*window)})"
        rows.append(
            {
                "kind": kind,
                "year": year,
                "index": index,
                "code": _code(kind, year, index),
                "name": name,
                "start": start,
                "end": end,
                "window_start": window[0],
                "window_end": window[1],
            }
        )
    return rows


def as_row(period: Period) -> dict:
    return {
        "kind": period.kind,
        "year": period.year,
        "index": period.index,
        "code": period.code,
        "name": period.name,
        "start": period.start,
        "end": period.end,
        "window_start": period.window_start,
        "window_end": period.window_end,
    }


CASES = [(kind, calendar) for kind in MONTHS_OF for calendar in ("nd09", "calendar")]


@pytest.mark.parametrize("kind, calendar", CASES)
def test_every_period_of_2019_to_2030_has_its_window_span_code_and_name(kind, calendar):
    for year in YEARS:
        periods = Period.of_year(year, kind, calendar)
        assert [as_row(p) for p in periods] == expected_periods(year, kind, calendar)
        for period in periods:
            assert period.calendar == calendar
            assert Period.from_code(period.code, calendar) == period
            assert str(period) == period.name


@pytest.mark.parametrize("kind, calendar", CASES)
def test_every_day_of_a_window_belongs_to_its_period_and_no_other(kind, calendar):
    owner: dict[D, str] = {}
    for year in YEARS:
        for row in expected_periods(year, kind, calendar):
            day = row["window_start"]
            while day <= row["window_end"]:
                assert day not in owner  # windows of one kind never overlap
                owner[day] = row["code"]
                day += datetime.timedelta(days=1)
    day, last = min(owner), max(owner)
    while day <= last:
        found = Period.containing(day, kind, calendar)
        assert (found.code if found else None) == owner.get(day), day
        day += datetime.timedelta(days=1)
    if kind != "nine_months":  # months, quarters, halves and years tile the time line
        assert len(owner) == (last - min(owner)).days + 1


@pytest.mark.parametrize(
    "code, name",
    [
        ("2026-03", "Tháng 3/2026 (15/02\u201314/03/2026)"),
        ("2026-01", "Tháng 1/2026 (15/12/2025\u201314/01/2026)"),
        ("2026-Q1", "Quý I/2026 (15/12/2025\u201314/03/2026)"),
        ("2026-Q2", "Quý II/2026 (15/03\u201314/06/2026)"),
        ("2026-H1", "6 tháng đầu năm 2026 (15/12/2025\u201314/06/2026)"),
        ("2026-H2", "6 tháng cuối năm 2026 (15/06\u201314/12/2026)"),
        ("2026-9M", "9 tháng năm 2026 (15/12/2025\u201314/09/2026)"),
        ("2026", "Năm 2026 (15/12/2025\u201314/12/2026)"),
    ],
)
def test_decree_09_names_carry_the_data_window(code, name):
    assert Period.from_code(code).name == name


def test_calendar_periods_are_named_without_a_window_and_their_window_is_their_span():
    quarter = Period.from_code("2028-Q1", "calendar")
    assert quarter.name == "Quý I/2028"
    assert (quarter.window_start, quarter.window_end) == (D(2028, 1, 1), D(2028, 3, 31))
    february = Period.from_code("2028-02", "calendar")
    assert (february.start, february.end) == (D(2028, 2, 1), D(2028, 2, 29))  # leap year
    assert Period.from_code("2026-H2", "calendar").name == "6 tháng cuối năm 2026"


def test_the_same_code_names_a_period_in_each_calendar():
    nd09, plain = Period.from_code("2026-Q1"), Period.from_code("2026-Q1", "calendar")
    assert nd09 != plain
    assert nd09.code == plain.code == "2026-Q1"
    assert (nd09.start, nd09.end) == (plain.start, plain.end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert (nd09.window_start, nd09.window_end) == (D(2025, 12, 15), D(2026, 3, 14))


def test_the_period_containing_a_day_depends_on_the_cut_off():
    assert Period.containing(D(2026, 11, 14), "month") == Period("month", 2026, 11)
    assert Period.containing(D(2026, 11, 15), "month") == Period("month", 2026, 12)
    assert Period.containing(D(2026, 12, 20), "year") == Period("year", 2027)
    assert Period.containing(D(2026, 12, 20), "year", "calendar") == Period(
        "year", 2026, calendar="calendar"
    )
    assert Period.containing(D(2026, 9, 15), "nine_months") is None
    assert Period.containing(D(2026, 10, 1), "nine_months", "calendar") is None
    assert Period("year", 2026).contains(D(2025, 12, 15))
    assert not Period("year", 2026).contains(D(2026, 12, 31))
    assert Period("year", 2026, calendar="calendar").contains(D(2026, 12, 31))


@pytest.mark.parametrize(
    "code",
    [
        "",
        "2026-13",
        "2026-00",
        "2026-1",
        "2026-Q0",
        "2026-Q5",
        "2026-q1",
        "2026-H3",
        "2026-9m",
        "2026-",
        " 2026",
        "2026\n",
        "0999",
        "26",
        "20260",
        "١٢٣٤",  # Arabic-Indic digits are digits to Python, not to a period code
        "２０２６",
        "2026-Q1; DROP TABLE",
        "2026-03" * 10_000,
        "\x00",
        None,
        2026,
        ["2026"],
    ],
)
def test_a_bad_code_is_refused_with_value_error(code):
    with pytest.raises(ValueError):
        Period.from_code(code)


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("quarter", 2026, 5), {}),
        (("week", 2026, 1), {}),
        (("month", 2026, 0), {}),
        (("month", 2026, True), {}),
        (("month", "2026", 1), {}),
        (("year", 99999), {}),
        (("year", -1), {}),
        (("year", 2026), {"calendar": "lunar"}),
    ],
)
def test_a_period_that_cannot_be_is_refused(args, kwargs):
    with pytest.raises(ValueError):
        Period(*args, **kwargs)


def test_listing_or_locating_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Period.of_year(2026, "week")
    with pytest.raises(ValueError):
        Period.containing(D(2026, 1, 1), "week")
    with pytest.raises(ValueError):
        Period.of_year(2026, "month", "lunar")
