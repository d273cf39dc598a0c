"""Reads of events: the filtered list (pages, API, review counts) and training records."""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, When

from phoihop.core import search
from phoihop.org.models import Organization

from .models import Event, EventOrganization, Participant


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )


def in_period(events: QuerySet, start: datetime.date | None, end: datetime.date | None):
    """Events starting on a day from `start` to `end` (Vietnam's days, both included)."""
    if start:
        events = events.filter(starts_at__gte=_start_of(start))
    if end:
        events = events.filter(starts_at__lt=_start_of(end + datetime.timedelta(days=1)))
    return events


def filtered(
    user,
    *,
    q: str = "",
    kind=None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organization: Organization | None = None,
    programme: int | None = None,
    training: bool = False,
    cancelled: bool = False,
) -> QuerySet:
    """The events `user` may see, filtered as the list, the API and the review counts say:
    `organization` counts events it (or an organisation under it) organised or co-organised.
    Cancelled events are left out (never counted) unless `cancelled` asks for them too."""
    events = Event.objects.visible_to(user)
    if not cancelled:
        events = events.filter(cancelled_at__isnull=True)
    if kind:
        events = events.filter(kind=kind)
    if training:
        events = events.filter(kind__is_training=True)
    events = in_period(events, start, end)
    if organization is not None:
        within = Organization.objects.within(organization).values("pk")
        events = events.filter(
            Q(organizer__in=within)
            | Q(
                pk__in=EventOrganization.objects.filter(
                    organization__in=within, role=EventOrganization.Role.CO_ORGANIZER
                ).values("event_id")
            )
        )
    if programme:
        events = events.filter(Q(programme=programme) | Q(plan__programme=programme))
    if q:
        events = search.filter_text(events, q)
    return events


def with_page_counts(events: list[Event]) -> list[Event]:
    """`invited_count` and `present_count` on each event of a page, in one query."""
    counts = {
        row["event_id"]: row
        for row in Participant.objects.filter(event__in=[e.pk for e in events])
        .order_by()
        .values("event_id")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(checked_in_at__isnull=False)))
    }
    for event in events:
        row = counts.get(event.pk, {})
        event.invited_count = row.get("invited", 0)
        event.present_count = row.get("present", 0)
    return events


def credited_hours_expression():
    """A participant's credited hours in SQL: their own when set, else the course's."""
    return Case(
        When(hours__isnull=False, then=F("hours")),
        default=F("event__training_hours"),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def training_records(person) -> QuerySet:
    """The courses `person` attended: participants of training events, checked in."""
    return (
        Participant.objects.filter(
            person=person,
            checked_in_at__isnull=False,
            event__kind__is_training=True,
            event__cancelled_at__isnull=True,
        )
        .select_related("event__kind", "event__organizer")
        .annotate(credited=credited_hours_expression())
        .order_by("-event__starts_at", "-id")
    )


def training_total(person) -> Decimal:
    total = training_records(person).aggregate(total=Sum("credited"))["total"]
    return total or Decimal(0)
