"""Dates and form errors as an official sees them, whatever their browser's language: the date
box reads and writes dd/mm/yyyy (a native date input shows mm/dd/yyyy in an English browser),
and an error never shows Django's English."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import PASSWORD, screenshot
from .test_plans import plan_with_tasks, thanh_hoa  # noqa: F401 (fixtures)

ENGLISH = re.compile(r"\b(Enter|valid|required|Ensure|field|Select|choice|value|date)\b")


@pytest.fixture(params=[("en-US", 1366), ("vi-VN", 1366), ("en-US", 390), ("vi-VN", 390)])
def browser_page(request, browser, live_server):
    locale, width = request.param
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    page.label = f"{locale}-{width}"
    yield page
    context.close()


def _login(page):
    page.goto(f"{page.base_url}/accounts/login/")
    page.locator("#id_username").fill("chuyenvien")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state("networkidle")


def test_a_deadline_is_typed_and_shown_as_dd_mm_yyyy_with_vietnamese_errors(
    browser_page,
    plan_with_tasks,  # noqa: F811
):
    page = browser_page
    task = plan_with_tasks["overdue"]
    year = timezone.localdate().year
    _login(page)
    page.goto(page.base_url + reverse("plans:task_edit", args=[task.pk]))
    deadline = page.locator("#id_deadline")
    expect(deadline).to_have_attribute("type", "text")
    expect(deadline).to_have_value(task.deadline.strftime("%d/%m/%Y"))

    # An impossible date and an empty title: the errors are Vietnamese, in any browser.
    deadline.fill("31/02/2025")
    page.locator("#id_title").fill("")
    page.get_by_test_id("task-submit").click()
    date_error = page.get_by_test_id("error-deadline")
    expect(date_error).to_have_text("Ngày không hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 22/12/2024.")
    expect(page.get_by_test_id("error-title")).to_have_text("Hãy nhập trường này.")
    expect(deadline).to_have_value("31/02/2025")
    errors = page.locator(".invalid-feedback, [data-testid=form-errors]").all_inner_texts()
    assert errors and not any(ENGLISH.search(text) for text in errors), errors
    screenshot(page, f"forms-task-date-error-{page.label}")

    # A real dd/mm/yyyy date is saved and shown the same way.
    page.locator("#id_title").fill(task.title)
    deadline.fill(f"28/12/{year}")
    page.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("task-deadline")).to_have_text(f"28/12/{year}")
    page.get_by_test_id("task-edit-link").click()
    expect(page.locator("#id_deadline")).to_have_value(f"28/12/{year}")
    screenshot(page, f"forms-task-date-saved-{page.label}")
