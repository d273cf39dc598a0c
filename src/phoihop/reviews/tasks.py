"""Background jobs of the reviews app (django-tasks). Jobs take plain values and are idempotent:
running one twice sends nothing twice."""

import datetime

from django_tasks import task

from . import reminders


@task()
def send_review_reminders(day: str | None = None) -> dict[str, int]:
    """Daily: remind the responsible people of reviews due soon or overdue. `day` is an ISO date
    for catching up a missed day; default today."""
    today = datetime.date.fromisoformat(day) if day else None
    return reminders.send_reminders(today)
