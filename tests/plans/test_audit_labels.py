"""Changes a service records under a name that is not a column (a task confirmed despite
co-agencies that never reported, a progress report) read in Vietnamese on the audit trail."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from phoihop.plans import services

pytestmark = pytest.mark.django_db


def test_a_completion_despite_silent_co_agencies_is_named_in_vietnamese(
    client, admin_user, world, make_task
):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=True):
        task = make_task(deadline=datetime.date(2026, 12, 1))
        services.confirm_completion(
            despite_unreported=True, task=task, by=world.people.health_focal
        )
    client.force_login(admin_user)
    page = client.get(reverse("org:audit_list")).content.decode()
    assert "Đơn vị phối hợp chưa báo cáo" in page
    assert "unreported_co_agencies" not in page
