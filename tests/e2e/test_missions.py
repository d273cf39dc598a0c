"""A survey mission in a real browser, in the four browser settings (vi-VN and en-US, 1366 and
390 px): the propaganda department sets one up (its decision numbered in the registry), records
a visit to the Department of Health with a finding, turns a recommendation into a task with its
bucket, and the Department of Health's focal point answers its finding. Screenshots land in
test-results/screenshots/ for a person to look at."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.directives import catalogue, reference
from phoihop.directives.models import DocumentType
from phoihop.missions.models import Mission, Recommendation
from phoihop.org.models import Area, Membership

from ..factories import MembershipFactory, OrganizationFactory, UserFactory
from .conftest import login, screenshot
from .test_phones import assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Khảo sát công tác tuyên truyền chuyển đổi số tại các sở"


@pytest.fixture
def thanh_hoa(transactional_db):
    """The Thanh Hóa propaganda department and Department of Health with a person each, and
    the directive types and Party terms (from data migrations: a browser test runs on a flushed
    database, so they are loaded again) for the decision's number."""
    if not DocumentType.objects.exists():
        catalogue.load_reference_data(django_apps)
    reference.clear_codes_cache()  # the live server shares this process and its code cache
    province = Area.objects.create(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    party = OrganizationFactory(
        name="Tỉnh ủy Thanh Hóa", kind="party_committee", abbreviation="TU", area=province
    )
    propaganda = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        abbreviation="BTGDVTU",
        identifier="38.BTGDVTU",
        parent=party,
        area=province,
    )
    committee = OrganizationFactory(
        name="Ủy ban nhân dân tỉnh Thanh Hóa",
        kind="peoples_committee",
        abbreviation="UBND",
        identifier="38.UBND",
        area=province,
    )
    health = OrganizationFactory(
        name="Sở Y tế tỉnh Thanh Hóa",
        abbreviation="SYT",
        identifier="38.SYT",
        parent=committee,
        area=province,
    )
    OrganizationFactory(name="Sở Y tế tỉnh Nghệ An", abbreviation="SYT", identifier="40.SYT")
    specialist = UserFactory(username="chuyenvien", full_name="Lê Thị Hương")
    MembershipFactory(user=specialist, organization=propaganda, role=Membership.Role.SPECIALIST)
    focal = UserFactory(username="daumoi.syt", full_name="Trịnh Văn Đức")
    MembershipFactory(user=focal, organization=health, role=Membership.Role.FOCAL_POINT)
    yield {"propaganda": propaganda, "health": health}
    reference.clear_codes_cache()


def pick(page, box, typed: str, name: str) -> None:
    """Type into a type-ahead box and pick the suggestion called `name`."""
    box.press_sequentially(typed)
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    expect(suggestions).not_to_contain_text("Nghệ An")
    suggestions.get_by_role("option", name=name).first.click()


def test_a_mission_from_decision_to_the_visited_organisations_answer(any_page, thanh_hoa):
    page = any_page
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=6)
    login(page, "chuyenvien")
    page.goto(f"{page.base_url}/missions/")
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    page.get_by_test_id("mission-create-link").click()

    form = page.get_by_test_id("mission-form")
    form.locator("#id_kind").select_option("survey")
    form.locator("#id_title").fill(TITLE)
    pick(page, form.locator("#id_organization"), "Ban Tuyên", "Ban Tuyên giáo và Dân vận")
    form.locator("#id_starts_on").fill(f"{starts:%d/%m/%Y}")
    form.locator("#id_ends_on").fill(f"{today:%d/%m/%Y}")
    form.locator("#id_topics").fill(
        "Tuyên truyền Nghị quyết số 57-NQ/TW\nCung cấp thông tin cho báo chí"
    )
    form.locator("#id_decision_issued_on").fill(f"{starts - datetime.timedelta(days=3):%d/%m/%Y}")
    assert_no_sideways_scroll(page)
    screenshot(page, f"missions-create-{page.setting}")
    page.get_by_test_id("mission-submit").click()

    expect(page.get_by_test_id("mission-title")).to_have_text(TITLE)
    expect(page.get_by_test_id("mission-decision")).to_contain_text("01-QĐ/BTGDVTU")
    visit_form = page.get_by_test_id("visit-form")
    pick(page, visit_form.locator("#id_organization"), "Sở Y", "Sở Y tế tỉnh Thanh Hóa")
    visit_form.locator("#id_visited_on").fill(f"{starts + datetime.timedelta(days=1):%d/%m/%Y}")
    page.get_by_test_id("visit-submit").click()
    expect(page.get_by_test_id("visit")).to_have_count(1)

    finding_form = page.get_by_test_id("finding-form")
    finding_form.locator("#id_finding-kind").select_option("shortcoming")
    finding_form.locator("#id_finding-topic").fill("Chuyên mục hỏi đáp")
    finding_form.locator("#id_finding-text").fill(
        "Chuyên mục hỏi đáp về bảo hiểm y tế chưa được cập nhật thường xuyên."
    )
    page.get_by_test_id("finding-submit").click()
    expect(page.get_by_test_id("finding")).to_contain_text("chưa được cập nhật")

    recommendation_form = page.get_by_test_id("recommendation-form")
    recommendation_form.locator("#id_recommendation-organization").select_option(
        label="Sở Y tế tỉnh Thanh Hóa"
    )
    recommendation_form.locator("#id_recommendation-text").fill(
        "Trả lời các câu hỏi tồn đọng, phân công cán bộ cập nhật chuyên mục hằng tuần."
    )
    deadline = today + datetime.timedelta(days=30)
    recommendation_form.locator("#id_recommendation-deadline").fill(f"{deadline:%d/%m/%Y}")
    page.get_by_test_id("recommendation-submit").click()
    row = page.get_by_test_id("recommendation")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("task-bucket")).to_have_attribute("data-bucket", "open_on_track")
    assert_no_sideways_scroll(page)
    screenshot(page, f"missions-detail-{page.setting}")
    recommendation = Recommendation.objects.get()
    assert recommendation.task.lead_organization == thanh_hoa["health"]

    # The visited organisation's focal point answers its finding.
    page.context.clear_cookies()
    login(page, "daumoi.syt")
    mission = Mission.objects.get()
    page.goto(f"{page.base_url}{mission.get_absolute_url()}")
    expect(page.get_by_test_id("visit-form")).to_have_count(0)
    page.get_by_test_id("finding-answer-link").click()
    page.locator("#id_answer").fill("Sở đã trả lời 46 câu hỏi tồn đọng và cập nhật hằng tuần.")
    page.get_by_test_id("answer-submit").click()
    expect(page.get_by_test_id("finding-answer")).to_contain_text("46 câu hỏi")
    assert_no_sideways_scroll(page)
    screenshot(page, f"missions-answered-{page.setting}")
    page.get_by_role("link", name="Trả lời các câu hỏi tồn đọng").click()
    expect(page).to_have_url(f"{page.base_url}/plans/tasks/{recommendation.task_id}/")
