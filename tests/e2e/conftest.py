"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live
server. `playwright install` cannot work offline, so the system browser is used."""

import os
from pathlib import Path

import pytest

from phoihop.org.models import Membership

from ..factories import MembershipFactory, UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here
# are plain synchronous calls, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-results/screenshots"))
PASSWORD = "mat-khau-thu-nghiem"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    context.close()


# Officials' browsers ask for Vietnamese or English, on a desktop or a phone: each daily-use
# journey runs in all four (issue: "vi-VN and en-US, at 1366 px and 390 px").
BROWSER_SETTINGS = [("vi-VN", 1366), ("en-US", 1366), ("vi-VN", 390), ("en-US", 390)]


@pytest.fixture(params=BROWSER_SETTINGS, ids=lambda p: f"{p[0]}-{p[1]}px")
def any_page(request, browser, live_server):
    """A page in each of the four browser settings; `page.setting` names it for screenshots."""
    locale, width = request.param
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    page.setting = f"{locale}-{width}"
    yield page
    context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def tick(page, checklist, typed: str, name: str) -> None:
    """Type into a searchable checklist (core.forms.ChecklistSelectMultiple, drawn by Tom
    Select) and tick the one option called `name`, as a person does."""
    from playwright.sync_api import expect

    checklist.click()
    checklist.press_sequentially(typed)
    option = page.locator(".ts-dropdown [role=option]", has_text=name)
    expect(option).to_have_count(1)
    option.click()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def specialist_of(transactional_db):
    def make(organization, role=Membership.Role.ORG_ADMIN, username="canbo"):
        user = UserFactory(username=username, full_name="Lê Thị Hương")
        MembershipFactory(user=user, organization=organization, role=role)
        return user

    return make
