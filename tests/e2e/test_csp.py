"""The Content-Security-Policy in a real browser (ADR 0004): the main pages of every app, the
admin and the API docs raise no policy violation, the behaviours that used to be inline handlers
still work from core/phoihop.js, and Swagger UI renders with nothing fetched from outside."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from phoihop.org.models import Membership

from ..factories import MembershipFactory, UserFactory
from .conftest import PASSWORD, login, screenshot
from .test_plans import plan_with_tasks, thanh_hoa  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's init script runs before any page script and is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


def watch_for_violations(page) -> list[str]:
    """Every console message about the policy, and every violation event, from now on."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return seen


def violations(page, seen: list[str]) -> list[str]:
    return seen + page.evaluate("window.__cspViolations || []")


@pytest.fixture
def administrator(plan_with_tasks):  # noqa: F811
    """A system administrator who is also a member of two organisations, so the dashboard shows
    its organisation picker and the member list its remove buttons."""
    admin = UserFactory(
        username="quantri", full_name="Quản Trị Hệ Thống", is_superuser=True, is_staff=True
    )
    admin.set_password(PASSWORD)
    admin.save()
    MembershipFactory(
        user=admin, organization=plan_with_tasks["propaganda"], role=Membership.Role.ORG_ADMIN
    )
    MembershipFactory(
        user=admin, organization=plan_with_tasks["health"], role=Membership.Role.ORG_ADMIN
    )
    return admin


def test_main_pages_raise_no_policy_violation(page, plan_with_tasks, administrator):  # noqa: F811
    seen = watch_for_violations(page)
    login(page, "quantri")
    task, plan = plan_with_tasks["overdue"], plan_with_tasks["plan"]
    propaganda = plan_with_tasks["propaganda"]
    urls = [
        reverse("home"),
        reverse("search") + "?q=y+te",
        reverse("notifications"),
        reverse("org:organization_list"),
        reverse("org:organization_tree"),
        reverse("org:organization_detail", args=[propaganda.pk]),
        reverse("org:organization_edit", args=[propaganda.pk]),
        reverse("org:member_list", args=[propaganda.pk]),
        reverse("org:person_list"),
        reverse("org:audit_list"),
        reverse("directives:document_list"),
        reverse("reviews:calendar"),
        reverse("directives:document_import"),
        reverse("plans:programme_list"),
        reverse("plans:programme_create"),  # the searchable checklist (Tom Select)
        reverse("plans:programme_detail", args=[plan_with_tasks["programme"].pk]),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:task_create", args=[plan.pk]),
        reverse("plans:task_detail", args=[task.pk]),
        reverse("plans:task_list"),
        reverse("plans:task_timeline"),
        reverse("plans:league"),
        reverse("plans:calendar_settings"),
        reverse("admin:index"),
        reverse("admin:org_user_changelist"),
        reverse("admin:org_user_change", args=[administrator.pk]),
        reverse("admin:org_organization_change", args=[propaganda.pk]),
        "/no-such-page/",
    ]
    found = {}
    for url in urls:
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        if refused := violations(page, seen):
            found[url] = list(refused)
            seen.clear()
    assert found == {}
    # The timeline's bars are SVG geometry now: they still have a width.
    page.goto(page.base_url + reverse("plans:task_timeline"))
    bar = page.get_by_test_id("timeline-bar").first
    assert bar.bounding_box()["width"] > 1
    screenshot(page, "40-timeline-under-csp")


def test_htmx_suggestions_and_former_inline_handlers_work(page, plan_with_tasks, administrator):  # noqa: F811
    seen = watch_for_violations(page)
    login(page, "quantri")

    # The dashboard's organisation picker submits on change (was onchange=).
    page.goto(page.base_url + reverse("home"))
    page.get_by_test_id("dashboard-org").locator("select").select_option(
        str(plan_with_tasks["health"].pk)
    )
    page.wait_for_url(f"**/?org={plan_with_tasks['health'].pk}")

    # The calendar address is selected whole when clicked (was onclick=).
    page.goto(page.base_url + reverse("plans:calendar_settings"))
    address = page.get_by_test_id("calendar-url")
    address.click()
    assert page.evaluate(
        "() => { const i = document.querySelector('[data-testid=calendar-url]');"
        " return i.selectionStart === 0 && i.selectionEnd === i.value.length; }"
    )

    # An htmx suggestion fills the field and closes the list (was hx-on:click).
    page.goto(page.base_url + reverse("plans:task_create", args=[plan_with_tasks["plan"].pk]))
    other = page.get_by_test_id("participant-other").first
    other.fill("38.SVHTTDL")
    suggestions = page.get_by_test_id("organization-suggestions").first
    suggestions.get_by_role("option").first.click()
    expect(other).to_have_value("38.SVHTTDL")
    expect(page.get_by_test_id("organization-suggestions")).to_have_count(0)

    # Removing a member asks first (was onsubmit=): dismissing keeps them.
    page.goto(page.base_url + reverse("org:member_list", args=[plan_with_tasks["propaganda"].pk]))
    remove = page.get_by_role("button", name="Gỡ")
    count = remove.count()
    assert count > 0
    page.once("dialog", lambda dialog: dialog.dismiss())
    remove.first.click()
    expect(page.get_by_role("button", name="Gỡ")).to_have_count(count)
    assert violations(page, seen) == []


def test_the_api_docs_render_offline_under_the_policy(page, live_server):
    seen = watch_for_violations(page)
    outside: list[str] = []
    local = urlparse(live_server.url).netloc

    def only_local(route):
        if urlparse(route.request.url).netloc in {local, ""}:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(page.base_url + "/api/v1/docs")
    # The first request of a process builds the OpenAPI document of every app (about 2 s alone,
    # more on a loaded CI machine); later requests get the cached copy.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("phoihop API", timeout=20_000)
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "41-api-docs-under-csp")
    assert outside == []
    assert violations(page, seen) == []
