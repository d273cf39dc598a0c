"""The text inside a library file (PDF, DOCX, XLSX, plain text), for full-text search.

Read in the worker (tasks.extract_version_text), never in a request. The libraries are the
well-kept ones: pypdf for PDF, python-docx for Word, openpyxl (read-only, streaming) for Excel.
Text is returned in NFC, so a PDF that stores "ộ" as "o" + two combining marks is found like
one typed on a keyboard; `core.search` folds it (diacritics optional) when it indexes the item.
Bounded: at most TEXT_MAX_CHARS characters and MAX_PDF_PAGES pages, whatever the file says.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile

from .models import TEXT_MAX_CHARS

logger = logging.getLogger(__name__)
MAX_PDF_PAGES = 2000
MAX_SHEET_ROWS = 200_000


class Unreadable(Exception):
    """The file's text cannot be read (encrypted, broken, or a kind without text)."""


def extract_text(data: bytes, kind: str) -> str:
    """The text of a file of `kind` (a core.uploads kind key): NFC, capped. Raises Unreadable."""
    readers = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "txt": _plain}
    reader = readers.get(kind)
    if reader is None:
        raise Unreadable(kind)
    parts: list[str] = []
    size = 0
    try:
        for part in reader(data):
            part = unicodedata.normalize("NFC", part.replace("\x00", "")).strip()
            if not part:
                continue
            parts.append(part)
            size += len(part) + 1
            if size >= TEXT_MAX_CHARS:
                break
    except Unreadable:
        raise
    except Exception as exc:  # a broken or hostile file: no text, never a crashed job
        logger.info("No text read from a %s file: %s", kind, exc)
        raise Unreadable(kind) from exc
    return "\n".join(parts)[:TEXT_MAX_CHARS]


def _pdf(data: bytes):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:
            raise Unreadable("pdf") from exc
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            break
        yield page.extract_text() or ""


def _docx(data: bytes):
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise Unreadable("xlsx") from exc
    try:
        rows = 0
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                rows += 1
                if rows > MAX_SHEET_ROWS:
                    return
                yield " ".join(str(value) for value in row if value is not None)
    finally:
        workbook.close()


def _plain(data: bytes):
    yield data.decode("utf-8", errors="replace")
