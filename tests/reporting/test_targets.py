"""Targets (chỉ tiêu kế hoạch, issue 16 item 6): set by an organisation for itself or the
units reporting to it, checked against the indicator's type, imported from .xlsx all or
nothing, and shown beside the results of accepted reports with a traffic light that respects
the indicator's direction, and the trend."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.reporting import services
from phoihop.reporting.imports import import_targets
from phoihop.reporting.models import Indicator, Target
from phoihop.reporting.services import Assignment
from phoihop.reporting.targets import outcomes
from tests.factories import OrganizationFactory, make_form, make_indicator, make_regime
from tests.reporting.worlds import State, build_province, make_submission
from tests.spreadsheet_files import workbook_bytes

pytestmark = pytest.mark.django_db

D = datetime.date
VT, AG, DIR = Indicator.ValueType, Indicator.Aggregation, Indicator.Direction


@pytest.fixture
def province():
    return build_province()


def target(
    province, *, indicator=None, board="Phường Hạc Thành", years=(2025, 2025), value=10, unit=None
):
    return services.set_target(
        by=province.specialist,
        owner=province.department,
        indicator=indicator or province.indicator,
        organization=unit or province.boards[board],
        start_year=years[0],
        end_year=years[1],
        value=Decimal(value),
    )


def outcome(t, today=None):
    today = today or D(2026, 3, 1)
    fresh = Target.objects.select_related("indicator").get(pk=t.pk)
    return outcomes([fresh], today)[0]


# Setting targets ---------------------------------------------------------------------------


def test_the_department_sets_a_target_for_a_unit_reporting_to_it_with_an_audit_entry(province):
    t = target(province, value=60)
    assert (t.owner, t.years_label, t.value) == (province.department, "2025", Decimal(60))
    again = target(province, value=72)  # the same indicator, unit and year: changed
    assert again.pk == t.pk and again.value == 72
    assert Target.objects.count() == 1
    assert [e.action for e in entries_for(t)] == ["update", "create"]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"value": Decimal("2.5")}, "value", "Chỉ tiêu này là số nguyên."),
        ({"value": Decimal(-1)}, "value", "Giá trị không được âm."),
        ({"end_year": 2020}, "end_year", "Năm kết thúc phải sau hoặc bằng năm bắt đầu."),
        ({"end_year": 2040}, "end_year", "Một nhiệm kỳ dài tối đa 10 năm."),
    ],
)
def test_a_target_is_checked_against_the_indicator_and_its_years(province, changes, field, message):
    values = {
        "by": province.specialist,
        "owner": province.department,
        "indicator": province.indicator,
        "organization": province.boards["Xã Nga Sơn"],
        "start_year": 2025,
        "end_year": 2025,
        "value": Decimal(10),
    } | changes
    with pytest.raises(ValidationError) as caught:
        services.set_target(**values)
    assert caught.value.message_dict[field] == [message]


def test_a_department_gives_targets_only_to_itself_its_units_and_its_reporters(province):
    stranger = OrganizationFactory(name="Sở Y tế tỉnh Nghệ An")
    with pytest.raises(ValidationError) as caught:
        services.set_target(
            by=province.specialist,
            owner=province.department,
            indicator=province.indicator,
            organization=stranger,
            start_year=2026,
            value=Decimal(5),
        )
    assert "chỉ giao chỉ tiêu cho chính mình" in caught.value.message_dict["organization"][0]


def test_a_commune_does_not_set_the_departments_targets(province):
    with pytest.raises(PermissionDenied):
        services.set_target(
            by=province.people["Xã Nga Sơn"],
            owner=province.department,
            indicator=province.indicator,
            organization=province.boards["Xã Nga Sơn"],
            start_year=2026,
            value=Decimal(5),
        )


# Results ------------------------------------------------------------------------------------


def accepted_months(province, board, numbers: dict[str, int], state=State.ACCEPTED):
    for code, number in numbers.items():
        make_submission(
            province.regime,
            province.boards[board],
            code,
            state,
            values={province.indicator: number},
        )


def test_a_year_target_of_a_sum_adds_the_years_accepted_reports(province):
    accepted_months(province, "Phường Hạc Thành", {"2025-08": 20, "2025-09": 25, "2025-10": 20})
    accepted_months(province, "Phường Hạc Thành", {"2025-11": 50}, state=State.SUBMITTED)
    result = outcome(target(province, value=60))
    assert result.result == 65  # the November report is not accepted yet: not counted
    assert (result.light, result.ratio) == ("green", 108)
    assert outcome(target(province, value=70)).light == "amber"  # 65 ≥ 90 % of 70
    assert outcome(target(province, value=80)).light == "red"


def test_in_the_year_under_way_a_sum_is_compared_with_the_share_due_so_far(province):
    accepted_months(province, "Xã Nga Sơn", {"2025-08": 30, "2025-09": 30})
    t = target(province, board="Xã Nga Sơn", value=120)
    result = outcome(t, today=D(2025, 9, 30))
    assert result.result == 60
    assert result.expected == Decimal("89.75")  # 273 days of 365
    assert result.light == "red"
    assert outcome(t, today=D(2025, 6, 30)).light == "green"


@pytest.fixture
def poverty(province):
    """The poor-household rate of the ward's People's Committee, reported quarterly since
    2024: lower is better."""
    committee = OrganizationFactory(name="Ủy ban nhân dân phường Hạc Thành")
    poor = make_indicator(code="HN.SOHO", direction=DIR.LOWER)
    households = make_indicator(code="DC.TONGSOHO", direction=DIR.NONE)
    rate = make_indicator(
        code="HN.TYLE",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        direction=DIR.LOWER,
        numerator=poor,
        denominator=households,
        unit="%",
    )
    regime = make_regime(
        frequency="quarter",
        receiver=province.department,
        report_form=make_form(indicators=[poor, households, rate]),
        valid_from=D(2024, 1, 1),
        assignments=[Assignment(organization=committee)],
    )
    board = committee
    for code, numbers in {
        "2024-Q4": (60, 2000),
        "2025-Q3": (45, 2000),
        "2025-Q4": (35, 2000),
    }.items():
        make_submission(
            regime,
            board,
            code,
            State.ACCEPTED,
            values={poor: numbers[0], households: numbers[1]},
        )
    return rate, committee


def test_a_rate_is_the_sum_of_numerators_over_the_sum_of_denominators(province, poverty):
    rate, committee = poverty
    t = target(province, indicator=rate, unit=committee, years=(2025, 2025), value=2)
    result = outcome(t)
    assert result.result == Decimal("2.00")  # (45 + 35) / (2000 + 2000), not an average
    assert result.light == "green"  # lower is better: 2.00 ≤ 2
    assert result.trend == [(2023, None), (2024, Decimal("3.00")), (2025, Decimal("2.00"))]
    assert (result.direction, result.improving) == ("down", True)


def test_a_term_target_compares_the_latest_year_and_lower_is_better(province, poverty):
    rate, committee = poverty
    t = target(province, indicator=rate, unit=committee, years=(2021, 2025), value=Decimal("1.5"))
    result = outcome(t)
    assert (result.result, result.result_year) == (Decimal("2.00"), 2025)
    assert result.light == "red"  # 2.00 > 1.5 × 1.1
    assert result.ratio == 133


# The page -----------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False)
def test_the_list_shows_results_beside_targets_to_the_giver_and_the_unit_only(
    client, province, outsider
):
    accepted_months(province, "Phường Hạc Thành", {"2025-08": 20, "2025-09": 25})
    target(province, value=40)
    target(province, board="Xã Nga Sơn", value=40)
    url = reverse("reporting:target_list")
    client.force_login(province.specialist)
    response = client.get(url)
    assert [o.target.organization.name for o in response.context["rows"]] == [
        "Ban Xây dựng Đảng Phường Hạc Thành",
        "Ban Xây dựng Đảng Xã Nga Sơn",
    ]
    assert [o.light for o in response.context["rows"]] == ["green", "none"]
    assert "chưa có số liệu" in response.content.decode()
    red = client.get(url, {"light": "green"})
    assert len(red.context["rows"]) == 1
    client.force_login(province.people["Xã Nga Sơn"])
    rows = client.get(url).context["rows"]
    assert [o.target.organization.name for o in rows] == ["Ban Xây dựng Đảng Xã Nga Sơn"]
    client.force_login(outsider)
    assert client.get(url).context["rows"] == []


@time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False)
def test_the_list_costs_the_same_queries_for_two_targets_or_fifty(
    client, province, django_assert_max_num_queries
):
    accepted_months(province, "Phường Hạc Thành", {"2025-08": 20})
    target(province)
    client.force_login(province.specialist)
    url = reverse("reporting:target_list")
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for year in range(2026, 2031):
        for board in ("Phường Hạc Thành", "Xã Nga Sơn", "Xã Lam Sơn", "Xã Quảng Phú"):
            target(province, board=board, years=(year, year))
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # and the page count
        response = client.get(url)
    assert len(response.context["rows"]) == 21


# Import -------------------------------------------------------------------------------------


def xlsx_bytes(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("chi-tieu.xlsx", workbook_bytes(rows))


HEADER = ["Mã chỉ tiêu", "Đơn vị", "Địa bàn", "Năm, nhiệm kỳ", "Giá trị", "Ghi chú"]


def test_a_dry_run_lists_every_bad_row_and_nothing_is_written(province):
    nga_son = province.boards["Xã Nga Sơn"].name
    upload = xlsx_bytes(
        [
            HEADER,
            [province.indicator.code, nga_son, "", "2026", 24, ""],
            ["KHONG.CO", nga_son, "", "2026", 24, ""],
            [province.indicator.code, "Không có đơn vị này", "", "2026", 24, ""],
            [province.indicator.code, nga_son, "", "năm sau", 24, ""],
            [province.indicator.code, nga_son, "", "2027", "hai mươi", ""],
            [province.indicator.code, nga_son, "", "2026–2030", 2.5, ""],
            [province.indicator.code, nga_son, "", "2026", 30, ""],
        ]
    )
    report = import_targets(
        owner=province.department, by=province.specialist, upload=upload, dry_run=False
    )
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "Mã chỉ tiêu"),
        (4, "Đơn vị"),
        (5, "Năm, nhiệm kỳ"),
        (6, "Giá trị"),
        (7, "Giá trị"),
        (8, ""),  # the same target as line 2
    ]
    assert report.created == 0 and not Target.objects.exists()


def test_a_good_file_is_written_whole_and_updates_existing_targets(province):
    target(province, board="Xã Nga Sơn", years=(2026, 2026), value=10)
    upload = xlsx_bytes(
        [
            HEADER,
            [province.indicator.code, province.boards["Xã Nga Sơn"].name, "", 2026, 24, ""],
            [province.indicator.code, province.boards["Xã Lam Sơn"].name, "", "2026-2030", 120, ""],
        ]
    )
    owner, by = province.department, province.specialist
    check = import_targets(owner=owner, by=by, upload=upload, dry_run=True)
    assert check.ok and Target.objects.count() == 1
    done = import_targets(owner=owner, by=by, upload=upload, dry_run=False)
    assert done.created == 2
    assert sorted(Target.objects.values_list("start_year", "end_year", "value")) == [
        (2026, 2026, Decimal(24)),
        (2026, 2030, Decimal(120)),
    ]


def test_the_import_page_checks_then_imports(client, province):
    upload = xlsx_bytes(
        [HEADER, [province.indicator.code, province.boards["Xã Nga Sơn"].name, "", 2026, 24]]
    )
    client.force_login(province.specialist)
    url = reverse("reporting:target_import")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"owner": province.department.pk, "file": upload, "action": "import"}
    )
    assert response.status_code == 302
    assert Target.objects.get().value == 24
    client.force_login(province.people["Xã Nga Sơn"])  # a focal point gives no targets
    assert client.get(url).status_code == 403


# The admin (system administrators) -----------------------------------------------------------


def test_a_system_administrator_keeps_targets_in_the_admin_through_the_services(
    client, province, admin_user
):
    client.force_login(admin_user)
    data = {
        "indicator": province.indicator.pk,
        "owner": province.department.pk,
        "organization": province.boards["Xã Nga Sơn"].pk,
        "area": "",
        "start_year": "2026",
        "end_year": "2030",
        "value": "100",
        "note": "",
    }
    response = client.post(reverse("admin:reporting_target_add"), data)
    assert response.status_code == 302
    saved = Target.objects.get()
    assert [e.action for e in entries_for(saved)] == ["create"]
    refused = client.post(reverse("admin:reporting_target_add"), data | {"value": "2.5"})
    assert "Chỉ tiêu này là số nguyên." in refused.content.decode()
    client.post(reverse("admin:reporting_target_delete", args=[saved.pk]), {"post": "yes"})
    assert not Target.objects.exists()
    assert entries_for(saved)[0].action == "delete"


def test_the_admin_list_reads_a_fixed_number_of_queries(
    client, province, admin_user, django_assert_max_num_queries
):
    for year in range(2026, 2031):
        target(province, years=(year, year))
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:reporting_target_changelist")).status_code == 200


def test_hostile_filters_are_ignored_and_said_never_a_server_error(client, province):
    client.force_login(province.specialist)
    url = reverse("reporting:target_list")
    for params in (
        {"unit": str(10**30)},
        {"unit": "-1"},
        {"owner": "abc"},
        {"year": "99999999999999999999"},
        {"light": "<script>"},
        {"indicator": "1 OR 1=1"},
    ):
        response = client.get(url, params)
        assert response.status_code == 200, params
        assert 'data-testid="filter-errors"' in response.content.decode(), params


def test_a_file_that_is_not_a_workbook_is_said_on_the_page(client, province):
    client.force_login(province.specialist)
    response = client.post(
        reverse("reporting:target_import"),
        {
            "owner": province.department.pk,
            "file": SimpleUploadedFile("chi-tieu.xlsx", b"<html>not a workbook</html>"),
            "action": "check",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not Target.objects.exists()
