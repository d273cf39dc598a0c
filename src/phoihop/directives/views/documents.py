"""Document list, detail, create and edit, symbol lookup and citation picks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from phoihop.core import audit, uploads
from phoihop.core.forms import call_service, parse_date
from phoihop.core.htmx import render_page
from phoihop.core.links import object_url
from phoihop.core.pagination import paginate
from phoihop.reviews.models import Review

from .. import permissions, reference, selectors, services
from ..forms import DocumentFilterForm, DocumentForm
from ..models import Citation, Document
from ..scope import sees_organization_documents
from ..symbols import InvalidSymbol


def _filters(form: DocumentFilterForm) -> selectors.DocumentFilters:
    """Valid filter values; an invalid one is dropped and reported by the form."""
    data = form.valid_data()
    scope = data.get("scope")
    return selectors.DocumentFilters(
        system=data.get("system") or "",
        type=data.get("type") or "",
        issuer=data.get("issuer") or "",
        year=data.get("year"),
        status=data.get("status") or "",
        field=data.get("field") or "",
        q=(data.get("q") or "").strip(),
        symbol=(data.get("symbol") or "").strip(),
        central={"central": True, "own": False}.get(scope),
        implements=data.get("implements"),
    )


@login_required
@require_GET
def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    filters = _filters(form)
    documents = selectors.filter_documents(request.user, filters)
    page_obj = paginate(request, documents.prefetch_related("fields"))
    implemented = None
    if filters.implements:
        implemented = (
            Document.objects.visible_to(request.user).filter(pk=filters.implements).first()
        )
    context = {
        "form": form,
        "filters": filters,
        "implemented": implemented,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "can_create": permissions.is_registry_editor(request.user),
        "can_import": permissions.can_import_documents(request.user),
    }
    return render_page(request, "directives/document_list.html", context, fragment="results")


@login_required
@require_GET
def document_lookup(request):
    """Where a citation link leads: the document itself, or the documents sharing the symbol."""
    text = request.GET.get("symbol", "")[:100]
    try:
        symbol = reference.parse(text)
    except InvalidSymbol as exc:
        raise Http404 from exc
    cited = services.Cited(
        symbol.system, reference.key_of(symbol), parse_date(request.GET.get("date"))
    )
    [resolution] = services.resolve([cited], Document.objects.visible_to(request.user))
    if resolution.document_id:
        return redirect("directives:document_detail", pk=resolution.document_id)
    if resolution.date_mismatch:
        messages.warning(
            request,
            _(
                "Ngày %(date)s trong trích dẫn không khớp văn bản nào mang số %(symbol)s trong "
                "sổ. Dưới đây là các văn bản mang số này."
            )
            % {"date": cited.date.strftime("%d/%m/%Y"), "symbol": symbol.canonical},
        )
    return HttpResponseRedirect(
        reverse("directives:document_list") + "?" + urlencode({"symbol": symbol.canonical})
    )


@login_required
@require_GET
def document_detail(request, pk: int):
    user = request.user
    # Read by key, its visibility decided in Python (the scope's ids are not sent to SQL).
    document = get_object_or_404(
        Document.objects.select_related("type", "term", "organization", "replaced_by__type"),
        pk=pk,
    )
    if not sees_organization_documents(user, document.organization_id):
        raise Http404
    can_resolve = permissions.can_resolve_citation(user, document)
    chain, chain_total = selectors.implementation_chain(document, user)
    limit = None if request.GET.get("reviews") == "all" else REVIEWS_SHOWN
    reviews, reviews_total = _reviews(document, user, limit=limit)
    context = {
        "document": document,
        "fields": list(document.fields.all()),
        "replaced_by": document.replaced_by
        if document.replaced_by_id and permissions.can_view_document(user, document.replaced_by)
        else None,
        **selectors.related_documents(document, user),
        "chain": chain,
        "chain_total": chain_total,
        "reviews": reviews,
        "reviews_total": reviews_total,
        "ambiguities": selectors.open_ambiguities(document, user) if can_resolve else [],
        "history": list(audit.entries_for(document)[:10]),
        "can_edit": permissions.can_change_document(user, document),
        "can_add_review": permissions.is_registry_editor(user),
    }
    return render(request, "directives/document_detail.html", context)


@login_required
@require_GET
def document_cited_by(request, pk: int):
    """Everything citing the document that the user may see, one kind at a time (`?kind=`),
    newest first, a page at a time: a central directive is cited by thousands of plans, tasks
    and documents, which the document's own page cannot list (docs/adr/0021)."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("type"), pk=pk
    )
    kinds = selectors.citing_kinds_of(document, request.user)
    wanted = request.GET.get("kind", "")
    kind = next((k for k in kinds if k.key == wanted), kinds[0] if kinds else None)
    page_obj = paginate(request, kind.ids if kind else [])
    context = {
        "document": document,
        "kinds": kinds,
        "kind": kind,
        "page_obj": page_obj,
        "objects": kind.objects(page_obj.object_list) if kind else [],
    }
    return render(request, "directives/document_cited_by.html", context)


