"""The staff journey of a citizen's case, in a Vietnamese and an English browser, on a desktop
and a phone: record a hotline call (with the caller's consent) → the case → verify → assign
(the routing table proposes the lead) → the lead answers → the department closes it."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.cases import services as cases
from phoihop.cases.models import ConsentText
from phoihop.org.models import Area, Field, Membership

from ..factories import AreaFactory, MembershipFactory, UserFactory, system_admin
from .conftest import login, screenshot
from .test_phones import assert_no_sideways_scroll
from .test_plans import thanh_hoa  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case_world(thanh_hoa):  # noqa: F811
    province = Area.objects.get(code="38", level="province")
    commune = AreaFactory(
        code="14797", name="Phường Hạc Thành", type="phường", level="commune", parent=province
    )
    field, _ = Field.objects.get_or_create(code="moi-truong", defaults={"name": "Môi trường"})
    ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={
            "text": "Tôi đồng ý để cơ quan xử lý ý kiến sử dụng thông tin liên hệ của tôi chỉ "
            "để liên hệ và trả lời ý kiến này.",
            "valid_from": datetime.date(2026, 1, 1),
        },
    )
    cases.create_routing_rule(
        by=system_admin(),
        field=field,
        area=province,
        organization=thanh_hoa["health"],
        valid_from=datetime.date(2025, 7, 1),
    )
    focal = UserFactory(username="daumoi.syt", full_name="Trần Thị Mai")
    MembershipFactory(
        user=focal, organization=thanh_hoa["health"], role=Membership.Role.FOCAL_POINT
    )
    return {**thanh_hoa, "commune": commune, "field": field}


def test_record_a_call_then_verify_assign_answer_and_close(any_page, case_world):
    page = any_page
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/cases/")
    page.get_by_test_id("item-new-link").click()
    form = page.get_by_test_id("item-form")
    form.get_by_label("Xã, phường, đặc khu").fill("14797")
    form.get_by_label("Nội dung ý kiến").fill(
        "Nước máy khu dân cư Đông Hương đục, có mùi clo nồng nhiều ngày."
    )
    form.get_by_label("Tiêu đề vụ việc").fill("Nước sinh hoạt đục ở khu Đông Hương")
    form.get_by_label("Lĩnh vực").select_option(label=case_world["field"].name)
    form.get_by_label("Họ và tên").fill("N.T.H.")
    form.get_by_label("Số điện thoại").fill("0900 000 011")
    form.get_by_label("Người gửi đồng ý rõ ràng").check()
    expect(page.get_by_test_id("consent-text")).to_contain_text("2026-01")
    assert_no_sideways_scroll(page)
    screenshot(page, f"cases-record-item-{page.setting}")
    page.get_by_test_id("item-save").click()

    expect(page.get_by_test_id("case-number")).to_contain_text("PA-")
    expect(page.get_by_test_id("case-status")).to_contain_text("Mới tiếp nhận")
    expect(page.get_by_test_id("item-text")).to_contain_text("Đông Hương")
    expect(page.get_by_text("N.T.H.")).to_have_count(0)  # the identity is behind its own page
    page.get_by_test_id("verify-form").get_by_role("button").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("Đã xác minh")

    page.get_by_test_id("assign-link").click()
    expect(page.get_by_test_id("proposed-lead")).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    assert_no_sideways_scroll(page)
    screenshot(page, f"cases-assign-{page.setting}")
    page.get_by_test_id("assign-form").get_by_role("button", name="Giao xử lý").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("Đã giao xử lý")
    expect(page.get_by_test_id("participants")).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(page.get_by_test_id("participants")).to_contain_text("Trần Thị Mai")
    case_url = page.url

    page.context.clear_cookies()
    login(page, "daumoi.syt")
    page.goto(case_url)
    page.get_by_test_id("contact-link").click()
    expect(page.get_by_test_id("contact")).to_contain_text("0900 000 011")
    page.goto(case_url)
    answer = page.get_by_test_id("answer-form")
    answer.get_by_label("Nội dung trả lời").fill(
        "Công ty cấp nước đã súc xả đường ống, nước đạt chuẩn từ ngày hôm qua."
    )
    answer.get_by_role("button").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("Đã trả lời")

    page.context.clear_cookies()
    login(page, "chuyenvien")
    page.goto(case_url)
    close = page.get_by_test_id("close-form")
    close.get_by_label("Đã giải quyết").check()
    close.get_by_role("button").click()
    expect(page.get_by_test_id("case-status")).to_contain_text("Đã đóng, đã giải quyết")
    expect(page.get_by_test_id("case-timeline")).to_contain_text("Đã trả lời → Đã đóng")
    assert_no_sideways_scroll(page)
    screenshot(page, f"cases-closed-{page.setting}")

    page.goto(f"{page.base_url}/cases/?bucket=done_on_time")
    expect(page.get_by_test_id("case-row")).to_have_count(1)
    assert_no_sideways_scroll(page)
    screenshot(page, f"cases-list-{page.setting}")
