"""The pages an official opens every morning, in a Vietnamese and an English browser, on a
desktop and a phone: the dashboard's charts and the notification centre's "Cần xử lý"."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.plans import services as plans

from .conftest import login, screenshot
from .test_plans import plan_with_tasks, thanh_hoa  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_dashboard_charts_draw_and_link_to_their_tasks(any_page, plan_with_tasks):  # noqa: F811
    page = any_page
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/")
    bars = page.get_by_test_id("chart-bucket-bar")
    expect(bars).to_have_count(3)  # overdue, on track, done on time
    for index in range(3):
        assert bars.nth(index).bounding_box()["width"] > 20
    overdue_bar = page.get_by_test_id("chart-overdue-bar").first
    assert overdue_bar.bounding_box()["width"] > 20
    page.get_by_text("Xem bảng số liệu").click()
    expect(page.get_by_test_id("chart-rate-table")).to_be_visible()
    screenshot(page, f"dashboard-charts-{page.setting}")
    page.get_by_test_id("dashboard-overdue").get_by_role("link").first.click()
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    expect(page.get_by_text("Hội nghị báo cáo viên chuyên đề y tế cơ sở")).to_be_visible()


def test_an_extension_request_is_handled_from_the_notification_centre(
    any_page,
    plan_with_tasks,  # noqa: F811
):
    page = any_page
    task = plan_with_tasks["overdue"]
    plans.request_extension(
        task=task,
        by=plan_with_tasks["focal"],
        organization=plan_with_tasks["education"],
        requested_deadline=timezone.localdate() + datetime.timedelta(days=30),
        reason="Chờ kinh phí tổ chức hội nghị",
    )
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/notifications/")
    actions = page.get_by_test_id("notifications-actions")
    expect(actions).to_contain_text("Đề nghị gia hạn")
    screenshot(page, f"notifications-action-{page.setting}")
    actions.get_by_role("link", name="Xử lý").click()
    form = page.get_by_test_id("extension-decision-form")
    expect(form).to_be_visible()
    form.get_by_label("Chấp thuận", exact=True).check()
    form.get_by_label("Ý kiến xử lý (lý do)").fill("Đồng ý gia hạn")
    form.get_by_role("button").click()
    page.goto(f"{page.base_url}/notifications/")
    expect(page.get_by_test_id("notifications-actions")).to_contain_text(
        "Không có việc nào đang chờ bạn xử lý."
    )
    expect(page.get_by_test_id("notifications-info")).to_contain_text("Đã xử lý")
