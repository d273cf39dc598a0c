""" "Việc của tôi": the work of the user's own organisations (as lead or co-agency), open and
overdue first, completed last; "named to me" narrows it to the tasks where the user is the
named focal point, who defaults to the agency's designated focal point."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from phoihop.plans import services
from phoihop.plans.models import TaskParticipant

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, 0)


def titles(page: str) -> list[str]:
    rows = page.split('data-testid="task-row"')[1:]
    return [
        re.search(r'<a href="/plans/tasks/\d+/"[^>]*>([^<]+)</a>', row).group(1) for row in rows
    ]


@pytest.fixture
def tasks(world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        done = make_task(title="Đã xong", deadline=D(2026, 4, 30))
        services.confirm_completion(
            task=done, by=world.people.health_focal, despite_unreported=True
        )
        make_task(title="Quá hạn lâu", deadline=D(2026, 9, 30))
        make_task(title="Quá hạn gần", deadline=D(2026, 11, 1))
        make_task(title="Sắp tới", deadline=D(2026, 12, 20))
        make_task(title="Phối hợp với Sở Y tế", lead=world.education, co=[world.health])
        make_task(
            title="Việc của Sở Văn hóa",
            lead=world.culture,
            co=[],
            outside_parties_reason="Chuyên môn",
        )


@time_machine.travel(NOW, tick=False)
def test_my_tasks_lists_my_agencys_work_open_and_overdue_first_completed_last(client, world, tasks):
    client.force_login(world.people.health_focal)
    page = client.get(reverse("plans:task_list"), {"mine": "1"}).content.decode()
    assert titles(page) == [
        "Phối hợp với Sở Y tế",  # as co-agency, overdue since 30/06
        "Quá hạn lâu",
        "Quá hạn gần",
        "Sắp tới",
        "Đã xong",
    ]
    assert "Việc của Sở Văn hóa" not in page


@time_machine.travel(NOW, tick=False)
def test_the_agencys_designated_focal_point_is_named_by_default(world, tasks):
    parts = TaskParticipant.objects.filter(organization=world.health)
    assert parts.count() == 5
    assert all(p.focal_person == world.people.health_focal for p in parts)


@time_machine.travel(NOW, tick=False)
def test_named_to_me_keeps_only_the_tasks_where_i_am_the_focal_person(client, world, tasks):
    colleague_task = TaskParticipant.objects.get(organization=world.health, task__title="Sắp tới")
    colleague_task.focal_person = None
    colleague_task.save(update_fields=["focal_person"])
    client.force_login(world.people.health_focal)
    page = client.get(reverse("plans:task_list"), {"mine": "1", "named": "on"}).content.decode()
    assert "Sắp tới" not in titles(page)
    assert "Quá hạn lâu" in titles(page)
    assert 'name="named"' in page and "Chỉ việc giao đích danh cho tôi" in page


@time_machine.travel(NOW, tick=False)
def test_my_tasks_is_not_empty_for_a_co_agency_without_being_named(client, world, tasks):
    client.force_login(world.people.education_focal)
    page = client.get(reverse("plans:task_list"), {"mine": "1"}).content.decode()
    assert len(titles(page)) == 6 - 1  # every task but the culture department's own
