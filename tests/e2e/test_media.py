"""The newsroom in a Vietnamese and an English browser, on a desktop and a phone: the demo
corpus imported, the syndicated story seen once with its four outlets, the negative filter,
the story's reasons, and a case opened from it."""

import importlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from phoihop.media import demo
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Membership

from ..factories import MembershipFactory, OrganizationFactory, UserFactory
from ..media.conftest import ENDED, REFORM, commune, province
from .conftest import login, screenshot
from .test_phones import assert_no_sideways_scroll

pytestmark = pytest.mark.django_db(transaction=True)
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


def _reference_data() -> None:
    """The fields of work and the tagging rules their data migrations seed: a transactional
    test flushes them after each test."""
    from django.apps import apps

    for migration in (
        "phoihop.org.migrations.0002_fields_of_work",
        "phoihop.media.migrations.0002_media_rules",
    ):
        importlib.import_module(migration).seed(apps, None)


@pytest.fixture
def newsroom(transactional_db):
    _reference_data()
    thanh_hoa = province("38", "Thanh Hóa")
    phu_tho = province("25", "Phú Thọ", valid_from=REFORM)
    province("17", "Hòa Bình", valid_to=ENDED).successors.add(phu_tho)
    commune("15865", "Hoằng Hóa", thanh_hoa, valid_from=REFORM)
    commune("05200", "Mai Châu", phu_tho, valid_from=REFORM)
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        area=thanh_hoa,
    )
    user = UserFactory(username="chuyenvien.baochi", full_name="Lê Thị Hương")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    demo.ensure_sources()
    import_paths([CORPUS])
    return department


def test_see_a_syndicated_story_once_and_open_a_case_from_it(any_page, newsroom):
    page = any_page
    login(page, "chuyenvien.baochi")
    page.goto(f"{page.base_url}/press/")
    rows = page.get_by_test_id("cluster-row")
    expect(rows).to_have_count(9)
    story = rows.filter(has_text="Hơn 40 học sinh tiểu học")
    expect(story).to_have_count(1)
    expect(story.get_by_test_id("article-count")).to_contain_text("4")
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-newsroom-{page.setting}")

    if page.viewport_size["width"] < 768:
        page.get_by_role("button", name="Bộ lọc").click()
    filters = page.get_by_test_id("newsroom-filters")
    filters.get_by_label("Chỉ tin tiêu cực").check()
    filters.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"media-negative-{page.setting}")
    expect(page.get_by_test_id("cluster-row")).to_have_count(3)

    page.get_by_role("link", name="Hơn 40 học sinh tiểu học", exact=False).click()
    expect(page.get_by_test_id("appearance-row")).to_have_count(4)
    expect(page.get_by_test_id("tag-negative")).to_contain_text("nhập viện")
    expect(page.get_by_test_id("article-text")).to_contain_text("thịt gà kho gừng")
    assert_no_sideways_scroll(page)
    screenshot(page, f"media-story-{page.setting}")

    form = page.get_by_test_id("story-case-form")
    form.get_by_role("button", name="Mở vụ việc").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Hơn 40 học sinh tiểu học")
