"""A spike alert in a Vietnamese and an English browser, on a desktop and a phone: the demo's
follow-up stories make the field Y tế spike, the alert is seen on the dashboard and in the
alert list, acknowledged, and a case is opened from one of its stories."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from phoihop.media import alerts
from phoihop.media.demo_watch import FOLLOW_UPS, REPLAY_FROM
from phoihop.media.models import Watchlist
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Field, User

from .conftest import login, screenshot
from .test_media import newsroom  # noqa: F401 (the fixture)
from .test_phones import assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def spike(newsroom):  # noqa: F811
    user = User.objects.get(username="chuyenvien.baochi")
    alerts.create_watchlist(kind="field", field=Field.objects.get(code="y-te"), by=user)
    import_paths([FOLLOW_UPS])
    for hour in range(24 * 6):
        alerts.check_spikes(REPLAY_FROM + datetime.timedelta(hours=hour))
    assert Watchlist.objects.get().alerts.count() == 1


def test_see_a_spike_alert_acknowledge_it_and_open_a_case(any_page, spike):
    page = any_page
    login(page, "chuyenvien.baochi")
    page.goto(f"{page.base_url}/press/alerts/")
    row = page.get_by_test_id("alert-row").filter(has_text="Y tế")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("alert-open")).to_be_visible()
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-alerts-{page.setting}")

    row.get_by_role("link").click()
    expect(page.get_by_test_id("alert-count")).to_have_text("3")
    expect(page.get_by_test_id("cluster-row")).to_have_count(3)
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-alert-{page.setting}")
    page.get_by_test_id("alert-acknowledge").click()
    expect(page.get_by_test_id("alert-state")).to_contain_text("Đã xem")
    expect(page.get_by_test_id("alert-acknowledge")).to_have_count(0)

    page.get_by_role("link", name="Thanh Hóa kiểm tra an toàn thực phẩm", exact=False).click()
    expect(page.get_by_test_id("story-attach-form")).to_be_visible()
    page.get_by_test_id("story-case-form").get_by_role("button", name="Mở vụ việc").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.locator("h1")).to_contain_text("kiểm tra an toàn thực phẩm")
