"""The pivot page in a browser, on a desktop and a phone: choose an indicator and the years, see
the provinces' table, the line, the bars and the tile map of the 34 provinces; open a
province's communes from its tile; accept one more report and see the province total change
on the next load."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.org.models import Area, Organization
from tests.factories import OrganizationFactory, UserFactory, make_form, make_indicator, make_regime
from tests.reporting.rollup_world import accept

from .conftest import login, screenshot, tick

pytestmark = pytest.mark.django_db(transaction=True)

PROVINCES = {
    "01": "Thành phố Hà Nội",
    "04": "Tỉnh Cao Bằng",
    "08": "Tỉnh Tuyên Quang",
    "11": "Tỉnh Điện Biên",
    "12": "Tỉnh Lai Châu",
    "14": "Tỉnh Sơn La",
    "15": "Tỉnh Lào Cai",
    "19": "Tỉnh Thái Nguyên",
    "20": "Tỉnh Lạng Sơn",
    "22": "Tỉnh Quảng Ninh",
    "24": "Tỉnh Bắc Ninh",
    "25": "Tỉnh Phú Thọ",
    "31": "Thành phố Hải Phòng",
    "33": "Tỉnh Hưng Yên",
    "37": "Tỉnh Ninh Bình",
    "38": "Tỉnh Thanh Hóa",
    "40": "Tỉnh Nghệ An",
    "42": "Tỉnh Hà Tĩnh",
    "44": "Tỉnh Quảng Trị",
    "46": "Thành phố Huế",
    "48": "Thành phố Đà Nẵng",
    "51": "Tỉnh Quảng Ngãi",
    "52": "Tỉnh Gia Lai",
    "56": "Tỉnh Khánh Hòa",
    "66": "Tỉnh Đắk Lắk",
    "68": "Tỉnh Lâm Đồng",
    "75": "Tỉnh Đồng Nai",
    "79": "Thành phố Hồ Chí Minh",
    "80": "Tỉnh Tây Ninh",
    "82": "Tỉnh Đồng Tháp",
    "86": "Tỉnh Vĩnh Long",
    "91": "Tỉnh An Giang",
    "92": "Thành phố Cần Thơ",
    "96": "Tỉnh Cà Mau",
}
REFORM = datetime.date(2025, 7, 1)
MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11")


@pytest.fixture
def country(transactional_db):
    """The 34 provinces with two communes each, one People's Committee per commune reporting
    propaganda sessions monthly since August 2025; a system administrator to read them."""
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền", unit="buổi")
    regime = make_regime(report_form=make_form(indicators=[sessions]))
    units = {}
    for rank, (code, name) in enumerate(PROVINCES.items()):
        short = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        province = Area.objects.create(
            code=code, name=name, short_name=short, type="tỉnh", level="province", valid_from=REFORM
        )
        for n in (1, 2):
            commune = Area.objects.create(
                code=f"{code}{n:03d}",
                name=f"Xã {short} {n}",
                short_name=f"{short} {n}",
                type="xã",
                level="commune",
                parent=province,
                valid_from=REFORM,
            )
            unit = OrganizationFactory(
                name=f"Ủy ban nhân dân xã {short} {n}",
                kind=Organization.Kind.PEOPLES_COMMITTEE,
                level=Organization.Level.COMMUNE,
                area=commune,
            )
            units[(code, n)] = unit
            for month_rank, month in enumerate(MONTHS):
                accept(regime, unit, month, {sessions: 2 + (rank * 7 + n * 3 + month_rank) % 25})
    UserFactory(username="quantri", full_name="Quản Trị", is_superuser=True, is_staff=True)
    return {"sessions": sessions, "regime": regime, "units": units}


def test_the_pivot_page_the_tile_map_and_a_drill_down(any_page, country):
    page = any_page
    login(page, "quantri")
    page.goto(f"{page.base_url}/reporting/analysis/")
    tick(page, page.locator("#id_indicators-ts-control"), "TG", "TG.BUOI")
    page.get_by_label("Từ năm").fill("2025")
    page.get_by_label("Đến năm").fill("2025")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("pivot-row")).to_have_count(34)
    expect(page.get_by_test_id("tile")).to_have_count(34)
    expect(page.get_by_test_id("pivot-line")).to_be_visible()
    expect(page.get_by_test_id("pivot-bars")).to_be_visible()
    screenshot(page, f"reporting-pivot-country-{page.setting}")

    page.get_by_test_id("tile").filter(has_text="Thanh Hóa").click()
    expect(page.get_by_test_id("pivot-row")).to_have_count(2)
    total = page.get_by_test_id("pivot-total")
    expect(total).to_contain_text("Toàn tỉnh Thanh Hóa")
    before = total.locator("td").nth(8).inner_text()  # Tháng 9/2025
    screenshot(page, f"reporting-pivot-province-{page.setting}")

    # One more unit's report for September, accepted now: in the total on the next load.
    commune = Area.objects.get(code="38001")
    late = OrganizationFactory(name="Ủy ban Mặt trận Tổ quốc xã Thanh Hóa 1", area=commune)
    accept(country["regime"], late, "2025-09", {country["sessions"]: 100})
    page.reload()
    after = page.get_by_test_id("pivot-total").locator("td").nth(8).inner_text()
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 100
