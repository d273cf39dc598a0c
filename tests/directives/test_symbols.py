"""Document symbol parsing: Party (Hướng dẫn 36-HD/VPTW) and State (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import dataclasses

import pytest

from phoihop.directives.symbols import (
    DEFAULT_PARTY_TYPES,
    DEFAULT_STATE_TYPES,
    InvalidSymbol,
    Symbol,
    fold_code,
    parse_symbol,
)


def fields(symbol: Symbol) -> tuple:
    return (symbol.system, symbol.number, symbol.type, symbol.issuer, symbol.year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("238-QĐ/TW", ("party", "238", "QĐ", "TW", None)),
        ("20-NQ/TW", ("party", "20", "NQ", "TW", None)),
        ("35-CT/TW", ("party", "35", "CT", "TW", None)),
        ("100-KL/TW", ("party", "100", "KL", "TW", None)),
        ("01-HD/BTGDVTU", ("party", "01", "HD", "BTGDVTU", None)),
        ("15-KH/TU", ("party", "15", "KH", "TU", None)),
        ("08-QĐi/TW", ("party", "08", "QĐi", "TW", None)),
        ("25-CTr/TU", ("party", "25", "CTr", "TU", None)),
        ("05-ĐA/TU", ("party", "05", "ĐA", "TU", None)),
        ("45-TTr/BTGDVTU", ("party", "45", "TTr", "BTGDVTU", None)),
        ("12-NQ/ĐU", ("party", "12", "NQ", "ĐU", None)),
        ("02-CTr/BTGTU-SYT", ("party", "02", "CTr", "BTGTU-SYT", None)),
    ],
)
def test_party_symbols(text, expected):
    symbol = parse_symbol(text)
    assert fields(symbol) == expected
    assert symbol.canonical == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("123/QĐ-UBND", ("state", "123", "QĐ", "UBND", None)),
        ("09/2019/NĐ-CP", ("state", "09", "NĐ", "CP", 2019)),
        ("13/2023/NĐ-CP", ("state", "13", "NĐ", "CP", 2023)),
        ("04/2023/TT-BTC", ("state", "04", "TT", "BTC", 2023)),
        ("91/2025/QH15", ("state", "91", None, "QH15", 2025)),
        ("4699/VPCP-KSTT", ("state", "4699", None, "VPCP-KSTT", None)),
        ("05/2024/TTLT-BTC-BNN", ("state", "05", "TTLT", "BTC-BNN", 2024)),
        ("03/QyĐ-UBND", ("state", "03", "QyĐ", "UBND", None)),
        ("06/QĐ-TTg", ("state", "06", "QĐ", "TTg", None)),
        ("15/NQ-HĐND", ("state", "15", "NQ", "HĐND", None)),
        ("03/2004/PL-UBTVQH11", ("state", "03", "PL", "UBTVQH11", 2004)),
        ("02/2020/UBTVQH14", ("state", "02", None, "UBTVQH14", 2020)),
        ("12/CĐ-TTg", ("state", "12", "CĐ", "TTg", None)),
    ],
)
def test_state_symbols(text, expected):
    symbol = parse_symbol(text)
    assert fields(symbol) == expected
    assert symbol.canonical == text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Số 238-QĐ/TW", "238-QĐ/TW"),
        ("Số: 123/QĐ-UBND", "123/QĐ-UBND"),
        ("số:09/2019/NĐ-CP", "09/2019/NĐ-CP"),
        ("238 - QĐ/TW", "238-QĐ/TW"),
        ("35-CT/ TW", "35-CT/TW"),
        ("09/2019/NĐ - CP", "09/2019/NĐ-CP"),
        ("30 / 2020 / NĐ-CP", "30/2020/NĐ-CP"),
        ("238-QĐ/\nTW", "238-QĐ/TW"),
        ("238–QĐ/TW", "238-QĐ/TW"),  # en dash from a word processor
        ("238 QĐ/TW", "238-QĐ/TW"),  # blank instead of the dash
        ("  238-QĐ/TW  ", "238-QĐ/TW"),
    ],
)
def test_odd_spacing_prefix_and_dashes(text, canonical):
    assert parse_symbol(text).canonical == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("238-qđ/tw", "238-QĐ/TW"),
        ("238-QD/TW", "238-QĐ/TW"),
        ("238-qd/tw", "238-QĐ/TW"),
        ("05-DA/TU", "05-ĐA/TU"),
        ("08-QDI/TW", "08-QĐi/TW"),
        ("08-qđi/tw", "08-QĐi/TW"),
        ("25-CTR/TU", "25-CTr/TU"),
        ("45-ttr/btgdvtu", "45-TTr/BTGDVTU"),
        ("12-NQ/DU", "12-NQ/ĐU"),
        ("09/2019/nd-cp", "09/2019/NĐ-CP"),
        ("06/qd-ttg", "06/QĐ-TTg"),
        ("15/NQ-HDND", "15/NQ-HĐND"),
        ("03/QYD-UBND", "03/QyĐ-UBND"),
    ],
)
def test_case_and_missing_diacritics_give_canonical_codes(text, canonical):
    assert parse_symbol(text).canonical == canonical


def test_old_central_spelling_tu_with_horn_is_tw_not_provincial_tu():
    assert parse_symbol("09-NQ/TƯ").issuer == "TW"
    assert parse_symbol("09-NQ/TU").issuer == "TU"
    assert parse_symbol("05/CT-TƯ").canonical == "05-CT/TW"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("22/CT-TW", "22-CT/TW"),
        ("01/KL-TW", "01-KL/TW"),
        ("12/HD-BTGTU", "12-HD/BTGTU"),
        ("120/KH-TU", "120-KH/TU"),
        ("7/NQ-ĐU", "7-NQ/ĐU"),
        ("3/QC-BTGDVTW", "3-QC/BTGDVTW"),
    ],
)
def test_state_style_symbol_with_party_issuer_is_a_party_document(text, canonical):
    symbol = parse_symbol(text)
    assert symbol.system == "party"
    assert symbol.canonical == canonical


def test_state_style_with_a_year_or_state_issuer_stays_state():
    assert parse_symbol("22/CT-UBND").system == "state"
    assert parse_symbol("22/2020/CT-TW").system == "state"  # Party documents carry no year


def test_number_keeps_leading_zeros_as_written():
    assert parse_symbol("01-HD/BTGDVTU").number == "01"
    assert parse_symbol("009/QĐ-UBND").canonical == "009/QĐ-UBND"


def test_type_codes_are_parameters():
    assert parse_symbol("07-XYZ/TU", party_types=(*DEFAULT_PARTY_TYPES, "XYZ")).type == "XYZ"
    with pytest.raises(InvalidSymbol):
        parse_symbol("238-QĐ/TW", party_types=("NQ", "CT"))
    # Without NĐ among the State types "NĐ-CP" reads as an issuer pair, as on an official letter.
    assert parse_symbol("09/2019/NĐ-CP", state_types=("QĐ",)).type is None
    assert parse_symbol("09/2019/NĐ-CP", state_types=DEFAULT_STATE_TYPES).type == "NĐ"


def test_party_issuers_are_parameters():
    assert parse_symbol("22/CT-TW").system == "party"
    assert parse_symbol("22/CT-TW", party_issuers=("TU",)).system == "state"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Số ký hiệu không hợp lệ: «» (chuỗi rỗng)"),
        ("QĐ/TW", "Số ký hiệu không hợp lệ: «QĐ/TW» (thiếu số)"),
        ("Số -QĐ/TW", "Số ký hiệu không hợp lệ: «Số -QĐ/TW» (thiếu số)"),
        ("238", "Số ký hiệu không hợp lệ: «238» (thiếu loại văn bản và cơ quan ban hành)"),
        ("238-XYZ/TW", "Số ký hiệu không hợp lệ: «238-XYZ/TW» (loại văn bản không xác định: XYZ)"),
        ("123/QĐ", "Số ký hiệu không hợp lệ: «123/QĐ» (thiếu cơ quan ban hành)"),
        ("123/", "Số ký hiệu không hợp lệ: «123/» (thiếu cơ quan ban hành)"),
        ("0-NQ/TW", "Số ký hiệu không hợp lệ: «0-NQ/TW» (số văn bản phải lớn hơn 0)"),
        (
            "12/1800/NĐ-CP",
            "Số ký hiệu không hợp lệ: «12/1800/NĐ-CP» (năm ban hành không hợp lệ: 1800)",
        ),
        (
            "12/KL-UBND",
            "Số ký hiệu không hợp lệ: «12/KL-UBND» (loại văn bản không xác định: KL)",
        ),
        (
            "123/QĐ-Về",
            "Số ký hiệu không hợp lệ: «123/QĐ-Về» (ký hiệu cơ quan ban hành không hợp lệ: Về)",
        ),
        (
            "34/34",
            "Số ký hiệu không hợp lệ: «34/34» "
            "(sai định dạng, ví dụ đúng: 238-QĐ/TW, 123/QĐ-UBND, 09/2019/NĐ-CP)",
        ),
        (
            "238-QĐ/T W",
            "Số ký hiệu không hợp lệ: «238-QĐ/T W» "
            "(sai định dạng, ví dụ đúng: 238-QĐ/TW, 123/QĐ-UBND, 09/2019/NĐ-CP)",
        ),
    ],
)
def test_invalid_symbols_explain_why_in_vietnamese(text, message):
    with pytest.raises(InvalidSymbol) as error:
        parse_symbol(text)
    assert str(error.value) == message


def test_invalid_symbol_is_a_value_error_with_details():
    with pytest.raises(ValueError) as error:
        parse_symbol("238-XYZ/TW")
    assert isinstance(error.value, InvalidSymbol)
    assert error.value.text == "238-XYZ/TW"
    assert error.value.reason == "loại văn bản không xác định: XYZ"


def test_symbol_is_frozen_and_prints_canonically():
    symbol = parse_symbol("238 - qd/tw")
    assert str(symbol) == "238-QĐ/TW"
    with pytest.raises(dataclasses.FrozenInstanceError):
        symbol.number = "239"  # type: ignore[misc]
    assert symbol == Symbol("party", "238", "QĐ", "TW", None)


@pytest.mark.parametrize(
    ("code", "key"),
    [("qđi", "QDI"), ("ĐA", "DA"), ("TƯ", "TW"), ("TU", "TU"), ("QyĐ", "QYD"), ("ttg", "TTG")],
)
def test_fold_code(code, key):
    assert fold_code(code) == key
