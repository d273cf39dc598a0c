"""A large organisation import runs in the worker: the check, then (after the same confirmation
as for a small file) the import; the page polls their progress. Rows are written exactly once."""

import pytest
from django.urls import reverse

from phoihop.core import import_runs
from phoihop.core.models import ImportRun
from phoihop.core.tasks import run_import
from phoihop.org.models import Area, Organization

from ..factories import AreaFactory
from ..import_runs import execute_while_a_second_worker_races
from .test_import import URL, csv_file, row

pytestmark = pytest.mark.django_db


def good_rows(count):
    return [row(f"DV-{n}", f"Đơn vị số {n}") for n in range(1, count + 1)]


@pytest.fixture(autouse=True)
def small_worker_threshold(settings, tmp_path):
    settings.SPREADSHEET_WORKER_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    AreaFactory(code="38", name="Thanh Hóa", level=Area.Level.PROVINCE, type="tỉnh")


def run_page(client, run, **headers):
    return client.get(reverse("org:organization_import_run", args=[run.pk]), **headers)


def checked_run(client, user, rows):
    """Upload a large file and let the worker check it; the dry run's run."""
    client.force_login(user)
    response = client.post(URL, {"file": csv_file(rows)})
    run = ImportRun.objects.get(dry_run=True)
    assert response.status_code == 302
    assert response.url == reverse("org:organization_import_run", args=[run.pk])
    assert run_import.call(str(run.pk)) == "done"
    return run


def confirmed_run(client, user, rows):
    """Confirm a valid checked file from its run page; the import's run (not yet executed)."""
    page = run_page(client, checked_run(client, user, rows))
    token = page.context["confirm_form"].initial["token"]
    response = client.post(URL, {"token": token})
    run = ImportRun.objects.get(dry_run=False)
    assert response.url == reverse("org:organization_import_run", args=[run.pk])
    return run


def test_a_large_file_is_checked_then_imported_in_the_worker(
    client, admin_user, django_capture_on_commit_callbacks, tmp_path
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(URL, {"file": csv_file(good_rows(3))})
    assert len(callbacks) == 1  # the job is enqueued once the request commits
    dry = ImportRun.objects.get()
    assert dry.kind == "org.organizations" and dry.dry_run and dry.total == 3
    page = run_page(client, dry).content.decode()
    assert "đã kiểm tra 0/3 dòng" in page and 'hx-trigger="every 2s"' in page
    assert run_import.call(str(dry.pk)) == "done"
    assert not Organization.objects.exists()  # the check writes nothing
    page = run_page(client, dry, HTTP_HX_REQUEST="true").content.decode()
    assert "Tệp hợp lệ: sẽ tạo 3 tổ chức." in page and 'data-testid="import-confirm"' in page

    token = run_page(client, dry).context["confirm_form"].initial["token"]
    response = client.post(URL, {"token": token})
    run = ImportRun.objects.get(dry_run=False)
    assert response.url == reverse("org:organization_import_run", args=[run.pk])
    assert not Organization.objects.exists()
    assert run_import.call(str(run.pk)) == "done"
    assert sorted(Organization.objects.values_list("identifier", flat=True)) == [
        "DV-1",
        "DV-2",
        "DV-3",
    ]
    assert "Đã nhập 3 tổ chức." in run_page(client, run).content.decode()
    assert list((tmp_path / "import-runs").iterdir()) == []  # the worker's copies are removed
    assert list((tmp_path / "imports").iterdir()) == []  # and the confirmation's


def test_running_the_import_twice_writes_once(client, admin_user):
    run = confirmed_run(client, admin_user, good_rows(3))
    assert run_import.call(str(run.pk)) == "done"
    assert run_import.call(str(run.pk)) == "skipped"
    assert Organization.objects.count() == 3
    assert ImportRun.objects.get(pk=run.pk).created == 3


def test_a_second_worker_racing_the_first_cannot_write_twice(client, admin_user, monkeypatch):
    run = confirmed_run(client, admin_user, good_rows(3))
    assert execute_while_a_second_worker_races(run, monkeypatch) == ("skipped", "done")
    assert Organization.objects.count() == 3


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_offered(client, admin_user):
    rows = [*good_rows(3), row("DV-1", "Trùng mã"), row("X", "", kind="Không rõ")]
    run = checked_run(client, admin_user, rows)
    assert sorted({e.line for e in import_runs.row_errors(ImportRun.objects.get())}) == [5, 6]
    page = run_page(client, run)
    html = page.content.decode()
    assert 'data-testid="import-errors"' in html and "chưa nhập dòng nào" in html
    assert page.context["confirm_form"] is None
    assert not Organization.objects.exists()


def test_rows_that_became_invalid_before_the_import_are_reported_and_nothing_is_written(
    client, admin_user
):
    run = confirmed_run(client, admin_user, good_rows(3))
    Organization.objects.create(name="Chen ngang", identifier="DV-2", kind="other", level="other")
    assert run_import.call(str(run.pk)) == "done"
    assert [e.line for e in import_runs.row_errors(ImportRun.objects.get(pk=run.pk))] == [3]
    assert Organization.objects.count() == 1
    assert "chưa nhập dòng nào" in run_page(client, run).content.decode()


def test_a_small_file_keeps_the_page_flow(client, admin_user):
    client.force_login(admin_user)
    response = client.post(URL, {"file": csv_file(good_rows(2))})
    assert response.status_code == 200 and "confirm_form" in response.context
    assert client.post(URL, {"token": response.context["confirm_form"].initial["token"]}).url
    assert Organization.objects.count() == 2 and not ImportRun.objects.exists()


def test_only_the_uploader_sees_the_run(client, admin_user, outsider, django_user_model):
    run = checked_run(client, admin_user, good_rows(3))
    other_admin = django_user_model.objects.create_superuser("quantri2", password="x")
    for other in (outsider, other_admin):
        client.force_login(other)
        assert run_page(client, run).status_code == 404


def test_a_token_from_another_session_is_not_offered(client, admin_user):
    run = checked_run(client, admin_user, good_rows(3))
    client.logout()
    client.force_login(admin_user)  # a new session: the confirmation's token is not in it
    page = run_page(client, run)
    assert page.status_code == 200 and page.context["confirm_form"] is None
