"""Shared by the import-run tests of every app (core.import_runs)."""

from phoihop.core import import_runs


def execute_while_a_second_worker_races(run, monkeypatch) -> tuple[str, str]:
    """Run the job; once its worker has checked every row, a second worker picks the same job up
    (as after a stale-job timeout) and runs it to the end first. Returns what the first and the
    second worker reported."""
    original = import_runs._progress
    second: list[str] = []  # "started" before the nested run, so it does not race again

    def progress_that_lets_another_worker_in(current):
        report = original(current)

        def progress(checked):
            report(checked)
            if checked == run.total and not second:
                second.append("started")
                second.append(import_runs.execute(run.pk))

        return progress

    monkeypatch.setattr(import_runs, "_progress", progress_that_lets_another_worker_in)
    first = import_runs.execute(run.pk)
    return first, second[1]
