"""Hostile .xlsx files, built in the test from a genuine workbook: a part is swapped for
another, as an attacker with a ZIP tool would."""

import io
import re
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes], *, extra: dict[str, bytes] | None = None):
    """The workbook `data` with some parts replaced (and others added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return buffer.getvalue()


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(SHEET)


def dimension_bomb(rows) -> bytes:
    """A small workbook whose sheet declares the largest dimension Excel allows."""
    data = workbook_bytes(rows)
    xml = re.sub(
        rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', sheet_xml(data)
    )
    assert b"XFD1048576" in xml
    return with_parts(data, {SHEET: xml})


def far_row_bomb(rows, line: int = 1_048_576) -> bytes:
    """A workbook with one more cell, alone on row `line` (a million empty rows before it)."""
    data = workbook_bytes(rows)
    far = f'<row r="{line}"><c r="A{line}" t="inlineStr"><is><t>x</t></is></c></row>'
    xml = sheet_xml(data).replace(b"</sheetData>", far.encode() + b"</sheetData>")
    return with_parts(data, {SHEET: xml})


SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def shared_strings_bomb(*, strings: list[str] | None = None, one_of_mb: int = 0) -> bytes:
    """A workbook whose sheet cites a shared-strings table that is huge once inflated but small
    in the ZIP (openpyxl loads the whole table, in read-only mode too)."""
    data = workbook_bytes([["x"]])
    items = strings if strings is not None else ["A" * (one_of_mb * 1024 * 1024)]
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(items)}" uniqueCount="{len(items)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in items)
        + "</sst>"
    ).encode()
    cells = "".join(
        f'<row r="{n + 1}"><c r="A{n + 1}" t="s"><v>{n}</v></c></row>'
        for n in range(min(len(items), 3))
    )
    xml = re.sub(rb"<sheetData>.*</sheetData>", f"<sheetData>{cells}</sheetData>".encode(),
                 sheet_xml(data), flags=re.S)  # fmt: skip
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
    types = types.replace(b"</Types>", override.encode() + b"</Types>")
    return with_parts(data, {SHEET: xml, "[Content_Types].xml": types}, extra={SHARED_STRINGS: sst})


def malformed_xml(rows=(("Tên",), ("x",))) -> bytes:
    return with_parts(workbook_bytes(rows), {SHEET: b"<worksheet><sheetData><row r='1'><c"})


def entity_bomb() -> bytes:
    """The billion laughs, in the sheet."""
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return with_parts(workbook_bytes([["x"]]), {SHEET: xml})
