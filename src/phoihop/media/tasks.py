"""Background jobs of press monitoring (django-tasks): plain values in, idempotent."""

from django_tasks import task

from . import fetching


@task()
def fetch_feeds() -> dict[str, int]:
    """Fetch the feeds that are due (cron queues it every few minutes: `phoihop media_fetch
    --enqueue`). Safe to run twice or on two workers: each feed is claimed before it is
    fetched, and an article already stored is not stored again."""
    return fetching.fetch_due_feeds()
