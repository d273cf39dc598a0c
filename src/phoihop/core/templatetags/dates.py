"""Dates as the pages print them: 07/12/2026 and 07/12/2026 14:05 (local time).

A built-in library (settings.TEMPLATES "builtins"), so every template has the two filters.
Django's `date` filter parses its format string and looks up the language's names on every
call (~25 us); lists print one or two dates per row, and the format never changes.
"""

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def vn_date(value) -> str:
    """dd/mm/yyyy; empty for a missing or non-date value (as `date` does)."""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


@register.filter(expects_localtime=True)
def vn_datetime(value) -> str:
    """dd/mm/yyyy HH:MM in the local time zone; a date alone prints as vn_date."""
    if not isinstance(value, datetime.datetime):
        return vn_date(value)
    return f"{vn_date(value)} {value.hour:02d}:{value.minute:02d}"
