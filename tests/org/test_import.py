import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from phoihop.core.models import AuditEntry, SearchDocument
from phoihop.org import imports
from phoihop.org.models import Area, Field, Membership, Organization

from ..factories import AreaFactory, OrganizationFactory
from ..spreadsheet_files import dimension_bomb, malformed_xml, shared_strings_bomb

URL = reverse("org:organization_import")
HEADER = [
    "Mã định danh", "Tên tổ chức", "Ký hiệu", "Loại", "Cấp", "Mã đơn vị cấp trên", "Mã địa bàn",
    "Lĩnh vực", "Thư điện tử", "Điện thoại", "Địa chỉ", "Hiệu lực từ",
]  # fmt: skip


def csv_file(rows, *, header=HEADER, delimiter=",", bom=False, name="to-chuc.csv"):
    lines = [delimiter.join(f'"{c}"' if delimiter in c else c for c in r) for r in [header, *rows]]
    data = "\r\n".join(lines).encode()
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, "text/csv")


def xlsx_file(rows, *, header=HEADER, name="to-chuc.xlsx"):
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(identifier, name, kind="Sở, ban, ngành", level="Cấp tỉnh", parent="", area="38",
        fields="", email="", phone="", address="", valid_from=""):  # fmt: skip
    return [identifier, name, "", kind, level, parent, area, fields, email, phone, address,
            valid_from]  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def thanh_hoa(db):
    return AreaFactory(code="38", name="Thanh Hóa", level=Area.Level.PROVINCE, type="tỉnh")


@pytest.fixture
def valid_rows():
    return [
        row("UBND-38", "Ủy ban nhân dân tỉnh Thanh Hóa", kind="Ủy ban nhân dân"),
        row(
            "SYT-38",
            "Sở Y tế tỉnh Thanh Hóa",
            parent="UBND-38",
            fields="Y tế; giao-duc",
            email="syt@example.gov.vn",
            valid_from="01/07/2025",
        ),
        row("PYT-38", "Phòng Nghiệp vụ Y", kind="khac", parent="SYT-38", valid_from="2025-07-01"),
    ]


def upload(client, file):
    return client.post(URL, {"file": file})


def confirm(client, response):
    token = response.context["confirm_form"].initial["token"]
    return client.post(URL, {"token": token})


def error_lines(response) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in response.context["result"].errors]


# Dry run and import ---------------------------------------------------------------------------


def test_valid_csv_previews_then_imports_the_tree(client, admin_user, thanh_hoa, valid_rows):
    client.force_login(admin_user)
    response = upload(client, csv_file(valid_rows))
    assert response.status_code == 200
    assert "Tệp hợp lệ: sẽ tạo 3 tổ chức" in response.content.decode()
    assert Organization.objects.count() == 0  # the dry run writes nothing
    response = confirm(client, response)
    assert response.status_code == 302
    committee = Organization.objects.get(identifier="UBND-38")
    health = Organization.objects.get(identifier="SYT-38")
    room = Organization.objects.get(identifier="PYT-38")
    assert health.parent == committee and room.parent == health
    assert room.path == f"/{committee.pk}/{health.pk}/{room.pk}/"
    assert health.area == thanh_hoa and health.email == "syt@example.gov.vn"
    assert sorted(f.code for f in health.fields.all()) == ["giao-duc", "y-te"]
    assert room.kind == "other" and str(room.valid_from) == "2025-07-01"
    assert AuditEntry.objects.filter(action="import").count() == 3
    assert SearchDocument.objects.filter(kind="organization").count() == 3


def test_uploaded_file_is_deleted_after_import(client, admin_user, thanh_hoa, valid_rows, media):
    client.force_login(admin_user)
    response = upload(client, csv_file(valid_rows))
    assert len(list((media / "imports").iterdir())) == 1
    confirm(client, response)
    assert list((media / "imports").iterdir()) == []


