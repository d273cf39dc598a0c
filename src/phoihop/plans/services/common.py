"""Shared pieces of the plans services: error collection, permission and file checks, the
link to the directive registry."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phoihop.core import uploads
from phoihop.core.services import Errors

# Other services call it whenever text that may cite documents is saved.
from phoihop.directives.services import record_citations as record_citations
from phoihop.org.models import Field, Organization

MIN_YEAR, MAX_YEAR = 1990, 2100
NOT_GIVEN: Any = object()


def _check_file(errors: Errors, field: str, upload, purpose: str) -> None:
    """Collect the upload path's refusal with the service's other errors."""
    if upload is None:
        return
    try:
        uploads.check(upload, purpose)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add(field, message)


def _check_year(errors: Errors, field: str, year) -> None:
    if year is None or not MIN_YEAR <= int(year) <= MAX_YEAR:
        errors.add(
            field, _("Năm phải từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )


def _active_check(errors: Errors, field: str, organization: Organization) -> None:
    if not organization.is_active:
        errors.add(
            field,
            _("%(name)s đã ngừng hoạt động hoặc đã lưu trữ.") % {"name": organization.name},
        )


def fields_by_key() -> dict[str, Field]:
    """Fields of work by code and by folded name, for imports and the API."""
    from phoihop.core.text import fold

    keys: dict[str, Field] = {}
    for field in Field.objects.all():
        keys[field.code] = field
        keys[fold(field.name)] = field
    return keys
