"""Background jobs of the library (django-tasks): ids in, idempotent."""

from django_tasks import task

from . import services


@task()
def extract_version_text(version_id: int) -> str:
    """Read the text of one version's file and index its item; safe to run twice."""
    return services.extract_version_text(version_id)
