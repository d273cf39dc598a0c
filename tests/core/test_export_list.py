"""The one .xlsx export of a list (core.spreadsheets.export_list), as a user opens it."""

import datetime
import io

from openpyxl import load_workbook

from phoihop.core.spreadsheets import export_list


def _open(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _export(rows, *, limit=10):
    return _open(
        export_list(
            sheet_title="Nhiệm vụ",
            title="Nhiệm vụ của Sở Y tế",
            columns=[("STT", 6), ("Nhiệm vụ", 50), ("Hạn", 14)],
            rows=iter(rows),
            limit=limit,
            cut_message="Chỉ xuất 2 nhiệm vụ đầu tiên; hãy lọc hẹp hơn.",
            date_columns=(3,),
        )
    )


def test_an_export_has_its_title_time_headers_and_rows_with_dates_as_dates():
    sheet = _export([[1, "Tuyên truyền phòng dịch", datetime.date(2026, 6, 30)]])
    assert sheet["A1"].value == "Nhiệm vụ của Sở Y tế"
    assert sheet["A2"].value.startswith("Xuất lúc ")
    assert [cell.value for cell in sheet[3]] == ["STT", "Nhiệm vụ", "Hạn"]
    assert sheet["B4"].value == "Tuyên truyền phòng dịch"
    assert sheet["C4"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A4"
    assert sheet.max_row == 4  # nothing was cut: no note


def test_a_list_longer_than_the_limit_is_cut_and_the_sheet_says_so():
    rows = [[n, f"Nhiệm vụ {n}", None] for n in range(1, 6)]
    sheet = _export(rows, limit=2)
    assert [sheet.cell(row=r, column=1).value for r in (4, 5)] == [1, 2]
    assert sheet["A6"].value == "Chỉ xuất 2 nhiệm vụ đầu tiên; hãy lọc hẹp hơn."


def test_a_typed_formula_stays_text():
    sheet = _export([[1, '=HYPERLINK("http://x")', None]])
    assert sheet["B4"].data_type == "s"
    assert sheet["B4"].value == '=HYPERLINK("http://x")'