# A central directive has a review in every province: the page lists the first few by due date
# and links to all of them.
REVIEWS_SHOWN = 10


def _reviews(document: Document, user, *, limit: int | None) -> tuple[list[Review], int]:
    """The document's reviews the user may see, by due date (the first `limit`), and how many."""
    today = timezone.localdate()
    visible = (
        Review.objects.visible_to(user)
        .of(document)
        .select_related("responsible", "report_link__document__type")
    )
    if limit is None:
        reviews = list(visible)
        total = len(reviews)
    else:
        reviews, total = selectors.first_and_total(visible, limit)
    for review in reviews:
        review.subject = document
        review.state = review.state_on(today)
        review.can_manage = permissions.can_manage_reviews(user, review.responsible)
        if review.can_manage:  # two links per row: put together, not reversed (core.links)
            review.edit_url = object_url("directives:review_edit", review.pk)
            review.complete_url = object_url("directives:review_complete", review.pk)
    return reviews, total


def _initial_from_query(request) -> dict:
    initial = {"status": Document.Status.IN_FORCE}
    for name in ("symbol", "implements", "abstract"):
        if value := request.GET.get(name, "").strip()[:200]:
            initial[name] = value
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    if not permissions.is_registry_editor(request.user):
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=_initial_from_query(request),
    )
    if request.method == "POST" and form.is_valid():
        document = call_service(
            form, services.create_document, by=request.user, **form.service_kwargs()
        )
        if document is not None:
            messages.success(request, _("Đã thêm %(document)s.") % {"document": document})
            return redirect(document)
    return render(request, "directives/document_form.html", {"form": form, "document": None})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = get_object_or_404(Document.objects.visible_to(request.user), pk=pk)
    if not permissions.can_change_document(request.user, document):
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        document=document,
        initial=DocumentForm.initial_for(document),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            services.update_document,
            document=document,
            by=request.user,
            **form.service_kwargs(),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu %(document)s.") % {"document": saved})
            return redirect(saved)
    return render(request, "directives/document_form.html", {"form": form, "document": document})


@login_required
@require_GET
def document_file(request, pk: int):
    return uploads.serve(Document.objects.visible_to(request.user), pk=pk, field="file")


@login_required
@require_POST
def citation_resolve(request, pk: int):
    """A person says which document an ambiguous or mismatched citation names, or that the
    registry has none (`unregistered`). They come from a candidate document's page (`document`)
    and go back to it."""
    document = get_object_or_404(
        Document.objects.visible_to(request.user), pk=request.POST.get("document", 0) or 0
    )
    citation = get_object_or_404(
        Citation.objects.filter(
            Q(ambiguous=True) | Q(date_mismatch=True) | Q(resolved_manually=True)
        ),
        pk=pk,
    )
    if selectors.citing_object(citation, request.user) is None:
        raise Http404
    unregistered = bool(request.POST.get("unregistered"))
    try:
        services.resolve_citation(
            citation=citation, document=None if unregistered else document, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if unregistered:
            message = _("Đã ghi nhận: văn bản được trích dẫn «%(raw)s» không có trong sổ.") % {
                "raw": citation.raw
            }
        else:
            message = _("Đã ghi nhận trích dẫn này là %(document)s.") % {
                "document": document.citation_label
            }
        messages.success(request, message)
    return redirect(f"{document.get_absolute_url()}#cited-by")
