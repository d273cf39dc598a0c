"""In a browser: repeated wrong passwords end on the Vietnamese lockout page, in the site's
layout, and the right password is refused there too."""

import pytest
from playwright.sync_api import expect

from ..factories import UserFactory
from .conftest import login, screenshot


@pytest.fixture
def person(transactional_db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    return UserFactory(username="canbo.khoa", full_name="Lê Thị Hương")


def test_wrong_passwords_end_on_the_vietnamese_lockout_page(page, person):
    for _ in range(2):
        login(page, "canbo.khoa", "sai-mat-khau")
        expect(page.locator("form")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    login(page, "canbo.khoa", "sai-mat-khau")
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Vui lòng chờ một lát")
    screenshot(page, "lockout")

    login(page, "canbo.khoa")
    expect(page.get_by_role("alert")).to_contain_text("Tài khoản tạm khóa")
