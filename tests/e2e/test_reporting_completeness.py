"""The completeness page in a real browser, in Vietnamese and English browsers on a desktop and
a phone: the propaganda department's specialist opens it on the 15th, reads who sent on time,
late or not at all, follows the "not sent" number to the units it counts and goes back a
period; a commune's focal point sees its own row only. Screenshots land in
test-results/screenshots/."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.reporting import completeness, services
from tests.reporting.worlds import State, build_province, make_submission

from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(transactional_db):
    province = build_province()
    regime, boards = province.regime, province.boards
    period = completeness.default_period(regime, timezone.localdate())
    deadline = regime.deadline(period)
    late = deadline + datetime.timedelta(days=3)
    make_submission(regime, boards["Phường Hạc Thành"], period.code, State.ACCEPTED, sent=deadline)
    make_submission(regime, boards["Xã Nga Sơn"], period.code, sent=late)
    make_submission(regime, boards["Xã Lam Sơn"], period.code, State.RETURNED, sent=deadline)
    before = completeness.shift(period, -1)
    for name in ("Phường Hạc Thành", "Xã Nga Sơn", "Xã Quảng Phú"):
        make_submission(regime, boards[name], before.code, State.ACCEPTED)
    province.period = period
    return province


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def test_the_specialist_reads_who_sent_and_follows_a_number_to_its_units(any_page, province):
    page = any_page
    login(page, "chuyenvien.btg")
    page.goto(f"{page.base_url}/reporting/completeness/")
    page.get_by_role("link", name="Báo cáo tháng công tác tuyên giáo cấp xã").click()
    expect(page.get_by_test_id("completeness-period")).to_contain_text(province.period.title)
    expect(page.get_by_test_id("count-expected-value")).to_have_text("4")
    expect(page.get_by_test_id("count-on_time-value")).to_have_text("2")
    expect(page.get_by_test_id("count-late-value")).to_have_text("1")
    expect(page.get_by_test_id("count-missing-value")).to_have_text("1")
    expect(page.get_by_test_id("unit-row")).to_have_count(4)
    expect(page.get_by_test_id("history-strip").first).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, f"reporting-completeness-{page.setting}")

    page.get_by_test_id("count-missing").click()
    expect(page.get_by_test_id("unit-row")).to_have_count(1)
    expect(page.get_by_test_id("unit-row")).to_contain_text("Xã Quảng Phú")
    screenshot(page, f"reporting-completeness-missing-{page.setting}")

    page.get_by_test_id("period-previous").click()
    previous = completeness.shift(province.period, -1)
    expect(page.get_by_test_id("completeness-period")).to_contain_text(previous.title)
    expect(page.get_by_test_id("count-accepted-value")).to_have_text("3")


def test_a_commune_sees_its_own_row_only(page, province):
    login(page, "daumoi.xa2")  # Nga Sơn's focal point
    page.goto(f"{page.base_url}/reporting/completeness/")
    page.get_by_role("link", name="Báo cáo tháng công tác tuyên giáo cấp xã").click()
    expect(page.get_by_test_id("unit-row")).to_have_count(1)
    expect(page.get_by_test_id("unit-row")).to_contain_text("Xã Nga Sơn")
    expect(page.get_by_test_id("count-late-value")).to_have_text("1")
    screenshot(page, "reporting-completeness-commune")


def test_the_targets_list_and_the_dashboard_tiles(any_page, province):
    year = province.period.window_end.year
    for name, value in (("Phường Hạc Thành", 60), ("Xã Nga Sơn", 5), ("Xã Quảng Phú", 40)):
        services.set_target(
            by=province.specialist,
            owner=province.department,
            indicator=province.indicator,
            organization=province.boards[name],
            start_year=year,
            value=Decimal(value),
        )
    page = any_page
    login(page, "chuyenvien.btg")
    page.goto(f"{page.base_url}/")
    expect(page.get_by_test_id("dashboard-collections")).to_contain_text(province.period.title)
    assert_no_sideways_scroll(page)
    screenshot(page, f"reporting-dashboard-tiles-{page.setting}")
    page.goto(f"{page.base_url}/reporting/targets/")
    expect(page.get_by_test_id("target-row")).to_have_count(3)
    assert_no_sideways_scroll(page)
    screenshot(page, f"reporting-targets-{page.setting}")
