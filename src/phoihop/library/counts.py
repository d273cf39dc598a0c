"""The library's numbers for sơ kết / tổng kết reviews (issue 19, item 7): publications issued,
views and downloads in a period, counting only the items the user may read."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from phoihop.core.contributions import ReviewFigure

from .models import Item, Use

SECTION = _("Tài liệu, ấn phẩm")


def review_figures(
    user,
    *,
    start: datetime.date,
    end: datetime.date,
    organization=None,
    programme=None,
) -> list[ReviewFigure]:
    """Items published between `start` and `end` (inclusive) by kind, and the views and
    downloads of readable items in that period (once per person per day). `organization`
    narrows to the items kept by it and its units. The library does not link items to
    programmes: with `programme` given there is nothing to count."""
    if programme is not None:
        return []
    items = Item.objects.visible_to(user)
    if organization is not None:
        from phoihop.org.models import Organization

        items = items.filter(organization__in=Organization.objects.within(organization))
    published = items.filter(published_on__gte=start, published_on__lte=end)
    by_kind = dict(
        published.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    uses = Use.objects.filter(item__in=items.values("pk"), day__gte=start, day__lte=end)
    totals = uses.aggregate(
        views=Count("pk", filter=Q(kind=Use.Kind.VIEW)),
        downloads=Count("pk", filter=Q(kind=Use.Kind.DOWNLOAD)),
    )
    period = {
        "published_from": start.strftime("%d/%m/%Y"),
        "published_to": end.strftime("%d/%m/%Y"),
    }
    list_url = f"{reverse('library:item_list')}?{urlencode(period)}"
    figures = [
        ReviewFigure(
            SECTION,
            _("Tài liệu, ấn phẩm phát hành"),
            sum(by_kind.values()),
            url=f"{list_url}",
            unit=_("tài liệu"),
        )
    ]
    for kind, label in Item.Kind.choices:
        if by_kind.get(kind):
            figures.append(
                ReviewFigure(
                    SECTION,
                    label,
                    by_kind[kind],
                    url=f"{list_url}&{urlencode({'kind': kind})}",
                    unit=_("tài liệu"),
                )
            )
    figures += [
        ReviewFigure(SECTION, _("Lượt xem tài liệu"), totals["views"] or 0, unit=_("lượt")),
        ReviewFigure(SECTION, _("Lượt tải tài liệu"), totals["downloads"] or 0, unit=_("lượt")),
    ]
    return figures
