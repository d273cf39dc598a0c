"""Links to pages, built without a full `reverse()` for every row or menu entry.

`reverse()` costs about 25 µs: it walks the URL patterns and quotes the arguments. Lists and
trees link every one of up to 100 rows, so a route whose only argument is an integer id is
reversed once per view name (and script prefix) into a head and a tail, and each link is the
id put between them.
"""

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe

_PLACEHOLDER = "2147483647"


@functools.cache
def _head_and_tail(view_name: str, script_prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(view_name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    return head, tail


def object_url(view_name: str, pk: int) -> str:
    """Same as reverse(view_name, args=[pk]) for a route like "<int:pk>/"."""
    head, tail = _head_and_tail(view_name, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


def object_url_maker(view_name: str) -> Callable[[int], str]:
    """object_url for one view name, with the script prefix looked up once (a list of rows)."""
    head, tail = _head_and_tail(view_name, get_script_prefix())
    return lambda pk: f"{head}{int(pk)}{tail}"


@functools.cache
def _page_url(view_name: str, script_prefix: str) -> str:
    return reverse(view_name)


def page_url(view_name: str) -> str:
    """Same as reverse(view_name) for a route without arguments (the menu has a dozen)."""
    return _page_url(view_name, get_script_prefix())


def nav_current(request, *view_prefixes: str) -> str:
    """`class="nav-link active" aria-current="page"` on the menu entry of the current page.

    An entry names the view names it stands for by prefix: "plans:task" covers plans:task_list,
    plans:task_detail, …; "home" only the home page.
    """
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    if any(view_name.startswith(prefix) for prefix in view_prefixes):
        return mark_safe('class="nav-link active" aria-current="page"')
    return mark_safe('class="nav-link"')


@receiver(setting_changed)
def _forget_on_urlconf_change(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _head_and_tail.cache_clear()
        _page_url.cache_clear()
