"""A case list to .xlsx: the filtered list as the page shows it, every page, through
`core.spreadsheets.append_row`. The citizen's identity is never in it: the export is a list of
cases (their text columns, agencies and dates), and contact details live in `Citizen` rows
that it does not read (ADR 0020)."""

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from phoihop.core.choices import choice_label
from phoihop.core.spreadsheets import export_list

from .models import BUCKET_FILTER_LABELS, Case, CaseParticipant, Channel, Kind

MAX_EXPORT_ROWS = 50000
CHUNK = 1000

# (header, width); the dates are columns 8 to 11 (H to K).
COLUMNS = (
    ("STT", 6),
    ("Số vụ việc", 16),
    ("Tiêu đề", 50),
    ("Loại", 18),
    ("Lĩnh vực", 22),
    ("Địa bàn", 28),
    ("Kênh tiếp nhận", 24),
    ("Ngày tiếp nhận", 14),
    ("Hạn trả lời", 14),
    ("Hạn sau gia hạn", 14),
    ("Ngày trả lời", 14),
    ("Tình trạng", 24),
    ("Hạn xử lý", 24),
    ("Điểm nóng", 10),
    ("Đơn vị tiếp nhận", 32),
    ("Đơn vị chủ trì", 32),
    ("Đơn vị phối hợp", 40),
)
DATE_COLUMNS = (8, 9, 10, 11)


def _rows(cases):
    """The cases with what a row prints, CHUNK at a time (the participants of a chunk in one
    query; the channels are on the case's row)."""
    base = (
        cases.with_bucket()
        .select_related("field", "area", "department", "lead_organization")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.filter(role=CaseParticipant.Role.CO)
                .select_related("organization")
                .order_by("id"),
                to_attr="co_parts",
            ),
        )
    )
    return base[:MAX_EXPORT_ROWS].iterator(chunk_size=CHUNK)


def _channels(case: Case) -> str:
    return "; ".join(
        str(label) for value, label in Channel.choices if case.channels & Channel.bit(value)
    )


def _row(number: int, case: Case) -> list[Any]:
    return [
        number,
        case.number,
        case.title,
        choice_label(Kind, case.kind),
        case.field.name if case.field_id else "",
        case.area.name if case.area_id else "",
        _channels(case),
        case.received_on,
        case.deadline,
        case.extended_deadline,
        case.completed_on,
        case.get_status_display(),
        str(BUCKET_FILTER_LABELS[case.bucket]),
        _("Có") if case.hot_spot else "",
        case.department.name,
        case.lead_organization.name if case.lead_organization_id else "",
        "; ".join(p.organization.name for p in case.co_parts),
    ]


def export_cases(cases, *, title: str) -> bytes:
    """An .xlsx of `cases` (a queryset already limited to what the user may see, in the list's
    order), at most MAX_EXPORT_ROWS of them (said in the sheet when cut)."""
    return export_list(
        sheet_title="Vụ việc",
        title=title,
        columns=list(COLUMNS),
        rows=(_row(number, case) for number, case in enumerate(_rows(cases), start=1)),
        limit=MAX_EXPORT_ROWS,
        cut_message=_("Chỉ xuất %(n)s vụ việc đầu tiên; hãy lọc hẹp hơn.") % {"n": MAX_EXPORT_ROWS},
        date_columns=DATE_COLUMNS,
    )
