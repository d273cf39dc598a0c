"""/api/v1/programmes, /plans, /tasks and /calendar: same rules as the pages."""

import datetime

import pytest
import time_machine
from django.test import Client

from phoihop.core.models import AuditEntry
from phoihop.org import services as org_services
from phoihop.plans import services
from phoihop.plans.models import Task

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, 0)


def api(client, user) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def four_buckets(world, make_task):
    """One task in each bucket on 23/11/2026."""
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        on_time = make_task(title="Đúng hạn", deadline=D(2026, 5, 31))
        services.confirm_completion(
            despite_unreported=True, task=on_time, by=world.people.health_focal
        )
        late = make_task(
            title="Trễ hạn", deadline=D(2026, 2, 28), lead=world.education, co=[world.health]
        )
        services.confirm_completion(
            despite_unreported=True, task=late, by=world.people.education_focal
        )
        overdue = make_task(title="Quá hạn", deadline=D(2026, 10, 31))
        on_track = make_task(
            title="Trong hạn", deadline=D(2026, 12, 31), lead=world.education, co=[]
        )
    return {
        "done_on_time": on_time,
        "done_late": late,
        "open_overdue": overdue,
        "open_on_track": on_track,
    }


@time_machine.travel(NOW, tick=False)
def test_every_task_carries_its_computed_bucket(client, world, four_buckets):
    response = api(client, world.people.specialist).get("/api/v1/tasks")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert {item["title"]: item["bucket"] for item in body["items"]} == {
        "Đúng hạn": "done_on_time",
        "Trễ hạn": "done_late",
        "Quá hạn": "open_overdue",
        "Trong hạn": "open_on_track",
    }
    first = body["items"][0]
    assert first["lead_organization"]["identifier"]
    assert {p["role"] for p in body["items"][0]["participants"]} <= {"lead", "co"}


@time_machine.travel(NOW, tick=False)
def test_the_task_list_and_detail_answer_in_their_declared_schemas(client, world, four_buckets):
    """Both are rendered without ninja validating them (core.api.prebuilt): the schema is
    checked here instead, with a focal person set, as the pydantic models would."""
    from phoihop.plans.api.schemas import TaskOut, TaskPage

    task = four_buckets["open_overdue"]
    participant = task.participants.get(role="lead")
    participant.focal_person = world.people.health_focal
    participant.save()
    c = api(client, world.people.specialist)
    page = c.get("/api/v1/tasks").json()
    assert TaskPage.model_validate(page).model_dump(mode="json") == page
    detail = c.get(f"/api/v1/tasks/{task.pk}").json()
    assert TaskOut.model_validate(detail).model_dump(mode="json") == detail
    lead = detail["participants"][0]
    assert lead["focal_person"] == {
        "id": world.people.health_focal.pk,
        "name": str(world.people.health_focal),
    }


@time_machine.travel(NOW, tick=False)
def test_task_filters_match_the_pages(client, world, four_buckets):
    c = api(client, world.people.specialist)

    def titles(query):
        response = c.get(f"/api/v1/tasks?{query}")
        assert response.status_code == 200, response.json()
        return sorted(i["title"] for i in response.json()["items"])

    assert titles("bucket=open_overdue") == ["Quá hạn"]
    assert titles(f"organization={world.health.pk}&role=lead") == ["Quá hạn", "Đúng hạn"]
    assert titles(f"organization={world.health.pk}&role=co") == ["Trễ hạn"]
    assert titles("due_from=2026-05-01&due_to=2026-11-30") == ["Quá hạn", "Đúng hạn"]
    assert titles("q=tre han") == ["Trễ hạn"]
    assert titles(f"plan={world.plan.pk}&bucket=done") == ["Trễ hạn", "Đúng hạn"]


@pytest.mark.parametrize("name, value", [("bucket", "xanh"), ("role", "boss")])
def test_bad_filters_answer_422_in_the_error_shape(client, world, name, value):
    response = api(client, world.people.specialist).get(f"/api/v1/tasks?{name}={value}")
    assert response.status_code == 422
    (message,) = response.json()["errors"][name]
    assert message.startswith("Phải là một trong:")


