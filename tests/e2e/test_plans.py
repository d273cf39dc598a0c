"""Coordination programmes, plans and tasks in a real browser: the propaganda department signs a
programme and issues a plan, adds a task led by Health with Education and Culture as
co-agencies, a co-agency's focal point reports its own progress, the task turns overdue when its
deadline passes, a spreadsheet with bad rows is refused with their line numbers, and "my tasks"
reads well on a phone. Screenshots land in test-results/screenshots/ for a person to look at."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from phoihop.org.models import Area, Membership
from phoihop.plans import services as plans
from phoihop.plans.models import Task
from phoihop.plans.services import ParticipantSpec

from ..factories import MembershipFactory, OrganizationFactory, UserFactory
from .conftest import login, screenshot, tick

pytestmark = pytest.mark.django_db(transaction=True)

TASK_TITLE = "Tuyên truyền phòng chống sốt xuất huyết mùa mưa"
PROGRAMME_TITLE = "Chương trình phối hợp công tác tuyên truyền khoa giáo giai đoạn {}–{}"


@pytest.fixture
def thanh_hoa(transactional_db):
    """The Thanh Hóa propaganda department with a specialist, the People's Committee with the
    health, education and culture departments, a focal point in Education, and an unrelated
    province's department (never offered)."""
    province = Area.objects.create(
        code="38", name="Tỉnh Thanh Hóa", short_name="Thanh Hóa", type="tỉnh", level="province"
    )
    party = OrganizationFactory(
        name="Tỉnh ủy Thanh Hóa", kind="party_committee", abbreviation="TU", area=province
    )
    propaganda = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        abbreviation="BTGDVTU",
        identifier="38.BTGDVTU",
        parent=party,
        area=province,
    )
    committee = OrganizationFactory(
        name="Ủy ban nhân dân tỉnh Thanh Hóa",
        kind="peoples_committee",
        abbreviation="UBND",
        identifier="38.UBND",
        area=province,
    )

    def department(name, abbreviation, identifier):
        return OrganizationFactory(
            name=name, abbreviation=abbreviation, identifier=identifier, parent=committee
        )

    health = department("Sở Y tế tỉnh Thanh Hóa", "SYT", "38.SYT")
    education = department("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", "SGDĐT", "38.SGDDT")
    culture = department("Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa", "SVHTTDL", "38.SVHTTDL")
    specialist = UserFactory(username="chuyenvien", full_name="Lê Thị Hương")
    MembershipFactory(user=specialist, organization=propaganda, role=Membership.Role.SPECIALIST)
    focal = UserFactory(username="daumoi.sgddt", full_name="Nguyễn Văn Minh")
    MembershipFactory(user=focal, organization=education, role=Membership.Role.FOCAL_POINT)
    return {
        "propaganda": propaganda,
        "health": health,
        "education": education,
        "culture": culture,
        "specialist": specialist,
        "focal": focal,
    }


@pytest.fixture
def plan_with_tasks(thanh_hoa):
    """A programme and this year's plan made through the services, with three tasks the
    specialist created: one overdue, one due in a week, one done."""
    today = timezone.localdate()
    specialist = thanh_hoa["specialist"]
    programme = plans.create_programme(
        by=specialist,
        signing_organization=thanh_hoa["propaganda"],
        counterparts=[thanh_hoa["health"], thanh_hoa["education"]],
        title="Chương trình phối hợp tuyên truyền khoa giáo",
        start_year=today.year - 1,
        end_year=today.year + 3,
    )
    plan = plans.create_plan(
        by=specialist,
        issuing_organization=thanh_hoa["propaganda"],
        programme=programme,
        year=today.year,
        title=f"Kế hoạch phối hợp năm {today.year}",
    )

    def task(title, deadline, lead, co):
        return plans.create_task(
            plan=plan,
            by=specialist,
            participants=[ParticipantSpec(lead, "lead"), ParticipantSpec(co, "co")],
            title=title,
            deadline=deadline,
            deadline_exception="" if deadline.year == today.year else "Chuyển tiếp",
        )

    health, education = thanh_hoa["health"], thanh_hoa["education"]
    overdue = task(
        "Hội nghị báo cáo viên chuyên đề y tế cơ sở",
        today - datetime.timedelta(days=10),
        health,
        education,
    )
    task(
        "Tuyên truyền tiêm chủng mở rộng cho trẻ em dưới 5 tuổi",
        today + datetime.timedelta(days=7),
        education,
        health,
    )
    # Led by the department itself, so its specialist confirms completion.
    done = task("Tọa đàm về y đức", today, thanh_hoa["propaganda"], health)
    plans.confirm_completion(despite_unreported=True, task=done, by=specialist)
    return {**thanh_hoa, "plan": plan, "programme": programme, "overdue": overdue}


