"""Tasks to .xlsx with Vietnamese headers: any task list (a plan, or a filtered list), and the
empty template a plan's import reads back (plans.imports)."""

import datetime
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phoihop.core.spreadsheets import append_row, export_list
from phoihop.core.text import fold

from .models import BUCKET_FILTER_LABELS, Plan, Task, TaskParticipant
from .selectors import for_list

MAX_IMPORT_ROWS = 5000
MAX_EXPORT_ROWS = 50000
HEADER_SEARCH_LINES = 10

# Column keys and their Vietnamese headers, in export order.
COLUMNS = [
    ("number", "STT"),
    ("title", "Nhiệm vụ"),
    ("description", "Nội dung, yêu cầu"),
    ("field", "Lĩnh vực"),
    ("lead", "Đơn vị chủ trì"),
    ("co", "Đơn vị phối hợp"),
    ("deadline", "Hạn hoàn thành"),
    ("extended", "Hạn sau gia hạn"),
    ("completed", "Ngày hoàn thành"),
    ("bucket", "Tình trạng"),
    ("progress", "Tiến độ chủ trì (%)"),
    ("plan", "Kế hoạch"),
    ("exception", "Lý do ngoại lệ"),
]
EXPORT_WIDTHS = [6, 50, 50, 22, 28, 40, 14, 14, 14, 24, 12, 40, 30]  # of COLUMNS, in order
REQUIRED_COLUMNS = {"title", "lead", "deadline"}
HEADER_KEYS = {fold(header): key for key, header in COLUMNS}
CO_SEPARATORS = (";", "\n")


def header_of(key: str) -> str:
    return dict(COLUMNS)[key]


# Export -----------------------------------------------------------------------------------------


def _participants_text(task: Task) -> tuple[str, str]:
    participants = list(task.participants.all())
    lead = next((p for p in participants if p.role == TaskParticipant.Role.LEAD), None)
    co = "; ".join(
        (p.organization.identifier or p.organization.name)
        for p in participants
        if p.role == TaskParticipant.Role.CO
    )
    lead_text = (lead.organization.identifier or lead.organization.name) if lead else ""
    return lead_text, co


def _row(number: int, task: Task) -> list[Any]:
    lead, co = _participants_text(task)
    lead_participant = next((p for p in task.participants.all() if p.role == "lead"), None)
    exception = "\n".join(x for x in (task.deadline_exception, task.outside_parties_reason) if x)
    return [
        number,
        task.title,
        task.description,
        task.field.name if task.field_id else "",
        lead,
        co,
        task.deadline,
        task.extended_deadline,
        task.completed_on,
        str(BUCKET_FILTER_LABELS[task.bucket]),
        lead_participant.progress if lead_participant else 0,
        task.plan.title,
        exception,
    ]


def export_tasks(tasks, *, title: str) -> bytes:
    """An .xlsx of `tasks` (a queryset already limited to what the user may see)."""
    rows = for_list(tasks.with_bucket()).order_by("effective_deadline", "id")
    return export_list(
        sheet_title="Nhiệm vụ",
        title=title,
        columns=list(zip([header for _key, header in COLUMNS], EXPORT_WIDTHS, strict=True)),
        rows=(
            _row(number, task)
            for number, task in enumerate(rows[:MAX_EXPORT_ROWS].iterator(chunk_size=1000), start=1)
        ),
        limit=MAX_EXPORT_ROWS,
        cut_message=_("Chỉ xuất %(n)s nhiệm vụ đầu tiên; hãy lọc hẹp hơn.")
        % {"n": MAX_EXPORT_ROWS},
        date_columns=(7, 8, 9),
    )


def template_workbook(plan: Plan) -> bytes:
    """An empty workbook with the import headers and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    keys = ["title", "description", "field", "lead", "co", "deadline", "exception"]
    append_row(sheet, [header_of(k) for k in keys])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    append_row(
        sheet,
        [
            "Tuyên truyền Luật Phòng bệnh",
            "Tổ chức hội nghị báo cáo viên, đăng tải tin bài",
            "Y tế",
            "38.SYT",
            "38.SGDDT; 38.SVHTTDL",
            datetime.date(plan.year, 6, 30),
            "",
        ],
    )
    sheet["F2"].number_format = "DD/MM/YYYY"
    for index, width in enumerate([50, 50, 22, 24, 40, 16, 30], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