def test_a_task_outside_the_scope_is_404(client, world, make_task):
    task = make_task()
    response = api(client, world.people.culture_focal).get(f"/api/v1/tasks/{task.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_creating_a_task_validates_like_the_form_and_is_audited(client, world):
    c = api(client, world.people.specialist)
    payload = {
        "plan": world.plan.pk,
        "title": "Tuyên truyền Ngày Sách Việt Nam",
        "deadline": "2027-04-21",
        "field": "van-hoa-the-thao-du-lich",
        "participants": [
            {"organization": world.education.pk, "role": "lead"},
            {"organization": world.culture.pk, "role": "co"},
        ],
    }
    response = c.post("/api/v1/tasks", payload, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "nằm ngoài năm 2026" in errors["deadline"][0]
    assert "xác nhận lý do" in errors["outside_parties_reason"][0]
    payload.update(deadline="2026-04-21", outside_parties_reason="Sở quản lý lĩnh vực sách")
    response = c.post("/api/v1/tasks", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["bucket"] in ("open_on_track", "open_overdue")
    assert body["field"]["code"] == "van-hoa-the-thao-du-lich"
    task = Task.objects.get(pk=body["id"])
    entry = AuditEntry.objects.get(
        content_type__model="task", object_id=str(task.pk), action="create"
    )
    assert entry.via == "api"


def test_participants_from_another_province_are_unknown(client, world):
    c = api(client, world.people.specialist)
    payload = {
        "plan": world.plan.pk,
        "title": "X",
        "deadline": "2026-06-30",
        "participants": [{"organization": world.elsewhere.pk, "role": "lead"}],
    }
    response = c.post("/api/v1/tasks", payload, content_type="application/json")
    assert response.status_code == 400
    assert "participants" in response.json()["errors"]


def test_a_co_agency_reports_through_the_api_but_cannot_edit_the_task(client, world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    c = api(client, world.people.education_focal)
    response = c.post(
        f"/api/v1/tasks/{task.pk}/reports",
        {
            "organization": world.education.pk,
            "progress": 50,
            "status": "in_progress",
            "content": "Đã phát 2.000 tờ rơi",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["organization"]["id"] == world.education.pk
    response = c.post(
        f"/api/v1/tasks/{task.pk}/reports",
        {"organization": world.health.pk, "progress": 100, "status": "done", "content": "Xong"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = c.patch(
        f"/api/v1/tasks/{task.pk}", {"title": "Đổi"}, content_type="application/json"
    )
    assert response.status_code == 403
    reports = c.get(f"/api/v1/tasks/{task.pk}/reports").json()
    assert reports["count"] == 1


@time_machine.travel(NOW, tick=False)
def test_completion_reopening_and_extension_through_the_api(client, world, make_task):
    task = make_task(deadline=D(2026, 11, 30))
    lead = api(Client(), world.people.health_focal)
    owner = api(Client(), world.people.specialist)
    response = lead.post(
        f"/api/v1/tasks/{task.pk}/extensions",
        {
            "organization": world.health.pk,
            "requested_deadline": "2026-12-15",
            "reason": "Chờ số liệu",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    extension_id = response.json()["id"]
    response = lead.post(
        f"/api/v1/tasks/{task.pk}/extensions/{extension_id}/decision",
        {"approve": True, "reason": "Tự duyệt"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = owner.post(
        f"/api/v1/tasks/{task.pk}/extensions/{extension_id}/decision",
        {"approve": True, "reason": "Đồng ý"},
        content_type="application/json",
    )
    assert response.json()["status"] == "approved"
    assert owner.get(f"/api/v1/tasks/{task.pk}").json()["effective_deadline"] == "2026-12-15"
    response = lead.post(
        f"/api/v1/tasks/{task.pk}/complete",
        {"despite_unreported": True},
        content_type="application/json",
    )
    assert response.json()["bucket"] == "done_on_time"
    response = owner.post(
        f"/api/v1/tasks/{task.pk}/reopen",
        {"reason": "Thiếu minh chứng"},
        content_type="application/json",
    )
    assert response.json()["bucket"] == "open_on_track"


def test_programmes_and_plans_through_the_api(client, world):
    c = api(client, world.people.specialist)
    response = c.post(
        "/api/v1/programmes",
        {
            "signing_organization": world.propaganda.pk,
            "counterparts": [world.culture.pk],
            "title": "Chương trình phối hợp tuyên truyền văn hóa 2026–2030",
            "start_year": 2026,
            "end_year": 2030,
            "legal_basis": "Kết luận 84-KL/TW",
            "midterm_review_on": "2028-06-30",
            "final_review_on": "2030-12-15",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    programme = response.json()
    assert [m["kind"] for m in programme["milestones"]] == ["midterm", "final"]
    response = c.post(
        "/api/v1/plans",
        {
            "programme": programme["id"],
            "issuing_organization": world.propaganda.pk,
            "year": 2027,
            "title": "Kế hoạch 2027",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["counts"]["total"] == 0
    listed = c.get(f"/api/v1/plans?programme={programme['id']}").json()
    assert [p["title"] for p in listed["items"]] == ["Kế hoạch 2027"]
    response = c.patch(
        f"/api/v1/programmes/{programme['id']}", {"end_year": 2020}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "end_year" in response.json()["errors"]

    # A null clears an optional text (it used to break the NOT NULL column: a 500).
    plan_id = listed["items"][0]["id"]
    response = c.patch(
        f"/api/v1/plans/{plan_id}", {"description": None}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["description"] == ""
    response = c.patch(
        f"/api/v1/programmes/{programme['id']}",
        {"legal_basis": None, "hot_issue_contents": None},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["legal_basis"] == ""


def test_counterparts_outside_the_province_are_refused(client, world):
    response = api(client, world.people.specialist).post(
        "/api/v1/programmes",
        {
            "signing_organization": world.propaganda.pk,
            "counterparts": [world.elsewhere.pk],
            "title": "X",
            "start_year": 2026,
            "end_year": 2030,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "counterparts" in response.json()["errors"]


def test_an_api_token_reads_tasks_and_the_calendar_url(client, world, make_task):
    make_task()
    _token, raw = org_services.create_api_token(
        user=world.people.health_focal, name="Điện thoại", by=world.people.health_focal
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/tasks", **headers).json()["count"] == 1
    url = client.get("/api/v1/calendar", **headers).json()["url"]
    assert url.endswith(".ics")
    rotated = client.post("/api/v1/calendar/rotate", **headers).json()["url"]
    assert rotated != url


def test_anonymous_api_calls_are_401(client):
    assert client.get("/api/v1/tasks").status_code == 401
    assert client.get("/api/v1/programmes").status_code == 401


def test_the_openapi_document_lists_the_plans_endpoints(client, world):
    client.force_login(world.people.specialist)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/programmes",
        "/api/v1/plans",
        "/api/v1/tasks",
        "/api/v1/tasks/{task_id}/reports",
        "/api/v1/calendar",
    ):
        assert path in paths, path
