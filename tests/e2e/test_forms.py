"""Dates and form errors as an official sees them, whatever their browser's language: the date
box reads and writes dd/mm/yyyy (a native date input shows mm/dd/yyyy in an English browser),
and an error never shows Django's English."""

import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import login, screenshot
from .test_plans import plan_with_tasks, thanh_hoa  # noqa: F401 (fixtures)

ENGLISH = re.compile(r"\b(Enter|valid|required|Ensure|field|Select|choice|value|date)\b")


def test_a_deadline_is_typed_and_shown_as_dd_mm_yyyy_with_vietnamese_errors(
    any_page,
    plan_with_tasks,  # noqa: F811
):
    page = any_page
    task = plan_with_tasks["overdue"]
    year = timezone.localdate().year
    login(page, "chuyenvien")
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
    screenshot(page, f"forms-task-date-error-{page.setting}")

    # A real dd/mm/yyyy date is saved and shown the same way.
    page.locator("#id_title").fill(task.title)
    deadline.fill(f"28/12/{year}")
    page.get_by_test_id("task-submit").click()
    expect(page.get_by_test_id("task-deadline")).to_have_text(f"28/12/{year}")
    page.get_by_test_id("task-edit-link").click()
    expect(page.locator("#id_deadline")).to_have_value(f"28/12/{year}")
    screenshot(page, f"forms-task-date-saved-{page.setting}")
