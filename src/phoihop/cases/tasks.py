"""Background jobs of the cases app (django-tasks): ids and dates in, idempotent."""

import datetime

from django_tasks import task

from . import reminders, retention


@task()
def anonymise_expired_contacts(day: str | None = None) -> int:
    """The nightly retention run; `day` is an ISO date for catching up, default today."""
    return retention.anonymise_expired(datetime.date.fromisoformat(day) if day else None)


@task()
def send_case_reminders(day: str | None = None) -> dict[str, int]:
    """The daily reminder run of cases; `day` is an ISO date for catching up, default today."""
    return reminders.send_reminders(datetime.date.fromisoformat(day) if day else None)
