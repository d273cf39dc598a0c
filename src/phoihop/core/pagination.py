"""The one way a page is cut into pages: `paginate(request, rows)` returns the Page that
core/pagination.html draws (its links keep the other query parameters with Django's
`{% querystring %}`)."""

from django.conf import settings
from django.core.paginator import Page, Paginator


class CountedPaginator(Paginator):
    """A paginator told its count, when the page already knows it."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property


def paginate(request, rows, per_page: int | None = None, *, count: int | None = None) -> Page:
    """The page of `rows` named by ?page= (the first or last when it is not a page number)."""
    per_page = per_page or settings.PAGE_SIZE
    if count is None:
        paginator = Paginator(rows, per_page)
    else:
        paginator = CountedPaginator(rows, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))
