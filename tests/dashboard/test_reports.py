"""The dashboard's reporting tiles (issue 16, item 8): an organisation's reports due this week,
the late and missing reports of the units reporting to it, and its targets off target, each
number linking to the list it counts; a bounded number of queries."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from phoihop.reporting import services
from tests.reporting.worlds import State, build_province, make_submission

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def province():
    province = build_province()
    boards, regime = province.boards, province.regime
    make_submission(
        regime, boards["Phường Hạc Thành"], "2025-10", State.ACCEPTED, sent=D(2025, 10, 16)
    )
    make_submission(regime, boards["Xã Nga Sơn"], "2025-10", sent=D(2025, 10, 20))
    make_submission(regime, boards["Xã Lam Sơn"], "2025-10", State.DRAFT)
    return province


def link(page: str, testid: str) -> str:
    return unescape(re.search(rf'href="([^"]+)"[^>]*data-testid="{testid}"', page).group(1))


def home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


@time_machine.travel(datetime.datetime(2025, 10, 21, 9), tick=False)
def test_the_receiver_sees_late_and_missing_reports_and_each_links_to_its_units(client, province):
    page = home(client, province.specialist)
    tile = page.split('data-testid="dashboard-collections"')[1].split("</table>")[0]
    assert "Tháng 10/2025" in tile
    late, missing = link(page, "dashboard-late"), link(page, "dashboard-missing")
    assert re.search(r'data-testid="dashboard-late">1<', page)
    assert re.search(r'data-testid="dashboard-missing">2<', page)  # Lam Sơn's draft, Quảng Phú
    units = [row.name for row in client.get(missing).context["rows"]]
    assert units == ["Ban Xây dựng Đảng Xã Lam Sơn", "Ban Xây dựng Đảng Xã Quảng Phú"]
    assert [row.name for row in client.get(late).context["rows"]] == [
        "Ban Xây dựng Đảng Xã Nga Sơn"
    ]


@time_machine.travel(datetime.datetime(2025, 10, 13, 9), tick=False)
def test_a_commune_sees_its_report_due_this_week_until_it_is_sent(client, province):
    page = home(client, province.people["Xã Lam Sơn"])
    due = page.split('data-testid="dashboard-reports-due"')[1].split("</ul>")[0]
    assert "Tháng 10/2025" in due and "17/10/2025" in due and "đang soạn" in due
    assert "dashboard-collections" not in page  # it receives nothing
    sent_already = home(client, province.people["Phường Hạc Thành"])
    assert "dashboard-reports-due" not in sent_already


@time_machine.travel(datetime.datetime(2025, 12, 20, 9), tick=False)
def test_targets_off_target_this_year_are_counted_and_listed(client, province):
    for board, value in (("Phường Hạc Thành", 200), ("Xã Nga Sơn", 5)):
        services.set_target(
            by=province.specialist,
            owner=province.department,
            indicator=province.indicator,
            organization=province.boards[board],
            start_year=2025,
            value=Decimal(value),
        )
    page = home(client, province.specialist)
    assert "1 chỉ tiêu" in page.split('data-testid="dashboard-off-target"')[1][:40]
    listed = client.get(link(page, "dashboard-off-target")).context["rows"]
    assert [o.target.organization.name for o in listed] == ["Ban Xây dựng Đảng Phường Hạc Thành"]
    # The commune's own page shows its own target only when it is off target: Nga Sơn met it.
    assert "dashboard-off-target" not in home(client, province.people["Xã Nga Sơn"])


@time_machine.travel(datetime.datetime(2025, 10, 21, 9), tick=False)
def test_the_tiles_cost_a_bounded_number_of_queries(
    client, province, django_assert_max_num_queries
):
    client.force_login(province.specialist)
    client.get(reverse("home"))
    # The task figures (see test_home: the organisation's tasks read once), then the regimes
    # with their assignments, the working days, one count per regime received, the targets, the
    # press tiles (at most 3, see test_home): none per unit or per target.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("home")).status_code == 200
