"""A large task import runs in the worker: the page shows its progress, then its result; the
rows are checked and written exactly as on the page, and exactly once."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phoihop.core import import_runs
from phoihop.core.models import ImportRun
from phoihop.core.tasks import run_import
from phoihop.plans.models import Task

from ..import_runs import execute_while_a_second_worker_races
from .test_spreadsheets import workbook

pytestmark = pytest.mark.django_db


def good_rows(count):
    return [[f"Nhiệm vụ {n}", "", "", "38.SYT", "", "30/06/2026", ""] for n in range(count)]


@pytest.fixture(autouse=True)
def small_worker_threshold(settings, tmp_path):
    settings.SPREADSHEET_WORKER_ROWS = 2
    settings.MEDIA_ROOT = tmp_path


def post(client, world, rows, action="import"):
    client.force_login(world.people.specialist)
    url = reverse("plans:plan_import", args=[world.plan.pk])
    return client.post(url, {"file": workbook(rows), "action": action})


def run_page(client, run):
    return client.get(reverse("plans:plan_import_run", args=[run.target_id, run.pk]))


def test_a_large_import_is_queued_and_its_page_shows_progress_then_the_result(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, world, good_rows(3))
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "plans:plan_import_run", args=[world.plan.pk, run.pk]
    )
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(run.pk)]).exists()
    assert not Task.objects.exists()
    page = run_page(client, run).content.decode()
    assert "đã kiểm tra 0/3 dòng" in page and 'hx-trigger="every 2s"' in page

    assert run_import.call(str(run.pk)) == "done"
    assert Task.objects.filter(plan=world.plan).count() == 3
    fragment = client.get(run_page(client, run).request["PATH_INFO"], HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "Đã nhập 3 nhiệm vụ vào kế hoạch." in html and "every 2s" not in html
    assert "<html" not in html  # only the fragment
    assert list(import_runs._directory().iterdir()) == []  # the kept file is removed


def test_running_the_job_twice_imports_once(client, world):
    post(client, world, good_rows(3))
    run = ImportRun.objects.get()
    assert run_import.call(str(run.pk)) == "done"
    assert run_import.call(str(run.pk)) == "skipped"
    assert Task.objects.count() == 3


def test_a_second_worker_racing_the_first_cannot_write_twice(client, world, monkeypatch):
    """A job picked up again while its first worker is still checking (as after a timeout):
    whichever finishes second finds the run done and its writes are rolled back."""
    post(client, world, good_rows(3))
    run = ImportRun.objects.get()
    assert execute_while_a_second_worker_races(run, monkeypatch) == ("skipped", "done")
    assert Task.objects.count() == 3
    assert ImportRun.objects.get().created == 3


def test_bad_rows_in_a_large_file_are_listed_and_nothing_is_written(client, world):
    rows = [*good_rows(3), ["", "", "", "Sở Ma", "", "ngày mai", ""]]
    post(client, world, rows)
    run = ImportRun.objects.get()
    run_import.call(str(run.pk))
    page = run_page(client, run).content.decode()
    assert 'data-testid="import-errors"' in page and "chưa nhập dòng nào" in page
    assert [e.line for e in import_runs.row_errors(ImportRun.objects.get())] == [5, 5, 5]
    assert not Task.objects.exists()


def test_a_large_dry_run_writes_nothing(client, world):
    post(client, world, good_rows(3), action="check")
    run = ImportRun.objects.get()
    assert run.dry_run
    run_import.call(str(run.pk))
    assert "3 dòng hợp lệ, sẵn sàng nhập." in run_page(client, run).content.decode()
    assert not Task.objects.exists()


def test_a_small_file_is_still_imported_within_the_request(client, world):
    response = post(client, world, good_rows(2))
    assert response.status_code == 302 and response.url == world.plan.get_absolute_url()
    assert Task.objects.count() == 2 and not ImportRun.objects.exists()


def test_only_the_uploader_sees_the_run(client, world):
    post(client, world, good_rows(3))
    run = ImportRun.objects.get()
    client.force_login(world.people.admin)
    assert run_page(client, run).status_code == 404
    client.force_login(world.people.outsider)
    assert run_page(client, run).status_code == 404


def test_a_run_whose_file_is_gone_fails_with_a_message(client, world):
    post(client, world, good_rows(3))
    run = ImportRun.objects.get()
    (import_runs._directory() / run.pk.hex).unlink()
    assert run_import.call(str(run.pk)) == "failed"
    assert "tải tệp lên lại" in run_page(client, run).content.decode()
