"""Small real files with Vietnamese text (PDF through fpdf2 with the DejaVu font, DOCX through
python-docx, XLSX through openpyxl), made in code, and library items made by the service."""

import datetime
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.library import services
from phoihop.library.models import Item
from tests.factories import system_admin

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

OUTLINE_TEXT = (
    "ĐỀ CƯƠNG TUYÊN TRUYỀN kỷ niệm 80 năm Ngày Tổng tuyển cử đầu tiên bầu Quốc hội Việt Nam. "
    "Phần I: Ý nghĩa lịch sử. Phần II: Thành tựu xây dựng Nhà nước pháp quyền xã hội chủ nghĩa. "
    "Hướng dẫn báo cáo viên nêu gương người tốt việc tốt ở cơ sở."
)


def pdf_bytes(text: str = OUTLINE_TEXT) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def make_item(organization, *, by=None, file=None, **overrides) -> Item:
    """An outline owned by `organization`, with a small PDF unless `file` is given (False: none,
    for a link)."""
    if file is None:
        file = upload("De cuong tuyen truyen.pdf", pdf_bytes())
    arguments = {
        "kind": Item.Kind.OUTLINE,
        "title": "Đề cương tuyên truyền kỷ niệm 80 năm Ngày Tổng tuyển cử",
        "published_on": datetime.date(2025, 12, 20),
        "access": Item.Access.SIGNED_IN,
        "publisher": "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
    }
    arguments |= overrides
    return services.create_item(
        organization=organization, file=file or None, by=by or system_admin(), **arguments
    )
