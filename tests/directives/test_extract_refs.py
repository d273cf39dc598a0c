"""`phoihop extract_refs`: one JSON object per citation, one per line, in text order."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

TEXT = (
    "Căn cứ Quyết định số 238-QĐ/TW, ngày 30-9-2020 của Ban Bí thư; Nghị định 09/2019/NĐ-CP;\n"
    "Nghị quyết 20-NQ/TW và Công văn 4699/VPCP-KSTT."
)
KEYS = [
    "raw",
    "start",
    "end",
    "system",
    "number",
    "type",
    "issuer",
    "year",
    "date",
    "symbol",
    "document_id",
    "ambiguous",
    "date_mismatch",
]


def run(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("extract_refs", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_standard_input_gives_one_json_object_per_citation(central_catalogue, monkeypatch):
    items = run(stdin=TEXT, monkeypatch=monkeypatch)
    assert [item["symbol"] for item in items] == [
        "238-QĐ/TW",
        "09/2019/NĐ-CP",
        "20-NQ/TW",
        "4699/VPCP-KSTT",
    ]
    assert all(list(item) == KEYS for item in items)
    first = items[0]
    assert (
        TEXT[first["start"] : first["end"]]
        == first["raw"]
        == "Quyết định số 238-QĐ/TW, ngày 30-9-2020"
    )
    assert (first["system"], first["date"], first["ambiguous"]) == ("party", "2020-09-30", False)
    assert first["document_id"] is not None
    assert (items[2]["document_id"], items[2]["ambiguous"]) == (None, True)
    assert (items[3]["document_id"], items[3]["ambiguous"]) == (None, False)


def test_files_are_read_in_order(central_catalogue, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Chỉ thị 38-CT/TW", encoding="utf-8")
    second.write_text("Luật số 91/2025/QH15", encoding="utf-8")
    items = run(str(first), str(second))
    assert [(item["symbol"], item["start"]) for item in items] == [
        ("38-CT/TW", 0),
        ("91/2025/QH15", 0),
    ]


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "khong-co.txt"))