def test_every_bad_row_is_listed_and_nothing_is_imported(client, admin_user, thanh_hoa):
    OrganizationFactory(name="Đã có", identifier="DA-CO")
    rows = [
        row("A", "Đơn vị A"),  # line 2: fine
        row("B", "", kind="Không rõ"),  # line 3: no name, unknown kind
        row("C", "Đơn vị C", parent="KHONG-CO", area="99"),  # line 4
        row("A", "Đơn vị A lặp", valid_from="31/02/2025"),  # line 5: duplicate, bad date
        row("DA-CO", "Đơn vị trùng mã", fields="Thiên văn"),  # line 6
        row("X", "Vòng X", parent="Y"),  # line 7: cycle
        row("Y", "Vòng Y", parent="X"),  # line 8: cycle
        row("E", "Đơn vị E", email="khong-phai-email", level="Cấp vũ trụ"),  # line 9
    ]
    client.force_login(admin_user)
    response = upload(client, csv_file(rows))
    assert response.status_code == 400
    assert error_lines(response) == [
        (3, "Tên tổ chức"), (3, "Loại"),
        (4, "Mã đơn vị cấp trên"), (4, "Mã địa bàn"),
        (5, "Mã định danh"), (5, "Hiệu lực từ"),
        (6, "Mã định danh"), (6, "Lĩnh vực"),
        (7, "Mã đơn vị cấp trên"), (8, "Mã đơn vị cấp trên"),
        (9, "Cấp"), (9, "Thư điện tử"),
    ]  # fmt: skip
    messages = [e.message for e in response.context["result"].errors]
    assert "Tên tổ chức không được để trống." in messages
    assert any("Loại tổ chức «Không rõ» không hợp lệ" in m for m in messages)
    assert any("Không tìm thấy đơn vị cấp trên có mã «KHONG-CO»" in m for m in messages)
    assert any("Không có địa bàn hiện hành nào mang mã «99»" in m for m in messages)
    assert any("trùng với dòng 2" in m for m in messages)
    assert any("đã có trong hệ thống" in m for m in messages)
    assert any("Ngày «31/02/2025» không hợp lệ" in m for m in messages)
    assert any("Vòng lặp cấp trên" in m for m in messages)
    assert any("«Thiên văn»" in m for m in messages)
    assert Organization.objects.count() == 1
    assert "confirm_form" not in response.context


def test_org_admin_imports_under_own_organisation_only(
    client, province_tree, thanh_hoa, make_member
):
    health, party = province_tree["health"], province_tree["party"]
    Organization.objects.filter(pk=health.pk).update(identifier="SYT-38")
    Organization.objects.filter(pk=party.pk).update(identifier="TU-38")
    admin = make_member(health, role=Membership.Role.ORG_ADMIN)
    Membership.objects.create(user=admin, organization=party, role=Membership.Role.SPECIALIST)
    client.force_login(admin)
    rows = [
        row("P1", "Phòng Kế hoạch", parent="SYT-38"),
        row("P2", "Ban trong Tỉnh ủy", parent="TU-38"),  # visible, but not theirs to change
        row("P3", "Đơn vị cấp cao nhất"),  # top level needs a system administrator
        row("P4", "Đơn vị ngoài phạm vi", parent=f"#{province_tree['committee'].pk}"),
    ]
    response = upload(client, csv_file(rows))
    errors = {e.line: e.message for e in response.context["result"].errors}
    assert sorted(errors) == [3, 4, 5]
    assert "Bạn không có quyền thêm đơn vị trực thuộc «Tỉnh ủy Thanh Hóa»" in errors[3]
    assert "Chỉ quản trị hệ thống" in errors[4]
    assert "Không tìm thấy đơn vị cấp trên" in errors[5]  # outside scope: not even named
    response = upload(client, csv_file(rows[:1]))
    confirm(client, response)
    assert Organization.objects.get(identifier="P1").parent == health


def test_xlsx_with_numeric_codes_and_real_dates(client, admin_user, thanh_hoa):
    import datetime

    AreaFactory(code="00004", name="Phường Ba Đình", level=Area.Level.COMMUNE, parent=thanh_hoa)
    client.force_login(admin_user)
    rows = [
        row(
            "1001",
            "UBND phường",
            kind="Ủy ban nhân dân",
            level="xã",
            area=4,
            valid_from=datetime.datetime(2025, 7, 1),
        ),
        row(1002, "Văn phòng", parent=1001, area=38, kind="OTHER", level="cap xa"),
    ]
    response = upload(client, xlsx_file(rows))
    assert response.status_code == 200, response.context["result"].errors
    confirm(client, response)
    ward = Organization.objects.get(identifier="1001")
    assert ward.area.code == "00004" and ward.level == "commune"
    assert str(ward.valid_from) == "2025-07-01"
    assert Organization.objects.get(identifier="1002").parent == ward


