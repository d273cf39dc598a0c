"""`{% load directive_links %}{{ text|link_citations:obj }}`: cited symbols become links.

Everything else in the text is escaped. Given the object that stores the text (a task, a plan, a
document…), the filter shows what `record_citations` decided for each citation, in one query per
object: a resolved citation links to its document; one that names no document yet — ambiguous,
dated outside every registered document with its symbol ("ngày không khớp"), or not in the
registry — is marked as unresolved and its flag leads to the lookup page, which lists the
documents sharing the symbol (where an editor says which one, or none, is meant); one an editor
confirmed is not in the registry stays plain text. Without the object (or for text saved before
its citations were recorded) every citation links to the lookup page, and the filter runs no
query of its own (the code lists are cached, see reference.py).
"""

import datetime

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import reference
from ..models import Citation
from ..services import key_of_found

register = template.Library()

StoredKey = tuple[str, datetime.date | None]


def stored_citations(obj) -> dict[StoredKey, Citation]:
    """The citations recorded for `obj`, by (symbol key, date); cached on the instance so a page
    showing several of its texts asks once."""
    cached = getattr(obj, "_stored_citations", None)
    if cached is None:
        cached = {(row.symbol_key, row.date): row for row in Citation.objects.of(obj)}
        obj._stored_citations = cached
    return cached


def _lookup_url(citation) -> str:
    params = {"symbol": citation.symbol}
    if citation.date:
        params["date"] = citation.date.isoformat()
    return f"{reverse('directives:document_lookup')}?{urlencode(params)}"


def _link(href: str, citation, text: str):
    return format_html(
        '<a class="citation-link" href="{}" data-symbol="{}" title="{}">{}</a>',
        href,
        citation.symbol,
        _("Xem văn bản %(symbol)s") % {"symbol": citation.symbol},
        text,
    )


def _unresolved(citation, text: str, state: str, flag: str, explanation: str):
    return format_html(
        '<span class="citation-unresolved" data-citation-state="{}" title="{}">{}</span> '
        '<a class="citation-flag" href="{}">{}</a>',
        state,
        explanation,
        text,
        _lookup_url(citation),
        flag,
    )


def _render(citation, text: str, stored: Citation | None):
    if stored is None:
        return _link(_lookup_url(citation), citation, text)
    if stored.document_id:
        return _link(
            reverse("directives:document_detail", args=[stored.document_id]), citation, text
        )
    if stored.resolved_manually:
        return format_html(
            '<span class="citation-unregistered" data-citation-state="unregistered" '
            'title="{}">{}</span>',
            _("Đã xác nhận: văn bản này không có trong sổ văn bản"),
            text,
        )
    if stored.date_mismatch:
        return _unresolved(
            citation,
            text,
            "date-mismatch",
            _("ngày không khớp"),
            _("Không có văn bản %(symbol)s nào trong sổ ban hành vào ngày này")
            % {"symbol": citation.symbol},
        )
    if stored.ambiguous:
        return _unresolved(
            citation,
            text,
            "ambiguous",
            _("chưa rõ văn bản"),
            _("Số %(symbol)s ứng với nhiều văn bản") % {"symbol": citation.symbol},
        )
    return _unresolved(
        citation,
        text,
        "unregistered",
        _("chưa có trong sổ"),
        _("Chưa có văn bản %(symbol)s trong sổ văn bản") % {"symbol": citation.symbol},
    )


@register.filter(needs_autoescape=True)
def link_citations(text, obj=None, autoescape=True):
    if not text:
        return ""
    text = str(text)
    escape = conditional_escape if autoescape else str
    found = reference.extract(text)
    stored = stored_citations(obj) if obj is not None and found else {}
    parts, position = [], 0
    for citation in found:
        row = stored.get((key_of_found(citation), citation.date)) if stored else None
        parts.append(escape(text[position : citation.start]))
        parts.append(_render(citation, text[citation.start : citation.end], row))
        position = citation.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # every part is escaped above
