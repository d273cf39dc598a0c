"""The pivot page's pictures, drawn by the server as SVG: a line over time, bars across units and
a tile map of the 34 provinces (no chart library, no map tiles, nothing downloaded; the
Content-Security-Policy allows no inline style or script, so colours are classes and positions
are SVG attributes, ADR 0004).

Coordinates leave here as strings with a dot ("12.5"), so no locale formatting in a template
turns them into "12,5", which SVG ignores. The geometry follows the dashboard's charts.
"""

from dataclasses import dataclass
from decimal import Decimal

from .checks import format_number


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Line over time -------------------------------------------------------------------------------

LINE_WIDTH, LINE_HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 12, 34


@dataclass(frozen=True)
class LinePoint:
    label: str  # the period's title, in the point's tooltip
    short: str  # the axis label
    minor: bool  # every other label, hidden on a phone
    value: str  # formatted, "" when none
    x: str
    y: str | None  # None: no figure, no point


def line_chart(
    points: list[tuple[str, str, Decimal | None]], *, scale_to: Decimal | None = None
) -> dict:
    """(title, short label, value) per period → the points, the polylines through them (a
    period without a figure breaks the line rather than drawing a false zero), three gridlines.
    `scale_to`: a value the scale must reach too (two series drawn on one scale)."""
    numbers = [float(v) for _t, _s, v in points if isinstance(v, Decimal)]
    scale = [float(scale_to)] if scale_to is not None else []
    low, high = min([0.0, *numbers, *scale]), max([0.0, *numbers, *scale])
    if high == low:
        high = low + 1
    span_x, span_y = LINE_WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    step = span_x / max(len(points) - 1, 1)

    def y_of(number: float) -> float:
        return TOP + span_y * (1 - (number - low) / (high - low))

    drawn, runs, run = [], [], []
    for index, (title, short, value) in enumerate(points):
        x = LEFT + index * step if len(points) > 1 else LEFT + span_x / 2
        y = _num(y_of(float(value))) if isinstance(value, Decimal) else None
        drawn.append(
            LinePoint(
                label=title,
                short=short,
                minor=(len(points) - 1 - index) % 2 == 1,
                value=format_number(value) if isinstance(value, Decimal) else "",
                x=_num(x),
                y=y,
            )
        )
        if y is None:
            runs.append(run)
            run = []
        else:
            run.append(f"{_num(x)},{y}")
    runs.append(run)
    ticks = [low, (low + high) / 2, high]
    return {
        "points": drawn,
        "polylines": [" ".join(r) for r in runs if len(r) > 1],
        "gridlines": [
            {"label": format_number(Decimal(str(round(t, 2)))), "y": _num(y_of(t))} for t in ticks
        ],
        "view_box": f"0 0 {LINE_WIDTH} {LINE_HEIGHT}",
        "axis_y": _num(LINE_HEIGHT - BOTTOM + 20),
        "left": _num(LEFT),
        "right": _num(LINE_WIDTH - RIGHT),
        "has_data": bool(numbers),
        "crowded": len(points) > 24,  # too many labels: show every other one everywhere
    }


# Bars across units ----------------------------------------------------------------------------

BAR_WIDTH, BAR_ROW, BAR_LABEL, BAR_VALUE = 640, 24, 210, 90
MAX_BARS = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: str
    text_y: str
    width: str


def bar_chart(rows: list[tuple[str, Decimal | None]]) -> dict:
    """Horizontal bars of the units with a figure, largest first, at most MAX_BARS; a
    negative figure is written but not drawn."""
    given = sorted(
        ((label, value) for label, value in rows if isinstance(value, Decimal)),
        key=lambda row: row[1],
        reverse=True,
    )
    shown = given[:MAX_BARS]
    largest = max((float(v) for _l, v in shown), default=0.0)
    span = BAR_WIDTH - BAR_LABEL - BAR_VALUE
    bars = []
    for index, (label, value) in enumerate(shown):
        width = span * float(value) / largest if largest > 0 and value > 0 else 0
        bars.append(
            Bar(
                label=label if len(label) <= 32 else label[:31] + "…",
                value=format_number(value),
                y=_num(index * BAR_ROW + 4),
                text_y=_num(index * BAR_ROW + 17),
                width=_num(width),
            )
        )
    return {
        "bars": bars,
        "view_box": f"0 0 {BAR_WIDTH} {max(len(bars), 1) * BAR_ROW + 4}",
        "label_right": _num(BAR_LABEL - 8),
        "bar_left": _num(BAR_LABEL),
        "value_x": _num(BAR_LABEL + 6),
        "left_out": len(given) - len(shown),
    }


