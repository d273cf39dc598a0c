"""A commune's monthly report in a real browser, in Vietnamese and English browsers on a desktop
and a phone: the clerk fills the form with one invalid value, reads the message next to it,
fixes it and sends; the propaganda department returns it with a reason; the clerk corrects and
sends again; the department accepts it. Screenshots land in test-results/screenshots/."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.core.periods import Period
from phoihop.org.models import Membership, Organization
from phoihop.reporting.models import FormSection, Indicator
from phoihop.reporting.services import Assignment, Rule, Section

from ..factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_form,
    make_indicator,
    make_regime,
)
from .conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def commune_report(transactional_db):
    receiver = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Huyện ủy Hoằng Hóa",
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
    )
    commune = OrganizationFactory(
        name="Ủy ban nhân dân xã Hoằng Đạo",
        kind=Organization.Kind.PEOPLES_COMMITTEE,
        level=Organization.Level.COMMUNE,
    )
    sessions = make_indicator(code="TT.BUOI", name="Số buổi tuyên truyền", unit="buổi")
    people = make_indicator(code="TT.NGUOI", name="Số lượt người tham dự", unit="lượt người")
    women = make_indicator(code="TT.NU", name="Trong đó: số lượt nữ tham dự", unit="lượt người")
    standard = make_indicator(
        code="ATTP.DAT",
        name="Xã đạt tiêu chí an toàn thực phẩm",
        value_type=Indicator.ValueType.YES_NO,
        aggregation=Indicator.Aggregation.LATEST,
        unit="",
    )
    report_form = make_form(
        name="Báo cáo tháng công tác tuyên truyền cấp xã",
        sections=[
            Section("Kết quả tuyên truyền", items=[sessions, people, women, standard]),
            Section(
                "Tình hình tư tưởng, dư luận xã hội",
                FormSection.Kind.NARRATIVE,
                code="TUTUONG",
                guidance="Những vấn đề nhân dân quan tâm, dư luận trên địa bàn.",
            ),
        ],
        rules=[Rule(left=women, operator="le", right=people)],
    )
    regime = make_regime(
        name="Báo cáo tháng công tác tuyên truyền của xã",
        receiver=receiver,
        report_form=report_form,
        entry_opens_days_before_cutoff=40,  # open today, whatever day the test runs
        assignments=[Assignment(organization=commune)],
    )
    clerk = UserFactory(username="canbo.xa", full_name="Lê Văn Toàn")
    MembershipFactory(user=clerk, organization=commune, role=Membership.Role.SPECIALIST)
    officer = UserFactory(username="chuyenvien.btg", full_name="Trần Thị Mai")
    MembershipFactory(user=officer, organization=receiver, role=Membership.Role.SPECIALIST)
    period = Period.containing(timezone.localdate(), "month", "nd09")
    return {"regime": regime, "period": period, "commune": commune}


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def send(page) -> None:
    page.get_by_test_id("submit-report").click()
    page.wait_for_load_state("networkidle")


def test_a_commune_report_is_filled_returned_corrected_and_accepted(any_page, commune_report):
    page = any_page
    setting = page.setting
    as_user(page, "canbo.xa")
    page.goto(f"{page.base_url}/reporting/")
    expect(page.get_by_test_id("due-table")).to_contain_text(commune_report["period"].title)
    screenshot(page, f"reporting-my-reports-{setting}")
    page.get_by_role("link", name="Báo cáo tháng công tác tuyên truyền của xã").first.click()

    page.get_by_label("Số buổi tuyên truyền").fill("4")
    page.get_by_label("Số lượt người tham dự").fill("120")
    page.get_by_label("Trong đó: số lượt nữ tham dự").fill("1O5")  # a letter O for a zero
    page.get_by_label("Xã đạt tiêu chí an toàn thực phẩm").select_option("có")
    page.get_by_role("textbox", name="Tình hình tư tưởng, dư luận xã hội").fill(
        "Nhân dân phấn khởi với kết quả xây dựng nông thôn mới; quan tâm giá phân bón."
    )
    send(page)
    error = page.get_by_test_id("error-TT.NU")
    expect(error).to_have_text("Nhập một số nguyên, ví dụ 12.")
    # What was typed is still there, the bad value too.
    expect(page.get_by_label("Trong đó: số lượt nữ tham dự")).to_have_value("1O5")
    expect(page.get_by_label("Số lượt người tham dự")).to_have_value("120")
    screenshot(page, f"reporting-entry-error-{setting}")

    page.get_by_label("Trong đó: số lượt nữ tham dự").fill("150")
    send(page)
    expect(page.get_by_test_id("error-TT.NU")).to_contain_text("phải nhỏ hơn hoặc bằng")
    page.get_by_label("Trong đó: số lượt nữ tham dự").fill("60")
    send(page)
    expect(page.get_by_test_id("state").first).to_have_text("Đã gửi")
    screenshot(page, f"reporting-sent-{setting}")

    as_user(page, "chuyenvien.btg")
    page.goto(f"{page.base_url}/reporting/received/")
    table = page.get_by_test_id("received-table")
    expect(table).to_contain_text("Đã gửi")
    screenshot(page, f"reporting-received-{setting}")
    table.get_by_role("link", name="Ủy ban nhân dân xã Hoằng Đạo").click()
    row = page.get_by_test_id("row-TT.NU")
    row.locator("summary").click()
    row.get_by_role("textbox", name="Ý kiến").fill("Đề nghị gửi kèm danh sách điểm danh.")
    row.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_test_id("comments-TT.NU")).to_contain_text("danh sách điểm danh")
    decision = page.get_by_test_id("decision")
    decision.get_by_test_id("return").click()
    expect(page.locator(".alert-danger, .alert-error, [role=alert]").first).to_contain_text(
        "Hãy ghi lý do."
    )
    page.get_by_test_id("decision").get_by_label("Lý do (bắt buộc)").fill(
        "Số lượt nữ tham dự chưa khớp với danh sách điểm danh; đề nghị kiểm tra lại."
    )
    page.get_by_test_id("decision").get_by_test_id("return").click()
    expect(page.get_by_test_id("state").first).to_have_text("Bị trả lại")

    as_user(page, "canbo.xa")
    page.goto(f"{page.base_url}/reporting/")
    page.get_by_role("link", name="Báo cáo tháng công tác tuyên truyền của xã").first.click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("chưa khớp với danh sách")
    screenshot(page, f"reporting-returned-{setting}")
    page.get_by_label("Trong đó: số lượt nữ tham dự").fill("64")
    send(page)
    expect(page.get_by_test_id("state").first).to_have_text("Đã gửi")

    as_user(page, "chuyenvien.btg")
    page.goto(f"{page.base_url}/reporting/received/?state=submitted")
    page.get_by_test_id("received-table").get_by_role("link").first.click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("state").first).to_have_text("Đã tiếp nhận")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Trong đó: số lượt nữ tham dự")
    expect(history).to_contain_text("60")
    expect(history).to_contain_text("64")
    screenshot(page, f"reporting-accepted-{setting}")


def test_the_receiver_compiles_its_communes_and_starts_its_own_report(any_page, commune_report):
    """Two communes' accepted reports added up and side by side; the district department, which
    reports on to the province, starts its own report from them."""
    from phoihop.reporting import submissions as services

    from ..factories import system_admin

    regime, period = commune_report["regime"], commune_report["period"]
    second = OrganizationFactory(
        name="Ủy ban nhân dân xã Hoằng Thành",
        kind=Organization.Kind.PEOPLES_COMMITTEE,
        level=Organization.Level.COMMUNE,
    )
    regime.assignments.create(organization=second)  # as the admin's inline writes it
    province = OrganizationFactory(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa")
    upward = make_regime(
        name="Báo cáo tháng của huyện về công tác tuyên truyền",
        receiver=province,
        report_form=regime.report_form,
        entry_opens_days_before_cutoff=40,
        assignments=[Assignment(organization=regime.receiver)],
    )
    admin = system_admin()
    texts = {
        commune_report["commune"]: "Nhân dân phấn khởi; quan tâm giá phân bón.",
        second: "Một số hộ còn băn khoăn về bồi thường giải phóng mặt bằng.",
    }
    for organization, (sessions, people, women) in (
        (commune_report["commune"], ("4", "120", "60")),
        (second, ("3", "95", "41")),
    ):
        submission = services.start_submission(regime, period, organization, admin)
        services.save_values(
            submission,
            {
                "TT.BUOI": sessions,
                "TT.NGUOI": people,
                "TT.NU": women,
                "ATTP.DAT": "có",
                "TUTUONG": texts[organization],
            },
            admin,
        )
        services.submit(submission, admin)
        services.accept(submission, admin)

    page = any_page
    as_user(page, "chuyenvien.btg")
    page.goto(f"{page.base_url}/reporting/compile/{regime.pk}/{period.code}/")
    expect(page.get_by_test_id("total-TT.BUOI")).to_have_text("7")
    expect(page.get_by_test_id("total-TT.NGUOI")).to_have_text("215")
    expect(page.get_by_test_id("narrative-TUTUONG")).to_contain_text("bồi thường")
    screenshot(page, f"reporting-compile-{page.setting}")
    page.get_by_test_id("start-compiled").click()
    expect(page.get_by_role("heading", name=upward.name)).to_be_visible()
    expect(page.get_by_label("Số buổi tuyên truyền")).to_have_value("7")
    screenshot(page, f"reporting-compiled-own-{page.setting}")


def test_a_filled_spreadsheet_with_a_bad_cell_is_refused_then_imported(
    any_page, commune_report, tmp_path
):
    """The clerk downloads the form, fills it offline with one bad cell, reads the bad cell's
    sheet, row and reason, fixes it and imports it."""
    from openpyxl import load_workbook

    page = any_page
    as_user(page, "canbo.xa")
    page.goto(f"{page.base_url}/reporting/")
    page.get_by_role("link", name="Báo cáo tháng công tác tuyên truyền của xã").first.click()
    page.get_by_test_id("form-upload-link").click()
    with page.expect_download() as download:
        page.get_by_test_id("form-download").click()
    path = tmp_path / "bao-cao.xlsx"
    download.value.save_as(path)

    def fill(values: dict) -> None:
        workbook = load_workbook(path)
        sheet = workbook["Báo cáo"]
        for row in sheet.iter_rows():
            if row[0].value in values:
                row[3].value = values[row[0].value]
        workbook.save(path)

    fill(
        {
            "TT.BUOI": 5,
            "TT.NGUOI": 140,
            "TT.NU": "bảy mươi",
            "ATTP.DAT": "có",
            "TUTUONG": "Dư luận quan tâm việc sáp nhập thôn.",
        }
    )
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(path)
    page.get_by_test_id("upload-check").click()
    errors = page.get_by_test_id("upload-error")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("Báo cáo")
    expect(errors.first).to_contain_text("Nhập một số nguyên, ví dụ 12.")
    screenshot(page, f"reporting-upload-errors-{page.setting}")

    fill({"TT.NU": 70})
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(path)
    page.get_by_test_id("upload-import").click()
    expect(page.get_by_text("Đã nhập 5 giá trị từ tệp Excel.")).to_be_visible()
    expect(page.get_by_label("Trong đó: số lượt nữ tham dự")).to_have_value("70")
