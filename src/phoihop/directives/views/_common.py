"""Helpers shared by the directives pages."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int | None = None):
    """(page_obj, querystring without "page=") for the pagination include."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return page_obj, f"{query}&" if query else ""
