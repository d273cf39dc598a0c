"""Labels of model choices, cheap enough for every row of a list.

Django's get_FOO_display() rebuilds a dict of the field's lazy labels on every call, hashing
each one, which translates it: ~30 us for a four-choice field, more than the rest of a table
cell. Models whose labels print on list rows override get_FOO_display() with `choice_label`.
"""

from django.db import models
from django.utils.translation import get_language

_labels: dict[tuple[type, str | None], dict[str, str]] = {}


def choice_labels(choices: type[models.Choices]) -> dict[str, str]:
    """The translated labels of a choices class in the active language, value -> label."""
    key = (choices, get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = _labels[key] = {value: str(label) for value, label in choices.choices}
    return labels


def choice_label(choices: type[models.Choices], value: str) -> str:
    return choice_labels(choices).get(value, value)
