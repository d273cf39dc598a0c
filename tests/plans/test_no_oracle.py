"""No oracle, no overreach: an id outside the caller's reach gets the answer of an id that does
not exist, and the counts a reader sees count only the tasks they may see."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from phoihop.plans.services import ParticipantSpec

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- focal people --------------------------------------------------------------------------------


def _task_with_focal_person(world, person_id: int):
    return api(world.people.specialist).post(
        "/api/v1/tasks",
        {
            "plan": world.plan.pk,
            "title": "Tuyên truyền phòng chống sốt xuất huyết",
            "deadline": "2026-06-30",
            "participants": [
                {"organization": world.health.pk, "role": "lead", "focal_person": person_id}
            ],
        },
        content_type="application/json",
    )


def test_a_focal_person_id_from_another_province_reads_like_an_unknown_one(world):
    outsider = world.people.outsider
    elsewhere = _task_with_focal_person(world, outsider.pk)
    unknown = _task_with_focal_person(world, 987654321)
    assert elsewhere.status_code == unknown.status_code == 400
    said = elsewhere.json()["errors"]["participants"][0]
    assert said.replace(str(outsider.pk), "?") == unknown.json()["errors"]["participants"][
        0
    ].replace("987654321", "?")
    body = elsewhere.content.decode()
    assert outsider.get_full_name() not in body and outsider.username not in body


def test_a_focal_person_of_the_organisation_is_accepted(world):
    response = _task_with_focal_person(world, world.people.health_focal.pk)
    assert response.status_code == 201, response.json()
    [participant] = response.json()["participants"]
    assert participant["focal_person"]["id"] == world.people.health_focal.pk


def test_the_service_does_not_name_a_focal_person_who_is_not_a_member(world, make_task):
    outsider = world.people.outsider
    with pytest.raises(ValidationError) as refused:
        make_task(participants=[ParticipantSpec(world.health, "lead", outsider)])
    text = " ".join(refused.value.messages)
    assert "Cán bộ đầu mối được chọn không phải là cán bộ của Sở Y tế tỉnh Thanh Hóa." in text
    assert outsider.get_full_name() not in text


# --- counts ---------------------------------------------------------------------------------------


@pytest.fixture
def mixed_plan(world, make_task):
    """The 2026 plan with two tasks for Health and Education and one for Culture alone (not a
    party of the programme): Culture's focal point sees the plan through its one task."""
    make_task(title="Tuyên truyền tiêm chủng")
    make_task(title="Tuyên truyền an toàn thực phẩm")
    make_task(
        title="Tuyên truyền Ngày Sách Việt Nam",
        lead=world.culture,
        co=[],
        outside_parties_reason="Sở quản lý lĩnh vực sách",
    )
    return world.plan


def _count_cells(html: str, title: str) -> list[str]:
    """The last cell of the table row that links to `title`."""
    return re.findall(rf">{re.escape(title)}</a>.*?<td class=\"text-end\">(\d+)</td>", html, re.S)


def test_a_plans_task_count_counts_only_the_tasks_the_reader_sees(world, mixed_plan):
    culture = world.people.culture_focal
    page = api(culture).get(reverse("plans:plan_list")).content.decode()
    assert _count_cells(page, mixed_plan.title) == ["1"]
    owner_page = api(world.people.specialist).get(reverse("plans:plan_list")).content.decode()
    assert _count_cells(owner_page, mixed_plan.title) == ["3"]
    admin_page = api(world.people.admin).get(reverse("plans:plan_list")).content.decode()
    assert _count_cells(admin_page, mixed_plan.title) == ["3"]


def test_the_api_counts_only_visible_tasks_in_lists_and_details(world, mixed_plan):
    client = api(world.people.culture_focal)
    [listed] = client.get("/api/v1/plans").json()["items"]
    detail = client.get(f"/api/v1/plans/{mixed_plan.pk}").json()
    assert listed["task_count"] == detail["task_count"] == detail["counts"]["total"] == 1
    owner = api(world.people.specialist).get(f"/api/v1/plans/{mixed_plan.pk}").json()
    assert owner["task_count"] == 3


def test_the_programme_page_counts_only_visible_tasks_per_plan(world, mixed_plan):
    """Health is a party of the programme: it sees the plan, and its two tasks of three."""
    url = reverse("plans:programme_detail", args=[world.programme.pk])
    page = api(world.people.health_focal).get(url).content.decode()
    assert _count_cells(page, mixed_plan.title) == ["2"]
