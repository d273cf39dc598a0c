"""The one spreadsheet reader refuses hostile files quickly and with little memory, reads real
rows only, and the export helper writes user text as text."""

import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from phoihop.core.spreadsheets import (
    Limits,
    SpreadsheetError,
    append_row,
    cell_date,
    cell_text,
    export_value,
    read_rows,
)

from ..spreadsheet_files import (
    dimension_bomb,
    entity_bomb,
    far_row_bomb,
    malformed_xml,
    shared_strings_bomb,
    with_parts,
    workbook_bytes,
)

# Generous bounds: the point is that the file is refused (or read) without building what it
# declares, which would take minutes and gigabytes.
QUICK_SECONDS = 5
SMALL_PEAK_BYTES = 50 * 1024 * 1024


def measured(call):
    """(result or raised error, seconds, peak bytes allocated while running `call`)."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        outcome = call()
    except SpreadsheetError as exc:
        outcome = exc
    finally:
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, elapsed, peak


def refusal(data: bytes, name: str = "bang.xlsx", **kwargs) -> str:
    with pytest.raises(SpreadsheetError) as raised:
        read_rows(data, name=name, **kwargs)
    return raised.value.message


# Reading -----------------------------------------------------------------------------------


def test_a_workbook_reads_as_its_non_empty_rows_with_their_line_numbers():
    data = workbook_bytes([["Tên", "Cấp"], [], ["Sở Y tế", None, None], [None, 3]])
    assert read_rows(data, name="a.xlsx") == [(1, ["Tên", "Cấp"]), (3, ["Sở Y tế"]), (4, [None, 3])]


def test_values_keep_their_types():
    when = datetime.datetime(2026, 6, 30, 0, 0)
    data = workbook_bytes([["Hạn", "Số", "Tỉ lệ", "Đúng"], [when, 38, 0.5, True]])
    assert read_rows(data)[1] == (2, [when, 38, 0.5, True])


def test_a_csv_reads_the_same_way():
    data = "\ufeffTên;Cấp\n\nSở Y tế;tỉnh\n".encode()
    assert read_rows(data, name="a.csv") == [(1, ["Tên", "Cấp"]), (3, ["Sở Y tế", "tỉnh"])]


def test_a_dimension_bomb_reads_quickly_as_its_real_rows_only():
    data = dimension_bomb([["Tên", "Cấp"], ["Sở Y tế", "tỉnh"]])
    assert len(data) < 10_000
    rows, elapsed, peak = measured(lambda: read_rows(data, name="a.xlsx"))
    assert rows == [(1, ["Tên", "Cấp"]), (2, ["Sở Y tế", "tỉnh"])]
    assert elapsed < QUICK_SECONDS and peak < SMALL_PEAK_BYTES


def test_a_row_a_million_lines_down_is_read_without_building_the_rows_between():
    rows, elapsed, peak = measured(lambda: read_rows(far_row_bomb([["a"]]), name="a.xlsx"))
    assert rows == [(1, ["a"]), (1_048_576, ["x"])]
    assert elapsed < QUICK_SECONDS and peak < SMALL_PEAK_BYTES


def test_a_row_number_beyond_what_excel_allows_is_refused():
    error, elapsed, _peak = measured(
        lambda: read_rows(far_row_bomb([["a"]], line=10**12), name="a.xlsx")
    )
    assert isinstance(error, SpreadsheetError) and "Không đọc được tệp Excel" in error.message
    assert elapsed < QUICK_SECONDS


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: shared_strings_bomb(one_of_mb=50), id="one-50MB-string"),
        pytest.param(
            lambda: shared_strings_bomb(strings=[f"s{n}" for n in range(1_000_000)]),
            id="a-million-strings",
        ),
    ],
)
def test_a_shared_strings_bomb_is_refused_quickly_with_bounded_memory(build):
    data = build()
    assert len(data) < 5 * 1024 * 1024  # small on the wire
    error, elapsed, peak = measured(lambda: read_rows(data, name="a.xlsx"))
    assert isinstance(error, SpreadsheetError)
    assert "Tệp quá lớn" in error.message
    assert elapsed < QUICK_SECONDS and peak < SMALL_PEAK_BYTES


def test_a_file_compressed_far_beyond_any_real_workbook_is_refused(settings):
    data = shared_strings_bomb(one_of_mb=5)  # under the size cap, a ratio of about 1000
    error, _elapsed, peak = measured(lambda: read_rows(data, name="a.xlsx"))
    assert isinstance(error, SpreadsheetError) and "nén bất thường" in error.message
    assert peak < SMALL_PEAK_BYTES


def test_the_shared_strings_bomb_builder_makes_a_genuine_workbook():
    """Proof that the refusals above come from the caps, not from a broken test file."""
    data = shared_strings_bomb(strings=["Tên", "Sở Y tế"])
    assert read_rows(data, name="a.xlsx") == [(1, ["Tên"]), (2, ["Sở Y tế"])]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (malformed_xml(), "a.xlsx", "Không đọc được tệp Excel"),
        (entity_bomb(), "a.xlsx", "Không đọc được tệp Excel"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "Không đọc được tệp Excel"),
        (b"not a workbook", "a.xlsx", "Không đọc được tệp Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "a.xlsx", "đặt mật khẩu"),
        (b"%PDF-1.7", "a.pdf", "phải là bảng tính .xlsx hoặc .csv"),
        (b"", "a.xlsx", "Tệp rỗng"),
        ("Tên\nSở".encode("utf-16"), "a.csv", "UTF-8"),
        (b'Ten\n"abc' + b"x" * 200_000, "a.csv", "không đúng định dạng"),
    ],
)
def test_a_malformed_file_is_one_error_with_a_vietnamese_message(data, name, message):
    assert message in refusal(data, name)


def test_a_zip_member_with_an_odd_name_is_refused():
    data = with_parts(workbook_bytes([["a"]]), {}, extra={"../../etc/cron.d/x": b"x"})
    assert "Không đọc được tệp Excel" in refusal(data)


def test_an_encrypted_zip_member_is_refused():
    data = bytearray(workbook_bytes([["a"]]))
    # Set the "encrypted" flag in the central directory entry of the first member.
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))
    first = data.find(b"PK\x01\x02")
    assert first <= directory
    data[first + 8] |= 0x1
    assert "mật khẩu" in refusal(bytes(data))


def test_xlsx_only_imports_refuse_a_csv():
    assert "Excel .xlsx" in refusal(b"Ten\nx\n", "a.csv", formats=("xlsx",))


def test_too_many_rows_are_refused_with_the_cap_in_the_message(settings):
    settings.SPREADSHEET_MAX_ROWS = 3
    data = workbook_bytes([["Tên"]] + [[f"Sở {n}"] for n in range(4)])
    assert "tối đa 3 dòng" in refusal(data)
    assert len(read_rows(workbook_bytes([["Tên"]] + [["Sở"]] * 3))) == 4
    assert "tối đa 2 dòng" in refusal(workbook_bytes([["Tên"]] + [["Sở"]] * 3), max_rows=2)


def test_a_cell_beyond_the_column_cap_is_refused(settings):
    settings.SPREADSHEET_MAX_COLUMNS = 5
    assert read_rows(workbook_bytes([[1, 2, 3, 4, 5, None, None]])) == [(1, [1, 2, 3, 4, 5])]
    assert "tối đa 5 cột" in refusal(workbook_bytes([[None] * 5 + ["x"]]))
    assert "tối đa 5 cột" in refusal(b"a,b,c,d,e,f\n", "a.csv")


def test_a_cell_longer_than_the_cap_is_refused(settings):
    settings.SPREADSHEET_MAX_CELL_CHARS = 10
    assert "dòng 2, cột thứ 2 dài quá 10 ký tự" in refusal(workbook_bytes([["a"], ["b", "x" * 11]]))


def test_a_file_over_the_size_cap_is_refused_before_it_is_opened(settings):
    settings.SPREADSHEET_MAX_UNCOMPRESSED_MB = 1
    text = "".join(f"{n},Sở {n}\n" for n in range(100_000)).encode()
    assert "Tệp quá lớn" in refusal(text, "a.csv")
    assert "Tệp quá lớn" in refusal(io.BytesIO(text), "a.csv")


def test_reading_stops_at_the_time_limit():
    limits = Limits.from_settings()
    out_of_time = Limits(**{**limits.__dict__, "seconds": -1})
    assert "quá -1 giây" in refusal(workbook_bytes([["a"]]), limits=out_of_time)


def test_the_archive_is_checked_before_openpyxl_opens_it(monkeypatch):
    import openpyxl

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl must not see this file")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    data = shared_strings_bomb(one_of_mb=30)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size > 30e6
    assert "Tệp quá lớn" in refusal(data)


# Writing -----------------------------------------------------------------------------------


def written_back(values):
    book = Workbook()
    append_row(book.active, values)
    buffer = io.BytesIO()
    book.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1"])
def test_text_that_looks_like_a_formula_is_written_as_that_exact_text(text):
    (cell,) = written_back([text])
    assert cell.data_type == "s" and cell.value == text
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept():
    cells = written_back(["Kế\x00 hoạch\x0b\x1f\ud800\uffff", "dòng 1\ndòng 2\ttab", 3, None])
    assert [c.value for c in cells[:3]] == ["Kế hoạch", "dòng 1\ndòng 2\ttab", 3]
    assert cells[2].data_type == "n"


def test_csv_values_cannot_start_a_formula():
    assert export_value('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert export_value("Sở\x00 Y tế") == "Sở Y tế"
    assert export_value(5) == 5


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (datetime.datetime(2024, 12, 22, 8, 30), datetime.date(2024, 12, 22)),
        (datetime.date(2024, 12, 22), datetime.date(2024, 12, 22)),
        ("22/12/2024", datetime.date(2024, 12, 22)),
        (" 7-9-2009 ", datetime.date(2009, 9, 7)),
        ("07 . 09 . 2009", datetime.date(2009, 9, 7)),
        ("2025-07-01", datetime.date(2025, 7, 1)),
    ],
)
def test_every_import_reads_a_date_cell_alike(cell, day):
    assert cell_date(cell) == day


@pytest.mark.parametrize("cell", ["31/02/2025", "12/22/2024", "hôm nay", "", None, 45000.0])
def test_a_cell_that_is_no_date_is_refused(cell):
    with pytest.raises(ValueError):
        cell_date(cell)


def test_a_whole_number_cell_reads_as_the_number_typed():
    assert [cell_text(v) for v in (None, 38.0, 1.5, " SYT ")] == ["", "38", "1.5", "SYT"]
