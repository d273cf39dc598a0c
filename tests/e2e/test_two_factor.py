"""Two-factor sign-in in a real browser: an administrator is sent to set it up, scans (reads)
the secret, confirms a code, sees the recovery codes once, then signs in again with a code."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from ..factories import UserFactory
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def code_from(secret_shown: str, steps_ahead: int = 0) -> str:
    text = secret_shown.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_an_administrator_sets_up_two_factor_then_signs_in_with_a_code(page, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True
    UserFactory(username="quantri", full_name="Quản Trị Hệ Thống", is_superuser=True)
    login(page, "quantri")

    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/"))
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    qr = page.get_by_test_id("qr-code")
    expect(qr).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0  # the QR drew
    secret = page.get_by_test_id("secret").inner_text()
    screenshot(page, "two-factor-setup")

    page.get_by_label("Mã xác thực").fill(code_from(secret))
    page.get_by_role("button", name="Xác nhận và bật").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu các mã, tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Bật xác thực hai bước")

    page.context.clear_cookies()
    login(page, "quantri")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    screenshot(page, "two-factor-code-step")
    page.get_by_label("Mã xác thực").fill(code_from(secret, steps_ahead=1))
    page.get_by_role("button", name="Xác nhận").click()
    page.goto(f"{page.base_url}/accounts/profile/")
    expect(page.get_by_test_id("two-factor")).to_contain_text("Đang bật")
