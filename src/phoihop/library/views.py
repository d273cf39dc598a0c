"""Pages of the materials library. Every read goes through `Item.objects.visible_to`: an item
out of the reader's access, or its file, is a 404 like a missing id."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import uploads
from phoihop.core.forms import call_service, submitted
from phoihop.core.pagination import paginate
from phoihop.core.services import deny_unless
from phoihop.directives.models import Document as Directive
from phoihop.org.models import Organization
from phoihop.org.views import suggestions

from . import selectors, services
from .forms import (
    CollectionForm,
    ItemFilterForm,
    ItemForm,
    NewItemForm,
    PublicFilterForm,
    VersionForm,
)
from .models import Item, Use, Version
from .permissions import can_edit_collection, can_edit_item, can_keep_library


@login_required
@require_GET
def item_list(request):
    collections = selectors.collections_for(request.user).order_by("-created_at")
    form = ItemFilterForm(request.GET or None, collections=collections)
    filters = form.valid_data() if request.GET else {}
    page_obj = selectors.page_of(request, selectors.items_for(request.user, filters))
    context = {
        "form": form,
        "page_obj": page_obj,
        "items": page_obj,
        "filtered": any(filters.values()),
        "can_keep": can_keep_library(request.user),
    }
    return render(request, "library/item_list.html", context)


@require_GET
def public_list(request):
    """The public items, for anyone (no sign-in): what a commune's officer or a citizen may
    read. Their files are downloaded after signing in, as every file."""
    form = PublicFilterForm(request.GET or None)
    filters = form.valid_data() if request.GET else {}
    items = selectors.items_for(request.user, filters | {"access": Item.Access.PUBLIC})
    page_obj = selectors.page_of(request, items)
    context = {
        "form": form,
        "page_obj": page_obj,
        "items": page_obj,
        "filtered": any(filters.values()),
    }
    return render(request, "library/public_list.html", context)


@login_required
@require_GET
def item_detail(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404
    if services.record_use(item=item, user=request.user, kind=Use.Kind.VIEW):
        item.view_count += 1  # this view, as the month's row below counts it
    context = {
        "item": item,
        "versions": list(item.versions.defer("text").order_by("-number")),
        "fields": list(item.fields.all()),
        "collections": list(selectors.collections_for(request.user).filter(items=item)),
        "monthly": selectors.monthly_uses(item, today=timezone.localdate()),
        "can_edit": can_edit_item(request.user, item),
        "audience": list(item.audience.select_related("organization"))
        if item.access == Item.Access.RESTRICTED
        else [],
    }
    return render(request, "library/item_detail.html", context)


def _download(request, item: Item, version: Version):
    response = uploads.file_response(version, "file")
    services.record_use(item=item, user=request.user, kind=Use.Kind.DOWNLOAD)
    return response


@login_required
@require_GET
def item_file(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if item is None or item.current_version is None:
        raise Http404
    return _download(request, item, item.current_version)


@login_required
@require_GET
def version_file(request, pk: int, number: int):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404
    version = get_object_or_404(Version.objects.defer("text"), item=item, number=number)
    return _download(request, item, version)


def _item_form(request, form_class, item: Item | None):
    owners = selectors.owners_for(request.user)
    audiences = Organization.objects.visible_to(request.user)
    target = suggestions.asked_for(request)
    if target == "organization":
        return suggestions.organizations(request, target, owners)
    if target == "audience_organizations":
        return suggestions.organizations(request, target, audiences, several=True)
    initial = ItemForm.initial_of(item) if item else {"published_on": timezone.localdate()}
    form = form_class(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        owners=owners,
        audiences=audiences,
        directives=Directive.objects.visible_to(request.user),
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    deny_unless(can_keep_library(request.user))
    form = _item_form(request, NewItemForm, None)
    if not isinstance(form, NewItemForm):
        return form
    if request.method == "POST" and form.is_valid():
        item = call_service(form, services.create_item, by=request.user, **form.service_arguments())
        if item is not None:
            return redirect(item)
    status = 400 if form.errors else 200
    context = {"form": form, "item": None}
    return render(request, "library/item_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404
    deny_unless(can_edit_item(request.user, item))
    form = _item_form(request, ItemForm, item)
    if not isinstance(form, ItemForm):
        return form
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.update_item, item=item, by=request.user, **form.service_arguments()
        )
        if saved is not None:
            return redirect(saved)
    status = 400 if form.errors else 200
    return render(request, "library/item_form.html", {"form": form, "item": item}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, pk: int):
    item = selectors.item_for_page(request.user, pk)
    if item is None:
        raise Http404
    deny_unless(can_edit_item(request.user, item))
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and submitted(
        request, form, services.add_version,
        arguments=lambda data: {"item": item, **data},
        done=_("Đã thêm phiên bản mới; bản cũ vẫn xem được."),
    ):  # fmt: skip
        return redirect(item)
    status = 400 if form.errors else 200
    return render(request, "library/version_form.html", {"form": form, "item": item}, status=status)


@login_required
@require_GET
def collection_list(request):
    collections = selectors.collections_for(request.user).order_by("-created_at", "-pk")
    page_obj = paginate(request, collections)
    context = {
        "page_obj": page_obj,
        "collections": page_obj,
        "can_keep": can_keep_library(request.user),
    }
    return render(request, "library/collection_list.html", context)


@login_required
@require_GET
def collection_detail(request, pk: int):
    collection = get_object_or_404(selectors.collections_for(request.user), pk=pk)
    page_obj = paginate(request, selectors.collection_items(request.user, collection))
    context = {
        "collection": collection,
        "page_obj": page_obj,
        "items": page_obj,
        "can_edit": can_edit_collection(request.user, collection),
    }
    return render(request, "library/collection_detail.html", context)


def _collection_form(request, collection):
    owners = selectors.owners_for(request.user)
    if suggestions.asked_for(request) == "organization":
        return suggestions.organizations(request, "organization", owners)
    # The items of the organisations the keeper keeps (a collection gathers its own
    # materials), newest first.
    items = (
        Item.objects.visible_to(request.user)
        .filter(organization__in=owners.values("pk"))
        .order_by("-published_on", "-pk")
    )
    if collection is not None:
        initial = {
            "organization": collection.organization,
            "title": collection.title,
            "description": collection.description,
            "items": [item.pk for item in collection.items.all()],
        }
    else:
        initial = None
    form = CollectionForm(request.POST or None, initial=initial, owners=owners, items=items)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.save_collection,
            collection=collection,
            by=request.user,
            **form.cleaned_data,
        )
        if saved is not None:
            return redirect(saved)
    status = 400 if form.errors else 200
    context = {"form": form, "collection": collection}
    return render(request, "library/collection_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request):
    deny_unless(can_keep_library(request.user))
    return _collection_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request, pk: int):
    collection = get_object_or_404(selectors.collections_for(request.user), pk=pk)
    deny_unless(can_edit_collection(request.user, collection))
    return _collection_form(request, collection)
