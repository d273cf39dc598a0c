"""Working days: Vietnam's official calendar (the `holidays` package) with the substitution
decisions recorded by system administrators, which win in both directions.

The official days off of 2024 and 2025 are written out below from the announced decisions, so
the package's calendar is checked against them day by day rather than trusted.
"""

import datetime

import pytest

from phoihop.core.models import WorkingDayChange
from phoihop.core.periods import (
    WorkingCalendar,
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db

D = datetime.date
OFF = WorkingDayChange.Kind.DAY_OFF
WORKING = WorkingDayChange.Kind.WORKING_DAY


def _days(first: D, last: D) -> set[D]:
    return {first + datetime.timedelta(days=n) for n in range((last - first).days + 1)}


# Weekdays off for public servants, as announced (Saturdays and Sundays are off anyway).
WEEKDAYS_OFF = {
    2024: {
        D(2024, 1, 1),
        *_days(D(2024, 2, 8), D(2024, 2, 14)),  # Tết Giáp Thìn
        D(2024, 4, 18),  # Hùng Kings
        D(2024, 4, 29),  # given for the Saturday 4/5 (Công văn 2450/VPCP-KGVX)
        D(2024, 4, 30),
        D(2024, 5, 1),
        D(2024, 9, 2),
        D(2024, 9, 3),
    },
    2025: {
        D(2025, 1, 1),
        *_days(D(2025, 1, 27), D(2025, 1, 31)),  # Tết Ất Tỵ (Thông báo 6150/TB-BLĐTBXH)
        D(2025, 4, 7),  # Hùng Kings
        D(2025, 4, 30),
        D(2025, 5, 1),
        D(2025, 5, 2),  # given for the Saturday 26/4
        D(2025, 9, 1),
        D(2025, 9, 2),
    },
}
SATURDAYS_WORKED = {2024: {D(2024, 5, 4)}, 2025: {D(2025, 4, 26)}}


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_day_of_the_year_follows_the_announced_calendar(year):
    calendar = WorkingCalendar.load(D(year, 1, 1), D(year, 12, 31))
    for day in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = day in SATURDAYS_WORKED[year] or (
            day.isoweekday() <= 5 and day not in WEEKDAYS_OFF[year]
        )
        assert calendar.is_working_day(day) is expected, day


def test_weekends_lunar_new_year_and_hung_kings_day_are_days_off():
    assert is_working_day(D(2026, 11, 20))  # Friday
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 2, 17))  # Tết Bính Ngọ
    assert not is_working_day(D(2026, 4, 27))  # Hùng Kings' day observed (26/4 is a Sunday)


def test_holidays_are_named_in_vietnamese():
    assert holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert holiday_name(D(2025, 5, 2)) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert holiday_name(D(2026, 11, 20)) is None


@pytest.mark.parametrize(
    "start, days, deadline",
    [
        # Tết Ất Tỵ 2025: off from Saturday 25/1 to Sunday 2/2.
        (D(2025, 1, 24), 1, D(2025, 2, 3)),
        (D(2025, 1, 20), 5, D(2025, 2, 3)),
        (D(2025, 2, 3), -1, D(2025, 1, 24)),
        # Tết Giáp Thìn 2024: off from Thursday 8/2 to Wednesday 14/2.
        (D(2024, 2, 7), 1, D(2024, 2, 15)),
        (D(2024, 2, 5), 3, D(2024, 2, 15)),
        # Tết Bính Ngọ 2026: off from Saturday 14/2 to Sunday 22/2.
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        # Saturday 26/4/2025 was worked, Friday 2/5 given off.
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        (D(2025, 4, 26), 1, D(2025, 4, 28)),
        (D(2025, 4, 29), 1, D(2025, 5, 5)),
        (D(2025, 5, 5), -2, D(2025, 4, 28)),
        # Saturday 4/5/2024 was worked for Monday 29/4.
        (D(2024, 4, 26), 1, D(2024, 5, 2)),
        (D(2024, 5, 3), 1, D(2024, 5, 4)),
        (D(2024, 5, 4), 1, D(2024, 5, 6)),
        # A day off at the end of 2018 was worked back on Saturday 5/1/2019.
        (D(2018, 12, 28), 1, D(2019, 1, 2)),
        (D(2019, 1, 4), 1, D(2019, 1, 5)),
    ],
)
def test_deadlines_in_working_days_cross_tet_and_substituted_saturdays(start, days, deadline):
    assert add_working_days(start, days) == deadline
    assert working_days_between(start, deadline) == days


