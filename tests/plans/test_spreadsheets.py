"""Export to .xlsx with Vietnamese headers and import back with a dry run that lists every bad
row and writes nothing unless every row is valid."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from phoihop.core.audit import entries_for
from phoihop.plans import imports, services, spreadsheets
from phoihop.plans.models import Task

from ..factories import make_plan
from ..spreadsheet_files import dimension_bomb, malformed_xml, shared_strings_bomb

pytestmark = pytest.mark.django_db
D = datetime.date
HEADERS = [
    "Nhiệm vụ",
    "Nội dung, yêu cầu",
    "Lĩnh vực",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Hạn hoàn thành",
    "Lý do ngoại lệ",
]


def workbook(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())


def test_a_plan_exports_with_vietnamese_headers(world, make_task):
    make_task(title="Tuyên truyền Luật Phòng bệnh", lead=world.health, co=[world.education])
    content = spreadsheets.export_tasks(Task.objects.all(), title=world.plan.title)
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == world.plan.title
    headers = [c.value for c in sheet[3]]
    assert headers[:7] == [
        "STT",
        "Nhiệm vụ",
        "Nội dung, yêu cầu",
        "Lĩnh vực",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Hạn hoàn thành",
    ]
    row = [c.value for c in sheet[4]]
    assert row[1] == "Tuyên truyền Luật Phòng bệnh"
    assert row[4] == "38.SYT" and row[5] == "38.SGDDT"
    assert row[6].date() == D(2026, 6, 30)


def test_an_exported_plan_imports_back_into_another_plan(world, make_task):
    make_task(
        title="Nhiệm vụ một", lead=world.health, co=[world.education], deadline=D(2026, 5, 31)
    )
    make_task(
        title="Nhiệm vụ hai",
        lead=world.education,
        co=[],
        deadline=D(2026, 9, 30),
        description="Hội nghị báo cáo viên",
    )
    content = spreadsheets.export_tasks(Task.objects.filter(plan=world.plan), title="Xuất")
    other = make_plan(
        by=world.people.specialist, programme=world.programme, year=2026, title="Kế hoạch bổ sung"
    )
    upload = SimpleUploadedFile("x.xlsx", content)
    report = imports.import_tasks(
        plan=other, by=world.people.specialist, upload=upload, dry_run=False
    )
    assert report.errors == []
    assert report.created == 2
    imported = {t.title: t for t in other.tasks.all()}
    assert imported["Nhiệm vụ hai"].description == "Hội nghị báo cáo viên"
    assert imported["Nhiệm vụ hai"].lead_organization == world.education
    assert imported["Nhiệm vụ một"].deadline == D(2026, 5, 31)
    assert set(
        imported["Nhiệm vụ một"].participants.values_list("organization__identifier", flat=True)
    ) == {"38.SYT", "38.SGDDT"}
    assert entries_for(other).filter(action="import").exists()


def test_a_dry_run_lists_every_bad_row_and_imports_nothing(world):
    upload = workbook(
        [
            ["Tuyên truyền an toàn thực phẩm", "", "Y tế", "38.SYT", "38.SGDDT", "30/06/2026", ""],
            ["Không rõ đơn vị", "", "", "Sở Không Tồn Tại", "", "30/06/2026", ""],
            ["Sai ngày", "", "", "38.SYT", "", "31/02/2026", ""],
            ["Ngoài năm", "", "", "38.SYT", "", D(2027, 1, 15), ""],
            ["Đơn vị tỉnh khác", "", "", "38.SYT", "40.SYT", "30/06/2026", ""],
        ]
    )
    report = imports.import_tasks(
        plan=world.plan, by=world.people.specialist, upload=upload, dry_run=True
    )
    lines = sorted({e.line for e in report.errors})
    assert lines == [3, 4, 5, 6]
    messages = {e.line: e.message for e in report.errors}
    assert "Sở Không Tồn Tại" in messages[3]
    assert "31/02/2026" in messages[4]
    assert "nằm ngoài năm 2026" in messages[5]
    assert "40.SYT" in messages[6]
    assert not Task.objects.exists()


def test_a_real_import_with_one_bad_row_writes_nothing(world):
    upload = workbook(
        [
            ["Tốt", "", "", "38.SYT", "", "30/06/2026", ""],
            ["Xấu", "", "", "", "", "30/06/2026", ""],
        ]
    )
    report = imports.import_tasks(
        plan=world.plan, by=world.people.specialist, upload=upload, dry_run=False
    )
    assert [(e.line, e.column) for e in report.errors] == [(3, "Đơn vị chủ trì")]
    assert report.created == 0
    assert not Task.objects.exists()


def test_names_without_diacritics_and_exceptions_are_accepted(world):
    upload = workbook(
        [
            [
                "Đưa tin hoạt động",
                "",
                "y te",
                "so y te tinh thanh hoa",
                "Báo Thanh Hóa",
                "15/01/2027",
                "Báo Đảng đưa tin; hạn theo kỳ họp tháng 1/2027",
            ],
        ]
    )
    report = imports.import_tasks(
        plan=world.plan, by=world.people.specialist, upload=upload, dry_run=False
    )
    assert report.errors == []
    task = Task.objects.get()
    assert task.lead_organization == world.health
    assert task.field.code == "y-te"
    assert task.participants.get(organization=world.press).outside_programme


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(client, world):
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("plans:plan_import", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("x.xlsx", b"not a workbook"), "action": "check"},
    )
    assert response.status_code == 400
    assert "Không đọc được tệp" in response.content.decode()


def test_the_import_page_shows_the_error_list(client, world):
    client.force_login(world.people.specialist)
    upload = workbook([["Nhiệm vụ", "", "", "Sở Ma", "", "ngày mai", ""]])
    response = client.post(
        reverse("plans:plan_import", args=[world.plan.pk]), {"file": upload, "action": "import"}
    )
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert page.count('data-testid="import-error"') == 2
    assert not Task.objects.exists()


def test_a_valid_import_from_the_page_redirects_to_the_plan(client, world):
    client.force_login(world.people.specialist)
    upload = workbook([["Nhiệm vụ", "", "", "38.SYT", "", "30/06/2026", ""]])
    response = client.post(
        reverse("plans:plan_import", args=[world.plan.pk]), {"file": upload, "action": "import"}
    )
    assert response.status_code == 302
    assert Task.objects.count() == 1


def test_a_filtered_list_exports_only_what_the_user_sees(client, world, make_task):
    make_task(title="Của Sở Y tế", lead=world.health, co=[])
    make_task(
        title="Của Sở Văn hóa",
        lead=world.culture,
        co=[],
        outside_parties_reason="Chuyên môn văn hóa",
    )
    client.force_login(world.people.health_focal)
    response = client.get(reverse("plans:task_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert titles == ["Của Sở Y tế"]


def test_the_template_file_can_be_downloaded(client, world):
    client.force_login(world.people.specialist)
    response = client.get(reverse("plans:plan_import_template", args=[world.plan.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


# Hostile files and hostile text (core.spreadsheets) --------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (malformed_xml(), "Không đọc được tệp Excel"),
        (b"not a zip at all", "Không đọc được tệp Excel"),
        (shared_strings_bomb(one_of_mb=30), "Tệp quá lớn"),
        ("Nhiệm vụ,Đơn vị chủ trì\n".encode(), "không phải là tệp .xlsx"),
    ],
    ids=["malformed-xml", "not-a-zip", "shared-strings-bomb", "csv"],
)
def test_a_hostile_file_is_a_vietnamese_error_on_the_file_field(client, world, content, message):
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("plans:plan_import", args=[world.plan.pk]),
        {"file": SimpleUploadedFile("x.xlsx", content), "action": "import"},
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    assert not Task.objects.exists()


def test_a_dimension_bomb_imports_its_real_rows_quickly(world):
    row = ["Tuyên truyền", "", "", "38.SYT", "", "30/06/2026", ""]
    upload = SimpleUploadedFile("x.xlsx", dimension_bomb([HEADERS, row]))
    report = imports.import_tasks(
        plan=world.plan, by=world.people.specialist, upload=upload, dry_run=False
    )
    assert report.errors == [] and report.created == 1


def test_too_many_rows_are_refused_with_a_clear_message(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 2)
    rows = [[f"Nhiệm vụ {n}", "", "", "38.SYT", "", "30/06/2026", ""] for n in range(20)]
    with pytest.raises(ValidationError) as raised:
        imports.import_tasks(plan=world.plan, by=world.people.specialist, upload=workbook(rows))
    assert "Tệp có quá nhiều dòng" in raised.value.message_dict["file"][0]


def test_a_title_that_looks_like_a_formula_is_exported_as_that_text(world, make_task):
    formula = '=HYPERLINK("http://x","y")'
    make_task(title=formula, description="-1+2", lead=world.health)
    content = spreadsheets.export_tasks(Task.objects.all(), title=formula)
    sheet = load_workbook(io.BytesIO(content)).active
    for cell in (sheet["A1"], sheet["B4"]):
        assert cell.data_type == "s" and cell.value == formula
    assert sheet["C4"].value == "-1+2" and sheet["C4"].data_type == "s"


def test_an_export_with_control_characters_in_titles_succeeds(world, make_task):
    # PostgreSQL cannot store NUL, so the stored title carries other characters XML refuses;
    # the sheet title (a plain argument) carries the NUL.
    make_task(title="Nhiệm vụ\x0b một\x1f", lead=world.health)
    content = spreadsheets.export_tasks(Task.objects.all(), title="Kế hoạch\x00 năm")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "Kế hoạch năm" and sheet["B4"].value == "Nhiệm vụ một"


def test_the_export_page_answers_with_a_formula_like_plan_title(client, world):
    plan = services.update_plan(
        plan=world.plan, by=world.people.specialist, title='=HYPERLINK("http://x","y")'
    )
    client.force_login(world.people.specialist)
    response = client.get(reverse("plans:plan_export", args=[plan.pk]))
    assert response.status_code == 200
    cell = load_workbook(io.BytesIO(response.content)).active["A1"]
    assert cell.value == plan.title and cell.data_type == "s"
