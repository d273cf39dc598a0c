"""The newsroom's filtered stories to .xlsx: one row a story with its fields, provinces, counts,
first and last appearance and the address of its first article."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phoihop.core.spreadsheets import append_row

from .models import Article
from .selectors import cluster_rows

MAX_EXPORT_ROWS = 20_000
CHUNK = 500


def _first_urls(ids: list[int]) -> dict[int, str]:
    urls: dict[int, str] = {}
    articles = (
        Article.objects.filter(cluster_id__in=ids)
        .order_by("cluster_id", "published_at", "pk")
        .values_list("cluster_id", "url")
    )
    for cluster_id, url in articles:
        urls.setdefault(cluster_id, url)
    return urls


def export_clusters(clusters, *, title: str) -> bytes:
    """`clusters`: the newsroom's queryset, already limited to what the user may read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tin báo chí"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    at = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    append_row(sheet, [_("Xuất lúc %(at)s") % {"at": at}])
    append_row(
        sheet,
        [
            _("STT"), _("Câu chuyện"), _("Tiêu cực"), _("Lĩnh vực"), _("Tỉnh, thành phố"),
            _("Số bài"), _("Số nguồn"), _("Xuất hiện lần đầu"), _("Xuất hiện gần nhất"),
            _("Bài đầu tiên"),
        ],
    )  # fmt: skip
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    ids = list(clusters.values_list("pk", flat=True)[:MAX_EXPORT_ROWS])
    number = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        urls = _first_urls(chunk)
        for cluster in cluster_rows(chunk):
            number += 1
            append_row(
                sheet,
                [
                    number,
                    cluster.headline,
                    _("Có") if cluster.negative else "",
                    ", ".join(cluster.field_names),
                    ", ".join(cluster.province_names),
                    cluster.article_count,
                    cluster.source_count,
                    timezone.localtime(cluster.first_seen_at).replace(tzinfo=None),
                    timezone.localtime(cluster.last_seen_at).replace(tzinfo=None),
                    urls.get(cluster.pk, ""),
                ],
            )
    for index, width in enumerate([6, 60, 9, 30, 24, 8, 8, 17, 17, 50], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for column in ("H", "I"):
        for cell in sheet[column][3:]:
            cell.number_format = "DD/MM/YYYY HH:MM"
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
