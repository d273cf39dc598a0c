import datetime

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=False)
def test_every_page_renders_for_the_plan_owner(client, world, make_task):
    task = make_task()
    client.force_login(world.people.specialist)
    urls = [
        reverse("home"),
        reverse("plans:programme_list"),
        reverse("plans:programme_create"),
        reverse("plans:programme_detail", args=[world.programme.pk]),
        reverse("plans:programme_edit", args=[world.programme.pk]),
        reverse("plans:plan_list"),
        reverse("plans:plan_create"),
        reverse("plans:plan_detail", args=[world.plan.pk]),
        reverse("plans:plan_edit", args=[world.plan.pk]),
        reverse("plans:plan_import", args=[world.plan.pk]),
        reverse("plans:task_create", args=[world.plan.pk]),
        reverse("plans:task_detail", args=[task.pk]),
        reverse("plans:task_edit", args=[task.pk]),
        reverse("plans:task_list"),
        reverse("plans:task_list") + "?mine=1",
        reverse("plans:task_timeline"),
        reverse("plans:league"),
        reverse("plans:calendar_settings"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
