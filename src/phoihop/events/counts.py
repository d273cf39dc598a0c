"""The events' part of the review count (issue 19, item 7): events by kind, participants
present and training hours, for a period, an organisation and a programme, counting only what
the user may see; each figure links to the event list filtered the same way."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.contributions import ReviewFigure

from . import selectors
from .models import EventKind

SECTION = _("Hội nghị, tập huấn")


def _list_url(start, end, organization, programme, **extra) -> str:
    query = {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    if organization is not None:
        query["organization"] = organization.pk
    if programme is not None:
        query["programme"] = getattr(programme, "pk", programme)
    query |= extra
    return f"{reverse('events:event_list')}?{urlencode(query)}"


def review_figures(
    user,
    *,
    start: datetime.date,
    end: datetime.date,
    organization=None,
    programme=None,
) -> list[ReviewFigure]:
    events = selectors.filtered(
        user,
        start=start,
        end=end,
        organization=organization,
        programme=getattr(programme, "pk", programme),
    )
    # One pass over the period's events (the covering index `event_review_idx`): each event
    # carries its present participants and their credited hours (`services.recount_present`).
    rows = (
        events.order_by()
        .values("kind")
        .annotate(n=Count("id"), present=Sum("present_count"), hours=Sum("present_hours"))
    )
    by_kind = {row["kind"]: row for row in rows}
    figures = []
    hours = 0
    for kind in EventKind.objects.filter(Q(active=True) | Q(pk__in=by_kind)):
        row = by_kind.get(kind.pk, {})
        if kind.is_training:
            hours += row.get("hours") or 0
        figures.append(
            ReviewFigure(
                section=SECTION,
                label=kind.name,
                value=row.get("n", 0),
                url=_list_url(start, end, organization, programme, kind=kind.pk),
            )
        )
    figures.append(
        ReviewFigure(
            section=SECTION,
            label=_("Lượt người dự (có mặt)"),
            value=sum(row["present"] or 0 for row in by_kind.values()),
            url=_list_url(start, end, organization, programme),
            unit=_("lượt"),
        )
    )
    figures.append(
        ReviewFigure(
            section=SECTION,
            label=_("Giờ học bồi dưỡng, tập huấn"),
            value=float(hours),
            url=_list_url(start, end, organization, programme, training="on"),
            unit=_("giờ"),
        )
    )
    return figures
