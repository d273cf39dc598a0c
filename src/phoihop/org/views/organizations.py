"""Organisation pages: list, tree, detail, create/edit, archive/restore.

Reads go through `Organization.objects.visible_to(user)` (outside the user's scope is a 404);
writes go through services.py; buttons follow the permissions predicates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import search
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.core.validation import parse_id

from .. import permissions, selectors, services
from ..forms import ArchiveForm, OrganizationFilterForm, OrganizationForm
from ..models import Organization
from ..scope import holds_role, in_directory
from . import suggestions

# A node with more children than this links to the filtered list instead of listing them all.
TREE_CHILD_LIMIT = 50
DETAIL_CHILD_LIMIT = 50


def _visible(request):
    return Organization.objects.visible_to(request.user)


def _may_create_somewhere(user) -> bool:
    return permissions.administers_somewhere(user)


# List -----------------------------------------------------------------------------------------


@login_required
@require_GET
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    criteria = form.criteria()
    queryset = selectors.filter_organizations(_visible(request), **criteria).order_by("name", "pk")
    if criteria["q"]:
        queryset = search.filter_text(queryset, criteria["q"], ranked=True)
    page_obj = paginate(request, queryset.values_list("pk", flat=True))
    parent = criteria["parent"]
    context = {
        "form": form,
        "page_obj": page_obj,
        "today": timezone.localdate(),
        "organizations": organization_rows(request, list(page_obj.object_list)),
        "at": criteria["at"],
        "filter_parent": _visible(request).filter(pk=parent).first() if parent else None,
        "can_create": _may_create_somewhere(request.user),
        "can_import": _may_create_somewhere(request.user),
    }
    return render_page(request, "org/organization_list.html", context, fragment="results")


def organization_rows(request, ids: list[int]) -> list[Organization]:
    """The organisations of one page, in the order of `ids` (chosen from what the user sees),
    with what their rows print (org/_organization_table.html) and nothing else: the area's
    name, and the parent's name when the user may see it (`parent_visible`). One query.

    A page is chosen on ids first: joining the parent and area before paging would join every
    row a deep page's OFFSET skips.
    """
    found = (
        Organization.objects.filter(pk__in=ids)
        .select_related("parent", "area")
        .only(*ROW_FIELDS)
        .order_by()
    )
    by_id = {organization.pk: organization for organization in found}
    for organization in by_id.values():
        parent = organization.parent
        # The directory rule on the parent read with the row: no lookup of the parents (an
        # Exists over the whole directory per row cost more than the page, docs/adr/0012).
        organization.parent_visible = parent is not None and in_directory(request.user, parent)
    return [by_id[pk] for pk in ids if pk in by_id]  # deleted in between: left out


# The columns a row of the list prints (a column added to the table is added here), and those
# of the parent that `in_directory` reads.
ROW_FIELDS = (
    "name",
    "abbreviation",
    "kind",
    "level",
    "valid_from",
    "valid_to",
    "archived_at",
    "parent__name",
    "parent__path",
    "parent__level",
    "parent__area_id",
    "area__name",
)


# Tree -----------------------------------------------------------------------------------------


@login_required
@require_GET
def organization_tree(request):
    show_all = request.GET.get("all") == "1"
    visible = _visible(request)
    parent = None
    if parent_id := parse_id(request.GET.get("parent")):
        parent = get_object_or_404(visible, pk=parent_id)
        nodes_qs = selectors.tree_level(visible.filter(parent=parent), show_all)
    else:
        nodes_qs = selectors.tree_level(selectors.directory_roots(request.user, visible), show_all)
    nodes = list(nodes_qs[: TREE_CHILD_LIMIT + 1])
    context = {
        "today": timezone.localdate(),
        "parent": parent,
        "nodes": nodes[:TREE_CHILD_LIMIT],
        "more_nodes": len(nodes) > TREE_CHILD_LIMIT,
        "show_all": show_all,
        "ancestors": selectors.visible_ancestors(request.user, parent)
        if parent and not request.htmx
        else [],
    }
    return render_page(request, "org/organization_tree.html", context, fragment="nodes")


# Detail ---------------------------------------------------------------------------------------


@login_required
@require_GET
def organization_detail(request, pk):
    visible = _visible(request).select_related("parent", "area__parent")
    organization = get_object_or_404(visible, pk=pk)
    user = request.user
    can_change = permissions.can_change_organization(user, organization)
    # The directory is wider than the scope: people and contact details only within it.
    in_scope = holds_role(user, organization)
    context = {
        "organization": organization,
        "ancestors": selectors.visible_ancestors(user, organization),
        **selectors.detail_relations(user, organization, DETAIL_CHILD_LIMIT),
        "fields": list(organization.fields.all()),
        "in_scope": in_scope,
        "member_count": organization.memberships.count() if in_scope else None,
        "today": timezone.localdate(),
        "can_change": can_change,
        "can_archive": permissions.can_archive_organization(user, organization),
        "can_add_child": not organization.is_archived
        and permissions.can_create_organization(user, organization),
        "can_import": not organization.is_archived
        and permissions.can_import_organizations(user, organization),
        "can_view_audit": permissions.can_view_audit(user, organization),
    }
    return render(request, "org/organization_detail.html", context)


# Create and edit ------------------------------------------------------------------------------


def _suggestions(request, form: OrganizationForm):
    """The type-ahead answers of the form's parent, area and successor boxes."""
    target = suggestions.asked_for(request)
    if target == "area":
        return suggestions.areas(request, "area")
    if target == "parent":
        return suggestions.organizations(request, "parent", form.parent_choices())
    if target == "successors":
        return suggestions.organizations(
            request, "successors", form.successor_choices(), several=True
        )
    return suggestions.organizations(request, target, Organization.objects.none())