def test_semicolon_csv_with_bom_and_unaccented_headers(client, admin_user, thanh_hoa):
    header = ["Ma dinh danh", "Ten to chuc (*)", "Loai", "Cap", "Ma dia ban", "Ghi chú"]
    rows = [["HT-1", "Hội Nông dân tỉnh", "mat tran va doan the", "cap tinh", "38", "bỏ qua"]]
    client.force_login(admin_user)
    response = upload(client, csv_file(rows, header=header, delimiter=";", bom=True))
    assert response.status_code == 200
    assert response.context["result"].ignored_columns == ["Ghi chú"]
    confirm(client, response)
    assert Organization.objects.get(identifier="HT-1").kind == "mass_organization"


def test_confirm_revalidates_and_imports_nothing_if_the_database_changed(
    client, admin_user, thanh_hoa, valid_rows
):
    client.force_login(admin_user)
    response = upload(client, csv_file(valid_rows))
    OrganizationFactory(name="Người khác vừa tạo", identifier="PYT-38")
    response = confirm(client, response)
    assert response.status_code == 400
    assert error_lines(response) == [(4, "Mã định danh")]
    assert Organization.objects.count() == 1


def test_a_failure_midway_rolls_everything_back(admin_user, thanh_hoa, valid_rows, monkeypatch):
    plan = imports.plan_import(imports.read_table("a.csv", csv_file(valid_rows).read()), admin_user)
    real, calls = imports.audit.record, []

    def failing_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(imports.audit, "record", failing_third)
    with pytest.raises(RuntimeError):
        imports.run_import(plan, by=admin_user)
    assert Organization.objects.count() == 0
    assert not AuditEntry.objects.exists()
    assert not SearchDocument.objects.filter(kind="organization").exists()


def test_identifier_taken_after_the_dry_run_imports_nothing(admin_user, thanh_hoa, valid_rows):
    plan = imports.plan_import(imports.read_table("a.csv", csv_file(valid_rows).read()), admin_user)
    OrganizationFactory(name="Nhanh tay hơn", identifier="PYT-38")
    with pytest.raises(imports.ImportRowFailure):
        imports.run_import(plan, by=admin_user)
    assert list(Organization.objects.values_list("identifier", flat=True)) == ["PYT-38"]


def test_imported_organisations_are_audited_as_an_import(client, admin_user, thanh_hoa, valid_rows):
    client.force_login(admin_user)
    confirm(client, upload(client, csv_file(valid_rows, name="don-vi.csv")))
    health = Organization.objects.get(identifier="SYT-38")
    entry = AuditEntry.objects.get(object_id=str(health.pk))
    assert entry.action == "import" and entry.actor == admin_user
    assert entry.message == "Nhập từ tệp «don-vi.csv»"
    assert entry.changes["name"] == [None, "Sở Y tế tỉnh Thanh Hóa"]
    assert entry.changes["parent"] == [None, "Ủy ban nhân dân tỉnh Thanh Hóa"]
    assert entry.changes["fields"] == [None, ["Giáo dục và đào tạo", "Y tế"]]
    assert entry.organization_path == health.path


# File-level problems --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "phải là bảng tính"),
        (SimpleUploadedFile("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50), ".xls"),
        (SimpleUploadedFile("hong.xlsx", b"PK\x03\x04 not really a zip"), "Không đọc được"),
        (SimpleUploadedFile("rong.csv", b""), "không có nội dung"),
        (
            SimpleUploadedFile("latin.csv", "Tên,Loài,Cấp\nSở,x,y".encode("latin-1", "replace")),
            "UTF-8",
        ),
        (SimpleUploadedFile("thieu.csv", "Tên tổ chức,Loại\nSở,Khác".encode()), "Thiếu cột"),
        (SimpleUploadedFile("tieude.csv", "Tên tổ chức,Loại,Cấp\n".encode()), "chưa có dòng"),
    ],
)
def test_unreadable_files_get_a_clear_error(client, admin_user, file, message):
    client.force_login(admin_user)
    response = upload(client, file)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])


