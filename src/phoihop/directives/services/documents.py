"""Writes for registry documents."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core import audit, search, uploads
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.models import Field

from .. import permissions, reference
from ..models import Document, DocumentType, PartyTerm, System
from ..symbols import InvalidSymbol
from ._common import Lookups, _signed_in
from .citations import record_citations, reresolve_citations
from .numbering import bump_counter

CENTRAL_LABEL = gettext_lazy("Văn bản Trung ương dùng chung")

# Plain attributes a caller may set on a document (the symbol and relations are arguments).
DOCUMENT_FIELDS = (
    "issued_on",
    "abstract",
    "organization",
    "issuing_body",
    "kind_label",
    "status",
    "replaced_by",
    "full_text",
    "file",
)


def _apply_symbol(document: Document, text: str, lookups: Lookups, errors: Errors) -> None:
    try:
        symbol = reference.parse(text or "")
    except InvalidSymbol as exc:
        errors.add("symbol", str(exc))
        return
    document.system = symbol.system
    document.number = symbol.number
    document.issuer = symbol.issuer
    document.year = symbol.year
    document.symbol = symbol.canonical
    document.symbol_key = reference.key_of(symbol)
    document.type = None
    if symbol.type:
        document.type = lookups.types.get((symbol.system, symbol.type))
        if document.type is None:
            errors.add(
                "symbol", _("Loại văn bản %(code)s chưa có trong danh mục.") % {"code": symbol.type}
            )


def _apply_period(document: Document, lookups: Lookups, errors: Errors) -> None:
    day = document.issued_on
    if document.system == System.PARTY:
        document.term = lookups.term_on(day, document.organization)
        if document.term is None:
            errors.add("issued_on", reference.missing_term_message(day))
            return
        document.period = document.term.name
    else:
        document.term = None
        document.period = str(day.year)
        if document.year and document.year != day.year:
            errors.add(
                "issued_on",
                _("Năm trong số ký hiệu (%(year)s) khác năm ban hành (%(issued)s).")
                % {"year": document.year, "issued": day.year},
            )


def _duplicate(document: Document) -> Document | None:
    clash = Document.objects.filter(
        symbol_key=document.symbol_key,
        period=document.period,
        organization=document.organization,
    )
    if document.pk:
        clash = clash.exclude(pk=document.pk)
    return clash.select_related("term").first()


def validate_document(
    document: Document,
    *,
    symbol: str,
    implements: Iterable[Document] = (),
    lookups: Lookups | None = None,
    check_duplicates: bool = True,
) -> None:
    """Fill the derived fields (system, number, type, term, period, key) from the typed symbol
    and the date, and check every invariant; raises ValidationError with field errors."""
    errors = Errors()
    lookups = lookups or Lookups.load()
    document.abstract = (document.abstract or "").strip()
    document.issuing_body = (document.issuing_body or "").strip()
    document.kind_label = (document.kind_label or "").strip()
    _apply_symbol(document, symbol, lookups, errors)
    if not document.abstract:
        errors.add("abstract", _("Trích yếu không được để trống."))
    if document.status not in Document.Status.values:
        errors.add("status", _("Tình trạng không hợp lệ."))
    if document.issued_on is None:
        errors.add("issued_on", _("Ngày ban hành không được để trống."))
    elif document.issued_on > timezone.localdate():
        errors.add("issued_on", _("Ngày ban hành không được sau ngày hôm nay."))
    elif "symbol" not in errors:
        _apply_period(document, lookups, errors)
    if document.pk and document.replaced_by_id == document.pk:
        errors.add("replaced_by", _("Văn bản không thể thay thế chính nó."))
    if document.pk and any(other.pk == document.pk for other in implements):
        errors.add("implements", _("Văn bản không thể thực hiện chính nó."))
    if check_duplicates and not errors and (clash := _duplicate(document)):
        errors.add("symbol", _duplicate_message(clash))
    errors.raise_if_any()
    if document.replaced_by_id and document.status == Document.Status.IN_FORCE:
        document.status = Document.Status.REPLACED


def _duplicate_message(clash: Document) -> str:
    if clash.term_id:
        return _("Đã có văn bản %(symbol)s khóa %(term)s (ngày %(date)s) trong danh mục.") % {
            "symbol": clash.symbol,
            "term": clash.term.name,
            "date": clash.date_label,
        }
    return _("Đã có văn bản %(symbol)s năm %(year)s (ngày %(date)s) trong danh mục.") % {
        "symbol": clash.symbol,
        "year": clash.period,
        "date": clash.date_label,
    }


def document_snapshot(document: Document) -> dict[str, Any]:
    fields = [name for name in Document.AUDITED_FIELDS if name not in ("file", "full_text")]
    values = audit.snapshot(document, fields)
    values["file"] = (document.file_name or document.file.name) if document.file else ""
    # "Central" is written out, so a move into or out of the catalogue reads old → new.
    values["organization"] = owner_label(document.organization)
    # The full text can be long: the audit keeps its size, not a second copy.
    values["full_text"] = (
        _("%(n)s ký tự") % {"n": len(document.full_text)} if document.full_text else ""
    )
    return values


def check_relations(by, documents: Iterable[Document]) -> None:
    """Linked documents must be ones the user can see."""
    for other in documents:
        if other is not None and not permissions.can_view_document(by, other):
            raise PermissionDenied(_("Bạn không có quyền liên kết tới văn bản này."))


@transaction.atomic
def create_document(
    *,
    by,
    symbol: str,
    fields: Iterable[Field] = (),
    amended_by: Iterable[Document] = (),
    implements: Iterable[Document] = (),
    **attrs: Any,
) -> Document:
    unknown = set(attrs) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown document attributes: {sorted(unknown)}")
    organization = attrs.get("organization")
    deny_unless(permissions.can_create_document(by, organization))
    fields, amended_by, implements = list(fields), list(amended_by), list(implements)
    check_relations(by, [attrs.get("replaced_by"), *amended_by, *implements])
    upload = attrs.pop("file", None)
    document = Document(created_by=by if _signed_in(by) else None, **attrs)
    if upload:
        uploads.attach(document, "file", upload)
    validate_document(document, symbol=symbol, implements=implements)
    document.save()
    document.fields.set(fields)
    document.amended_by.set(amended_by)
    document.implements.set(implements)
    after = document_snapshot(document)
    audit.record(
        action=Action.CREATE,
        obj=document,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=organization,
    )
    _after_save(document, by=by, keys={document.symbol_key})
    return document


@transaction.atomic
def update_document(
    *,
    document: Document,
    by,
    symbol: str | None = None,
    fields: Iterable[Field] | None = None,
    amended_by: Iterable[Document] | None = None,
    implements: Iterable[Document] | None = None,
    **attrs: Any,
) -> Document:
    unknown = set(attrs) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown document attributes: {sorted(unknown)}")
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=document.pk)
    )
    deny_unless(permissions.can_change_document(by, document))
    moved_from = document.organization
    moved = "organization" in attrs and attrs["organization"] != moved_from
    if moved:
        deny_unless(permissions.can_move_document(by, document, attrs["organization"]))
    check_relations(by, [attrs.get("replaced_by"), *(amended_by or ()), *(implements or ())])
    before = document_snapshot(document)
    old_key = document.symbol_key
    if upload := attrs.pop("file", None):
        uploads.attach(document, "file", upload)
    for name, value in attrs.items():
        setattr(document, name, value)
    implements = list(implements) if implements is not None else None
    validate_document(document, symbol=symbol or document.symbol, implements=implements or ())
    document.save()
    if fields is not None:
        document.fields.set(list(fields))
    if amended_by is not None:
        document.amended_by.set(list(amended_by))
    if implements is not None:
        document.implements.set(implements)
    changes = audit.diff(before, document_snapshot(document))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=document,
            by=by,
            changes=changes,
            # A document leaving an organisation for the central catalogue stays in that
            # organisation's audit, where its administrators look for it.
            organization=document.organization or moved_from,
            message=_move_message(moved_from, document.organization) if moved else "",
        )
    _after_save(document, by=by, keys={old_key, document.symbol_key})
    return document


def owner_label(organization) -> str:
    return str(organization) if organization is not None else str(CENTRAL_LABEL)


def _move_message(old, new) -> str:
    return _("Chuyển tổ chức sở hữu: %(old)s → %(new)s") % {
        "old": owner_label(old),
        "new": owner_label(new),
    }


def _after_save(document: Document, *, by, keys: set[str]) -> None:
    search.index(document)
    record_citations(obj=document, text=document.full_text, by=by)
    bump_counter(document)
    reresolve_citations(keys)


@transaction.atomic
def record_reference_change(*, obj, changes: dict[str, list[Any]], created: bool, by) -> None:
    """A system administrator saved a document type, issuer code or Party term in the Django
    admin (core.admin.ServiceAdmin): audit it, clear the symbol parser's code lists and refresh
    the search rows of the documents that show it (a type's name is in their titles, a term's
    in their text)."""
    deny_unless(permissions.is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)
    reference.clear_codes_cache()
    if isinstance(obj, DocumentType) and not created:
        search.index_many(Document.objects.filter(type=obj).for_list().iterator(2000))
    elif isinstance(obj, PartyTerm) and not created:
        search.index_many(Document.objects.filter(term=obj).for_list().iterator(2000))
