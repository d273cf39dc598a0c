"""/api/v1/organizations: a thin sibling of the organisation pages.

Reads go through `visible_to` (outside the caller's scope is a 404), writes through the same
services as the UI (permissions, validation, audit, search). Field errors use the API's names
(`parent_id`, `area_id`, `successor_ids`), in the one error shape {"detail", "errors"}.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field as SchemaField

from phoihop.core import search
from phoihop.core.api import DEFAULT_PAGE_SIZE, ErrorOut, InputSchema, paginate

from .. import services
from ..models import Area, Field, Organization
from ..scope import holds_role
from ..selectors import filter_organizations

router = Router(tags=["organizations"])

# Service (model) field names → names used by this API.
API_FIELD_NAMES = {"parent": "parent_id", "area": "area_id", "successors": "successor_ids"}


class OrganizationOut(Schema):
    id: int
    name: str
    abbreviation: str
    identifier: str | None
    kind: str
    kind_label: str
    level: str
    level_label: str
    parent_id: int | None
    area_id: int | None
    area_code: str | None
    area_name: str | None
    fields: list[str] = SchemaField(description="Mã các lĩnh vực")
    email: str
    phone: str
    address: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successor_ids: list[int]
    archived_at: datetime.datetime | None
    depth: int
    url: str


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


class OrganizationFilters(InputSchema):
    kind: str | None = None
    level: str | None = None
    area: int | None = SchemaField(None, description="Id địa bàn (gồm cả các địa bàn trực thuộc)")
    parent: int | None = SchemaField(None, description="Id tổ chức cấp trên trực tiếp")
    field: str | None = SchemaField(None, description="Mã lĩnh vực")
    q: str | None = SchemaField(None, max_length=200, description="Từ khóa, có dấu hoặc không")
    at: datetime.date | None = SchemaField(
        None, description="Có hiệu lực tại ngày (mặc định hôm nay)"
    )
    include_archived: bool = False
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


class OrganizationIn(InputSchema):
    column_model = Organization

    name: str = SchemaField(max_length=255)
    abbreviation: str = SchemaField("", max_length=30)
    identifier: str | None = SchemaField(None, max_length=40)
    kind: str
    level: str
    parent_id: int | None = None
    area_id: int | None = None
    fields: list[str] = SchemaField(default_factory=list, description="Mã các lĩnh vực")
    email: str = SchemaField("", max_length=254)
    phone: str = SchemaField("", max_length=40)
    address: str = SchemaField("", max_length=300)
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    successor_ids: list[int] = SchemaField(default_factory=list)


class OrganizationPatch(InputSchema):
    """Only the keys sent are changed."""

    column_model = Organization

    name: str | None = SchemaField(None, max_length=255)
    abbreviation: str | None = SchemaField(None, max_length=30)
    identifier: str | None = SchemaField(None, max_length=40)
    kind: str | None = None
    level: str | None = None
    parent_id: int | None = None
    area_id: int | None = None
    fields: list[str] | None = None
    email: str | None = SchemaField(None, max_length=254)
    phone: str | None = SchemaField(None, max_length=40)
    address: str | None = SchemaField(None, max_length=300)
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    successor_ids: list[int] | None = None


class ArchiveIn(InputSchema):
    reason: str = SchemaField("", max_length=500)


# Reading --------------------------------------------------------------------------------------


def _visible(request):
    return Organization.objects.visible_to(request.user)


def _with_relations(queryset, request):
    visible_successors = _visible(request).only("pk").order_by("pk")
    return queryset.prefetch_related(
        "area",
        Prefetch("fields", queryset=Field.objects.only("code")),
        Prefetch("successors", queryset=visible_successors, to_attr="visible_successors"),
    )


def serialize(organization: Organization, user) -> dict[str, Any]:
    """The organisation as the API shows it to `user`: contact details only within their scope
    (the directory is wider, ADR 0010)."""
    area = organization.area
    contact = holds_role(user, organization)
    return {
        "id": organization.pk,
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "identifier": organization.identifier,
        "kind": organization.kind,
        "kind_label": str(organization.get_kind_display()),
        "level": organization.level,
        "level_label": str(organization.get_level_display()),
        "parent_id": organization.parent_id,
        "area_id": organization.area_id,
        "area_code": area.code if area else None,
        "area_name": area.name if area else None,
        "fields": [f.code for f in organization.fields.all()],
        "email": organization.email if contact else "",
        "phone": organization.phone if contact else "",
        "address": organization.address if contact else "",
        "valid_from": organization.valid_from,
        "valid_to": organization.valid_to,
        "successor_ids": [o.pk for o in getattr(organization, "visible_successors", [])],
        "archived_at": organization.archived_at,
        "depth": organization.depth,
        "url": organization.get_absolute_url(),
    }


@router.get("/organizations", response={200: OrganizationPage, 422: ErrorOut})
def list_organizations(request, filters: Query[OrganizationFilters]):
    """Organisations the caller may see, filtered; `{"count", "items"}`."""
    criteria = filters.dict()
    criteria["at"] = criteria["at"] or timezone.localdate()
    queryset = filter_organizations(_visible(request), **criteria).order_by("name", "pk")
    queryset = search.filter_text(queryset, filters.q or "", ranked=True)
    return paginate(
        _with_relations(queryset, request),
        filters.page,
        filters.page_size,
        serialize=lambda o: serialize(o, request.user),
    )


@router.get("/organizations/{int:organization_id}", response={200: OrganizationOut, 404: ErrorOut})
def get_organization(request, organization_id: int):
    return serialize(_get_visible(request, organization_id), request.user)


def _get_visible(request, organization_id: int) -> Organization:
    return get_object_or_404(_with_relations(_visible(request), request), pk=organization_id)


# Writing --------------------------------------------------------------------------------------


def _resolve(request, data: dict[str, Any], current: Organization | None) -> dict[str, Any]:
    """Turn API ids and codes into the objects the services take; unknown ones are 400s."""
    errors: dict[str, list[str]] = {}
    attrs = {k: v for k, v in data.items() if k in services.ORGANIZATION_FIELDS}
    if "parent_id" in data:
        attrs["parent"] = None
        if data["parent_id"] is not None:
            attrs["parent"] = _visible(request).filter(pk=data["parent_id"]).first()
            if attrs["parent"] is None:
                errors["parent_id"] = [_("Không tìm thấy tổ chức cấp trên.")]
    if "area_id" in data:
        attrs["area"] = _resolve_area(data["area_id"], current)
        if data["area_id"] is not None and attrs["area"] is None:
            errors["area_id"] = [_("Không có địa bàn hiện hành với id này.")]
    if data.get("fields") is not None:
        codes = list(dict.fromkeys(data["fields"]))
        found = list(Field.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {f.code for f in found})
        if unknown:
            errors["fields"] = [_("Không có lĩnh vực: %(codes)s.") % {"codes": ", ".join(unknown)}]
        attrs["fields"] = found
    if data.get("successor_ids") is not None:
        ids = list(dict.fromkeys(data["successor_ids"]))
        found = list(_visible(request).filter(pk__in=ids))
        if len(found) != len(ids):
            errors["successor_ids"] = [_("Không tìm thấy một số tổ chức kế thừa.")]
        attrs["successors"] = found + _hidden_successors(request, current)
    if attrs.get("email"):
        try:
            validate_email(attrs["email"])
        except ValidationError:
            errors["email"] = [_("Thư điện tử không hợp lệ.")]
    for key in ("abbreviation", "email", "phone", "address"):
        if key in attrs and attrs[key] is None:
            attrs[key] = ""
    if errors:
        raise ValidationError(errors)
    return attrs


def _resolve_area(area_id: int | None, current: Organization | None) -> Area | None:
    if area_id is None:
        return None
    if current is not None and current.area_id == area_id:
        return current.area
    return Area.objects.current().filter(pk=area_id).first()


def _hidden_successors(request, current: Organization | None) -> list[Organization]:
    """Successors the caller cannot see are kept when the list is replaced."""
    if current is None:
        return []
    return list(current.successors.exclude(pk__in=_visible(request).values("pk")))


def _api_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {API_FIELD_NAMES.get(name, name): errors for name, errors in exc.error_dict.items()}
    )


WRITE_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post("/organizations", response={201: OrganizationOut, **WRITE_RESPONSES})
def create_organization(request, payload: OrganizationIn):
    attrs = _resolve(request, payload.dict(), None)
    try:
        organization = services.create_organization(by=request.user, **attrs)
    except ValidationError as exc:
        raise _api_errors(exc) from exc
    return Status(201, serialize(_get_visible(request, organization.pk), request.user))


@router.patch(
    "/organizations/{int:organization_id}", response={200: OrganizationOut, **WRITE_RESPONSES}
)
def update_organization(request, organization_id: int, payload: OrganizationPatch):
    organization = _get_visible(request, organization_id)
    attrs = _resolve(request, payload.dict(exclude_unset=True), organization)
    try:
        services.update_organization(organization=organization, by=request.user, **attrs)
    except ValidationError as exc:
        raise _api_errors(exc) from exc
    return serialize(_get_visible(request, organization_id), request.user)


@router.post(
    "/organizations/{int:organization_id}/archive",
    response={200: OrganizationOut, **WRITE_RESPONSES},
)
def archive_organization(request, organization_id: int, payload: ArchiveIn | None = None):
    organization = _get_visible(request, organization_id)
    reason = payload.reason if payload else ""
    services.archive_organization(organization=organization, by=request.user, reason=reason)
    return serialize(_get_visible(request, organization_id), request.user)


@router.post(
    "/organizations/{int:organization_id}/restore",
    response={200: OrganizationOut, **WRITE_RESPONSES},
)
def restore_organization(request, organization_id: int):
    organization = _get_visible(request, organization_id)
    services.restore_organization(organization=organization, by=request.user)
    return serialize(_get_visible(request, organization_id), request.user)
