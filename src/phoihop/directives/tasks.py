"""Background jobs of the directives app (django-tasks). Jobs take plain values, call a service
and are idempotent."""

import datetime

from django_tasks import task

from . import services


@task()
def send_review_reminders(on: str | None = None) -> int:
    """Daily: remind the responsible people of review milestones due soon or overdue.

    `on` is an ISO date (today by default). Safe to run twice: nothing is sent twice.
    """
    today = datetime.date.fromisoformat(on) if on else None
    return services.send_review_reminders(today=today)
