"""Template helpers for the plans pages: bucket badges and cited-document links."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html

from phoihop.directives.templatetags.directive_links import link_citations
from phoihop.plans.models import BUCKET_FILTER_LABELS, BUCKET_STYLES

register = template.Library()


@register.simple_tag
def bucket_badge(bucket: str, due_soon: bool = False):
    """The task's computed status as a coloured badge (data-testid="task-bucket")."""
    style = BUCKET_STYLES.get(bucket, "secondary")
    text_class = " text-dark" if style in {"warning", "info"} else ""
    soon = ""
    if due_soon:
        soon = format_html(
            ' <span class="badge text-bg-info" data-testid="task-due-soon">{}</span>',
            BUCKET_FILTER_LABELS["due_soon"],
        )
    return format_html(
        '<span class="badge text-bg-{}{} text-wrap" data-testid="task-bucket" data-bucket="{}">'
        "{}</span>{}",
        style,
        text_class,
        bucket,
        BUCKET_FILTER_LABELS.get(bucket, bucket),
        soon,
    )


@register.filter
def bucket_label(bucket: str) -> str:
    return str(BUCKET_FILTER_LABELS.get(bucket, bucket))


@register.filter
def bucket_style(bucket: str) -> str:
    return BUCKET_STYLES.get(bucket, "secondary")


@register.filter
def cited(text: str, obj=None):
    """Text with line breaks, where cited documents (e.g. "Quy định số 238-QĐ/TW ngày
    30-9-2020") link to the directive registry; `obj` is the programme, plan or task whose
    recorded citations say which are resolved (`{{ task.description|cited:task }}`)."""
    return linebreaksbr(link_citations(text or "", obj), autoescape=False)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
