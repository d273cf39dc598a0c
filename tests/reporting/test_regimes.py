"""Reporting regimes: deadline rules that keep at least one working day after the cut-off
(Nghị định 09), deadlines across Tết and substituted days from the one working-day calendar,
entry and lock dates, and the organisations expected to report for a period — assignments and
organisations counted when in force on the period's cut-off date (ADR 0015)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.core.audit import entries_for
from phoihop.core.models import WorkingDayChange
from phoihop.core.periods import Period, WorkingCalendar
from phoihop.org.models import Area, Organization
from phoihop.reporting import services
from phoihop.reporting.models import Regime, RegimeAssignment
from phoihop.reporting.services import Assignment
from tests.factories import (
    AreaFactory,
    OrganizationFactory,
    UserFactory,
    make_form,
    make_regime,
    system_admin,
)

pytestmark = pytest.mark.django_db

D = datetime.date
FIXED, WORKING = Regime.DeadlineRule.FIXED_DAY, Regime.DeadlineRule.WORKING_DAYS
Kind, Level = Organization.Kind, Organization.Level


def refused(**attrs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        make_regime(**attrs)
    return caught.value.message_dict


def nd09(code: str) -> Period:
    return Period.from_code(code, "nd09")


def calendar(code: str) -> Period:
    return Period.from_code(code, "calendar")


# Deadline rules ------------------------------------------------------------------------------


def test_a_fixed_day_on_or_before_the_cut_off_is_refused_naming_the_period():
    # Sunday 14/01/2024 would move to Monday, after the cut-off, but Thursday 14/03/2024 not:
    # the rule is refused for every period it would fail in some year.
    errors = refused(deadline_rule=FIXED, deadline_day=14)
    assert errors == {
        "deadline_day": [
            "Hạn nộp phải sau ngày chốt số liệu ít nhất một ngày làm việc: với quy tắc này, kỳ "
            "Tháng 1/2024 (15/12/2023–14/01/2024) có ngày chốt 14/01/2024 mà hạn nộp là "
            "14/01/2024."
        ]
    }
    # In the calendar calendar the window ends on the month's last day: the 31st (or the
    # shorter month's end) of the same month is the cut-off itself.
    errors = refused(calendar="calendar", deadline_rule=FIXED, deadline_day=31)
    assert "kỳ Tháng 1/2024 có ngày chốt 31/01/2024" in errors["deadline_day"][0]
    # 14 December fell on a weekend in 2024 and 2025, not in 2026: refused all the same.
    errors = refused(frequency="year", deadline_rule=FIXED, deadline_day=14)
    assert (
        "kỳ Năm 2024 (15/12/2023–14/12/2024) có ngày chốt 14/12/2024" in errors["deadline_day"][0]
    )
    errors = refused(calendar="calendar", frequency="quarter", deadline_rule=FIXED, deadline_day=20)
    message = errors["deadline_day"][0]
    assert "kỳ Quý I/2024 có ngày chốt 31/03/2024 mà hạn nộp là 20/03/2024" in message


@pytest.mark.parametrize(
    "attrs",
    [
        {"deadline_rule": FIXED, "deadline_day": 15},  # the day after the cut-off on the 14th
        {"deadline_rule": FIXED, "deadline_day": 31},  # 28/29/30/31: always after the 14th
        {
            "calendar": "calendar",
            "deadline_rule": FIXED,
            "deadline_day": 5,
            "deadline_month_offset": 1,
        },
        {"frequency": "half", "deadline_rule": FIXED, "deadline_day": 20},
        {"frequency": "year", "deadline_rule": FIXED, "deadline_day": 25},
        {
            "frequency": "year",
            "deadline_rule": FIXED,
            "deadline_day": 5,
            "deadline_month_offset": 1,
        },
        {"frequency": "nine_months", "deadline_rule": WORKING, "deadline_working_days": 1},
    ],
)
def test_rules_that_leave_a_working_day_after_the_cut_off_are_accepted(attrs):
    assert make_regime(**attrs).pk


def test_the_working_days_rule_needs_at_least_one_day():
    expected = [
        "Hạn nộp phải sau ngày chốt số liệu ít nhất một ngày làm việc: nhập số ngày làm việc từ "
        "1 trở lên."
    ]
    assert refused(deadline_working_days=0) == {"deadline_working_days": expected}
    assert refused(deadline_working_days=None) == {"deadline_working_days": expected}


def test_a_rule_uses_only_its_own_fields():
    assert refused(deadline_rule=FIXED, deadline_day=17, deadline_working_days=3) == {
        "deadline_working_days": [
            "Quy tắc ngày cố định không dùng số ngày làm việc: bỏ trống ô này."
        ]
    }
    assert refused(deadline_working_days=3, deadline_day=17)["deadline_day"] == [
        "Quy tắc số ngày làm việc không dùng ngày cố định: bỏ trống ô này."
    ]
    assert refused(deadline_rule=FIXED, deadline_day=32)["deadline_day"] == [
        "Ngày cố định là một ngày từ 1 đến 31."
    ]
    assert refused(deadline_rule="")["deadline_rule"] == [
        "Chọn quy tắc hạn nộp: ngày cố định, hoặc số ngày làm việc sau ngày chốt."
    ]


def test_kinds_of_report_and_their_periods():
    assert refused(frequency="")["frequency"] == ["Báo cáo định kỳ cần có tần suất."]
    assert refused(kind=Regime.Kind.AD_HOC)["frequency"] == [
        "Báo cáo đột xuất không theo kỳ: bỏ trống tần suất và quy tắc hạn nộp."
    ]
    ad_hoc = make_regime(kind=Regime.Kind.AD_HOC, frequency="")
    assert ad_hoc.periods_of_year(2026) == [] and ad_hoc.deadline_label == ""
    assert refused(kind=Regime.Kind.AD_HOC, frequency="", deadline_day=5)["deadline_rule"] == [
        "Báo cáo không theo kỳ thì không có quy tắc hạn nộp theo kỳ."
    ]
    thematic = make_regime(kind=Regime.Kind.THEMATIC, frequency="year")
    assert [p.code for p in thematic.periods_of_year(2026)] == ["2026"]


def test_limits_and_validity_dates():
    assert refused(deadline_rule=FIXED, deadline_day=5, deadline_month_offset=13) == {
        "deadline_month_offset": ["Tối đa 12."]
    }
    assert refused(lock_days_after_deadline=400) == {"lock_days_after_deadline": ["Tối đa 366."]}
    assert refused(valid_from=D(2026, 1, 1), valid_to=D(2025, 12, 31)) == {
        "valid_to": ["Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực."]
    }


def test_the_rule_in_words():
    assert make_regime(deadline_rule=FIXED, deadline_day=17).deadline_label == (
        "ngày 17 tháng cuối kỳ"
    )
    assert (
        make_regime(
            calendar="calendar", deadline_rule=FIXED, deadline_day=5, deadline_month_offset=1
        ).deadline_label
        == "ngày 5 tháng sau kỳ báo cáo"
    )
    assert make_regime(deadline_working_days=2).deadline_label == (
        "2 ngày làm việc sau ngày chốt số liệu"
    )


# Deadlines -----------------------------------------------------------------------------------


def test_working_days_after_the_cut_off_skip_tet():
    # Tết Giáp Thìn: 8–14/02/2024 off; the February window closes on Wednesday the 14th.
    regime = make_regime(deadline_working_days=3)
    assert regime.deadline(nd09("2024-02")) == D(2024, 2, 19)
    # Tết Bính Ngọ: 14–22/02/2026 off (the cut-off is itself a Saturday of the holiday).
    assert regime.deadline(nd09("2026-02")) == D(2026, 2, 25)


def test_a_fixed_day_in_a_holiday_moves_to_the_next_working_day():
    regime = make_regime(deadline_rule=FIXED, deadline_day=17)
    assert regime.deadline(nd09("2026-01")) == D(2026, 1, 19)  # Saturday 17/1 → Monday
    assert regime.deadline(nd09("2026-02")) == D(2026, 2, 23)  # Tết → the first day back
    assert regime.deadline(nd09("2026-03")) == D(2026, 3, 17)  # a Tuesday: kept


def test_substituted_days_off_and_saturdays_worked_count():
    regime = make_regime(calendar="calendar", deadline_working_days=1)
    # 30/4 and 1/5/2025 holidays, Friday 2/5 given off for Saturday 26/4, then a weekend.
    assert regime.deadline(calendar("2025-04")) == D(2025, 5, 5)
    # 2024: Saturday 4/5 worked in exchange for Monday 29/4.
    three = make_regime(calendar="calendar", deadline_working_days=3)
    assert three.deadline(calendar("2024-04")) == D(2024, 5, 4)


def test_a_substitution_recorded_by_the_administrators_moves_the_deadline():
    regime = make_regime(deadline_rule=FIXED, deadline_day=17)
    assert regime.deadline(nd09("2027-03")) == D(2027, 3, 17)  # a Wednesday
    WorkingDayChange.objects.create(
        date=D(2027, 3, 17), kind=WorkingDayChange.Kind.DAY_OFF, decision="Thông báo 1/TB-BNV"
    )
    assert regime.deadline(nd09("2027-03")) == D(2027, 3, 18)


def test_deadlines_of_a_year_from_one_calendar_read(django_assert_num_queries):
    regime = make_regime(deadline_rule=FIXED, deadline_day=17)
    periods = regime.periods_of_year(2026)
    with django_assert_num_queries(1):
        working = WorkingCalendar.load(periods[0].window_end)
        deadlines = [regime.deadline(p, working) for p in periods]
    assert len(deadlines) == 12 and all(d.day >= 17 for d in deadlines)
    with django_assert_num_queries(1):
        regime.deadline(periods[0])


def test_entry_opens_before_the_cut_off_and_locks_after_the_deadline():
    regime = make_regime(
        deadline_working_days=3, entry_opens_days_before_cutoff=5, lock_days_after_deadline=10
    )
    march = nd09("2026-03")  # window 15/02–14/03/2026, a Saturday
    assert regime.entry_opens_on(march) == D(2026, 3, 9)
    assert regime.deadline(march) == D(2026, 3, 18)
    assert regime.locks_on(march) == D(2026, 3, 28)
    assert make_regime(lock_days_after_deadline=None).locks_on(march) is None


def test_periods_of_another_kind_or_calendar_are_not_the_regimes():
    regime = make_regime()
    assert regime.period("2026-03") == nd09("2026-03")
    for period in (nd09("2026-Q1"), calendar("2026-03")):
        with pytest.raises(ValueError):
            regime.deadline(period)
    with pytest.raises(ValueError):
        regime.period("2026-Q1")


# Who reports ---------------------------------------------------------------------------------


@pytest.fixture
def province():
    """A province with communes, an old province (district → commune, ended 30/6/2025), each
    commune's Ban Xây dựng Đảng opened or closed at some point, and units that never match."""
    thanh_hoa = AreaFactory(name="Tỉnh Thanh Hóa", code="38", level=Area.Level.PROVINCE)
    old = AreaFactory(
        name="Tỉnh Thanh Hóa (cũ)", code="38", level=Area.Level.PROVINCE, valid_to=D(2025, 6, 30)
    )
    district = AreaFactory(name="Huyện Đông Sơn", level=Area.Level.DISTRICT, parent=old)
    old_commune = AreaFactory(name="Xã Đông Tiến", parent=district, valid_to=D(2025, 6, 30))
    nghe_an = AreaFactory(name="Tỉnh Nghệ An", code="40", level=Area.Level.PROVINCE)
    communes = {
        name: AreaFactory(name=name, parent=thanh_hoa)
        for name in ("Phường Hạc Thành", "Xã Đông Sơn", "Xã Nga Sơn", "Xã Lam Sơn")
    }

    def board(area, **attrs):
        return OrganizationFactory(
            name=f"Ban Xây dựng Đảng {area.name}",
            kind=Kind.PARTY_BOARD,
            level=Level.COMMUNE,
            area=area,
            **attrs,
        )

    return {
        "area": thanh_hoa,
        "old_area": old,
        "hac_thanh": board(communes["Phường Hạc Thành"], valid_from=D(2025, 7, 1)),
        # Merged away at the end of September.
        "dong_son": board(
            communes["Xã Đông Sơn"], valid_from=D(2025, 7, 1), valid_to=D(2025, 9, 30)
        ),
        # Archived on 20/8 without an end date.
        "nga_son": board(
            communes["Xã Nga Sơn"],
            valid_from=D(2025, 7, 1),
            archived_at=timezone.make_aware(datetime.datetime(2025, 8, 20, 10)),
        ),
        # Created in the middle of August's window (15/07–14/08).
        "lam_son": board(communes["Xã Lam Sơn"], valid_from=D(2025, 8, 10)),
        "old_board": board(old_commune, valid_to=D(2025, 6, 30)),
        "elsewhere": board(AreaFactory(name="Xã Diễn Châu", parent=nghe_an)),
        "committee": OrganizationFactory(
            name="Ủy ban nhân dân phường Hạc Thành",
            kind=Kind.PEOPLES_COMMITTEE,
            level=Level.COMMUNE,
            area=communes["Phường Hạc Thành"],
        ),
        "health": OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa", area=thanh_hoa),
    }