def _bucket(page):
    return page.get_by_test_id("task-bucket").first


def test_a_task_with_co_agencies_is_reported_on_and_turns_overdue_when_time_passes(
    page, thanh_hoa, tmp_path
):
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=3)
    signed = tmp_path / "chuong-trinh-da-ky.pdf"
    signed.write_bytes(b"%PDF-1.4 chuong trinh phoi hop")

    # The specialist signs a programme with Health and Education.
    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("plans:programme_create"))
    form = page.get_by_test_id("programme-form")
    # The only organisation the specialist may sign for is not preselected.
    form.locator("#id_signing_organization").select_option(str(thanh_hoa["propaganda"].pk))
    counterparts = form.get_by_role("combobox", name="Đơn vị phối hợp ký kết")
    tick(page, counterparts, "y te", "Sở Y tế tỉnh Thanh Hóa")
    tick(page, counterparts, "giao duc", "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    form.get_by_label("Tên chương trình").fill(PROGRAMME_TITLE.format(today.year, today.year + 4))
    form.get_by_label("Số, ký hiệu").fill("05-CTr/BTGDVTU-SYT-SGDĐT")
    form.get_by_label("Từ năm").fill(str(today.year))
    form.get_by_label("Đến năm").fill(str(today.year + 4))
    form.get_by_label("Căn cứ").fill("Quy định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư")
    form.get_by_label("Hạn tổng kết").fill(f"{today.year + 4}-12-15")
    form.get_by_label("Văn bản đã ký").set_input_files(str(signed))
    page.get_by_test_id("programme-submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        PROGRAMME_TITLE.format(today.year, today.year + 4)
    )
    counterparts = page.get_by_test_id("programme-counterparts")
    expect(counterparts).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
    expect(counterparts).to_contain_text("Sở Giáo dục và Đào tạo tỉnh Thanh Hóa")
    expect(page.get_by_test_id("programme-milestones")).to_contain_text(f"15/12/{today.year + 4}")
    expect(page.get_by_role("link", name="Văn bản đã ký")).to_be_visible()
    programme_url = page.url

    # ... and issues this year's plan under it (the programme and issuer come pre-filled).
    page.get_by_role("link", name="Thêm kế hoạch năm").click()
    form = page.get_by_test_id("plan-form")
    form.locator("#id_year").fill(str(deadline.year))
    form.get_by_label("Tên kế hoạch").fill(f"Kế hoạch phối hợp năm {deadline.year}")
    page.get_by_test_id("plan-submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Kế hoạch phối hợp năm {deadline.year}"
    )
    expect(page.get_by_test_id("empty-state")).to_be_visible()

    # A task led by Health, with Education and Culture as co-agencies. Culture is not a party
    # of the programme, so it is typed by its identifier and the reason is confirmed.
    page.get_by_test_id("task-create-link").click()
    form = page.get_by_test_id("task-form")
    rows = form.get_by_test_id("participant-row")
    expect(rows).to_have_count(3)
    form.locator("#id_title").fill(TASK_TITLE)
    form.get_by_label("Hạn hoàn thành").fill(deadline.isoformat())
    rows.nth(0).locator("select").first.select_option(str(thanh_hoa["health"].pk))
    rows.nth(1).locator("select").first.select_option(str(thanh_hoa["education"].pk))
    other = rows.nth(2).get_by_test_id("participant-other")
    other.fill("38.SVHTTDL")
    suggestion = rows.nth(2).get_by_test_id("organization-suggestions").get_by_role("option")
    expect(suggestion).to_contain_text("Sở Văn hóa, Thể thao và Du lịch tỉnh Thanh Hóa")
    suggestion.click()
    expect(other).to_have_value("38.SVHTTDL")
    form.get_by_label("Lý do mời đơn vị ngoài chương trình").fill(
        "Sở Văn hóa quản lý hệ thống loa truyền thanh cơ sở"
    )
    page.get_by_test_id("task-submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TASK_TITLE)
    participants = page.get_by_test_id("participants")
    expect(participants.locator("tbody tr")).to_have_count(3)
    expect(participants.get_by_test_id(f"participant-{thanh_hoa['health'].pk}")).to_contain_text(
        "Chủ trì"
    )
    for key in ("education", "culture"):
        expect(participants.get_by_test_id(f"participant-{thanh_hoa[key].pk}")).to_contain_text(
            "Phối hợp"
        )
    expect(_bucket(page)).to_have_attribute("data-bucket", "open_on_track")
    task_url = page.url

    # Education's focal point reports its own part; the owner's page shows it.
    page.context.clear_cookies()
    login(page, "daumoi.sgddt")
    page.goto(task_url)
    report = page.get_by_test_id("progress-report-form")
    own_part = Task.objects.get(title=TASK_TITLE).participants.get(
        organization=thanh_hoa["education"]
    )
    expect(report.get_by_label("Báo cáo cho đơn vị")).to_have_value(str(own_part.pk))
    expect(report.get_by_label("Báo cáo cho đơn vị").locator("option")).to_have_count(1)
    report.get_by_label("Tiến độ (%)").fill("40")
    report.get_by_label("Nội dung báo cáo").fill(
        "Đã phát 2.000 tờ rơi tại 35 trường học; tiếp tục tuyên truyền qua sổ liên lạc điện tử."
    )
    page.get_by_test_id("progress-report-submit").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi báo cáo tiến độ")
    education_row = page.get_by_test_id(f"participant-{thanh_hoa['education'].pk}")
    expect(education_row).to_contain_text("40%")
    expect(education_row).to_contain_text("Đang triển khai")
    expect(page.get_by_test_id("progress-reports")).to_contain_text("2.000 tờ rơi")
    expect(page.get_by_test_id("task-edit-link")).to_have_count(0)  # a co-agency's page

    # Two days after the deadline, with nothing confirmed done, the task is overdue everywhere.
    # time-machine moves the clock of this process, so also the live server's thread; sessions
    # last 8 hours, so the specialist signs in on that day.
    later = datetime.datetime.combine(deadline + datetime.timedelta(days=2), datetime.time(9))
    with time_machine.travel(timezone.make_aware(later), tick=True):
        page.context.clear_cookies()
        login(page, "chuyenvien")
        page.goto(task_url)
        expect(_bucket(page)).to_have_attribute("data-bucket", "open_overdue")
        expect(_bucket(page)).to_have_text("Quá hạn chưa hoàn thành")
        screenshot(page, "31-task-participants-overdue")

        breadcrumb = page.get_by_role("navigation", name="breadcrumb")
        breadcrumb.get_by_role("link", name=f"Kế hoạch phối hợp năm {deadline.year}").click()
        overdue = page.get_by_test_id("board-column-open_overdue")
        expect(overdue.get_by_test_id("board-count-open_overdue")).to_have_text("1")
        expect(overdue).to_contain_text(TASK_TITLE)
        expect(page.get_by_test_id("board-count-open_on_track")).to_have_text("0")
        screenshot(page, "32-plan-board")

        page.goto(programme_url)
        expect(page.get_by_test_id("programme-stats")).to_contain_text("Quá hạn chưa hoàn thành 1")
        expect(page.get_by_test_id("programme-plans")).to_contain_text(
            f"Kế hoạch phối hợp năm {deadline.year}"
        )
        screenshot(page, "30-programme")

        page.goto(page.base_url + "/")
        expect(page.get_by_test_id("dashboard-count-open_overdue")).to_contain_text("1")
        expect(page.get_by_test_id("dashboard-overdue")).to_contain_text("Sở Y tế tỉnh Thanh Hóa")
        screenshot(page, "33-dashboard")

    # Back to today: still on track.
    page.context.clear_cookies()
    login(page, "chuyenvien")
    page.goto(task_url)
    expect(_bucket(page)).to_have_attribute("data-bucket", "open_on_track")


def test_a_spreadsheet_with_bad_rows_is_refused_with_their_line_numbers(
    page, plan_with_tasks, tmp_path
):
    plan = plan_with_tasks["plan"]
    year = plan.year
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Hạn hoàn thành"])
    sheet.append(["Tuyên truyền Luật Phòng bệnh", "38.SYT", "38.SGDDT", f"30/06/{year}"])
    sheet.append(["Tập huấn cộng tác viên dư luận xã hội", "38.KHONGCO", "", f"30/09/{year}"])
    sheet.append(["Hội thi tuyên truyền viên giỏi", "38.SGDDT", "38.SYT", "31/13/2026"])
    path = tmp_path / "nhiem-vu.xlsx"
    workbook.save(path)
    before = Task.objects.filter(plan=plan).count()

    login(page, "chuyenvien")
    page.goto(page.base_url + plan.get_absolute_url())
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.get_by_test_id("import-form").locator('input[type="file"]').set_input_files(str(path))
    page.get_by_test_id("import-submit").click()

    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    rows = errors.get_by_test_id("import-error")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(0)).to_contain_text("Đơn vị chủ trì")
    expect(rows.nth(0)).to_contain_text("38.KHONGCO")
    expect(rows.nth(1)).to_contain_text("4")
    expect(rows.nth(1)).to_contain_text("Hạn hoàn thành")
    expect(rows.nth(1)).to_contain_text("31/13/2026")
    expect(page.locator("main")).to_contain_text("chưa nhập dòng nào")
    screenshot(page, "34-import-errors")
    assert Task.objects.filter(plan=plan).count() == before  # the good row was not written


def test_my_tasks_fit_a_phone_screen(narrow_page, plan_with_tasks):
    login(narrow_page, "chuyenvien")
    narrow_page.goto(narrow_page.base_url + reverse("plans:task_list") + "?mine=1")
    expect(narrow_page.get_by_test_id("task-list-title")).to_have_text("Việc của tôi")
    table = narrow_page.get_by_test_id("task-table")
    expect(table.get_by_test_id("task-row")).to_have_count(3)
    expect(table).to_contain_text("Hội nghị báo cáo viên chuyên đề y tế cơ sở")
    expect(narrow_page.get_by_test_id("bucket-tab-open_overdue")).to_contain_text("1")
    overflow = narrow_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    screenshot(narrow_page, "35-my-tasks-narrow")


def test_a_large_spreadsheet_is_imported_by_the_worker_with_its_progress_shown(
    page, plan_with_tasks, tmp_path, settings
):
    from phoihop.core.models import ImportRun
    from phoihop.core.tasks import run_import

    settings.SPREADSHEET_WORKER_ROWS = 2
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = plan_with_tasks["plan"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nhiệm vụ", "Đơn vị chủ trì", "Hạn hoàn thành"])
    for n in range(3):
        sheet.append([f"Tuyên truyền đợt {n + 1}", "38.SYT", f"30/06/{plan.year}"])
    path = tmp_path / "nhiem-vu-lon.xlsx"
    workbook.save(path)
    before = Task.objects.filter(plan=plan).count()

    login(page, "chuyenvien")
    page.goto(page.base_url + reverse("plans:plan_import", args=[plan.pk]))
    page.get_by_test_id("import-form").locator('input[type="file"]').set_input_files(str(path))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-progress")).to_contain_text("0/3")

    run_import.call(str(ImportRun.objects.get().pk))  # what `phoihop db_worker` would do
    # The page polls and swaps in the result without a reload.
    expect(page.get_by_test_id("import-done")).to_contain_text("Đã nhập 3 nhiệm vụ", timeout=10_000)
    screenshot(page, "35-import-by-worker")
    assert Task.objects.filter(plan=plan).count() == before + 3
