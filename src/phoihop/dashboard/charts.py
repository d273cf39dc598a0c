"""Geometry of the dashboard's charts, drawn by the server as SVG (no chart library, no
script: the Content-Security-Policy allows neither inline styles nor inline script, ADR 0004).

Every coordinate leaves here as a string formatted with a dot, so no locale formatting in the
template can turn "12.5" into "12,5" (which SVG ignores: issue of the Vietnamese timeline).
"""

from dataclasses import dataclass


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Segment:
    label: str
    count: int
    style: str
    url: str
    x: str  # percent of the bar's width
    width: str


def stacked_bar(parts: list[dict]) -> list[Segment]:
    """One 100 % bar split by `parts` ({label, count, style, url}); empty parts drawn as nothing."""
    total = sum(part["count"] for part in parts)
    segments, left = [], 0.0
    for part in parts:
        width = 100 * part["count"] / total if total else 0.0
        segments.append(
            Segment(
                part["label"], part["count"], part["style"], part["url"], _num(left), _num(width)
            )
        )
        left += width
    return segments


def share(value: float, largest: float) -> str:
    """`value` as a bar width in percent of `largest`."""
    return _num(100 * value / largest if largest else 0)


def bar_widths(rows: list[dict]) -> list[dict]:
    """Each row's `count` as a bar width in percent of the largest (the largest fills the row)."""
    largest = max((row["count"] for row in rows), default=0)
    return [row | {"width": share(row["count"], largest)} for row in rows]


# The line chart's drawing box (SVG user units); the SVG scales it to the card's width.
LINE_WIDTH, LINE_HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 24, 12, 34


@dataclass(frozen=True)
class Point:
    month: str  # "07/2026"
    short: str  # "7/26", the axis label
    minor: bool  # every other label, left out on a phone where they would overlap
    rate: int | None
    due: int
    on_time: int
    url: str
    x: str
    y: str


def rate_line(months: list[dict]) -> dict:
    """Points of the on-time rate per month (0-100 %) and the polylines through them; a month
    with no deadline has no point and breaks the line rather than drawing a false 0 %."""
    span_x = LINE_WIDTH - LEFT - RIGHT
    span_y = LINE_HEIGHT - TOP - BOTTOM
    step = span_x / max(len(months) - 1, 1)
    points, runs, run = [], [], []
    for index, month in enumerate(months):
        x = LEFT + index * step
        rate = month["rate"]
        y = TOP + span_y * (1 - rate / 100) if rate is not None else TOP + span_y
        point = Point(
            month=month["month"].strftime("%m/%Y"),
            short=f"{month['month'].month}/{month['month'].strftime('%y')}",
            minor=(len(months) - 1 - index) % 2 == 1,
            rate=rate,
            due=month["due"],
            on_time=month["on_time"],
            url=month["url"],
            x=_num(x),
            y=_num(y),
        )
        points.append(point)
        if rate is None:
            runs.append(run)
            run = []
        else:
            run.append(f"{point.x},{point.y}")
    runs.append(run)
    gridlines = [
        {"label": f"{value}%", "y": _num(TOP + span_y * (1 - value / 100))}
        for value in (0, 50, 100)
    ]
    return {
        "points": points,
        "polylines": [" ".join(r) for r in runs if len(r) > 1],
        "gridlines": gridlines,
        "view_box": f"0 0 {LINE_WIDTH} {LINE_HEIGHT}",
        "axis_y": _num(LINE_HEIGHT - BOTTOM + 20),
        "left": _num(LEFT),
        "right": _num(LINE_WIDTH - RIGHT),
        "has_data": any(p.rate is not None for p in points),
    }
