"""Spreadsheet imports too large for a request run in the worker, with their progress shown.

An app registers a runner for its import (`register("plans.tasks", runner)`, in its AppConfig,
since core imports no domain app). A view that sees a large file calls `start`, which keeps the
file under MEDIA_ROOT/import-runs/ by a random name and enqueues `core.tasks.run_import` once
the transaction commits. The job calls `execute`, which calls the runner:

    runner(run, data, progress, on_written) -> list[RowError]

The runner checks every row (calling `progress(rows_checked)` as it goes) and, only when every
row is valid and the run is not a dry run, writes them all in one transaction, calling
`on_written(count)` inside that transaction. `on_written` marks the run done in the same
transaction, so the effect happens exactly once: a job run twice, or picked up again after its
worker died, finds the run done, or has its duplicate write rolled back.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportRun
from .spreadsheets import RowError

logger = logging.getLogger(__name__)
Runner = Callable[[ImportRun, bytes, Callable[[int], None], Callable[[int], None]], list[RowError]]
RUNNERS: dict[str, Runner] = {}
PROGRESS_EVERY = 25  # rows between two progress writes


def register(kind: str, runner: Runner) -> None:
    RUNNERS[kind] = runner


def _directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-runs"


def _path(run: ImportRun) -> Path:
    return _directory() / run.pk.hex


def start(
    *, kind: str, data: bytes, by, total: int, dry_run: bool, target_id=None, file_name=""
) -> ImportRun:
    """Keep the file and queue its import; the caller has checked the user's right to import."""
    from .tasks import run_import

    if kind not in RUNNERS:
        raise LookupError(f"No importer registered as {kind!r}")
    run = ImportRun.objects.create(
        kind=kind,
        target_id=target_id,
        created_by=by,
        file_name=file_name[:200],
        dry_run=dry_run,
        total=total,
    )
    _directory().mkdir(parents=True, exist_ok=True)
    _path(run).write_bytes(data)
    transaction.on_commit(lambda: run_import.enqueue(str(run.pk)))
    return run


def start_upload(*, kind: str, upload, by, total: int, dry_run: bool, target_id=None) -> ImportRun:
    """`start` for an uploaded file (read from its start, named as uploaded)."""
    upload.seek(0)
    return start(
        kind=kind,
        data=upload.read(),
        by=by,
        total=total,
        dry_run=dry_run,
        target_id=target_id,
        file_name=upload.name or "",
    )


class AlreadyDone(Exception):
    """Another run of the same job finished first; this one's writes are rolled back."""


def execute(run_id) -> str:
    """The job's body: claim the run, call its runner, keep the result. Safe to call twice."""
    run = _claim(run_id)
    if run is None:
        return "skipped"
    try:
        data = _path(run).read_bytes()
    except OSError:
        _finish(run, [RowError(0, "", _("Không còn tệp để nhập; hãy tải tệp lên lại."))])
        return ImportRun.Status.FAILED
    try:
        errors = RUNNERS[run.kind](run, data, _progress(run), _on_written(run))
    except AlreadyDone:
        return "skipped"
    except PermissionDenied:
        errors = [RowError(0, "", _("Bạn không có quyền thực hiện thao tác này."))]
    except ValidationError as exc:  # the file as a whole (SpreadsheetError included)
        errors = [RowError(0, "", message) for message in exc.messages]
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        errors = [RowError(0, "", _("Có lỗi khi nhập; chưa dòng nào được ghi."))]
    if errors or run.dry_run:
        _finish(run, errors)
    _path(run).unlink(missing_ok=True)
    return ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)


def _claim(run_id) -> ImportRun | None:
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.finished:
            return None
        run.status = ImportRun.Status.RUNNING
        run.checked = 0
        run.save(update_fields=["status", "checked"])
    return run


def _progress(run: ImportRun) -> Callable[[int], None]:
    def progress(checked: int) -> None:
        if checked % PROGRESS_EVERY == 0 or checked >= run.total:
            ImportRun.objects.filter(pk=run.pk).update(checked=checked)

    return progress


def _on_written(run: ImportRun) -> Callable[[int], None]:
    def on_written(created: int) -> None:
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.finished:
            raise AlreadyDone
        locked.status = ImportRun.Status.DONE
        locked.created = created
        locked.checked = locked.total
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "created", "checked", "finished_at"])

    return on_written


def _finish(run: ImportRun, errors: list[RowError]) -> None:
    """A run that wrote nothing: a dry run, or one with errors. An importer that writes what
    it could read and reports the rest (the press files: a bad file costs only itself) has
    called `on_written` already; its run stays done and keeps the errors as notes."""
    status = ImportRun.Status.FAILED if any(e.line == 0 for e in errors) else ImportRun.Status.DONE
    stored = [[e.line, e.column, e.message] for e in errors]
    ImportRun.objects.filter(pk=run.pk).exclude(status=ImportRun.Status.DONE).update(
        status=status,
        checked=run.total if status == ImportRun.Status.DONE else 0,
        errors=stored,
        finished_at=timezone.now(),
    )
    if status == ImportRun.Status.DONE:
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.DONE).update(errors=stored)


def set_total(run: ImportRun, total: int) -> None:
    """The number of rows (or items) a run has, once its runner has read the file (an
    importer that learns it only then: a .zip of press files)."""
    run.total = total
    ImportRun.objects.filter(pk=run.pk).update(total=total)


def row_errors(run: ImportRun) -> list[RowError]:
    return [RowError(*error) for error in run.errors]
