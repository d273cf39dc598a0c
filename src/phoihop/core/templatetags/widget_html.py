"""The two loops of Django's widget templates that every form draws, written in Python.

A list's filter bar draws eight widgets with about fifty attributes and seventy options; as
template loops (`django/forms/widgets/attrs.html`, the options of `select.html`) they cost more
than the rest of the page's table. The markup is Django's own, character for character; the
templates that use these (core/templates/django/forms/widgets/) say which file they replace.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def html_attrs(attrs: dict) -> SafeString:
    """Django's attrs.html: ` name="value"` for each attribute, ` name` alone when the value is
    True, nothing when it is False."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


@register.simple_tag(takes_context=True)
def select_options(context, widget: dict) -> SafeString:
    """The <optgroup>s and <option>s of Django's select.html (select_option.html for each
    option); a label is printed as `{{ option.label }}` would print it."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    html_attrs(option["attrs"]),
                    render_value_in_context(option["label"], context),
                )
            )
        if group_name:
            parts.append(mark_safe("\n  </optgroup>"))
    return mark_safe("".join(parts))
