"""The directive registry in a real browser: a task description citing central documents shows
them as links, the cited directive lists the task under "cited by", a review milestone added on
the directive's page appears in the review calendar, and the document list reads well on a
narrow screen. Screenshots land in test-results/screenshots/ for a person to look at."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.directives import catalogue, reference
from phoihop.directives.models import Document, DocumentType
from phoihop.org.models import Field, Membership
from phoihop.plans import services as plans
from phoihop.reviews import services as reviews

from ..factories import MembershipFactory, OrganizationFactory, UserFactory
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = (
    "Thực hiện Chỉ thị số 38-CT/TW, ngày 07-9-2009 của Ban Bí thư khóa X và Quyết định số "
    "238-QĐ/TW ngày 30-9-2020 của Ban Bí thư khóa XII, Sở Y tế chủ trì tuyên truyền chính sách "
    "bảo hiểm y tế toàn dân đến từng xã, phường; đặc biệt chú ý nhóm hộ cận nghèo và học sinh."
)
TASK_TITLE = "Tuyên truyền chính sách bảo hiểm y tế toàn dân"


@pytest.fixture
def registry(transactional_db):
    """The reference data and the central catalogue come from data migrations; a browser test
    runs on a flushed database, so load them again (with the fields of work and the search rows
    the migrations write)."""
    if not Field.objects.exists():
        importlib.import_module("phoihop.org.migrations.0002_fields_of_work").seed(
            django_apps, None
        )
    if not DocumentType.objects.exists():
        catalogue.load_reference_data(django_apps)
    if not Document.objects.filter(organization__isnull=True).exists():
        documents = catalogue.load_central_documents(django_apps)
        catalogue.index_documents(django_apps, documents)
    reference.clear_codes_cache()  # the live server shares this process and its code cache
    yield {
        "directive": Document.objects.get(organization__isnull=True, symbol="38-CT/TW"),
        "regulation": Document.objects.get(organization__isnull=True, symbol="238-QĐ/TW"),
    }
    reference.clear_codes_cache()


@pytest.fixture
def thanh_hoa(registry):
    """The Thanh Hóa propaganda department with a specialist (who edits the central catalogue
    and plans), a programme with the health and education departments, this year's plan, and
    the 10-year review of Chỉ thị 38-CT/TW, overdue since 2019."""
    party = OrganizationFactory(name="Tỉnh ủy Thanh Hóa", kind="party_committee", abbreviation="TU")
    propaganda = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        abbreviation="BTGDVTU",
        identifier="38.BTGDVTU",
        parent=party,
    )
    committee = OrganizationFactory(
        name="Ủy ban nhân dân tỉnh Thanh Hóa", kind="peoples_committee", abbreviation="UBND"
    )
    health = OrganizationFactory(
        name="Sở Y tế tỉnh Thanh Hóa", abbreviation="SYT", identifier="38.SYT", parent=committee
    )
    education = OrganizationFactory(
        name="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
        abbreviation="SGDĐT",
        identifier="38.SGDDT",
        parent=committee,
    )
    specialist = UserFactory(username="chuyenvien", full_name="Lê Thị Hương")
    MembershipFactory(user=specialist, organization=propaganda, role=Membership.Role.SPECIALIST)
    year = timezone.localdate().year
    programme = plans.create_programme(
        by=specialist,
        signing_organization=propaganda,
        counterparts=[health, education],
        title="Chương trình phối hợp tuyên truyền khoa giáo",
        number="05-CTr/BTGDVTU-SYT-SGDĐT",
        legal_basis="Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư",
        start_year=year - 1,
        end_year=year + 3,
        signed_on=datetime.date(year - 1, 3, 15),
    )
    plan = plans.create_plan(
        by=specialist,
        issuing_organization=propaganda,
        programme=programme,
        year=year,
        title=f"Kế hoạch phối hợp năm {year}",
    )
    reviews.create_review(
        subject=registry["directive"],
        by=specialist,
        kind="final",
        years_after=10,
        responsible=propaganda,
    )
    return {
        **registry,
        "propaganda": propaganda,
        "health": health,
        "programme": programme,
        "plan": plan,
        "year": year,
    }


def test_a_task_citing_directives_links_them_and_the_directive_lists_the_task(page, thanh_hoa):
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("plans:task_create", args=[thanh_hoa["plan"].pk]))
    form = page.get_by_test_id("task-form")
    form.locator("#id_title").fill(TASK_TITLE)
    form.get_by_label("Nội dung, yêu cầu").fill(PARAGRAPH)
    form.locator("#id_deadline").fill(f"{thanh_hoa['year']}-12-31")
    form.locator("#id_participants-0-organization").select_option(str(thanh_hoa["health"].pk))
    page.get_by_test_id("task-submit").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(TASK_TITLE)
    links = page.locator("main .citation-link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_text("Chỉ thị số 38-CT/TW, ngày 07-9-2009")
    expect(links.nth(1)).to_have_text("Quyết định số 238-QĐ/TW ngày 30-9-2020")
    task_url = page.url
    screenshot(page, "20-task-with-citations")

    links.nth(0).click()
    expect(page.get_by_test_id("document-title")).to_have_text("Chỉ thị số 38-CT/TW")
    page.get_by_test_id("cited-by").get_by_role("link").click()
    cited_by = page.get_by_test_id("cited-by")
    expect(cited_by).to_contain_text("Nhiệm vụ")
    cited_by.get_by_role("link", name="Nhiệm vụ").click()
    task_link = cited_by.get_by_role("link", name=TASK_TITLE)
    expect(task_link).to_be_visible()
    screenshot(page, "21-document-cited-by")

    task_link.click()
    expect(page).to_have_url(task_url)
    page.locator("main .citation-link").nth(1).click()
    expect(page.get_by_test_id("document-title")).to_have_text("Quyết định số 238-QĐ/TW")
    page.get_by_test_id("cited-by").get_by_role("link").click()
    cited_by = page.get_by_test_id("cited-by")
    cited_by.get_by_role("link", name="Nhiệm vụ").click()
    expect(cited_by.get_by_role("link", name=TASK_TITLE)).to_be_visible()
    cited_by.get_by_role("link", name="Chương trình").click()
    expect(cited_by).to_contain_text("Chương trình phối hợp tuyên truyền khoa giáo")


def test_a_review_added_on_the_directive_page_appears_in_the_review_calendar(page, thanh_hoa):
    due = timezone.localdate() + datetime.timedelta(days=20)
    login(page, "chuyenvien")
    page.goto(page.base_url + thanh_hoa["directive"].get_absolute_url())
    page.get_by_role("link", name="Thêm mốc sơ kết, tổng kết").click()
    form = page.get_by_test_id("review-form")
    form.get_by_label("Loại mốc").select_option(label="Sơ kết")
    form.get_by_label("Hoặc ngày đến hạn cụ thể").fill(due.isoformat())
    form.get_by_label("Đơn vị chịu trách nhiệm").select_option(str(thanh_hoa["propaganda"].pk))
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("review-list")).to_contain_text(due.strftime("%d/%m/%Y"))

    page.goto(page.base_url + reverse("reviews:calendar"))
    calendar = page.get_by_test_id("review-calendar")
    soon = calendar.locator("h2", has_text="Sắp đến hạn")
    expect(soon).to_contain_text("(1)")
    rows = calendar.get_by_test_id("review-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="10 năm thực hiện Chỉ thị 38-CT/TW ngày 7-9-2009")).to_contain_text(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"
    )
    expect(rows.filter(has_text="Sơ kết Chỉ thị 38-CT/TW ngày 7-9-2009")).to_contain_text(
        due.strftime("%d/%m/%Y")
    )
    screenshot(page, "22-review-calendar")


def _newest_symbol() -> str:
    """The list opens on the newest documents (a page of 25)."""
    return Document.objects.order_by("-issued_on", "-id").values_list("symbol", flat=True)[0]


def test_the_document_list_finds_a_directive_typed_without_diacritics(page, thanh_hoa):
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("directives:document_list"))
    table = page.get_by_test_id("document-table")
    expect(table).to_contain_text(_newest_symbol())
    screenshot(page, "23-document-list")

    box = page.get_by_label("Từ khóa hoặc số ký hiệu")
    box.fill("bao hiem y te")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=bao(\+|%20)hiem(\+|%20)y(\+|%20)te"))
    expect(table.get_by_role("link", name="38-CT/TW")).to_be_visible()

    page.goto(page.base_url + reverse("directives:document_list") + "?q=khong+co+van+ban+nao")
    expect(page.get_by_test_id("document-empty")).to_be_visible()
    screenshot(page, "24-document-list-empty")


def test_numbering_shows_the_next_number_as_soon_as_a_type_is_picked(page, thanh_hoa):
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("directives:numbering_index"))
    organizations = page.get_by_test_id("numbering-organizations")
    organizations.get_by_role("link", name=re.compile("Ban Tuyên giáo và Dân vận")).click()
    plan_type = DocumentType.objects.get(system="party", code="KH")
    page.get_by_label("Loại văn bản").select_option(str(plan_type.pk))
    expect(page.get_by_test_id("next-number")).to_contain_text("01-KH/BTGDVTU")
    page.get_by_role("button", name="Cấp số").click()
    expect(page.get_by_test_id("reservation-table")).to_contain_text("01-KH/BTGDVTU")


def test_the_document_list_fits_a_narrow_screen(narrow_page, thanh_hoa):
    login(narrow_page, "chuyenvien")
    narrow_page.goto(narrow_page.base_url + reverse("directives:document_list"))
    expect(narrow_page.get_by_test_id("document-table")).to_contain_text(_newest_symbol())
    overflow = narrow_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    screenshot(narrow_page, "25-document-list-narrow")
    narrow_page.goto(narrow_page.base_url + reverse("reviews:calendar"))
    expect(narrow_page.get_by_test_id("review-calendar")).to_contain_text("Quá hạn")
    screenshot(narrow_page, "26-review-calendar-narrow")


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_review_calendar_lists_programme_and_directive_reviews(
    browser, live_server, thanh_hoa, locale, width
):
    """Both kinds of review on one page, in Vietnamese whatever the browser asks for, with no
    sideways scrolling on a phone."""
    today = timezone.localdate()
    plans.add_milestone(
        programme=thanh_hoa["programme"],
        by=thanh_hoa["programme"].created_by,
        title="Giao ban 6 tháng khối khoa giáo",
        due_on=today + datetime.timedelta(days=10),
    )
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        login(page, "chuyenvien")
        page.goto(page.base_url + reverse("reviews:calendar"))
        calendar = page.get_by_test_id("review-calendar")
        expect(calendar).to_contain_text("Giao ban 6 tháng khối khoa giáo")
        expect(calendar).to_contain_text("10 năm thực hiện Chỉ thị 38-CT/TW")
        expect(calendar).to_contain_text("Chương trình phối hợp: Chương trình phối hợp tuyên")
        expect(calendar).to_contain_text("Quá hạn")
        expect(page.get_by_test_id("review-filters")).to_contain_text("Sơ kết, tổng kết của")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        page.get_by_label("Sơ kết, tổng kết của").select_option("plans.programme")
        expect(calendar).not_to_contain_text("38-CT/TW")
        screenshot(page, f"27-review-calendar-{locale}-{width}")
    finally:
        context.close()


MISDATED = (
    "Tiếp tục thực hiện Chỉ thị 38-CT/TW ngày 27/3/2015 và Quyết định số 238-QĐ/TW ngày "
    "30-9-2020 của Ban Bí thư."
)


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_a_misdated_citation_is_marked_and_an_editor_resolves_it(
    browser, live_server, thanh_hoa, locale, width
):
    """Only the 2009 directive 38-CT/TW is registered: a citation dated 27/3/2015 is flagged
    "ngày không khớp" instead of linking to it, and an editor confirms it is not in the registry."""
    specialist = thanh_hoa["plan"].created_by
    task = plans.create_task(
        plan=thanh_hoa["plan"],
        by=specialist,
        title=TASK_TITLE,
        description=MISDATED,
        deadline=datetime.date(thanh_hoa["year"], 12, 31),
        participants=[plans.ParticipantSpec(thanh_hoa["health"], "lead")],
    )
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    try:
        login(page, "chuyenvien")
        page.goto(page.base_url + task.get_absolute_url())
        unresolved = page.locator("main .citation-unresolved")
        expect(unresolved).to_have_text("Chỉ thị 38-CT/TW ngày 27/3/2015")
        expect(unresolved).to_have_attribute("data-citation-state", "date-mismatch")
        flag = page.locator("main a.citation-flag")
        expect(flag).to_have_text("ngày không khớp")
        expect(flag).to_be_visible()
        resolved = page.locator("main .citation-link")
        expect(resolved).to_have_count(1)
        expect(resolved).to_have_text("Quyết định số 238-QĐ/TW ngày 30-9-2020")
        assert unresolved.evaluate("e => getComputedStyle(e).textDecorationStyle") == "dashed"
        assert resolved.evaluate("e => getComputedStyle(e).textDecorationStyle") != "dashed"
        assert flag.evaluate("e => e.getBoundingClientRect().right") <= width
        screenshot(page, f"25-misdated-citation-{locale}-{width}")

        flag.click()  # the documents with that symbol, never the 2009 one silently
        expect(page.locator("main")).to_contain_text("Ngày 27/03/2015 trong trích dẫn không khớp")
        page.locator("main").get_by_role("link", name="38-CT/TW").first.click()
        panel = page.get_by_test_id("ambiguous-citations")
        expect(panel.get_by_test_id("date-mismatch")).to_have_text("ngày không khớp")
        screenshot(page, f"26-misdated-citation-panel-{locale}-{width}")
        panel.get_by_role("button", name="Văn bản được trích dẫn không có trong sổ").click()
        expect(page.locator("main")).to_contain_text("không có trong sổ")
        expect(page.get_by_test_id("ambiguous-citations")).to_have_count(0)

        page.goto(page.base_url + task.get_absolute_url())
        expect(page.locator("main .citation-unregistered")).to_have_text(
            "Chỉ thị 38-CT/TW ngày 27/3/2015"
        )
        expect(page.locator("main .citation-flag")).to_have_count(0)
    finally:
        context.close()
