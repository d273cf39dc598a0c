"""Helpers shared by the directives pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None):
    """(page_obj, querystring without "page=") for the pagination include."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return page_obj, f"{query}&" if query else ""


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: known fields inline, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                for message in error.messages:
                    form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