@pytest.fixture
def regime(province):
    return make_regime(
        valid_from=D(2025, 1, 1),
        assignments=[
            Assignment(
                organization_kind=Kind.PARTY_BOARD,
                organization_level=Level.COMMUNE,
                area=province["area"],
                valid_from=D(2025, 7, 1),
            ),
            Assignment(
                organization_kind=Kind.PARTY_BOARD,
                organization_level=Level.COMMUNE,
                area=province["old_area"],
                valid_to=D(2025, 6, 30),
            ),
            Assignment(organization=province["health"], valid_to=D(2025, 6, 30)),
        ],
    )


def expected(regime, code: str) -> set[str]:
    return {o.name for o in regime.expected_reporters(nd09(code))}


def test_before_the_reorganisation_the_old_units_and_a_named_department_report(regime, province):
    assert expected(regime, "2025-06") == {
        "Ban Xây dựng Đảng Xã Đông Tiến",  # in the old province, through its district
        "Sở Y tế tỉnh Thanh Hóa",
    }
    assert expected(regime, "2024-12") == set()  # before the regime applies


def test_units_opened_or_closed_during_the_period(regime):
    # July (15/06–14/07): the new communes' boards, from their first period.
    assert expected(regime, "2025-07") == {
        "Ban Xây dựng Đảng Phường Hạc Thành",
        "Ban Xây dựng Đảng Xã Đông Sơn",
        "Ban Xây dựng Đảng Xã Nga Sơn",
    }
    # August (to 14/08): Lam Sơn, created on 10/8, is expected; Nga Sơn, archived on 20/8,
    # still existed on the cut-off.
    assert expected(regime, "2025-08") == {
        "Ban Xây dựng Đảng Phường Hạc Thành",
        "Ban Xây dựng Đảng Xã Đông Sơn",
        "Ban Xây dựng Đảng Xã Nga Sơn",
        "Ban Xây dựng Đảng Xã Lam Sơn",
    }
    # September (to 14/09): Nga Sơn archived; Đông Sơn ends on 30/9, so still expected.
    assert expected(regime, "2025-09") == {
        "Ban Xây dựng Đảng Phường Hạc Thành",
        "Ban Xây dựng Đảng Xã Đông Sơn",
        "Ban Xây dựng Đảng Xã Lam Sơn",
    }
    # October: Đông Sơn is no more.
    assert expected(regime, "2025-10") == {
        "Ban Xây dựng Đảng Phường Hạc Thành",
        "Ban Xây dựng Đảng Xã Lam Sơn",
    }