def test_too_many_rows_and_too_big_files_are_refused(client, admin_user, monkeypatch):
    client.force_login(admin_user)
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    response = upload(client, csv_file([row(str(n), f"Sở {n}") for n in range(3)]))
    assert "tối đa 2 dòng" in response.context["form"].errors["file"][0]
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    response = upload(client, csv_file([row("1", "Sở " + "x" * 200)]))
    assert "Tệp quá lớn" in response.context["form"].errors["file"][0]


def test_missing_file_is_a_form_error(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_forged_or_foreign_token_is_refused(client, admin_user, make_member, thanh_hoa,
                                            valid_rows):  # fmt: skip
    client.force_login(admin_user)
    token = upload(client, csv_file(valid_rows)).context["confirm_form"].initial["token"]
    response = client.post(URL, {"token": token + "x"})
    assert response.status_code == 400
    assert "hết hạn hoặc không hợp lệ" in response.content.decode()
    other_admin = make_member(OrganizationFactory(), role=Membership.Role.ORG_ADMIN)
    client.force_login(other_admin)
    assert client.post(URL, {"token": token}).status_code == 400
    assert Organization.objects.filter(identifier="UBND-38").count() == 0


# Access and templates -------------------------------------------------------------------------


def test_plain_member_cannot_import(client, province_tree, make_member):
    client.force_login(make_member(province_tree["health"]))
    assert client.get(URL).status_code == 403


def test_upload_page_explains_the_columns(client, admin_user):
    client.force_login(admin_user)
    body = client.get(URL).content.decode()
    assert "Mã đơn vị cấp trên" in body and "Ủy ban nhân dân" in body
    assert "?template=xlsx" in body


def test_sample_files_download_and_pass_the_dry_run(client, admin_user, thanh_hoa):
    client.force_login(admin_user)
    csv_response = client.get(URL, {"template": "csv"})
    assert csv_response["Content-Disposition"].endswith('mau-nhap-to-chuc.csv"')
    assert csv_response.content.startswith(b"\xef\xbb\xbf")
    xlsx_response = client.get(URL, {"template": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["Mã định danh", "Tên tổ chức"]
    for name, content in (("mau.csv", csv_response.content), ("mau.xlsx", xlsx_response.content)):
        response = upload(client, SimpleUploadedFile(name, content))
        assert response.status_code == 200, response.context["result"].errors
        assert len(response.context["result"].preview) == 4


def test_static_sample_matches_the_generated_one():
    static = Path(imports.__file__).parent / "static" / "org" / "mau-nhap-to-chuc.csv"
    assert static.read_bytes() == imports.sample_csv()


# Hostile files (core.spreadsheets) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (malformed_xml(), "Không đọc được tệp Excel"),
        (b"not a zip at all", "Không đọc được tệp Excel"),
        (shared_strings_bomb(one_of_mb=30), "Tệp quá lớn"),
    ],
    ids=["malformed-xml", "not-a-zip", "shared-strings-bomb"],
)
def test_a_hostile_workbook_is_a_vietnamese_form_error(client, admin_user, content, message):
    client.force_login(admin_user)
    response = upload(client, SimpleUploadedFile("to-chuc.xlsx", content))
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    assert Organization.objects.count() == 0


def test_a_dimension_bomb_is_read_as_its_real_rows(client, admin_user, thanh_hoa, valid_rows):
    client.force_login(admin_user)
    content = dimension_bomb([HEADER, *valid_rows])
    response = upload(client, SimpleUploadedFile("to-chuc.xlsx", content))
    assert response.status_code == 200
    assert "Tệp hợp lệ: sẽ tạo 3 tổ chức" in response.content.decode()


def test_the_sample_files_cannot_carry_a_formula(client, admin_user):
    Field.objects.create(code="x", name='=HYPERLINK("http://x","y")')
    client.force_login(admin_user)
    response = client.get(URL, {"template": "xlsx"})
    guide = load_workbook(io.BytesIO(response.content))["Huong dan"]
    cell = guide["B4"]
    assert '=HYPERLINK("http://x","y")' in cell.value and cell.data_type == "s"
