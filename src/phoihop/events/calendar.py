"""The events in a person's calendar feed (plans' feed, through `plans.ical.register_entries`):
every event they are invited to and did not decline, from 90 days back. A cancelled one stays,
with STATUS:CANCELLED (RFC 5545 §3.8.1.11) and "Đã hủy:" before its title, so a calendar that
had it shows it called off rather than silently dropping it."""

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
        .filter(pk__in=mine.values("event_id"), ends_at__gte=since)
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
        title = event.title
        if event.cancelled_at:
            title = _("Đã hủy: %(title)s") % {"title": event.title}
            description = (
                _("Đã hủy. Lý do: %(reason)s") % {"reason": event.cancellation_reason}
                + "\n"
                + description
            )
        entry = ical.timed(
            f"event-{event.pk}",
            event.starts_at,
            event.ends_at,
            title,
            event.get_absolute_url(),
            description,
            event.place or event.online_url,
        )
        entry.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
        yield entry