def _save(request, form: OrganizationForm, organization: Organization | None):
    """Run the service; on a rule violation, put the errors on the form and return None."""
    try:
        if organization is None:
            return services.create_organization(by=request.user, **form.service_kwargs())
        return services.update_organization(
            organization=organization, by=request.user, **form.service_kwargs()
        )
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PermissionDenied:
        form.add_error(
            "parent", _("Bạn không có quyền đặt tổ chức này dưới tổ chức cấp trên đã chọn.")
        )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    if request.method == "GET" and request.GET.get("suggest"):
        if not _may_create_somewhere(request.user):
            raise PermissionDenied
        return _suggestions(request, OrganizationForm(user=request.user))
    parent = None
    if parent_id := parse_id(request.GET.get("parent")):
        parent = get_object_or_404(_visible(request), pk=parent_id)
        if parent.is_archived or not permissions.can_create_organization(request.user, parent):
            raise PermissionDenied
    elif not _may_create_somewhere(request.user):
        raise PermissionDenied
    initial = {"parent": parent} if parent else {}
    if parent is not None:
        initial.update(level=parent.level, area=parent.area)
    form = OrganizationForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        created = _save(request, form, None)
        if created is not None:
            messages.success(request, _("Đã tạo tổ chức «%(name)s».") % {"name": created.name})
            return redirect(created)
    context = {"form": form, "parent": parent, "organization": None}
    return render(request, "org/organization_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    organization = get_object_or_404(_visible(request).select_related("parent", "area"), pk=pk)
    if not permissions.can_change_organization(request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organization=organization,
    )
    if request.method == "GET" and request.GET.get("suggest"):
        return _suggestions(request, form)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, organization)
        if saved is not None:
            messages.success(request, _("Đã lưu thay đổi của «%(name)s».") % {"name": saved.name})
            return redirect(saved)
    context = {"form": form, "organization": organization, "parent": organization.parent}
    return render(request, "org/organization_form.html", context)


# Archive and restore --------------------------------------------------------------------------


def _confirm(request, pk, *, restore: bool):
    organization = get_object_or_404(_visible(request).select_related("parent"), pk=pk)
    if not permissions.can_archive_organization(request.user, organization):
        raise PermissionDenied
    form = ArchiveForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            if restore:
                services.restore_organization(organization=organization, by=request.user)
                messages.success(
                    request, _("Đã khôi phục tổ chức «%(name)s».") % {"name": organization.name}
                )
            else:
                services.archive_organization(
                    organization=organization, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Đã lưu trữ tổ chức «%(name)s».") % {"name": organization.name}
                )
            return redirect(organization)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    # The service decides; this only explains up front why archiving would be refused.
    active_children = (
        [] if restore else list(organization.children.filter(archived_at__isnull=True)[:5])
    )
    context = {
        "organization": organization,
        "form": form,
        "error": error,
        "active_children": active_children,
    }
    template = "org/organization_restore.html" if restore else "org/organization_archive.html"
    return render(request, template, context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def organization_archive(request, pk):
    return _confirm(request, pk, restore=False)


@login_required
@require_http_methods(["GET", "POST"])
def organization_restore(request, pk):
    return _confirm(request, pk, restore=True)
