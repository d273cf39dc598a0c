"""A large registry import runs in the worker: the page shows its progress, then its result; the
rows are checked and written exactly as on the page, and exactly once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from phoihop.core import import_runs
from phoihop.core.models import ImportRun
from phoihop.core.tasks import run_import
from phoihop.directives.models import Document

from ..import_runs import execute_while_a_second_worker_races

pytestmark = pytest.mark.django_db


def good_rows(count):
    return [f"{n + 1}-CT/TW,{n + 1}/9/2009,Về nội dung số {n + 1}" for n in range(count)]


def csv_upload(rows):
    content = "\n".join(["Số ký hiệu,Ngày ban hành,Trích yếu", *rows]) + "\n"
    return SimpleUploadedFile("van-ban.csv", content.encode("utf-8"))


@pytest.fixture(autouse=True)
def small_worker_threshold(settings, tmp_path, empty_registry):
    settings.SPREADSHEET_WORKER_ROWS = 2
    settings.MEDIA_ROOT = tmp_path


def post(client, user, rows, action="import"):
    client.force_login(user)
    return client.post(
        reverse("directives:document_import"), {"file": csv_upload(rows), "action": action}
    )


def run_page(client, run, **headers):
    return client.get(reverse("directives:document_import_run", args=[run.pk]), **headers)


def test_a_large_import_is_queued_and_its_page_shows_progress_then_the_result(
    client, catalogue_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, catalogue_editor, good_rows(3))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directives:document_import_run", args=[run.pk])
    assert run.kind == "directives.documents" and run.total == 3 and not run.dry_run
    assert DBTaskResult.objects.filter(args_kwargs__args=[str(run.pk)]).exists()
    assert [p.name for p in import_runs._directory().iterdir()] == [run.pk.hex]
    assert not Document.objects.exists()
    page = run_page(client, run).content.decode()
    assert "đã kiểm tra 0/3 dòng" in page and 'hx-trigger="every 2s"' in page

    assert run_import.call(str(run.pk)) == "done"
    assert sorted(Document.objects.values_list("symbol", flat=True)) == [
        "1-CT/TW",
        "2-CT/TW",
        "3-CT/TW",
    ]
    html = run_page(client, run, HTTP_HX_REQUEST="true").content.decode()
    assert "Đã nhập 3 văn bản vào danh mục." in html and "every 2s" not in html
    assert "<html" not in html  # only the fragment
    assert list(import_runs._directory().iterdir()) == []  # the kept file is removed


def test_running_the_job_twice_imports_once(client, catalogue_editor):
    post(client, catalogue_editor, good_rows(3))
    run = ImportRun.objects.get()
    assert run_import.call(str(run.pk)) == "done"
    assert run_import.call(str(run.pk)) == "skipped"
    assert Document.objects.count() == 3
    assert ImportRun.objects.get().created == 3


def test_a_second_worker_racing_the_first_cannot_write_twice(client, catalogue_editor, monkeypatch):
    """The job picked up again while its first worker is still checking: whichever finishes
    second finds the run done, and its writes are rolled back."""
    post(client, catalogue_editor, good_rows(3))
    run = ImportRun.objects.get()
    assert execute_while_a_second_worker_races(run, monkeypatch) == ("skipped", "done")
    assert Document.objects.count() == 3


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_written(client, catalogue_editor):
    rows = [*good_rows(3), "abc,1/1/2020,x", "9-CT/TW,31/2/2020,y"]
    post(client, catalogue_editor, rows)
    run = ImportRun.objects.get()
    assert run_import.call(str(run.pk)) == "done"
    assert sorted({e.line for e in import_runs.row_errors(ImportRun.objects.get())}) == [5, 6]
    page = run_page(client, run).content.decode()
    assert 'data-testid="import-errors"' in page and "chưa nhập dòng nào" in page
    assert not Document.objects.exists()
    assert list(import_runs._directory().iterdir()) == []


def test_a_large_dry_run_writes_nothing(client, catalogue_editor):
    post(client, catalogue_editor, good_rows(3), action="check")
    run = ImportRun.objects.get()
    assert run.dry_run
    run_import.call(str(run.pk))
    assert "Tất cả 3 dòng hợp lệ." in run_page(client, run).content.decode()
    assert not Document.objects.exists()


def test_a_small_file_is_still_imported_within_the_request(client, catalogue_editor):
    response = post(client, catalogue_editor, good_rows(2))
    assert response.status_code == 302 and response.url == reverse("directives:document_list")
    assert Document.objects.count() == 2 and not ImportRun.objects.exists()


def test_only_the_uploader_sees_the_run(client, catalogue_editor, editor, admin_user):
    post(client, catalogue_editor, good_rows(3))
    run = ImportRun.objects.get()
    for other in (editor, admin_user):
        client.force_login(other)
        assert run_page(client, run).status_code == 404


def test_a_plan_run_is_not_shown_as_a_directive_run(client, catalogue_editor):
    run = ImportRun.objects.create(kind="plans.tasks", created_by=catalogue_editor, total=3)
    client.force_login(catalogue_editor)
    assert run_page(client, run).status_code == 404


def test_a_reader_cannot_queue_a_large_import(client, focal_point):
    assert post(client, focal_point, good_rows(3)).status_code == 403
    assert not ImportRun.objects.exists()
