"""A citizen on a phone without JavaScript sends feedback on the portal, keeps the tracking
code and looks the case up; the department answers it and publishes it with the citizen's
name hidden; the citizen reads the answer, without the hidden words."""

import pytest
from playwright.sync_api import expect

from phoihop.cases import services as cases
from phoihop.cases.models import Case

from .conftest import login, screenshot
from .test_cases import case_world  # noqa: F401 (fixture)
from .test_phones import assert_no_sideways_scroll
from .test_plans import thanh_hoa  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Đỗ Thị Kín"


@pytest.fixture
def citizen_page(browser, live_server):
    """A phone at 390 px with JavaScript off."""
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


def test_feedback_without_javascript_then_published_with_a_redaction(
    citizen_page,
    page,
    case_world,  # noqa: F811
):
    citizen = citizen_page
    citizen.goto(f"{citizen.base_url}/accounts/login/")
    citizen.get_by_test_id("portal-link").get_by_role("link").click()
    citizen.get_by_test_id("portal-start").click()
    if citizen.get_by_test_id("province-form").count():
        citizen.get_by_label("Tỉnh, thành phố").select_option(label="Tỉnh Thanh Hóa")
        citizen.get_by_role("button", name="Tiếp tục").click()
    form = citizen.get_by_test_id("portal-form")
    form.get_by_label("Phản ánh").check()
    form.get_by_label("Lĩnh vực").select_option(label=case_world["field"].name)
    form.get_by_label("Xã, phường, đặc khu").select_option(label="Phường Hạc Thành")
    form.get_by_role("textbox", name="Nội dung").fill(
        f"Tôi là {SECRET}. Cống thoát nước trước chợ Đông Hương bị tắc, nước tràn ra đường."
    )
    assert_no_sideways_scroll(citizen)
    screenshot(citizen, "portal-send-390-nojs")
    citizen.get_by_test_id("portal-submit").click()
    code = citizen.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code) == 12 and code.count("-") == 2
    screenshot(citizen, "portal-sent-390-nojs")

    citizen.get_by_role("link", name="Tra cứu ngay").click()
    expect(citizen.get_by_test_id("track-status")).to_contain_text("Đã tiếp nhận")
    expect(citizen.get_by_test_id("track-answer")).to_have_count(0)

    # The department answers (its own journey is tests/e2e/test_cases.py), then publishes here.
    case = Case.objects.get()
    specialist = case_world["specialist"]
    case = cases.verify_case(case=case, by=specialist)
    cases.answer_case(case=case, by=specialist, answer="Phường đã nạo vét cống ngày hôm sau.")
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/cases/{case.pk}/")
    expect(page.get_by_test_id("staff-tracking-code")).to_have_text(code)
    page.get_by_test_id("publish-link").click()
    form = page.get_by_test_id("publish-form")
    form.get_by_label("Tiêu đề công khai").fill("Cống thoát nước trước chợ Đông Hương bị tắc")
    form.get_by_label("Các đoạn cần ẩn").fill(SECRET)
    page.get_by_test_id("publish-preview").click()
    expect(page.get_by_test_id("publish-preview-result")).to_contain_text("Tôi là […]")
    expect(page.get_by_test_id("publish-preview-result")).not_to_contain_text(SECRET)
    screenshot(page, "portal-staff-publish-preview")
    page.get_by_test_id("publish-save").click()
    expect(page.get_by_test_id("published-state")).to_contain_text("Đang công khai")

    citizen.goto(f"{citizen.base_url}/portal/track/")
    citizen.get_by_label("Mã tra cứu").fill(code.lower())
    citizen.get_by_role("button", name="Tra cứu").click()
    answer = citizen.get_by_test_id("track-answer")
    expect(answer).to_contain_text("Phường đã nạo vét cống")
    expect(citizen.locator("body")).not_to_contain_text(SECRET)
    assert_no_sideways_scroll(citizen)
    screenshot(citizen, "portal-track-answer-390-nojs")
