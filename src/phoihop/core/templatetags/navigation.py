from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_current(context, *view_prefixes: str) -> str:
    """`class="nav-link active" aria-current="page"` on the menu entry of the current page.

    An entry names the view names it stands for by prefix: "plans:task" covers plans:task_list,
    plans:task_detail, …; "home" only the home page.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if any(view_name.startswith(prefix) for prefix in view_prefixes):
        return mark_safe('class="nav-link active" aria-current="page"')
    return mark_safe('class="nav-link"')
