"""Every plans route for an anonymous visitor, the plan owner, a co-agency member, an outsider
(an administrator of another province's organisation) and a system administrator."""

import datetime
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from phoihop.plans import services

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "owner", "co", "outsider", "admin")


@pytest.fixture
def objects(world, make_task):
    task = make_task(deadline=datetime.date(2026, 12, 20), lead=world.health, co=[world.education])
    report = services.report_progress(
        participant=task.participants.get(organization=world.education),
        by=world.people.education_focal,
        progress=10,
        status="in_progress",
        content="Bắt đầu",
    )
    attachment = services.add_attachment(
        task=task, by=world.people.specialist, upload=ContentFile(b"%PDF-1.4", "bien-ban.pdf")
    )
    extension = services.request_extension(
        task=task,
        by=world.people.health_focal,
        organization=world.health,
        requested_deadline=datetime.date(2026, 12, 31),
        reason="Chờ số liệu",
    )
    return {
        "plan": world.plan.pk,
        "programme": world.programme.pk,
        "task": task.pk,
        "milestone": world.programme.reviews.first().pk,
        "report": report.pk,
        "attachment": attachment.pk,
        "extension": extension.pk,
        "participant": task.participants.get(organization=world.education).pk,
    }


# (route name, argument key, expected status for anonymous, owner, co, outsider, admin)
GET_ROUTES = [
    ("plans:plan_list", None, (302, 200, 200, 200, 200)),
    ("plans:plan_create", None, (302, 200, 403, 200, 200)),
    ("plans:plan_detail", "plan", (302, 200, 200, 404, 200)),
    ("plans:plan_edit", "plan", (302, 200, 403, 404, 200)),
    ("plans:plan_export", "plan", (302, 200, 200, 404, 200)),
    ("plans:plan_import", "plan", (302, 200, 403, 404, 200)),
    ("plans:plan_import_template", "plan", (302, 200, 200, 404, 200)),
    ("plans:task_create", "plan", (302, 200, 403, 404, 200)),
    ("plans:organization_suggestions", "plan", (302, 200, 200, 404, 200)),
    ("plans:programme_list", None, (302, 200, 200, 200, 200)),
    ("plans:programme_create", None, (302, 200, 403, 200, 200)),
    ("plans:programme_detail", "programme", (302, 200, 200, 404, 200)),
    ("plans:programme_edit", "programme", (302, 200, 403, 404, 200)),
    ("plans:programme_document", "programme", (302, 404, 404, 404, 404)),  # no file uploaded
    ("plans:task_list", None, (302, 200, 200, 200, 200)),
    ("plans:task_export", None, (302, 200, 200, 200, 200)),
    ("plans:task_timeline", None, (302, 200, 200, 200, 200)),
    ("plans:league", None, (302, 200, 200, 200, 200)),
    ("plans:task_detail", "task", (302, 200, 200, 404, 200)),
    ("plans:task_edit", "task", (302, 200, 403, 404, 200)),
    ("plans:attachment_download", "attachment", (302, 200, 200, 404, 200)),
    ("plans:report_attachment", "report", (302, 404, 404, 404, 404)),  # report has no file
    ("plans:calendar_settings", None, (302, 200, 200, 200, 200)),
    ("home", None, (302, 200, 200, 200, 200)),
]
POST_ROUTES = [
    (
        "plans:milestone_create",
        "programme",
        {"title": "Mốc", "due_on": "2026-12-01"},
        (302, 302, 403, 404, 302),
    ),
    (
        "plans:task_report",
        "task",
        {"participant": "", "progress": 5, "status": "in_progress", "content": "x"},
        (302, 403, 400, 404, 400),
    ),
    (
        "plans:extension_decide",
        "extension",
        {"decision": "reject", "decision_reason": "Không"},
        (302, 302, 403, 404, 302),
    ),
    ("plans:participant_focal", "participant", {}, (302, 302, 403, 404, 302)),
    ("plans:task_comment", "task", {"body": "Ý kiến"}, (302, 302, 302, 404, 302)),
    (
        "plans:task_complete",
        "task",
        {"completed_on": "2026-01-01", "despite_unreported": "on"},
        (302, 403, 403, 404, 302),
    ),
]


def people(world):
    return {
        "owner": world.people.specialist,
        "co": world.people.education_focal,
        "outsider": world.people.outsider,
        "admin": world.people.admin,
    }


def url_for(name, key, objects):
    return reverse(name, args=[objects[key]]) if key else reverse(name)


@pytest.mark.parametrize(("name", "key", "expected"), GET_ROUTES)
def test_get_routes(client, world, objects, name, key, expected):
    url = url_for(name, key, objects)
    for who, status in zip(WHO, expected, strict=True):
        client.logout()
        if who != "anonymous":
            client.force_login(people(world)[who])
        assert client.get(url).status_code == status, (who, url)


@pytest.mark.parametrize(("name", "key", "data", "expected"), POST_ROUTES)
def test_post_routes(client, world, objects, name, key, data, expected):
    url = url_for(name, key, objects)
    for who, status in zip(WHO, expected, strict=True):
        client.logout()
        if who != "anonymous":
            client.force_login(people(world)[who])
        assert client.post(url, data).status_code == status, (who, url)
        if name == "plans:extension_decide" and status == 302 and who != "anonymous":
            break  # decided once; the request is no longer pending


def test_the_calendar_feed_answers_by_token_only(client, world):
    path = urlparse(services.calendar_url_for(world.people.specialist)).path
    assert client.get(path).status_code == 200
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404
