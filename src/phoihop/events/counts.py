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
from .models import EventKind, Participant

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
    by_kind = dict(events.order_by().values_list("kind").annotate(n=Count("id")))
    figures = []
    for kind in EventKind.objects.filter(Q(active=True) | Q(pk__in=by_kind)):
        figures.append(
            ReviewFigure(
                section=SECTION,
                label=kind.name,
                value=by_kind.get(kind.pk, 0),
                url=_list_url(start, end, organization, programme, kind=kind.pk),
            )
        )
    present = Participant.objects.filter(event__in=events.values("pk"), checked_in_at__isnull=False)
    figures.append(
        ReviewFigure(
            section=SECTION,
            label=_("Lượt người dự (có mặt)"),
            value=present.count(),
            url=_list_url(start, end, organization, programme),
            unit=_("lượt"),
        )
    )
    hours = (
        present.filter(event__kind__is_training=True)
        .annotate(credited=selectors.credited_hours_expression())
        .aggregate(total=Sum("credited"))["total"]
    )
    figures.append(
        ReviewFigure(
            section=SECTION,
            label=_("Giờ học bồi dưỡng, tập huấn"),
            value=float(hours or 0),
            url=_list_url(start, end, organization, programme, training="on"),
            unit=_("giờ"),
        )
    )
    return figures
