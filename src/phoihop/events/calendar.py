"""The events in a person's calendar feed (plans' feed, through `plans.ical.register_entries`):
every event they are invited to and did not decline, from 90 days back."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.plans import ical

from .models import Event, Participant

LOOKBACK_DAYS = 90


def feed_events(user):
    since = timezone.now() - datetime.timedelta(days=LOOKBACK_DAYS)
    mine = Participant.objects.filter(person=user).exclude(rsvp=Participant.Rsvp.DECLINED)
    return (
        Event.objects.visible_to(user)
        .filter(pk__in=mine.values("event_id"), ends_at__gte=since, cancelled_at__isnull=True)
        .select_related("kind", "organizer")
        .order_by("starts_at", "id")[: ical.FEED_LIMIT]
    )


def entries(user):
    for event in feed_events(user):
        description = _("%(kind)s do %(organizer)s tổ chức.") % {
            "kind": event.kind.name,
            "organizer": event.organizer.name,
        }
        if event.online_url:
            description += "\n" + event.online_url
        yield ical.timed(
            f"event-{event.pk}",
            event.starts_at,
            event.ends_at,
            event.title,
            event.get_absolute_url(),
            description,
            event.place or event.online_url,
        )
