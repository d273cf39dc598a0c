"""Citations of registry documents found in the text other objects store."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless

from .. import permissions, reference
from ..extraction import Citation as FoundCitation
from ..models import Citation, Document, System
from ..symbols import Symbol
from ._common import _signed_in


@dataclass(frozen=True)
class Cited:
    """What resolution needs to know about one citation."""

    system: str
    key: str
    date: datetime.date | None


@dataclass(frozen=True)
class Resolution:
    document_id: int | None
    ambiguous: bool
    # The citation's date falls outside every registered document with the symbol (e.g.
    # "38-CT/TW ngày 27/3/2015" when only the 2009 directive is registered): not linked.
    date_mismatch: bool = False


def key_of_found(found: FoundCitation) -> str:
    return reference.key_of(
        Symbol(found.system, found.number, found.type, found.issuer, found.year)
    )


def resolve(cited: Sequence[Cited], candidates: models.QuerySet) -> list[Resolution]:
    """Which registry document each citation names, in one query.

    Without a date: the only document with the symbol, else ambiguous (Party numbers restart
    every term, State numbers every year). With a date: the one issued that day, else the only
    one whose term (Party) or year (State) contains it — a symbol names one document per period,
    so a wrong day inside the right period is a typo; several such documents are ambiguous; none
    is a date mismatch, never the document of another period.
    """
    keys = {c.key for c in cited}
    if not keys:
        return []
    by_key: dict[str, list[dict]] = defaultdict(list)
    rows = candidates.filter(symbol_key__in=keys).values(
        "pk", "symbol_key", "system", "issued_on", "term__starts_on", "term__ends_on"
    )
    for row in rows:
        by_key[row["symbol_key"]].append(row)
    return [_resolve_one(citation, by_key.get(citation.key, [])) for citation in cited]


def _same_period(row: dict, day: datetime.date) -> bool:
    if row["system"] == System.PARTY:
        starts, ends = row["term__starts_on"], row["term__ends_on"]
        return starts is not None and starts <= day and (ends is None or day < ends)
    return row["issued_on"].year == day.year


def _resolve_one(citation: Cited, rows: list[dict]) -> Resolution:
    if not rows:
        return Resolution(None, False)
    if citation.date is None:
        return Resolution(rows[0]["pk"], False) if len(rows) == 1 else Resolution(None, True)
    same_day = [row for row in rows if row["issued_on"] == citation.date]
    if len(same_day) == 1:
        return Resolution(same_day[0]["pk"], False)
    same_period = [row for row in rows if _same_period(row, citation.date)]
    if len(same_period) == 1:
        return Resolution(same_period[0]["pk"], False)
    if same_day or same_period:
        return Resolution(None, True)
    return Resolution(None, False, date_mismatch=True)


def candidates_for(user) -> models.QuerySet:
    """Documents a citation recorded by `user` may resolve to (all of them for the system)."""
    return Document.objects.visible_to(user) if _signed_in(user) else Document.objects.all()


def extract_and_resolve(text: str, *, user=None, limit: int | None = None) -> list[dict[str, Any]]:
    """extract_refs and the API: every citation (the first `limit`) with document_id,
    ambiguous and date_mismatch."""
    found = reference.extract(text)[:limit]
    cited = [Cited(c.system, key_of_found(c), c.date) for c in found]
    resolutions = resolve(cited, candidates_for(user))
    return [
        {
            **c.to_dict(),
            "document_id": r.document_id,
            "ambiguous": r.ambiguous,
            "date_mismatch": r.date_mismatch,
        }
        for c, r in zip(found, resolutions, strict=True)
    ]


@transaction.atomic
def record_citations(*, obj: models.Model, text: str, by) -> list[Citation]:
    """Replace the citations stored for `obj` with those found in `text` (idempotent).

    A person's earlier answer for a citation (this document, or none in the registry) is kept
    when the same symbol and date are still cited. A document's own symbol in its full text is
    not a citation.
    """
    content_type = ContentType.objects.get_for_model(obj)
    existing = Citation.objects.filter(content_type=content_type, object_id=obj.pk)
    picked = {
        (row.symbol_key, row.date): row.document_id
        for row in existing.filter(resolved_manually=True).only("symbol_key", "date", "document_id")
    }
    existing.delete()
    found = reference.extract(text)
    if not found:
        return []
    cited = [Cited(c.system, key_of_found(c), c.date) for c in found]
    resolutions = resolve(cited, candidates_for(by))
    own_id = obj.pk if isinstance(obj, Document) else None
    rows = []
    for position, (citation, item, resolution) in enumerate(
        zip(found, cited, resolutions, strict=True)
    ):
        manual = (item.key, item.date) in picked
        document_id = picked[(item.key, item.date)] if manual else resolution.document_id
        if own_id is not None and document_id == own_id:
            continue
        rows.append(
            Citation(
                content_type=content_type,
                object_id=obj.pk,
                position=position,
                raw=citation.raw[:500],
                start=citation.start,
                end=citation.end,
                system=citation.system,
                symbol=citation.symbol[:100],
                symbol_key=item.key[:100],
                date=citation.date,
                document_id=document_id,
                ambiguous=resolution.ambiguous and not manual,
                date_mismatch=resolution.date_mismatch and not manual,
                resolved_manually=manual,
                recorded_by=by if _signed_in(by) else None,
            )
        )
    return Citation.objects.bulk_create(rows)


def reresolve_citations(keys: Iterable[str]) -> int:
    """After the registry changes, resolve again the citations of these symbols (picks made by
    people stay). Each citation is resolved within what the person who wrote it may see."""
    rows = list(
        Citation.objects.filter(symbol_key__in=set(keys), resolved_manually=False).select_related(
            "recorded_by"
        )
    )
    by_author: dict[int | None, list[Citation]] = defaultdict(list)
    for row in rows:
        by_author[row.recorded_by_id].append(row)
    changed = []
    for group in by_author.values():
        author = group[0].recorded_by
        cited = [Cited(row.system, row.symbol_key, row.date) for row in group]
        for row, resolution in zip(group, resolve(cited, candidates_for(author)), strict=True):
            wanted = (resolution.document_id, resolution.ambiguous, resolution.date_mismatch)
            if (row.document_id, row.ambiguous, row.date_mismatch) != wanted:
                row.document_id, row.ambiguous, row.date_mismatch = wanted
                changed.append(row)
    Citation.objects.bulk_update(changed, ["document", "ambiguous", "date_mismatch"])
    return len(changed)


@transaction.atomic
def resolve_citation(*, citation: Citation, document: Document | None, by) -> Citation:
    """A person says which document an ambiguous or mismatched citation names — `document`, or
    (None) no document in the registry. The answer survives saving the text again."""
    if document is None:
        deny_unless(permissions.is_registry_editor(by))
    else:
        deny_unless(permissions.can_resolve_citation(by, document))
    citation = Citation.objects.select_for_update().get(pk=citation.pk)
    if document is not None and document.symbol_key != citation.symbol_key:
        raise ValidationError(
            _("Văn bản được chọn không mang số ký hiệu %(symbol)s.") % {"symbol": citation.symbol}
        )
    before = str(citation.document) if citation.document_id else None
    citation.document = document
    citation.ambiguous = citation.date_mismatch = False
    citation.resolved_manually = True
    citation.save(update_fields=["document", "ambiguous", "date_mismatch", "resolved_manually"])
    audit.record(
        action=Action.UPDATE,
        obj=citation,
        by=by,
        changes={"document": [before, document.citation_label if document else None]},
        organization=document.organization if document else None,
        message=_("Xác định văn bản được trích dẫn")
        if document
        else _("Xác nhận văn bản được trích dẫn không có trong sổ"),
    )
    return citation
