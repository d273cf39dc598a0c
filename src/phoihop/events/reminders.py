"""The daily event reminders: the day before an event, to every invited person who has not
declined; and, three days before, to the invited people who have not answered yet, a nudge to
answer.

Each notification's key names the event, its start day and the stage, so running the job twice
sends nothing twice, and an event moved to another day is reminded again.
"""

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.notifications import Message, deliver

from .models import Event, Participant
from .selectors import in_period

# Answer the invitation: a nudge three days before to those who have not answered.
ANSWER_NUDGE_DAYS = 3


def reminder_key(event: Event, stage: str) -> str:
    return f"event:{event.pk}:{event.local_start:%Y%m%d}:{stage}"


def event_messages(today: datetime.date) -> list[Message]:
    messages: list[Message] = []
    tomorrow = today + datetime.timedelta(days=1)
    nudge_day = today + datetime.timedelta(days=ANSWER_NUDGE_DAYS)
    for day, stage in ((tomorrow, "tomorrow"), (nudge_day, "answer")):
        events = in_period(
            Event.objects.filter(cancelled_at__isnull=True).select_related("organizer"), day, day
        )
        participants = Participant.objects.filter(event__in=events).select_related("person")
        if stage == "tomorrow":
            participants = participants.exclude(rsvp=Participant.Rsvp.DECLINED)
        else:
            participants = participants.filter(rsvp=Participant.Rsvp.PENDING)
        by_event = {event.pk: event for event in events}
        for participant in participants:
            event = by_event[participant.event_id]
            when = f"{event.local_start:%H:%M %d/%m/%Y}"
            if stage == "tomorrow":
                title = _("Ngày mai: %(title)s") % {"title": event.title}
                body = _("Bắt đầu lúc %(when)s, tại %(place)s.") % {
                    "when": when,
                    "place": event.place or event.online_url,
                }
            else:
                title = _("Xin trả lời giấy mời: %(title)s") % {"title": event.title}
                body = _("%(organizer)s chờ bạn xác nhận có dự, lúc %(when)s.") % {
                    "organizer": event.organizer.name,
                    "when": when,
                }
            messages.append(
                Message(
                    participant.person,
                    reminder_key(event, stage),
                    stage,
                    title,
                    body,
                    event.get_absolute_url(),
                )
            )
    return messages


def send_reminders(
    today: datetime.date | None = None, *, email: bool | None = None
) -> dict[str, int]:
    """Run the event reminders for `today`; returns how many notifications of each stage were
    new. In-app only unless `email` is true."""
    today = today or timezone.localdate()
    sent: Counter = deliver(event_messages(today), email=bool(email))
    return dict(sent)
