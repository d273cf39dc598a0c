"""The foundation's main journeys in a real browser: sign in, browse the organisation tree,
search without diacritics, edit an organisation and read the audit entry, import a spreadsheet
with a bad row. Screenshots land in test-results/screenshots/ for a person to look at."""

import re

import pytest
from playwright.sync_api import expect

from phoihop.core import search
from phoihop.org import services
from phoihop.org.models import Membership

from ..factories import AreaFactory, UserFactory
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def thanh_hoa(transactional_db):
    """A province with a Party committee, its propaganda department, a People's Committee and
    the health department, created through the services so they are audited and searchable."""
    admin = UserFactory(username="admin", full_name="Quản Trị Hệ Thống", is_superuser=True)
    province = AreaFactory(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    search.index(province)
    create = services.create_organization
    party = create(
        by=admin,
        name="Tỉnh ủy Thanh Hóa",
        kind="party_committee",
        level="province",
        abbreviation="TU",
        identifier="38.TU",
        area=province,
    )
    create(
        by=admin,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        parent=party,
        kind="propaganda_department",
        level="province",
        abbreviation="BTGDVTU",
        identifier="38.BTGDVTU",
        area=province,
    )
    committee = create(
        by=admin,
        name="Ủy ban nhân dân tỉnh Thanh Hóa",
        kind="peoples_committee",
        level="province",
        abbreviation="UBND",
        identifier="38.UBND",
        area=province,
    )
    health = create(
        by=admin,
        name="Sở Y tế tỉnh Thanh Hóa",
        parent=committee,
        kind="department",
        level="province",
        abbreviation="SYT",
        identifier="38.SYT",
        area=province,
    )
    officer = UserFactory(username="quantri.thanhhoa", full_name="Lê Thị Hương")
    for organization in (party, committee):
        services.add_member(
            organization=organization, by=admin, user=officer, role=Membership.Role.ORG_ADMIN
        )
    return {
        "admin": admin,
        "party": party,
        "committee": committee,
        "health": health,
        "officer": officer,
    }


def test_sign_in_shows_vietnamese_pages_and_rejects_a_wrong_password(page, thanh_hoa):
    page.goto(f"{page.base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Tên đăng nhập").fill("quantri.thanhhoa")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("form")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    screenshot(page, "01-login-error")

    login(page, "quantri.thanhhoa")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào, Lê Thị Hương")
    screenshot(page, "02-home")


def test_browse_the_organisation_tree_and_open_a_child(page, thanh_hoa):
    login(page, "quantri.thanhhoa")
    page.goto(f"{page.base_url}/organizations/tree/")
    tree = page.get_by_test_id("organization-tree")
    committee = tree.locator(f'[data-id="{thanh_hoa["committee"].pk}"]')
    expect(committee).to_contain_text("Ủy ban nhân dân tỉnh Thanh Hóa")
    committee.locator("summary").first.click()
    expect(committee).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    screenshot(page, "03-organisation-tree")
    committee.get_by_role("link", name="Sở Y tế tỉnh Thanh Hóa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Y tế tỉnh Thanh Hóa")


def test_search_without_diacritics_finds_the_department_first(page, thanh_hoa):
    login(page, "quantri.thanhhoa")
    box = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("searchbox")
    box.fill("so y te thanh hoa")
    box.press("Enter")
    results = page.get_by_test_id("search-results")
    expect(results.locator("li").first).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    screenshot(page, "04-search")


def test_edit_an_organisation_then_read_the_change_in_its_audit_tab(page, thanh_hoa):
    login(page, "quantri.thanhhoa")
    page.goto(f"{page.base_url}/organizations/{thanh_hoa['health'].pk}/")
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Điện thoại").fill("0237 3852 111")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    page.get_by_role("link", name="Nhật ký thay đổi").click()
    audit = page.get_by_test_id("audit")
    expect(audit.locator("tbody tr").first).to_contain_text("Lê Thị Hương")
    expect(audit.locator("tbody tr").first).to_contain_text("0237 3852 111")
    screenshot(page, "05-audit-tab")


def test_a_spreadsheet_with_a_bad_row_is_refused_with_its_line_number(page, thanh_hoa, tmp_path):
    sheet = tmp_path / "to-chuc.csv"
    sheet.write_text(
        "Mã định danh,Tên tổ chức,Ký hiệu,Loại,Cấp,Mã đơn vị cấp trên\n"
        '38.SGDDT,Sở Giáo dục và Đào tạo tỉnh Thanh Hóa,SGDĐT,"Sở, ban, ngành",Cấp tỉnh,38.UBND\n'
        "38.SVH,Sở Văn hóa tỉnh Thanh Hóa,SVHTTDL,Loại không có,Cấp tỉnh,38.UBND\n",
        encoding="utf-8",
    )
    login(page, "quantri.thanhhoa")
    page.goto(f"{page.base_url}/organizations/import/")
    page.locator('input[type="file"]').set_input_files(str(sheet))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors.get_by_test_id("import-error").first).to_contain_text("3")
    expect(page.get_by_test_id("import-confirm")).to_have_count(0)
    screenshot(page, "06-import-errors")

    page.goto(f"{page.base_url}/organizations/?q=giao+duc")
    expect(page.locator("main")).not_to_contain_text("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")


def test_narrow_screen_organisation_list_and_empty_search(narrow_page, thanh_hoa):
    login(narrow_page, "quantri.thanhhoa")
    narrow_page.goto(f"{narrow_page.base_url}/organizations/")
    expect(narrow_page.locator("main")).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    screenshot(narrow_page, "07-organisations-narrow")
    narrow_page.goto(f"{narrow_page.base_url}/search/?q=khong+co+gi+ca")
    expect(narrow_page.get_by_test_id("search-empty")).to_be_visible()
    screenshot(narrow_page, "08-search-empty-narrow")
