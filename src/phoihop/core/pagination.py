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
    asks, as before.

    `at_least=True`: the count given is a lower bound (a list that counts at most so many
    rows, ADR 0028): the pages it covers are drawn as "page n of more than N"."""

    def __init__(self, *args, count: int | None = None, at_least: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.at_least = at_least and count is not None
        if count is not None:
            self.__dict__["count"] = count  # fills the cached_property

    @property
    def known_pages(self) -> int:
        """The pages known to be full when the count is a lower bound."""
        return self.count // self.per_page

    def get_page(self, number):
        if number not in (None, "", "1", 1):
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.__dict__.setdefault("count", len(rows))
            self.at_least = False
        return self._get_page(rows, 1, self)


def paginate(
    request,
    rows,
    per_page: int | None = None,
    *,
    count: int | None = None,
    at_least: bool = False,
) -> paginator.Page:
    """The page of `rows` named by ?page= (the first or last when it is not a page number).
    `count` with `at_least`: a lower bound of the rows; a page past the pages it covers counts
    the rows (rarely asked: someone paging past the bound)."""
    per_page = per_page or settings.PAGE_SIZE
    number = request.GET.get("page")
    if at_least and count is not None and _page_number(number) >= count // per_page:
        count, at_least = None, False
    pages = Paginator(rows, per_page, count=count, at_least=at_least)
    return pages.get_page(number)


def _page_number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1
