"""Links to objects: `get_absolute_url()` of the models whose route takes one integer id.

`reverse()` walks the URL patterns on every call; a list links every one of its rows, so such a
route is reversed once per view name (and script prefix) into a head and a tail, and each link
is the id put between them.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

_PLACEHOLDER = "2147483647"


@functools.cache
def _head_and_tail(view_name: str, script_prefix: str) -> tuple[str, str]:
    head, _, tail = reverse(view_name, args=[_PLACEHOLDER]).partition(_PLACEHOLDER)
    return head, tail


def object_url(view_name: str, pk: int) -> str:
    """Same as reverse(view_name, args=[pk]) for a route like "<int:pk>/"."""
    head, tail = _head_and_tail(view_name, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


@receiver(setting_changed)
def _forget_on_urlconf_change(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _head_and_tail.cache_clear()
