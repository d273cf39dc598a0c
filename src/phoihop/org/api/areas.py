"""GET /api/v1/areas and /api/v1/areas/{id}: administrative areas as of a date, with history."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

from phoihop.core.api import DEFAULT_PAGE_SIZE, ErrorOut, InputSchema, paginate
from phoihop.core.validation import date_problem

from .. import areas, selectors
from ..models import Area

router = Router(tags=["areas"])


class AreaOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    type: str
    level: str
    parent_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor_ids: list[int]
    url: str


class AreaListOut(Schema):
    count: int
    items: list[AreaOut]


class AreaRefOut(Schema):
    id: int
    code: str
    name: str
    level: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    url: str


class AreaDetailOut(AreaOut):
    parent: AreaRefOut | None
    predecessors: list[AreaRefOut]
    successors: list[AreaRefOut]


def _ref(area: Area) -> dict:
    return {
        "id": area.pk,
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "valid_from": area.valid_from,
        "valid_to": area.valid_to,
        "url": area.get_absolute_url(),
    }


def _item(area: Area) -> dict:
    """Needs `successor_list` (selectors.attach_successors)."""
    return {
        **_ref(area),
        "short_name": area.short_name,
        "type": area.type,
        "parent_id": area.parent_id,
        "successor_ids": [successor.pk for successor in area.successor_list],
    }


class AreaFilters(InputSchema):
    level: str | None = Field(None, description="Cấp: province, district hoặc commune")
    parent: int | None = Field(None, description="id của địa bàn cấp trên")
    at: str | None = Field(None, description="Ngày xem (YYYY-MM-DD), mặc định hôm nay")
    q: str = Field("", description="Tên (có dấu hoặc không dấu) hoặc phần đầu của mã")
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def _checked_filters(level: str | None, at: str | None) -> tuple[str | None, datetime.date]:
    """Vietnamese field errors, answered by core.api as 422 {"detail", "errors"}."""
    errors = []
    if level and level not in Area.Level.values:
        allowed = ", ".join(Area.Level.values)
        errors.append({"loc": ["query", "level"], "msg": f"Cấp không hợp lệ; dùng: {allowed}."})
    date = timezone.localdate()
    if at:
        date = areas.parse_date(at)
        if date is None:
            errors.append(
                {"loc": ["query", "at"], "msg": "Ngày không hợp lệ; dùng dạng YYYY-MM-DD."}
            )
        elif problem := date_problem(date):
            errors.append({"loc": ["query", "at"], "msg": problem})
    if errors:
        raise NinjaValidationError(errors)
    return level or None, date


@router.get(
    "/areas",
    response={200: AreaListOut, 401: ErrorOut, 422: ErrorOut},
    summary="Danh sách địa bàn có hiệu lực tại một ngày",
)
def list_areas(request, filters: Query[AreaFilters]):
    """Areas in force on `at`, by code. Old areas (before 1-7-2025) appear for earlier dates."""
    level, date = _checked_filters(filters.level, filters.at)
    in_force = selectors.areas_on(request.user, date, level=level, parent_id=filters.parent)
    rows = areas.filter_text(in_force, filters.q[:100])
    return paginate(
        rows, filters.page, filters.page_size, serialize=_item, prepare=selectors.attach_successors
    )


@router.get(
    "/areas/{int:area_id}",
    response={200: AreaDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="Một địa bàn, với địa bàn tiền thân và kế thừa",
)
def get_area(request, area_id: int):
    area = get_object_or_404(
        Area.objects.visible_to(request.user)
        .select_related("parent")
        .prefetch_related("successors", "predecessors"),
        pk=area_id,
    )
    successors = area.successor_list = sorted(area.successors.all(), key=lambda a: a.code)
    predecessors = sorted(area.predecessors.all(), key=lambda a: a.code)
    return {
        **_item(area),
        "parent": _ref(area.parent) if area.parent else None,
        "predecessors": [_ref(a) for a in predecessors],
        "successors": [_ref(a) for a in successors],
    }
