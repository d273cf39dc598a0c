"""/api/v1/library/…: the items a caller may read (the same `visible_to` as the pages), one
item, a change of who may read it (audited, through the service), and the public listing that
needs no sign-in."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from phoihop.core.api import ErrorOut, InputSchema, PageParams, one_of, paginate
from phoihop.org.models import Membership, Organization

from . import selectors, services
from .models import Item

router = Router(tags=["library"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    organization: str
    publisher: str
    edition: str
    published_on: datetime.date
    tags: list[str]
    access: str
    link: str
    view_count: int
    download_count: int
    file_url: str | None
    url: str


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


class PublicItemOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    organization: str
    publisher: str
    edition: str
    published_on: datetime.date
    link: str
    url: str


class PublicItemPage(Schema):
    count: int
    items: list[PublicItemOut]


class ItemParams(PageParams):
    q: str | None = Field(None, max_length=200, description="Từ khóa, có dấu hoặc không dấu")
    kind: one_of(*Item.Kind.values) | None = None
    access: one_of(*Item.Access.values) | None = None
    field: int | None = Field(None, description="id của lĩnh vực")
    collection: int | None = Field(None, description="id của bộ sưu tập")
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None


class PublicParams(PageParams):
    q: str | None = Field(None, max_length=200, description="Từ khóa, có dấu hoặc không dấu")
    kind: one_of(*Item.Kind.values) | None = None


class AccessIn(InputSchema):
    access: one_of(*Item.Access.values)
    audience_organizations: list[int] = Field(
        default_factory=list, max_length=100, description="id của các tổ chức được xem"
    )
    audience_roles: list[one_of(*Membership.Role.values)] = Field(
        default_factory=list, max_length=10
    )


def item_out(item: Item) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "summary": item.summary,
        "organization": item.organization.name,
        "publisher": item.publisher,
        "edition": item.edition,
        "published_on": item.published_on,
        "tags": item.tag_list(),
        "access": item.access,
        "link": item.link,
        "view_count": item.view_count,
        "download_count": item.download_count,
        "file_url": item.current_version.get_download_url() if item.current_version_id else None,
        "url": item.get_absolute_url(),
    }


def public_item_out(item: Item) -> dict:
    return {
        key: value for key, value in item_out(item).items() if key in PublicItemOut.model_fields
    }


def _filters(params) -> dict:
    return {
        key: getattr(params, key, None)
        for key in ("q", "kind", "access", "field", "collection", "published_from", "published_to")
    }


@router.get("/library/items", response={200: ItemPage, **ERRORS})
def list_items(request, params: Query[ItemParams]):
    """Items the caller may read, newest first (best match first with `q`, which searches the
    files' text too)."""
    items = selectors.items_for(request.user, _filters(params))
    return paginate(items, params.page, params.page_size, serialize=item_out)


@router.get("/library/items/{int:item_id}", response={200: ItemOut, **ERRORS})
def get_item(request, item_id: int):
    item = selectors.item_for_page(request.user, item_id)
    if item is None:
        raise Http404
    return item_out(item)


@router.put("/library/items/{int:item_id}/access", response={200: ItemOut, **ERRORS})
def set_access(request, item_id: int, payload: AccessIn):
    """Change who may read an item (audited); its pages and file follow at once."""
    item = get_object_or_404(selectors.items_for(request.user), pk=item_id)
    organizations = list(
        Organization.objects.visible_to(request.user).filter(pk__in=payload.audience_organizations)
    )
    saved = services.update_item(
        item=item,
        organization=item.organization,
        kind=item.kind,
        title=item.title,
        summary=item.summary,
        fields=list(item.fields.all()),
        tags=item.tags,
        directive=item.directive,
        publisher=item.publisher,
        edition=item.edition,
        published_on=item.published_on,
        link=item.link,
        access=payload.access,
        audience_organizations=organizations,
        audience_roles=payload.audience_roles,
        by=request.user,
    )
    return item_out(selectors.item_for_page(request.user, saved.pk) or saved)


@router.get("/library/public-items", response={200: PublicItemPage, **ERRORS}, auth=None)
def list_public_items(request, params: Query[PublicParams]):
    """The public items, for anyone (no sign-in, read-only)."""
    filters = {"q": params.q, "kind": params.kind, "access": Item.Access.PUBLIC}
    items = selectors.items_for(request.user, filters)
    return paginate(items, params.page, params.page_size, serialize=public_item_out)
