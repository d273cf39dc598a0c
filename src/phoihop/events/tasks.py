"""Background jobs of the events app (django-tasks); idempotent, they take plain values."""

import datetime

from django_tasks import task

from . import reminders


@task()
def send_event_reminders(day: str | None = None) -> dict[str, int]:
    """Daily: remind invited people of tomorrow's events and nudge those who have not answered.
    `day` is an ISO date for catching up a missed day; default today."""
    today = datetime.date.fromisoformat(day) if day else None
    return reminders.send_reminders(today)
