"""/api/v1/events: list with filters, detail, create and update through the services."""

import pytest
from django.utils import timezone

from phoihop.events import services

from .conftest import kind, today_at

pytestmark = pytest.mark.django_db


def test_list_detail_create_update(client, world, make_event):
    event = make_event()
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    make_event(kind=kind("hoi-nghi"), title="Hội nghị báo cáo viên")
    client.force_login(world.people.officer)
    listed = client.get("/api/v1/events", {"kind": kind("giao-ban").pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == event.title
    today = timezone.localdate().isoformat()
    assert client.get("/api/v1/events", {"start": today, "end": today}).json()["count"] == 2
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert detail["invited"] == 1 and detail["organizer"]["id"] == world.propaganda.pk
    created = client.post(
        "/api/v1/events",
        {
            "kind": kind("tap-huan").pk,
            "title": "Tập huấn nghiệp vụ công tác tuyên giáo",
            "organizer": world.propaganda.pk,
            "co_organizers": [world.education.pk],
            "starts_at": "2026-12-15T08:00:00",
            "ends_at": "2026-12-15T16:30:00+07:00",
            "place": "Trường Chính trị tỉnh",
            "training_hours": 7.5,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["starts_at"].startswith("2026-12-15T") and body["training_hours"] == 7.5
    assert body["co_organizers"] == [{"id": world.education.pk, "name": world.education.name}]
    patched = client.patch(
        f"/api/v1/events/{body['id']}",
        {"place": "", "online_url": "ftp://x"},
        content_type="application/json",
    )
    assert patched.status_code == 400
    assert set(patched.json()["errors"]) >= {"online_url"}
    patched = client.patch(
        f"/api/v1/events/{body['id']}", {"title": "Tập huấn (sửa)"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Tập huấn (sửa)"


def test_out_of_scope_is_404_and_forbidden_is_403(client, world, make_event):
    event = make_event()
    client.force_login(world.people.outsider)
    assert client.get(f"/api/v1/events/{event.pk}").status_code == 404
    assert client.get("/api/v1/events").json()["count"] == 0
    response = client.post(
        "/api/v1/events",
        {
            "kind": kind("hoi-nghi").pk,
            "title": "X",
            "organizer": world.propaganda.pk,
            "starts_at": today_at(8).isoformat(),
            "ends_at": today_at(9).isoformat(),
            "place": "Y",
        },
        content_type="application/json",
    )
    assert response.status_code == 400  # the organiser is not in their directory
    assert "organizer" in response.json()["errors"]
    client.force_login(world.people.health_staff)
    response = client.patch(
        f"/api/v1/events/{event.pk}", {"title": "Z"}, content_type="application/json"
    )
    assert response.status_code in (403, 404)
