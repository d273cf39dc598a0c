"""Archiving what has ended: a plan whose year is over or whose tasks are all done, a programme
whose period is over (with its plans). Archived work leaves the daily lists, stays whole on the
archive page and can be restored; nothing is deleted."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.plans import services
from phoihop.plans.models import Plan, Task

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 23, 9, 0)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_plan_of_the_current_year_with_open_tasks_cannot_be_archived(world, make_task):
    make_task()
    with pytest.raises(ValidationError) as refused:
        services.archive_plan(plan=world.plan, by=world.people.specialist)
    assert "chưa hoàn thành" in str(refused.value)


def test_a_plan_whose_tasks_are_all_done_is_archived_with_an_audit_entry(world, make_task):
    task = make_task()
    services.confirm_completion(task=task, by=world.people.health_focal, despite_unreported=True)
    services.archive_plan(plan=world.plan, by=world.people.specialist)
    world.plan.refresh_from_db()
    assert world.plan.archived_at is not None
    assert entries_for(world.plan).filter(changes__has_key="archived_at").exists()
    assert Task.objects.filter(pk=task.pk).exists()  # nothing deleted


def test_only_the_plan_owner_archives(world, make_task):
    task = make_task()
    services.confirm_completion(task=task, by=world.people.health_focal, despite_unreported=True)
    with pytest.raises(PermissionDenied):
        services.archive_plan(plan=world.plan, by=world.people.health_focal)


def test_archiving_an_ended_programme_archives_its_plans_and_restoring_is_one_by_one(world):
    services.archive_programme(programme=world.programme, by=world.people.specialist)
    world.plan.refresh_from_db()
    assert world.plan.archived_at is not None
    with pytest.raises(ValidationError) as refused:  # its programme is still archived
        services.restore_plan(plan=world.plan, by=world.people.specialist)
    assert "khôi phục chương trình trước" in str(refused.value)
    services.restore_programme(programme=world.programme, by=world.people.specialist)
    services.restore_plan(plan=world.plan, by=world.people.specialist)
    world.plan.refresh_from_db()
    assert world.plan.archived_at is None


def test_a_programme_still_running_cannot_be_archived(world):
    programme = services.update_programme(
        programme=world.programme, by=world.people.specialist, end_year=2030
    )
    with pytest.raises(ValidationError):
        services.archive_programme(programme=programme, by=world.people.specialist)


def test_archived_work_leaves_the_daily_lists_and_is_found_on_the_archive_page(
    client, world, make_task
):
    make_task(title="Tuyên truyền kỷ niệm 80 năm Quốc khánh")
    client.force_login(world.people.specialist)
    services.archive_programme(programme=world.programme, by=world.people.specialist)

    plans_page = client.get(reverse("plans:plan_list")).content.decode()
    assert world.plan.title not in plans_page
    programmes_page = client.get(reverse("plans:programme_list")).content.decode()
    assert world.programme.title not in programmes_page
    tasks_page = client.get(reverse("plans:task_list")).content.decode()
    assert "Tuyên truyền kỷ niệm 80 năm Quốc khánh" not in tasks_page
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-first-steps"' in home  # no current task left

    archive = client.get(reverse("plans:archive")).content.decode()
    assert world.programme.title in archive.split('data-testid="archived-programmes"')[1]
    assert world.plan.title in archive.split('data-testid="archived-plans"')[1]
    # the archived plan's page and its tasks are still there
    board = client.get(world.plan.get_absolute_url()).content.decode()
    assert 'data-testid="archived-banner"' in board
    listed = client.get(reverse("plans:task_list") + f"?plan={world.plan.pk}").content.decode()
    assert "Tuyên truyền kỷ niệm 80 năm Quốc khánh" in listed


def test_the_archive_buttons_archive_and_restore_from_the_pages(client, world):
    client.force_login(world.people.specialist)
    page = client.get(world.programme.get_absolute_url()).content.decode()
    assert 'data-testid="archive-button"' in page
    response = client.post(reverse("plans:programme_archive", args=[world.programme.pk]))
    assert response.status_code == 302
    page = client.get(world.programme.get_absolute_url()).content.decode()
    assert 'data-testid="restore-button"' in page
    client.post(reverse("plans:programme_restore", args=[world.programme.pk]))
    assert Plan.objects.get(pk=world.plan.pk).archived_at is not None  # plans stay archived


def test_a_refused_archive_says_why_on_the_page(client, world, make_task):
    make_task()
    client.force_login(world.people.specialist)
    response = client.post(reverse("plans:plan_archive", args=[world.plan.pk]), follow=True)
    assert "chưa hoàn thành" in response.content.decode()


def test_the_archive_page_uses_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    services.archive_programme(programme=world.programme, by=world.people.specialist)
    client.force_login(world.people.specialist)
    client.get(reverse("plans:archive"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("plans:archive")).status_code == 200
