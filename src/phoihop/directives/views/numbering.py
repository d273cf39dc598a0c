"""Numbers for an organisation's outgoing documents ("Cấp số văn bản đi")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from phoihop.core import search
from phoihop.core.forms import call_service
from phoihop.core.htmx import render_page
from phoihop.core.pagination import paginate
from phoihop.org.models import Organization

from .. import permissions, services
from ..forms import NumberingForm, NumberingIndexForm
from ..models import NumberReservation, System


@login_required
@require_GET
def numbering_index(request):
    """Pick the organisation whose outgoing documents to number (search: diacritics optional)."""
    form = NumberingIndexForm(request.GET)
    organizations = Organization.objects.within_scope_of(request.user).active().order_by("path")
    organizations = search.filter_text(organizations, form.valid_data().get("q", ""))
    page_obj = paginate(request, organizations.only("pk", "name", "abbreviation"))
    context = {"form": form, "page_obj": page_obj}
    return render_page(request, "directives/numbering_index.html", context, fragment="results")


def _preview(organization, form: NumberingForm) -> tuple[str, str]:
    """(next symbol, error) for the type picked in the form."""
    document_type = form.valid_data().get("type") if form.is_bound else None
    if document_type is None:
        return "", ""
    try:
        return services.preview_next_number(organization=organization, type=document_type)[1], ""
    except ValidationError as exc:
        return "", " ".join(exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def numbering(request, pk: int):
    organization = get_object_or_404(Organization.objects.within_scope_of(request.user), pk=pk)
    if not permissions.can_view_numbering(request.user, organization):
        raise PermissionDenied
    can_reserve = permissions.can_reserve_number(request.user, organization)
    system = services.organization_system(organization)
    # A GET names a type only to preview its next number (pagination alone binds nothing).
    data = (
        request.POST if request.method == "POST" else request.GET if "type" in request.GET else None
    )
    form = NumberingForm(data, system=system)
    if request.method == "POST":
        if not can_reserve:
            raise PermissionDenied
        if form.is_valid():
            reservation = call_service(
                form,
                services.reserve_number,
                organization=organization,
                type=form.cleaned_data["type"],
                abstract=form.cleaned_data.get("abstract", ""),
                by=request.user,
            )
            if reservation is not None:
                messages.success(
                    request, _("Đã cấp số %(symbol)s.") % {"symbol": reservation.symbol}
                )
                return redirect("directives:numbering", pk=organization.pk)
    next_symbol, preview_error = _preview(organization, form)
    reservations = NumberReservation.objects.filter(organization=organization).select_related(
        "type", "reserved_by"
    )
    page_obj = paginate(request, reservations, per_page=20)
    context = {
        "organization": organization,
        "form": form,
        "can_reserve": can_reserve,
        "next_symbol": next_symbol,
        "preview_error": preview_error,
        "page_obj": page_obj,
        "system_label": System(system).label,
    }
    fragment = "preview" if request.GET.get("preview") else None
    return render_page(request, "directives/numbering.html", context, fragment=fragment)
