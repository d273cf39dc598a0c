"""Background jobs of press monitoring (django-tasks): plain values in, idempotent."""

import datetime

from django_tasks import task

from . import alerts, fetching


@task()
def check_press_alerts(at: str | None = None) -> dict[str, int]:
    """The hourly spike check of every watchlist; `at` is an ISO moment for catching up."""
    return alerts.check_spikes(datetime.datetime.fromisoformat(at) if at else None)


@task()
def raise_negative_alerts(article_ids: list[int]) -> int:
    """Alerts for the negative stories among articles just stored (the pipeline's hook)."""
    return alerts.on_articles_stored(article_ids)


@task()
def fetch_feeds() -> dict[str, int]:
    """Fetch the feeds that are due (cron queues it every few minutes: `phoihop media_fetch
    --enqueue`). Safe to run twice or on two workers: each feed is claimed before it is
    fetched, and an article already stored is not stored again."""
    return fetching.fetch_due_feeds()
