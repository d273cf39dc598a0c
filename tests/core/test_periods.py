import datetime

import pytest

from phoihop.core.periods import (
    Period,
    add_working_days,
    holiday_name,
    is_working_day,
    month_period_of,
    next_working_day,
    working_days_between,
)

D = datetime.date


def test_weekends_are_not_working_days():
    assert is_working_day(D(2026, 11, 20))  # Friday
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 11, 22))  # Sunday


def test_lunar_new_year_and_hung_kings_day_are_days_off():
    assert not is_working_day(D(2026, 2, 17))  # Tết Bính Ngọ
    assert not is_working_day(D(2026, 2, 19))
    assert holiday_name(D(2026, 2, 17))
    assert not is_working_day(D(2026, 4, 27))  # Hùng Kings' day observed (26/4 is a Sunday)


def test_a_substituted_day_off_is_off_and_the_saturday_worked_for_it_is_a_working_day():
    assert not is_working_day(D(2025, 5, 2))  # Friday given as a day off
    assert is_working_day(D(2025, 4, 26))  # the Saturday worked in exchange


def test_adding_working_days_skips_weekends_and_tet():
    assert add_working_days(D(2026, 11, 20), 1) == D(2026, 11, 23)  # Friday + 1 → Monday
    # 13/2/2026 is the Friday before Tết; the holiday runs to Friday 20/2.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)


def test_zero_working_days_means_the_next_working_day():
    assert add_working_days(D(2026, 11, 21), 0) == D(2026, 11, 23)
    assert next_working_day(D(2026, 11, 20)) == D(2026, 11, 20)


def test_working_days_between_counts_days_after_the_start():
    assert working_days_between(D(2026, 11, 6), D(2026, 11, 13)) == 5
    assert working_days_between(D(2026, 11, 13), D(2026, 11, 6)) == -5
    # 24/11/2026 is Vietnam Cultural Day, a public holiday from 2026.
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 27)) == 4
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0


def test_monthly_data_window_runs_from_the_15th_before_to_the_14th():
    assert Period("month", 2026, 3).data_window() == (D(2026, 2, 15), D(2026, 3, 14))
    assert Period("month", 2026, 1).data_window() == (D(2025, 12, 15), D(2026, 1, 14))


def test_quarter_half_year_and_year_windows_follow_decree_09():
    assert Period("quarter", 2026, 2).data_window() == (D(2026, 3, 15), D(2026, 6, 14))
    assert Period("half", 2026, 1).data_window() == (D(2025, 12, 15), D(2026, 6, 14))
    assert Period("half", 2026, 2).data_window() == (D(2026, 6, 15), D(2026, 12, 14))
    assert Period("nine_months", 2026).data_window() == (D(2025, 12, 15), D(2026, 9, 14))
    assert Period("year", 2026).data_window() == (D(2025, 12, 15), D(2026, 12, 14))


def test_calendar_periods_are_available_too():
    assert Period("quarter", 2026, 1).calendar_span() == (D(2026, 1, 1), D(2026, 3, 31))
    assert Period("month", 2026, 2).calendar_span() == (D(2026, 2, 1), D(2026, 2, 28))
    assert Period("year", 2026).contains(D(2026, 12, 31), calendar=True)
    assert not Period("year", 2026).contains(D(2026, 12, 31))


def test_the_monthly_period_of_a_day_depends_on_the_cut_off():
    assert month_period_of(D(2026, 11, 14)) == Period("month", 2026, 11)
    assert month_period_of(D(2026, 11, 15)) == Period("month", 2026, 12)
    assert month_period_of(D(2026, 12, 20)) == Period("month", 2027, 1)


def test_a_period_with_a_bad_index_is_refused():
    with pytest.raises(ValueError):
        Period("quarter", 2026, 5)
    with pytest.raises(ValueError):
        Period("week", 2026, 1)
