"""Importing the registry from .csv and .xlsx: dry run, row errors with line numbers, all or
nothing."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from phoihop.core.audit import entries_for
from phoihop.directives.imports import import_documents, read_table
from phoihop.directives.models import Document

D = datetime.date
HEADER = [
    "Số ký hiệu",
    "Ngày ban hành",
    "Trích yếu",
    "Cơ quan ban hành",
    "Lĩnh vực",
    "Tổ chức",
    "Thực hiện văn bản",
]


def csv_file(rows, header=HEADER, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(f'"{c}"' for c in row) for row in rows]
    return SimpleUploadedFile("van-ban.csv", ("\n".join(lines) + "\n").encode("utf-8-sig"))


def xlsx_file(rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("van-ban.xlsx", buffer.getvalue())


GOOD = [
    [
        "38-CT/TW",
        "7/9/2009",
        "Về đẩy mạnh công tác bảo hiểm y tế",
        "Ban Bí thư",
        "Y tế; bao-hiem-xa-hoi",
        "",
        "",
    ],
    [
        "20-NQ/TW",
        "25-10-2017",
        "Về bảo vệ sức khỏe Nhân dân",
        "Ban Chấp hành Trung ương",
        "y-te",
        "",
        "",
    ],
]


def test_a_dry_run_checks_every_row_and_imports_nothing(admin_user, empty_registry):
    result = import_documents(rows=read_table(csv_file(GOOD)), by=admin_user, dry_run=True)
    assert result.ok and result.created == 0
    assert [d.symbol for d in result.preview] == ["38-CT/TW", "20-NQ/TW"]
    assert [d.period for d in result.preview] == ["X", "XII"]
    assert not Document.objects.exists()


def test_a_valid_file_is_imported_with_fields_links_and_audit(admin_user, empty_registry, tree):
    tree["party"].identifier = "38.TU"
    tree["party"].save()
    rows = [
        *GOOD,
        ["15-KH/TU", "10/11/2009", "Thực hiện Chỉ thị 38", "Tỉnh ủy", "", "38.TU", "38-CT/TW"],
    ]
    result = import_documents(rows=read_table(csv_file(rows)), by=admin_user, dry_run=False)
    assert result.created == 3
    plan = Document.objects.get(symbol="15-KH/TU")
    directive = Document.objects.get(symbol="38-CT/TW")
    assert list(plan.implements.all()) == [directive]
    assert plan.organization == tree["party"]
    assert sorted(directive.fields.values_list("code", flat=True)) == ["bao-hiem-xa-hoi", "y-te"]
    assert entries_for(directive)[0].action == "import"


def test_xlsx_dates_and_semicolon_csv_are_read(admin_user, empty_registry):
    xlsx = [
        ["09/2019/NĐ-CP", datetime.datetime(2019, 1, 24), "Chế độ báo cáo", "Chính phủ", "", "", ""]
    ]
    assert (
        import_documents(rows=read_table(xlsx_file(xlsx)), by=admin_user, dry_run=False).created
        == 1
    )
    semicolon = csv_file(
        [["30/2020/NĐ-CP", "5/3/2020", "Công tác văn thư", "", "", "", ""]], delimiter=";"
    )
    assert import_documents(rows=read_table(semicolon), by=admin_user, dry_run=False).created == 1


def test_row_errors_name_their_line_and_nothing_is_imported(admin_user, empty_registry):
    rows = [
        GOOD[0],
        ["238-XY/TW", "30/9/2020", "Loại sai", "", "", "", ""],
        ["", "", "", "", "", "", ""],  # blank lines are skipped but keep counting
        ["239-QĐ/TW", "31/2/2020", "Ngày sai", "", "Không có", "99.XX", ""],
        ["38-CT/TW", "7/9/2009", "Trùng dòng 2", "", "", "", ""],
        ["40-KH/TU", "1/1/2010", "Thực hiện", "", "", "", "20-NQ/TW"],
    ]
    result = import_documents(rows=read_table(xlsx_file(rows)), by=admin_user, dry_run=False)
    errors: dict[int, str] = {}
    for error in result.errors:  # one RowError per problem, each with its line
        errors[error.line] = f"{errors.get(error.line, '')} {error.message}".strip()
    assert sorted(errors) == [3, 5, 6, 7]
    assert "loại văn bản không xác định: XY" in errors[3]
    assert "Ngày ban hành «31/2/2020» không hợp lệ" in errors[5]
    assert "Lĩnh vực «Không có» không có trong danh mục." in errors[5]
    assert "Không có tổ chức mã «99.XX»." in errors[5]
    assert errors[6] == "Trùng với dòng 2 (38-CT/TW)."
    assert errors[7] == "Chưa có văn bản 20-NQ/TW trong danh mục."
    assert result.created == 0
    assert not Document.objects.exists()


def test_a_row_already_in_the_registry_is_an_error(admin_user, central_catalogue):
    result = import_documents(rows=read_table(csv_file(GOOD)), by=admin_user, dry_run=True)
    assert [error.line for error in result.errors] == [2, 3]
    assert "Đã có văn bản 38-CT/TW khóa X" in result.errors[0].message


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"x"), "Tệp phải là bảng tính .xlsx hoặc .csv."),
        (SimpleUploadedFile("a.xlsx", b"not a workbook"), "Không đọc được tệp Excel"),
        (
            SimpleUploadedFile("a.csv", "Số ký hiệu,Ghi chú\n1-CT/TW,x".encode()),
            "Thiếu cột bắt buộc: Ngày ban hành, Trích yếu",
        ),
        (
            SimpleUploadedFile("a.csv", "Số ký hiệu".encode("utf-16")),
            "Tệp CSV phải dùng bảng mã UTF-8",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message(upload, message, db):
    with pytest.raises(ValidationError) as raised:
        read_table(upload)
    assert message in raised.value.messages[0]


def test_people_who_cannot_edit_the_registry_cannot_import(focal_point):
    with pytest.raises(PermissionDenied):
        import_documents(rows=[], by=focal_point, dry_run=True)


def test_an_organisation_outside_the_editors_scope_reads_like_an_unknown_one(
    editor, empty_registry, tree
):
    tree["committee"].identifier = "38.UBND"
    tree["committee"].save()
    rows = [
        ["123/QĐ-UBND", "1/2/2024", "Quyết định", "", "", "38.UBND", ""],
        ["124/QĐ-UBND", "1/2/2024", "Quyết định", "", "", "99.UBND", ""],
    ]
    result = import_documents(rows=read_table(csv_file(rows)), by=editor, dry_run=True)
    assert [(error.line, error.message) for error in result.errors] == [
        (2, "Không có tổ chức mã «38.UBND»."),
        (3, "Không có tổ chức mã «99.UBND»."),
    ]


def test_an_editor_imports_for_the_party_committee_above_their_department(
    editor, empty_registry, tree
):
    tree["party"].identifier = "38.TU"
    tree["party"].save()
    rows = [["15-KH/TU", "10/11/2009", "Kế hoạch", "", "", "38.TU", ""]]
    result = import_documents(rows=read_table(csv_file(rows)), by=editor, dry_run=False)
    assert not result.errors
    assert Document.objects.get(symbol="15-KH/TU").organization == tree["party"]


def test_a_province_editor_cannot_import_central_documents(editor, empty_registry):
    rows = [["38-CT/TW", "7/9/2009", "Chỉ thị", "", "", "", ""]]
    result = import_documents(rows=read_table(csv_file(rows)), by=editor, dry_run=False)
    assert [error.message for error in result.errors] == [
        "Bạn không có quyền thêm văn bản Trung ương dùng chung: hãy ghi mã tổ chức của mình ở "
        "cột «Tổ chức» để đăng ký văn bản vào danh mục của tổ chức."
    ]
    assert not Document.objects.exists()
