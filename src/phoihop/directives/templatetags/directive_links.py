"""`{% load directive_links %}{{ text|link_citations }}`: cited symbols become links.

Everything else in the text is escaped. The filter runs no query of its own (the code lists are
cached, see reference.py): each link goes to the lookup page, which opens the document or, when
a symbol names several documents and no date picks one, lists them so a person can choose.
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import reference

register = template.Library()


@register.filter(needs_autoescape=True)
def link_citations(text, autoescape=True):
    if not text:
        return ""
    text = str(text)
    escape = conditional_escape if autoescape else str
    lookup = reverse("directives:document_lookup")
    parts, position = [], 0
    for citation in reference.extract(text):
        params = {"symbol": citation.symbol}
        if citation.date:
            params["date"] = citation.date.isoformat()
        parts.append(escape(text[position : citation.start]))
        parts.append(
            format_html(
                '<a class="citation-link" href="{}?{}" data-symbol="{}" title="{}">{}</a>',
                lookup,
                urlencode(params),
                citation.symbol,
                _("Xem văn bản %(symbol)s") % {"symbol": citation.symbol},
                text[citation.start : citation.end],
            )
        )
        position = citation.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts))  # every part is escaped above
