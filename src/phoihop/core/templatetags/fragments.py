from django import template
from django.template import engines
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def jinja(template_name: str, **context) -> str:
    """Render a Jinja2 fragment (see phoihop/templating.py) with exactly the given variables."""
    fragment = engines["jinja2"].get_template(template_name)
    return mark_safe(fragment.render(context))
