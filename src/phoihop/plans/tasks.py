"""Background jobs of the plans app (django-tasks). Jobs take plain values, reload what they
need and are idempotent: running one twice sends nothing twice."""

import datetime

from django_tasks import task

from . import reminders


@task()
def send_task_reminders(day: str | None = None) -> dict[str, int]:
    """The daily reminder run (deadlines, escalation, recurring reports). `day` is an ISO date
    for catching up a missed day; default today."""
    today = datetime.date.fromisoformat(day) if day else None
    return reminders.send_reminders(today)