# The tile map of the 34 provinces -------------------------------------------------------------

TILE, GAP = 86, 4
# (column, row) of each province since 1-7-2025, by its code: roughly where it lies, north at
# the top, the coast on the right.
TILES = {
    "12": (1, 0),  # Lai Châu
    "15": (2, 0),  # Lào Cai
    "08": (3, 0),  # Tuyên Quang
    "04": (4, 0),  # Cao Bằng
    "11": (0, 1),  # Điện Biên
    "14": (1, 1),  # Sơn La
    "25": (2, 1),  # Phú Thọ
    "19": (3, 1),  # Thái Nguyên
    "20": (4, 1),  # Lạng Sơn
    "01": (2, 2),  # Hà Nội
    "24": (3, 2),  # Bắc Ninh
    "22": (4, 2),  # Quảng Ninh
    "37": (2, 3),  # Ninh Bình
    "33": (3, 3),  # Hưng Yên
    "31": (4, 3),  # Hải Phòng
    "38": (2, 4),  # Thanh Hóa
    "40": (2, 5),  # Nghệ An
    "42": (3, 5),  # Hà Tĩnh
    "44": (3, 6),  # Quảng Trị
    "46": (4, 6),  # Huế
    "48": (4, 7),  # Đà Nẵng
    "51": (4, 8),  # Quảng Ngãi
    "52": (4, 9),  # Gia Lai
    "66": (4, 10),  # Đắk Lắk
    "68": (3, 11),  # Lâm Đồng
    "56": (4, 11),  # Khánh Hòa
    "80": (1, 12),  # Tây Ninh
    "75": (2, 12),  # Đồng Nai
    "79": (3, 12),  # Hồ Chí Minh
    "91": (0, 13),  # An Giang
    "82": (1, 13),  # Đồng Tháp
    "86": (2, 13),  # Vĩnh Long
    "96": (0, 14),  # Cà Mau
    "92": (1, 14),  # Cần Thơ
}
SHADES = 5
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Tile:
    area_id: int
    query: str  # the page's query for the province's communes
    name: str
    short: str
    value: str
    shade: str  # "0".."4", or "none"
    x: str
    y: str
    text_x: str
    name_y: str
    value_y: str


def tile_map(
    provinces: list, values: dict[int, Decimal | None], queries: dict[int, str]
) -> dict | None:
    """One square per province of the current structure, shaded in SHADES steps from the
    smallest figure to the largest, linking to `queries[province id]`; None when the
    provinces are not the 34 of the map."""
    placed = [p for p in provinces if p.code in TILES]
    if len(placed) != len(TILES):
        return None
    numbers = [v for v in values.values() if isinstance(v, Decimal)]
    low, high = (min(numbers), max(numbers)) if numbers else (Decimal(0), Decimal(0))
    tiles = []
    for province in placed:
        column, row = TILES[province.code]
        value = values.get(province.pk)
        if isinstance(value, Decimal):
            step = (value - low) / (high - low) if high > low else Decimal(1)
            shade = str(min(SHADES - 1, int(step * SHADES)))
        else:
            shade = "none"
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        tiles.append(
            Tile(
                area_id=province.pk,
                query=queries.get(province.pk, ""),
                name=province.name,
                short=province.short_name,
                value=format_number(value) if isinstance(value, Decimal) else "—",
                shade=shade,
                x=_num(x),
                y=_num(y),
                text_x=_num(x + TILE / 2),
                name_y=_num(y + TILE / 2 - 4),
                value_y=_num(y + TILE / 2 + 16),
            )
        )
    columns = 1 + max(c for c, _r in TILES.values())
    rows = 1 + max(r for _c, r in TILES.values())
    legend = [
        {"shade": str(i), "label": format_number((low + (high - low) * i / SHADES).quantize(CENT))}
        for i in range(SHADES)
    ]
    return {
        "tiles": tiles,
        "tile": TILE,
        "view_box": f"0 0 {columns * (TILE + GAP)} {rows * (TILE + GAP)}",
        "legend": legend if numbers else [],
    }
