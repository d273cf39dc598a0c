"""A public-opinion collaborator files the month's note on a phone (390 px): opens it, adds a
topic (field, commune, what people say, mood) and sends it; the department's specialist sees it
counted by commune and month and turns the topic into a case in one step."""

import pytest
from playwright.sync_api import expect

from phoihop.org.models import Area, Field, Membership

from ..factories import AreaFactory, MembershipFactory, UserFactory
from .conftest import login, screenshot
from .test_phones import assert_no_sideways_scroll
from .test_plans import thanh_hoa  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def note_world(thanh_hoa):  # noqa: F811
    province = Area.objects.get(code="38", level="province")
    commune = AreaFactory(
        code="15865", name="Xã Hoằng Hóa", type="xã", level="commune", parent=province
    )
    field, _ = Field.objects.get_or_create(code="nong-nghiep", defaults={"name": "Nông nghiệp"})
    collaborator = UserFactory(username="ctv", full_name="Hoàng Thị Thu")
    MembershipFactory(
        user=collaborator, organization=thanh_hoa["propaganda"], role=Membership.Role.COLLABORATOR
    )
    return {**thanh_hoa, "commune": commune, "field": field}


def test_a_collaborator_files_a_note_on_a_phone_and_the_department_opens_a_case(
    narrow_page, note_world
):
    page = narrow_page
    login(page, "ctv")
    page.goto(f"{page.base_url}/cases/notes/")
    page.get_by_test_id("note-new-form").get_by_role("button").click()
    form = page.get_by_test_id("topic-form")
    form.get_by_label("Lĩnh vực").select_option(label=note_world["field"].name)
    form.get_by_label("Xã, phường, đặc khu").fill("15865")
    form.get_by_label("Người dân nói gì").fill(
        "Bà con thôn ven sông lo lắng vì bờ sông sạt lở, đề nghị sớm có phương án kè."
    )
    form.get_by_label("Tiêu cực").check()
    assert_no_sideways_scroll(page)
    screenshot(page, "case-note-topic-390")
    form.get_by_role("button", name="Thêm vấn đề").click()
    expect(page.get_by_test_id("topic")).to_have_count(1)
    expect(page.get_by_test_id("topic-mood")).to_contain_text("Tiêu cực")
    page.get_by_test_id("note-submit-form").get_by_role("button").click()
    expect(page.get_by_test_id("note-status")).to_contain_text("Đã gửi")
    expect(page.get_by_test_id("topic-form")).to_have_count(0)
    assert_no_sideways_scroll(page)
    screenshot(page, "case-note-sent-390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/cases/notes/topics/")
    page.get_by_test_id("summary-count").click()
    expect(page.get_by_test_id("topic-row")).to_have_count(1)
    assert_no_sideways_scroll(page)
    screenshot(page, "case-note-topics-1366")
    page.get_by_test_id("topic-row").get_by_role("link", name="Tiếp nhận").click()
    page.get_by_text("Tiếp nhận thành vụ việc").click()
    form = page.get_by_test_id("take-up-form")
    form.get_by_label("Tiêu đề vụ việc mới").fill("Sạt lở bờ sông ở xã Hoằng Hóa")
    form.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_test_id("case-number")).to_contain_text("PA-")
    expect(page.get_by_test_id("item-text")).to_contain_text("bờ sông sạt lở")
    expect(page.get_by_text("Cộng tác viên dư luận xã hội").first).to_be_visible()