def test_zero_working_days_means_the_next_working_day():
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)
    assert next_working_day(D(2025, 1, 25)) == D(2025, 2, 3)
    assert next_working_day(D(2026, 11, 20)) == D(2026, 11, 20)


def test_working_days_between_counts_days_after_the_start():
    assert working_days_between(D(2026, 11, 6), D(2026, 11, 13)) == 5
    assert working_days_between(D(2026, 11, 13), D(2026, 11, 6)) == -5
    # 24/11/2026 is Vietnam Cultural Day, a public holiday from 2026.
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 27)) == 4
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0


def record(day: D, kind: str, note: str = "") -> WorkingDayChange:
    return WorkingDayChange.objects.create(
        date=day, kind=kind, decision="Thông báo 1/TB-BNV", note=note
    )


def test_a_recorded_day_off_and_saturday_worked_count_where_the_package_knows_neither():
    # A swap the package does not know: Friday 31/12/2027 off, Saturday 8/1/2028 worked.
    assert is_working_day(D(2027, 12, 31))
    assert not is_working_day(D(2028, 1, 8))
    record(D(2027, 12, 31), OFF, note="Nghỉ bù cho thứ Bảy 08/01/2028")
    record(D(2028, 1, 8), WORKING)
    assert not is_working_day(D(2027, 12, 31))
    assert is_working_day(D(2028, 1, 8))
    assert holiday_name(D(2027, 12, 31)) == "Nghỉ bù cho thứ Bảy 08/01/2028"
    assert add_working_days(D(2027, 12, 30), 1) == D(2028, 1, 4)  # 1/1 is a Saturday: 3/1 off
    assert add_working_days(D(2028, 1, 7), 1) == D(2028, 1, 8)
    assert working_days_between(D(2027, 12, 30), D(2028, 1, 10)) == 6


def test_recorded_decisions_override_the_package_in_the_other_direction_too():
    # The package has Monday 31/8/2026 off for Saturday 22/8; a province that kept the old
    # calendar records the reverse.
    assert not is_working_day(D(2026, 8, 31))
    assert is_working_day(D(2026, 8, 22))
    record(D(2026, 8, 31), WORKING)
    record(D(2026, 8, 22), OFF)
    assert is_working_day(D(2026, 8, 31))
    assert not is_working_day(D(2026, 8, 22))
    assert holiday_name(D(2026, 8, 31)) is None
    assert holiday_name(D(2026, 8, 22)) == "Ngày nghỉ theo Thông báo 1/TB-BNV"
    assert add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 24)
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 8, 31)


def test_an_edit_counts_in_the_next_computation_without_any_cache():
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 4)
    change = record(D(2030, 3, 4), OFF)
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 5)
    change.kind = WORKING
    change.save()
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 4)
    change.delete()
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 4)


def test_each_computation_reads_the_decisions_once(django_assert_num_queries):
    record(D(2026, 3, 2), OFF)
    record(D(2026, 3, 7), WORKING)
    # From Sunday 1/2/2026: 10 days to 13/2, Tết to 20/2, 5 to 27/2, 2/3 off, 4 to 6/3, the
    # Saturday 7/3, 35 to 24/4, 27/4 (Hùng Kings) off, 28-29/4, 30/4 and 1/5 off, 4-6/5: 60.
    with django_assert_num_queries(1):
        assert add_working_days(D(2026, 2, 1), 60) == D(2026, 5, 6)
    with django_assert_num_queries(1):
        assert working_days_between(D(2026, 1, 1), D(2026, 12, 31)) > 200
    with django_assert_num_queries(1):
        calendar = WorkingCalendar.load(D(2026, 1, 1), D(2026, 12, 31))
        assert [calendar.is_working_day(D(2026, 3, d)) for d in (2, 7)] == [False, True]
