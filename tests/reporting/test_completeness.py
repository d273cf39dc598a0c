"""The completeness and timeliness page (issue 16, item 5): per regime and period, who was
expected, who sent on time, late or not at all, each number linking to the units it counts,
and each unit's history over the last periods; seen by the receiver's people in full, by a
reporting unit for itself only, by nobody else."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from phoihop.reporting.models import RegimeAssignment
from tests.factories import OrganizationFactory, UserFactory, make_regime, system_admin
from tests.reporting.worlds import State, build_province, make_submission

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2025, 10, 25, 9)


@pytest.fixture
def province():
    province = build_province()
    boards, regime = province.boards, province.regime
    accepted, returned = State.ACCEPTED, State.RETURNED
    # October 2025 (15/09–14/10), due Friday 17/10.
    make_submission(regime, boards["Phường Hạc Thành"], "2025-10", accepted, sent=D(2025, 10, 16))
    make_submission(regime, boards["Xã Nga Sơn"], "2025-10", sent=D(2025, 10, 20))
    make_submission(regime, boards["Xã Lam Sơn"], "2025-10", returned, sent=D(2025, 10, 17))
    make_submission(regime, boards["Xã Quảng Phú"], "2025-10", State.DRAFT)
    # July: only Hạc Thành sent, on time; August: Nga Sơn late.
    make_submission(regime, boards["Phường Hạc Thành"], "2025-07", accepted, sent=D(2025, 7, 15))
    make_submission(regime, boards["Xã Nga Sơn"], "2025-08", accepted, sent=D(2025, 8, 29))
    return province


def page(client, user, regime, **params):
    client.force_login(user)
    return client.get(reverse("reporting:completeness_regime", args=[regime.pk]), params)


def number(response, key: str) -> int:
    html = response.content.decode()
    found = re.search(rf'data-testid="count-{key}-value">(\d+)<', html)
    return int(found.group(1))


def units(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


@time_machine.travel(TODAY, tick=False)
def test_the_receiver_sees_every_number_of_the_period(client, province):
    response = page(client, province.specialist, province.regime, period="2025-10")
    assert response.status_code == 200
    assert response.context["deadline"] == D(2025, 10, 17)
    counts = {
        key: number(response, key)
        for key in (
            "expected",
            "submitted",
            "on_time",
            "late",
            "missing",
            "awaiting",
            "returned",
            "accepted",
        )
    }
    # Đông Sơn was dissolved on 30/9, before October's cut-off: not expected.
    assert counts == {
        "expected": 4,
        "submitted": 3,
        "on_time": 2,  # Hạc Thành, and Lam Sơn whose return does not make it late
        "late": 1,
        "missing": 1,  # Quảng Phú's draft was never sent
        "awaiting": 1,
        "returned": 1,
        "accepted": 1,
    }
    assert "Ban Xây dựng Đảng Xã Đông Sơn" not in units(response)


@time_machine.travel(TODAY, tick=False)
def test_every_number_links_to_the_units_it_counts(client, province):
    response = page(client, province.specialist, province.regime, period="2025-10")
    html = response.content.decode()
    expected_lists = {
        "late": ["Ban Xây dựng Đảng Xã Nga Sơn"],
        "missing": ["Ban Xây dựng Đảng Xã Quảng Phú"],
        "on_time": ["Ban Xây dựng Đảng Phường Hạc Thành", "Ban Xây dựng Đảng Xã Lam Sơn"],
        "returned": ["Ban Xây dựng Đảng Xã Lam Sơn"],
    }
    for key, names in expected_lists.items():
        link = re.search(rf'href="([^"]+)" data-testid="count-{key}"', html).group(1)
        listed = client.get(link.replace("&amp;", "&"))
        assert units(listed) == names, key
        assert len(names) == number(response, key)


@time_machine.travel(TODAY, tick=False)
def test_a_unit_dissolved_is_expected_until_its_last_period_and_a_new_one_from_its_first(
    client, province
):
    september = page(client, province.specialist, province.regime, period="2025-09")
    assert "Ban Xây dựng Đảng Xã Đông Sơn" in units(september)
    assert number(september, "expected") == 5
    july = page(client, province.specialist, province.regime, period="2025-07")
    assert "Ban Xây dựng Đảng Xã Lam Sơn" not in units(july)  # created on 10/8
    assert number(july, "expected") == 4
    assert number(july, "missing") == 3


@time_machine.travel(TODAY, tick=False)
def test_each_unit_has_its_history_over_the_last_periods(client, province):
    response = page(client, province.specialist, province.regime, period="2025-10")
    strips = {row.name: [cell.status for cell in row.strip] for row in response.context["rows"]}
    # May and June: before the regime; then July, August, September, October.
    assert strips["Ban Xây dựng Đảng Phường Hạc Thành"] == [
        "not_expected",
        "not_expected",
        "on_time",
        "missing",
        "missing",
        "on_time",
    ]
    assert strips["Ban Xây dựng Đảng Xã Nga Sơn"] == [
        "not_expected",
        "not_expected",
        "missing",
        "late",
        "missing",
        "late",
    ]
    assert strips["Ban Xây dựng Đảng Xã Lam Sơn"] == [
        "not_expected",
        "not_expected",
        "not_expected",
        "missing",
        "missing",
        "on_time",
    ]
    html = response.content.decode()
    assert "Tháng 8/2025: muộn" in html
    # Each strip drawn: six cells with their status, the page's period marked as the current.
    strip = re.search(r'data-testid="history-strip">(.*?)</span></td>', html).group(1)
    assert re.findall(r'data-status="(\w+)"', strip) == [
        cell.status for cell in response.context["rows"][0].strip
    ]
    assert strip.count("strip-current") == 1
    assert re.findall(r'class="strip-cell strip-(\w+)( strip-current)?"', strip)[-1][1]


@time_machine.travel(datetime.datetime(2025, 10, 16, 9), tick=False)
def test_before_the_deadline_a_unit_not_yet_sent_is_pending_not_overdue(client, province):
    response = page(client, province.specialist, province.regime, period="2025-10")
    assert response.context["overdue"] is False
    quang_phu = next(r for r in response.context["rows"] if "Quảng Phú" in r.name)
    assert quang_phu.strip[-1].status == "pending"
    html = response.content.decode()
    assert "(đã qua hạn)" not in html
    assert '<span class="text-muted">chưa gửi</span>' in html


@time_machine.travel(TODAY, tick=False)
def test_the_period_chooser_goes_back_and_forth_and_a_bad_period_is_said(client, province):
    response = page(client, province.specialist, province.regime)
    # On 25/10 the period being collected is October (cut off on 14/10).
    assert response.context["period"].code == "2025-10"
    assert "period=2025-09" in response.context["previous_url"]
    # November's data window opened on 15/10; December's has not.
    assert "period=2025-11" in response.context["next_url"]
    november = page(client, province.specialist, province.regime, period="2025-11")
    assert november.context["next_url"] == ""
    bad = page(client, province.specialist, province.regime, period="2025-13")
    assert bad.status_code == 200
    assert bad.context["period"].code == "2025-10"
    assert 'data-testid="filter-errors"' in bad.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_unit_list_filters_by_name(client, province):
    response = page(client, province.specialist, province.regime, period="2025-10", q="lam son")
    assert units(response) == ["Ban Xây dựng Đảng Xã Lam Sơn"]


@time_machine.travel(TODAY, tick=False)
def test_a_commune_sees_only_its_own_row(client, province):
    person = province.people["Xã Nga Sơn"]
    response = page(client, person, province.regime, period="2025-10")
    assert response.status_code == 200
    assert units(response) == ["Ban Xây dựng Đảng Xã Nga Sơn"]
    assert number(response, "expected") == 1
    assert number(response, "late") == 1


@time_machine.travel(TODAY, tick=False)
def test_nobody_else_sees_the_page(client, province, outsider):
    other_department = OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa", area=province.area)
    neighbour = UserFactory()
    from tests.factories import MembershipFactory

    MembershipFactory(user=neighbour, organization=other_department, role="org_admin")
    for user in (outsider, neighbour):
        assert page(client, user, province.regime).status_code == 404
    assert page(client, system_admin(), province.regime).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_the_index_lists_the_regimes_one_receives_or_reports_under(client, province, outsider):
    url = reverse("reporting:completeness")
    for user in (province.specialist, province.people["Xã Lam Sơn"]):
        client.force_login(user)
        response = client.get(url)
        assert [row["regime"] for row in response.context["rows"]] == [province.regime]
        assert "period=2025-10" in response.context["rows"][0]["url"]
    client.force_login(outsider)
    assert client.get(url).context["rows"] == []


# The session and user, the regime with its assignments, the user's scope, the counts, a page
# of units (its length is a count already made), the working days, the strips' reports, the
# menu.
QUERIES = 11


@time_machine.travel(TODAY, tick=False)
def test_the_page_costs_the_same_queries_for_five_units_or_sixty(
    client, django_assert_max_num_queries
):
    small = build_province()
    client.force_login(small.specialist)
    url = reverse("reporting:completeness_regime", args=[small.regime.pk])
    with django_assert_max_num_queries(QUERIES) as few:
        client.get(url, {"period": "2025-10", "page": 2})
    large = build_province(boards=60, suffix="2")
    for board in list(large.boards.values())[5:45]:
        make_submission(large.regime, board, "2025-10", sent=D(2025, 10, 16))
        make_submission(large.regime, board, "2025-09", sent=D(2025, 9, 22))
    client.force_login(large.specialist)
    url = reverse("reporting:completeness_regime", args=[large.regime.pk])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"period": "2025-10", "page": 2})
    assert number(response, "expected") == 64
    assert len(response.context["rows"]) == 25


@time_machine.travel(TODAY, tick=False)
def test_the_index_reads_a_fixed_number_of_queries(client, province, django_assert_max_num_queries):
    for _number in range(5):
        make_regime(receiver=province.department, valid_from=D(2025, 1, 1))
    client.force_login(province.specialist)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:completeness"))
    assert len(response.context["rows"]) == 6


@time_machine.travel(TODAY, tick=False)
def test_a_strip_over_periods_with_other_assignments_asks_the_regimes_rule(client, province):
    # Until August a department was named too (written as the admin's inline would): those
    # periods' expectations come from the rule itself, the same answer for the communes.
    health = OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa", area=province.area)
    RegimeAssignment.objects.create(
        regime=province.regime, organization=health, valid_to=D(2025, 8, 31)
    )
    response = page(client, province.specialist, province.regime, period="2025-10")
    strips = {row.name: [cell.status for cell in row.strip] for row in response.context["rows"]}
    assert strips["Ban Xây dựng Đảng Xã Lam Sơn"] == [
        "not_expected",
        "not_expected",
        "not_expected",
        "missing",
        "missing",
        "on_time",
    ]
    assert "Sở Y tế tỉnh Thanh Hóa" not in strips
    july = page(client, province.specialist, province.regime, period="2025-07")
    assert "Sở Y tế tỉnh Thanh Hóa" in units(july)


@time_machine.travel(TODAY, tick=False)
def test_a_link_may_name_an_older_period_but_not_one_before_the_regime_or_to_come(client, province):
    old = page(client, province.specialist, province.regime, period="2025-07")
    assert old.context["period"].code == "2025-07"
    assert old.context["previous_url"] == ""  # the regime began on 1-7-2025
    for bad in ("2025-12", "2025-Q3", "1999-01", "x" * 40, "2025-7"):
        response = page(client, province.specialist, province.regime, period=bad)
        assert response.status_code == 200
        assert response.context["period"].code == "2025-10", bad


@time_machine.travel(TODAY, tick=False)
def test_hostile_parameters_are_ignored_never_a_server_error(client, province):
    for params in (
        {"status": "<script>"},
        {"q": "x" * 5000},
        {"page": "99999999999999999999"},
        {"period": "2025-10", "status": "late", "page": "-3"},
    ):
        response = page(client, province.specialist, province.regime, **params)
        assert response.status_code == 200, params
    # A NUL byte is refused by the platform's middleware before any view: a 400.
    assert page(client, province.specialist, province.regime, q="\x00").status_code == 400
    client.force_login(province.specialist)
    missing = reverse("reporting:completeness_regime", args=[10**15])
    assert client.get(missing).status_code == 404
