from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, prefix: str) -> str:
    """`class="nav-link active" aria-current="page"` for the menu entry of the current section."""
    request = context.get("request")
    path = request.path if request is not None else ""
    current = path == prefix if prefix == "/" else path.startswith(prefix)
    if current:
        return mark_safe('class="nav-link active" aria-current="page"')
    return mark_safe('class="nav-link"')
