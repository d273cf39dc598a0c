"""Issue 15, item 3 in a real browser: a propaganda-department specialist of Thanh Hóa finds the
departments they assign work to in the organisation list, the tree, the area page and search,
whatever the browser's language and width. Screenshots land in test-results/screenshots/."""

import pytest
from playwright.sync_api import expect

from phoihop.core import search
from phoihop.org import services
from phoihop.org.models import Membership

from ..factories import AreaFactory, UserFactory
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(transactional_db):
    """Thanh Hóa's Party committee with its propaganda department, the People's Committee and
    its Health and Education departments, Phú Thọ's Health department, and a specialist of the
    Thanh Hóa propaganda department."""
    admin = UserFactory(username="admin", is_superuser=True)
    thanh_hoa = AreaFactory(code="38", name="Tỉnh Thanh Hóa", type="tỉnh", level="province")
    phu_tho = AreaFactory(code="25", name="Tỉnh Phú Thọ", type="tỉnh", level="province")

    def create(name, kind, area, parent=None, abbreviation=""):
        return services.create_organization(
            by=admin,
            name=name,
            kind=kind,
            level="province",
            area=area,
            parent=parent,
            abbreviation=abbreviation,
        )

    party = create("Tỉnh ủy Thanh Hóa", "party_committee", thanh_hoa)
    propaganda = create(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa", "propaganda_department", thanh_hoa, party
    )
    committee = create("Ủy ban nhân dân tỉnh Thanh Hóa", "peoples_committee", thanh_hoa)
    health = create("Sở Y tế tỉnh Thanh Hóa", "department", thanh_hoa, committee, "SYT")
    create("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", "department", thanh_hoa, committee, "SGDĐT")
    create("Sở Y tế tỉnh Phú Thọ", "department", phu_tho, abbreviation="SYT")
    specialist = UserFactory(username="chuyenvien.tgdv", full_name="Nguyễn Văn Hùng")
    services.add_member(
        organization=propaganda, by=admin, user=specialist, role=Membership.Role.SPECIALIST
    )
    search.index(thanh_hoa)
    return {"specialist": specialist, "health": health, "area": thanh_hoa}


def test_a_specialist_finds_the_partner_departments(any_page, province):
    page = any_page
    login(page, "chuyenvien.tgdv")
    page.goto(f"{page.base_url}/organizations/")
    table = page.get_by_test_id("organization-table")
    expect(table).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(table).to_contain_text("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    expect(table).not_to_contain_text("Sở Y tế tỉnh Phú Thọ")
    screenshot(page, f"directory-{page.setting}-list")

    page.goto(f"{page.base_url}/organizations/tree/")
    tree = page.get_by_test_id("organization-tree")
    committee = tree.locator("li", has_text="Ủy ban nhân dân tỉnh Thanh Hóa").first
    expect(committee).to_be_visible()
    committee.locator("summary").first.click()
    expect(committee).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    screenshot(page, f"directory-{page.setting}-tree")

    page.goto(f"{page.base_url}/areas/{province['area'].pk}/")
    located = page.get_by_test_id("area-organizations")
    expect(located).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(located).not_to_contain_text("Phú Thọ")

    page.goto(f"{page.base_url}/search/?q=so+y+te+thanh+hoa")
    results = page.get_by_test_id("search-results")
    expect(results.locator("li").first).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(results).not_to_contain_text("Phú Thọ")
    screenshot(page, f"directory-{page.setting}-search")

    page.goto(f"{page.base_url}{province['health'].get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(page.get_by_test_id("organization-attributes")).to_contain_text(
        "Ủy ban nhân dân tỉnh Thanh Hóa"  # "Cấp trên"
    )
