"""The pivot page (issue 16, item 7): what a user chooses (indicators, an area, periods, the
structure's date) and what the page shows of it (one table and two charts per indicator, the
tile map of the provinces), and its .xlsx export. The figures come from `reporting.analytics`.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from phoihop.core import periods
from phoihop.core.periods import Period
from phoihop.core.spreadsheets import append_row
from phoihop.org.models import Area

from . import analytics, charts
from .checks import format_number
from .models import Indicator
from .permissions import analytics_provinces

MAX_INDICATORS = 5
MAX_YEARS = 20
KIND_LABELS = {
    "month": _("Tháng"),
    "quarter": _("Quý"),
    "half": _("6 tháng"),
    "nine_months": _("9 tháng"),
    "year": _("Năm"),
}
CALENDAR_LABELS = {
    periods.ND09: _("Theo Nghị định 09 (chốt số liệu ngày 14)"),
    periods.CALENDAR: _("Theo năm dương lịch"),
}


@dataclass
class Choice:
    """What the page shows, once the form is read (defaults for what was not chosen)."""

    indicators: list[Indicator]
    area: Area | None  # None: the country, by province
    periods: list[Period]
    as_of: datetime.date
    kind: str
    calendar: str
    year_from: int
    year_to: int
    errors: list[str] = field(default_factory=list)

    def query(self, **changes) -> str:
        """The page's query string, with `changes` (e.g. area=<id> for a drill-down)."""
        from urllib.parse import urlencode

        values = {
            "indicators": [i.pk for i in self.indicators],
            "area": self.area.pk if self.area else "",
            "kind": self.kind,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "calendar": self.calendar,
            "as_of": self.as_of.isoformat(),
        } | changes
        return urlencode(values, doseq=True)


def read_choice(form) -> Choice:
    """What a bound `forms.PivotForm` asks for, with defaults."""
    data = form.valid_data()
    today = timezone.localdate()
    year_to = data.get("year_to") or data.get("year_from") or today.year
    year_from = data.get("year_from") or year_to
    if year_to < year_from or year_to - year_from >= MAX_YEARS:
        year_from = year_to
    kind = data.get("kind") or "month"
    calendar = data.get("calendar") or periods.ND09
    area_id = data.get("area")
    area = next((p for p in form.provinces if p.pk == area_id), None)
    if area is None and analytics_provinces(form.user) is not None and form.provinces:
        area = form.provinces[0]  # an official reads their own province, not the country
    return Choice(
        indicators=data.get("indicators") or [],
        area=area,
        periods=[
            p
            for year in range(year_from, year_to + 1)
            for p in Period.of_year(year, kind, calendar)
        ],
        as_of=form.as_of,
        kind=kind,
        calendar=calendar,
        year_from=year_from,
        year_to=year_to,
    )


# What the page shows ----------------------------------------------------------------------------


@dataclass
class Row:
    area: Area
    cells: list[str]  # formatted figures, per period
    values: list  # the figures themselves (export)
    drill_query: str = ""  # the query of its own breakdown, for a province


@dataclass
class Table:
    indicator: Indicator
    rows: list[Row]
    total: Row | None
    line: dict
    bars: dict
    bars_period: Period | None
    tiles: dict | None = None


def _shown(value) -> str:
    if value is None:
        return "—"
    return format_number(value) if isinstance(value, Decimal) else str(value)


def _short(period: Period) -> str:
    if period.kind == "month":
        return f"{period.index}/{period.year % 100:02d}"
    if period.kind == "year":
        return str(period.year)
    return period.code[2:]


def tables(choice: Choice) -> tuple[list[Area], list[Table]]:
    """The areas shown (the provinces, or a province's communes) and one table per indicator."""
    if not choice.indicators:
        return [], []
    if choice.area is None:
        areas = analytics.provinces(choice.as_of)
    else:
        areas = analytics.breakdown([choice.area], Area.Level.COMMUNE, choice.as_of)
    analytics.check_size(len(areas), len(choice.periods))
    history = analytics.History(choice.as_of)
    result = []
    for indicator in choice.indicators:
        series = analytics.series(  # cells: the total row adds them up
            indicator, areas, choice.periods, as_of=choice.as_of, history=history, cells=True
        )
        result.append(_table(choice, series))
    return areas, result


def _table(choice: Choice, series: analytics.Series) -> Table:
    codes = [p.code for p in choice.periods]
    rows = []
    for area in series.areas:
        values = [series.value(area.pk, code) for code in codes]
        drill = choice.query(area=area.pk) if area.level == Area.Level.PROVINCE else ""
        rows.append(Row(area, [_shown(v) for v in values], values, drill))
    totals = [series.total_value(code) for code in codes]
    total = Row(choice.area, [_shown(v) for v in totals], totals) if len(rows) > 1 else None
    line_values = totals if total else (rows[0].values if rows else [])
    line = charts.line_chart(
        [(p.title, _short(p), v) for p, v in zip(choice.periods, line_values, strict=False)]
    )
    last = next(
        (i for i in range(len(codes) - 1, -1, -1) if any(r.values[i] is not None for r in rows)),
        None,
    )
    bars = charts.bar_chart(
        [(row.area.short_name, row.values[last]) for row in rows] if last is not None else []
    )
    table = Table(
        series.indicator,
        rows,
        total,
        line,
        bars,
        choice.periods[last] if last is not None else None,
    )
    if choice.area is None and last is not None:
        table.tiles = charts.tile_map(
            [r.area for r in rows],
            {r.area.pk: r.values[last] for r in rows},
            {r.area.pk: r.drill_query for r in rows},
        )
    return table


# The export -------------------------------------------------------------------------------------


def export(choice: Choice, shown: list[Table]) -> bytes:
    """One sheet per indicator: the areas down, the periods across, the total last."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    where = choice.area.name if choice.area else _t("Toàn quốc")
    for table in shown:
        sheet = workbook.create_sheet(_sheet_title(table.indicator.code, workbook))
        indicator = table.indicator
        append_row(sheet, [f"{indicator.code} — {indicator.name}"])
        append_row(
            sheet,
            [
                _t("Đơn vị tính: %(unit)s · Cách tổng hợp: %(how)s")
                % {"unit": indicator.unit or "—", "how": indicator.get_aggregation_display()}
            ],
        )
        append_row(
            sheet,
            [
                _t("%(where)s, cơ cấu địa bàn ngày %(day)s")
                % {"where": where, "day": choice.as_of.strftime("%d/%m/%Y")}
            ],
        )
        append_row(sheet, [])
        append_row(sheet, [_t("Mã"), _t("Địa bàn"), *[p.title for p in choice.periods]])
        for row in table.rows:
            append_row(
                sheet, [row.area.code, row.area.name, *map(analytics.plain_number, row.values)]
            )
        if table.total:
            append_row(sheet, ["", _t("Tổng"), *map(analytics.plain_number, table.total.values)])
    if not shown:
        workbook.create_sheet(_t("Trống"))
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _sheet_title(code: str, workbook) -> str:
    title = "".join(c for c in code if c not in "[]:*?/\\")[:31] or "Sheet"
    base, n = title, 2
    while title in workbook.sheetnames:
        title = f"{base[:28]}-{n}"
        n += 1
    return title
