"""GET /search: the same search as the page, with the same visibility rules."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as SchemaError

from phoihop.core import search as core_search
from phoihop.core.api import ErrorOut, InputSchema

router = Router(tags=["search"])


class SearchHitOut(Schema):
    type: str = Field(..., description="Loại đối tượng: area, organization, person, …")
    id: int
    title: str
    subtitle: str
    label: str = Field(..., description="Tên loại đối tượng, bằng tiếng Việt.")
    url: str


class SearchOut(Schema):
    count: int = Field(..., description="Số kết quả trả về (tối đa `limit`).")
    items: list[SearchHitOut]


class SearchParams(InputSchema):
    q: str = Field(..., min_length=1, max_length=200, description="Từ khóa, có dấu hoặc không.")
    kind: str | None = Field(None, description="Chỉ tìm một loại đối tượng.")
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/search",
    response={200: SearchOut, 401: ErrorOut, 422: ErrorOut},
    summary="Tìm địa bàn, tổ chức, cán bộ…",
)
def search(request, params: Query[SearchParams]):
    kinds = {entry.kind for entry in core_search.registered_kinds()}
    if params.kind is not None and params.kind not in kinds:
        raise SchemaError(
            [
                {
                    "loc": ["query", "kind"],
                    "msg": _("Loại không hợp lệ; chọn một trong: %(kinds)s.")
                    % {"kinds": ", ".join(sorted(kinds))},
                }
            ]
        )
    hits = core_search.search(
        request.auth,
        params.q,
        kinds=[params.kind] if params.kind else None,
        limit=params.limit,
    )
    items = [
        {
            "type": hit.kind,
            "id": hit.id,
            "title": hit.title,
            "subtitle": hit.subtitle,
            "label": hit.label,
            "url": hit.url,
        }
        for hit in hits
    ]
    return {"count": len(items), "items": items}
