"""The one way a page is cut into pages: `paginate(request, rows)` returns the Page that
core/pagination.html draws (its links keep the other query parameters with Django's
`{% querystring %}`)."""

from django.conf import settings
from django.core import paginator


class Paginator(paginator.Paginator):
    """Django's paginator, told its count when the page already knows it, and reading the first
    page before it counts: a first page with room to spare holds the whole list, so its length
    is the total and no COUNT runs (most filtered lists fit in one page; the same rule as
    `directives.selectors.first_and_total`). A full first page is counted when the template
    asks, as before."""

    def __init__(self, *args, count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # fills the cached_property

    def get_page(self, number):
        if number not in (None, "", "1", 1):
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__.setdefault("count", len(rows))
        return self._get_page(rows, 1, self)


def paginate(
    request, rows, per_page: int | None = None, *, count: int | None = None
) -> paginator.Page:
    """The page of `rows` named by ?page= (the first or last when it is not a page number)."""
    pages = Paginator(rows, per_page or settings.PAGE_SIZE, count=count)
    return pages.get_page(request.GET.get("page"))
