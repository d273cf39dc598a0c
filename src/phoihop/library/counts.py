"""The library's numbers for sơ kết / tổng kết reviews (issue 19, item 7): publications issued,
views and downloads in a period, counting only the items the user may read."""

import datetime

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from phoihop.core.contributions import ReviewFigure
from phoihop.org.models import Organization

from .models import Audience, Item, LevelTally, Use, UseTally
from .permissions import reach

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
        items = items.filter(organization__in=Organization.objects.within(organization))
    published = items.filter(published_on__gte=start, published_on__lte=end)
    by_kind = dict(
        published.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    totals = use_totals(user, start=start, end=end, organization=organization)
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
        ReviewFigure(SECTION, _("Lượt xem tài liệu"), totals[Use.Kind.VIEW], unit=_("lượt")),
        ReviewFigure(SECTION, _("Lượt tải tài liệu"), totals[Use.Kind.DOWNLOAD], unit=_("lượt")),
    ]
    return figures


def use_totals(user, *, start, end, organization=None) -> dict[str, int]:
    """{kind: uses from `start` to `end`} of the items `user` may read (and, with
    `organization`, kept by it or its units): the day tallies of what the user reads whole,
    and the use rows of the restricted items they read as their audience, which are few
    (ADR 0037). Without `organization`, the levels the user reads whole (every level, for a
    system administrator) come from the level tallies and only the kept organisations' other
    items from the organisations' ones (ADR 0040). Equal to counting the use rows of
    `visible_to(user)`."""
    parts = reach(user)
    period = Q(day__gte=start, day__lte=end)
    sums = []  # the tallies to add up
    if organization is not None:
        within = Organization.objects.within(organization).values("pk")
        tallies = UseTally.objects.filter(period, organization__in=within)
        if not parts.everything:
            tallies = tallies.filter(Q(access__in=parts.levels) | _kept(parts))
        sums.append(tallies)
    else:
        levels = LevelTally.objects.filter(period)
        sums.append(levels if parts.everything else levels.filter(access__in=parts.levels))
        if not parts.everything and parts.kept:
            kept_others = UseTally.objects.filter(period, _kept(parts))
            sums.append(kept_others.exclude(access__in=parts.levels))
    audience_items = Item.objects.none()
    if not parts.everything and parts.audience is not None:
        audience_items = (
            Item.objects.filter(access=Item.Access.RESTRICTED)
            .exclude(_kept(parts))
            .filter(pk__in=Audience.objects.filter(parts.audience).values("item_id"))
        )
        if organization is not None:
            audience_items = audience_items.filter(organization__in=within)
    totals = dict.fromkeys(Use.Kind.values, 0)
    for rows in sums:
        for kind, n in (
            rows.order_by().values("kind").annotate(n=Sum("count")).values_list("kind", "n")
        ):
            totals[kind] += n or 0
    if not audience_items.query.is_empty():
        uses = Use.objects.filter(
            item__in=audience_items.values("pk"), day__gte=start, day__lte=end
        )
        for kind, n in (
            uses.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
        ):
            totals[kind] += n
    return totals


def _kept(parts) -> Q:
    """The items (or tallies) of the organisations the user keeps."""
    return Q(organization_id__any_of=list(parts.kept)) if parts.kept else Q(pk__in=[])
