"""Background jobs of the reporting app (django-tasks). Jobs take plain values and are
idempotent: running one twice sends nothing twice."""

import datetime

from django_tasks import task

from . import reminders


@task()
def send_report_reminders(day: str | None = None) -> dict[str, int]:
    """Daily: remind the reporting units of reports due soon, due today or overdue, and their
    leaders of long overdue ones. `day` is an ISO date for catching up a missed day."""
    today = datetime.date.fromisoformat(day) if day else None
    return reminders.send_reminders(today)
