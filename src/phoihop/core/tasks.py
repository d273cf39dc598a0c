"""Background jobs of core (django-tasks). Jobs take plain values, reload what they need and
are idempotent."""

from django_tasks import task

from . import import_runs


@task()
def run_import(run_id: str) -> str:
    """Check and write one large spreadsheet import (see core.import_runs); safe to run twice."""
    return import_runs.execute(run_id)
