"""The daily pages on a phone (390 px) and a desktop (1366 px), in a Vietnamese and an English
browser (issue 15, item 10): wide tables scroll inside their box with the first column in view,
several organisations are ticked in a searchable checklist (no Ctrl-click), the people and audit
filters find an organisation by typing (no list of every organisation), every button and link
has a name (the icon-only ones a visible label on a phone), filter choices read in full, and the
long filter panel of "Việc của tôi" folds behind a «Bộ lọc» button on a phone.

Screenshots land in SCREENSHOT_DIR (test-results/screenshots/ by default) for a person to look at.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from phoihop.plans.models import Programme

from .conftest import login, screenshot, tick
from .test_csp import administrator  # noqa: F401 (fixture)
from .test_directives import registry  # noqa: F401 (fixture)
from .test_plans import plan_with_tasks, thanh_hoa  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def is_phone(page) -> bool:
    return page.viewport_size["width"] < 576


def assert_no_sideways_scroll(page) -> None:
    overflow = page.evaluate(PAGE_OVERFLOW)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


# Wide tables ------------------------------------------------------------------------------------


def test_wide_tables_scroll_in_their_own_box_with_the_first_column_in_view(
    any_page,
    plan_with_tasks,  # noqa: F811
    registry,  # noqa: F811
    administrator,  # noqa: F811
):
    page = any_page
    login(page, "quantri")
    task = plan_with_tasks["overdue"]
    tables = [
        (reverse("directives:document_list"), "document-table", "Số, ký hiệu", "Tình trạng"),
        (reverse("plans:task_detail", args=[task.pk]), "participants", "Đơn vị", "Đầu mối"),
        (reverse("plans:task_list"), "task-table", "Nhiệm vụ", "Tình trạng"),
        (reverse("plans:plan_detail", args=[task.plan_id]), None, None, None),
        (reverse("org:person_list"), "people", "Họ và tên", None),
    ]
    for url, testid, first, last in tables:
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        assert_no_sideways_scroll(page)
        if testid is None:
            continue
        table = page.get_by_test_id(testid)
        header = table.locator("thead th").first
        expect(header).to_have_text(first)
        header.scroll_into_view_if_needed()
        box = table.locator("xpath=..")
        # Scroll the table's own box as far right as it goes: its first column stays in view.
        box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        expect(header).to_be_in_viewport()
        expect(table.locator("tbody tr").first.locator("td").first).to_be_in_viewport()
        if last:
            expect(table.locator("thead th", has_text=last)).to_be_in_viewport()
        screenshot(page, f"phones-table-{testid}-{page.setting}")
    # The directive list is wider than a phone: it scrolls inside its box, not the page.
    page.goto(page.base_url + reverse("directives:document_list"))
    wider = page.get_by_test_id("document-table").evaluate(
        "t => t.parentElement.scrollWidth > t.parentElement.clientWidth"
    )
    assert wider == is_phone(page)


def test_audit_records_stack_on_a_phone_and_stay_a_table_on_a_desktop(
    any_page,
    administrator,  # noqa: F811
):
    """A record's changes can run to many lines: on a phone each record is a block of labelled
    lines (no narrow column of wrapped words, no sideways scroll); on a desktop, a table."""
    page = any_page
    login(page, "quantri")
    page.goto(page.base_url + reverse("org:audit_list"))
    assert_no_sideways_scroll(page)
    table = page.get_by_test_id("audit")
    first_cell = table.locator("tbody tr").first.locator("td").first
    label = first_cell.evaluate("td => getComputedStyle(td, '::before').content")
    display = first_cell.evaluate("td => getComputedStyle(td).display")
    if is_phone(page):
        assert display == "block"
        assert "Thời điểm" in label
        expect(table.locator("thead")).not_to_be_in_viewport()
    else:
        assert display == "table-cell"
        expect(table.locator("thead th").first).to_have_text("Thời điểm")
    screenshot(page, f"phones-audit-{page.setting}")


# Searchable checklists --------------------------------------------------------------------------


def test_counterparts_are_ticked_in_a_searchable_checklist(any_page, thanh_hoa):  # noqa: F811
    page = any_page
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("plans:programme_create"))
    form = page.get_by_test_id("programme-form")
    form.locator("#id_signing_organization").select_option(str(thanh_hoa["propaganda"].pk))
    checklist = form.get_by_role("combobox", name="Đơn vị phối hợp ký kết")
    expect(form.get_by_text("giữ Ctrl")).to_have_count(0)

    # Typed without diacritics, ticked one after the other.
    tick(page, checklist, "y te", "Sở Y tế tỉnh Thanh Hóa")
    tick(page, checklist, "giao duc", "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    tick(page, checklist, "van hoa", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa")
    checklist.press_sequentially("khong co don vi nay")
    expect(page.locator(".ts-dropdown .no-results")).to_have_text("Không tìm thấy")
    checklist.fill("")
    page.keyboard.press("Escape")
    chosen = form.locator(".ts-control .item")
    expect(chosen).to_have_count(3)
    screenshot(page, f"phones-checklist-{page.setting}")
    # One is taken out again with its ×.
    chosen.filter(has_text="Văn hóa").get_by_title("Bỏ chọn").click()
    expect(chosen).to_have_count(2)
    assert_no_sideways_scroll(page)

    form.get_by_label("Tên chương trình").fill("Chương trình phối hợp tuyên truyền 2026–2030")
    form.get_by_label("Từ năm").fill("2026")
    form.get_by_label("Đến năm").fill("2030")
    page.get_by_test_id("programme-submit").click()
    counterparts = page.get_by_test_id("programme-counterparts")
    expect(counterparts).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(counterparts).to_contain_text("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    expect(counterparts).not_to_contain_text("Văn hóa")
    programme = Programme.objects.get(title="Chương trình phối hợp tuyên truyền 2026–2030")
    assert set(programme.counterparts.all()) == {thanh_hoa["health"], thanh_hoa["education"]}


def test_an_edited_programme_shows_its_counterparts_ticked(any_page, plan_with_tasks):  # noqa: F811
    page = any_page
    login(page, "chuyenvien")
    page.goto(
        page.base_url + reverse("plans:programme_edit", args=[plan_with_tasks["programme"].pk])
    )
    chosen = page.get_by_test_id("programme-form").locator(".ts-control .item")
    expect(chosen).to_have_count(2)
    expect(chosen.nth(0)).to_contain_text("Sở")
    page.get_by_role("combobox", name="Đơn vị phối hợp ký kết").click()
    ticked = page.locator(".ts-dropdown [role=option].selected input[type=checkbox]:checked")
    expect(ticked).to_have_count(2)


# Type-ahead organisation filters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "typed", "picked", "result_testid", "expected"),
    [
        (
            "org:person_list",
            "y te",
            ("Sở Y tế tỉnh Thanh Hóa", "38.SYT"),
            "people",
            "Quản Trị Hệ Thống",
        ),
        (
            "org:audit_list",
            "tuyen giao",
            ("Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa", "38.BTGDVTU"),
            "audit",
            "Chương trình phối hợp tuyên truyền khoa giáo",
        ),
    ],
    ids=["people", "audit"],
)
def test_an_organisation_filter_is_found_by_typing(
    any_page,
    plan_with_tasks,  # noqa: F811
    administrator,  # noqa: F811
    url,
    typed,
    picked,
    result_testid,
    expected,
):
    page = any_page
    login(page, "quantri")
    page.goto(page.base_url + reverse(url))
    expect(page.locator("select[name=organization]")).to_have_count(0)  # no list of them all
    box = page.get_by_label("Tổ chức (gồm đơn vị trực thuộc)")
    box.press_sequentially(typed)
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    expect(suggestions).not_to_contain_text("Nghệ An")
    assert_no_sideways_scroll(page)
    screenshot(page, f"phones-typeahead-{result_testid}-{page.setting}")
    name, reference = picked
    suggestions.get_by_role("option", name=name).click()
    expect(suggestions).to_have_count(0)
    expect(box).to_have_value(f"{name} ({reference})")
    # The filter runs on the pick and the address keeps it.
    page.wait_for_url("**organization=*")
    expect(page.get_by_test_id(result_testid)).to_contain_text(expected)
    page.reload()
    expect(page.get_by_label("Tổ chức (gồm đơn vị trực thuộc)")).to_have_value(
        f"{name} ({reference})"
    )
    expect(page.get_by_test_id(result_testid)).to_contain_text(expected)
    screenshot(page, f"phones-typeahead-{result_testid}-picked-{page.setting}")


# Names of buttons and links ---------------------------------------------------------------------

NAMELESS = """() => {
  const nameless = [];
  for (const el of document.querySelectorAll('a[href], button, [role=button], summary')) {
    if (!el.checkVisibility({ visibilityProperty: true })) continue;  // closed <details> too
    const labelled = (el.getAttribute('aria-labelledby') || '').split(/\\s+/)
      .map((id) => document.getElementById(id)).filter(Boolean)
      .map((node) => node.textContent).join(' ');
    // An SVG link (the dashboard's charts) has no innerText: its <title> or text names it.
    const svgText = el instanceof SVGElement ? el.textContent : '';
    const name = [el.getAttribute('aria-label'), labelled, el.innerText, svgText, el.title]
      .map((text) => (text || '').trim()).find(Boolean);
    if (!name) nameless.push(el.outerHTML.slice(0, 200));
  }
  return nameless;
}"""


def test_every_button_and_link_has_a_name(any_page, plan_with_tasks, administrator):  # noqa: F811
    page = any_page
    login(page, "chuyenvien")
    task, plan = plan_with_tasks["overdue"], plan_with_tasks["plan"]
    urls = [
        reverse("home"),
        reverse("plans:task_list") + "?mine=1",
        reverse("plans:task_detail", args=[task.pk]),
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:programme_detail", args=[plan_with_tasks["programme"].pk]),
        reverse("plans:programme_create"),
        reverse("directives:document_list"),
        reverse("reviews:calendar"),
        reverse("notifications"),
        reverse("org:person_list"),
    ]
    found = {}
    for url in urls:
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        if nameless := page.evaluate(NAMELESS):
            found[url] = nameless
    assert found == {}

    # On a phone the icon-only controls carry a visible word.
    page.goto(page.base_url + reverse("plans:task_detail", args=[task.pk]))
    menu = page.get_by_role("button", name="Mở menu")
    if is_phone(page):
        expect(menu).to_contain_text("Menu")
        menu.click()
        expect(page.get_by_role("link", name="Thông báo")).to_contain_text("Thông báo")
    else:
        expect(menu).to_be_hidden()
        expect(page.get_by_role("link", name="Thông báo")).to_be_visible()
    screenshot(page, f"phones-names-{page.setting}")

    page.context.clear_cookies()
    login(page, "quantri")  # may name the focal points: a select and its «Lưu» button
    for url in (reverse("org:audit_list"), reverse("plans:task_detail", args=[task.pk])):
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(NAMELESS) == [], url
    save = page.get_by_role("button", name="Lưu đầu mối").first
    expect(save).to_contain_text("Lưu")


# Filter choices in full -------------------------------------------------------------------------


def test_filter_choices_read_in_full(
    any_page,
    plan_with_tasks,  # noqa: F811
    registry,  # noqa: F811
    administrator,  # noqa: F811
):
    page = any_page
    login(page, "quantri")

    def options(url, label):
        page.goto(page.base_url + url)
        return page.get_by_label(label, exact=True).locator("option").all_inner_texts()

    tasks = reverse("plans:task_list")
    assert options(tasks, "Vai trò") == ["Mọi vai trò", "Chủ trì", "Phối hợp"]
    assert "Quá hạn chưa hoàn thành" in options(tasks, "Tình trạng")
    types = options(reverse("directives:document_list"), "Loại")
    assert "Chỉ thị (CT)" in types and "CT" not in types
    audit = reverse("org:audit_list")
    kinds = options(audit, "Loại đối tượng")
    assert {"Ý kiến về nhiệm vụ", "Tệp đính kèm nhiệm vụ", "Mã truy cập API"} <= set(kinds)
    assert not {"Task comment", "Task attachment", "Import run", "Notification"} & set(kinds)
    assert "Tạo mới" in options(audit, "Hành động")
    page.goto(page.base_url + reverse("plans:task_detail", args=[plan_with_tasks["overdue"].pk]))
    expect(page.get_by_test_id("participants")).not_to_contain_text("ngoài CT")


# The task filters on a phone --------------------------------------------------------------------


def test_my_task_filters_fold_behind_a_button_on_a_phone(
    any_page,
    plan_with_tasks,  # noqa: F811
):
    page = any_page
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("plans:task_list") + "?mine=1")
    filters = page.get_by_test_id("task-filters")
    toggle = page.get_by_role("button", name="Bộ lọc")
    rows = page.get_by_test_id("task-row")
    expect(rows).to_have_count(3)
    if is_phone(page):
        expect(filters).to_be_hidden()
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        # The list starts right under the button, not two screens down.
        assert rows.first.bounding_box()["y"] < 700
        screenshot(page, f"phones-task-filters-folded-{page.setting}")
        toggle.click()
        expect(filters).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    else:
        expect(toggle).to_be_hidden()
        expect(filters).to_be_visible()
    filters.get_by_label("Tình trạng").select_option(label="Quá hạn chưa hoàn thành")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Hội nghị báo cáo viên chuyên đề y tế cơ sở")
    assert_no_sideways_scroll(page)
    screenshot(page, f"phones-task-filters-open-{page.setting}")


# The menu bar -----------------------------------------------------------------------------------


def test_a_system_administrators_menu_fits_every_desktop_width_without_sideways_scroll(
    page,
    administrator,  # noqa: F811
):
    """Every app's entry shows for a system administrator: from 1200 px (where the bar stops
    folding behind «Menu») to a wide screen, the bar fits and the search box and the account
    menu stay on screen."""
    login(page, "quantri")
    for width in (1200, 1240, 1280, 1366, 1600, 1700):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base_url + reverse("home"))
        screenshot(page, f"menu-{width}")
        assert_no_sideways_scroll(page)
        expect(page.get_by_role("searchbox")).to_be_in_viewport()
        expect(page.get_by_role("button", name="Mở menu")).to_be_hidden()
