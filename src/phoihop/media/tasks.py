"""Background jobs of press monitoring (django-tasks): moments and ids in, idempotent."""

import datetime

from django_tasks import task

from . import alerts


@task()
def check_press_alerts(at: str | None = None) -> dict[str, int]:
    """The hourly spike check of every watchlist; `at` is an ISO moment for catching up."""
    return alerts.check_spikes(datetime.datetime.fromisoformat(at) if at else None)


@task()
def raise_negative_alerts(article_ids: list[int]) -> int:
    """Alerts for the negative stories among articles just stored (the pipeline's hook)."""
    return alerts.on_articles_stored(article_ids)