def test_an_assignment_ended_no_longer_expects_anyone(regime, province):
    RegimeAssignment.objects.filter(regime=regime, area=province["area"]).update(
        valid_to=D(2025, 8, 31)
    )  # as the admin would write it; a test of the rule, not of the form
    assert expected(regime, "2025-08")
    assert expected(regime, "2025-09") == set()


def test_expected_reporters_take_two_queries_whatever_their_number(
    regime, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert len(list(regime.expected_reporters(nd09("2025-08")))) == 4
    prefetched = Regime.objects.prefetch_related("assignments").get(pk=regime.pk)
    with django_assert_num_queries(1):
        assert len(list(prefetched.expected_reporters(nd09("2025-10")))) == 2


def test_the_regimes_an_organisation_reports_under(regime, province):
    other = make_regime(assignments=[Assignment(organization=province["committee"])])
    assert list(Regime.objects.expecting(province["hac_thanh"], D(2025, 8, 1))) == [regime]
    assert list(Regime.objects.expecting(province["old_board"], D(2025, 5, 1))) == [regime]
    assert not Regime.objects.expecting(province["old_board"], D(2025, 8, 1)).exists()
    assert not Regime.objects.expecting(province["elsewhere"], D(2025, 8, 1)).exists()
    assert list(Regime.objects.expecting(province["committee"], D(2025, 8, 1))) == [other]
    anywhere = make_regime(
        assignments=[
            Assignment(organization_kind=Kind.PARTY_BOARD, organization_level=Level.COMMUNE)
        ]
    )
    assert list(Regime.objects.expecting(province["elsewhere"], D(2025, 8, 1))) == [anywhere]


@pytest.mark.parametrize(
    "attrs, message",
    [
        (
            {"organization_kind": Kind.DEPARTMENT},
            "Chọn một tổ chức cụ thể, hoặc cả loại và cấp của các tổ chức phải báo cáo.",
        ),
        ({}, "Chọn một tổ chức cụ thể, hoặc cả loại và cấp của các tổ chức phải báo cáo."),
        (
            {"organization": "health", "organization_level": Level.PROVINCE},
            "Chọn một tổ chức cụ thể, hoặc loại và cấp tổ chức (có thể kèm địa bàn); không chọn "
            "cả hai.",
        ),
    ],
)
def test_an_assignment_names_one_organisation_or_a_kind_and_level(province, attrs, message):
    if attrs.get("organization"):
        attrs = attrs | {"organization": province["health"]}
    with pytest.raises(ValidationError) as caught:
        make_regime(assignments=[Assignment(**attrs)])
    assert caught.value.message_dict == {"organization": [message]}
    assert not Regime.objects.exists()


# Services ------------------------------------------------------------------------------------


def test_regimes_are_written_by_system_administrators_and_audited_for_the_receiver(province):
    receiver = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa", kind=Kind.PROPAGANDA_DEPARTMENT
    )
    regime = make_regime(
        code="TH.KG.THANG",
        receiver=receiver,
        report_form=make_form(),
        assignments=[Assignment(organization=province["health"], valid_from=D(2024, 1, 1))],
    )
    entry = entries_for(regime).get()
    assert entry.organization_path == receiver.path
    assert entry.changes["assignments"] == [None, ["Sở Y tế tỉnh Thanh Hóa (từ 01/01/2024)"]]
    services.update_regime(regime=regime, by=system_admin(), deadline_working_days=4)
    assert entries_for(regime).first().changes == {"deadline_working_days": [3, 4]}
    specialist = UserFactory()
    with pytest.raises(PermissionDenied):
        services.update_regime(regime=regime, by=specialist, deadline_working_days=5)
    with pytest.raises(PermissionDenied):
        make_regime(by=specialist, receiver=receiver, report_form=regime.report_form)
    regime.refresh_from_db()
    assert regime.deadline_working_days == 4
