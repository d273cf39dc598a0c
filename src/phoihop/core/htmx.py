"""A page works as a full page first; an HTMX request gets the named fragment of the same
template (django-template-partials style `{% block %}` rendered alone)."""

from django.http import HttpResponse
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.template.response import TemplateResponse


def _find_block(nodelist, name):
    for node in nodelist:
        if isinstance(node, BlockNode) and node.name == name:
            return node
        for child_list in getattr(node, "child_nodelists", ()):
            found = _find_block(getattr(node, child_list, []) or [], name)
            if found is not None:
                return found
    return None


def render_fragment(request, template_name: str, block: str, context: dict) -> HttpResponse:
    """Render only `{% block <block> %}` of a template, with the full context processors."""
    from django.template import RequestContext

    template = get_template(template_name).template
    node = _find_block(template.nodelist, block)
    if node is None:
        raise LookupError(f"{template_name} has no block {block!r}")
    request_context = RequestContext(request, context)
    with request_context.bind_template(template):
        return HttpResponse(node.nodelist.render(request_context))


def render_page(request, template_name: str, context: dict, *, fragment: str | None = None):
    """Full page normally; only the `fragment` block when HTMX asks for it (and not a boost)."""
    htmx = getattr(request, "htmx", None)
    if fragment and htmx and not htmx.boosted:
        return render_fragment(request, template_name, fragment, context)
    return TemplateResponse(request, template_name, context)
