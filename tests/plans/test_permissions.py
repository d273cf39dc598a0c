"""Who sees and who may do what: visibility cascades down the tree, each organisation reports
only its own part, the lead confirms completion, the plan owner decides extensions."""

import datetime

import pytest
from django.contrib import admin as django_admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from phoihop.org.models import Membership
from phoihop.plans import permissions, services
from phoihop.plans.models import Plan, Programme, Task

from ..factories import OrganizationFactory, make_plan

pytestmark = pytest.mark.django_db


def participant(task, organization):
    return task.participants.get(organization=organization)


def test_a_task_is_visible_to_the_issuer_and_participants_cascading_down(
    world, make_task, make_member
):
    task = make_task(lead=world.health, co=[world.education])
    people = world.people
    commune_health = OrganizationFactory(name="Trạm Y tế xã", parent=world.health)
    station = make_member(commune_health, Membership.Role.SPECIALIST)
    party_admin = make_member(world.party, Membership.Role.ORG_ADMIN)  # above the issuer
    committee_admin = make_member(world.committee, Membership.Role.ORG_ADMIN)  # above the lead
    for person in (
        people.specialist,
        people.health_focal,
        people.education_focal,
        party_admin,
        committee_admin,
        people.admin,
    ):
        assert Task.objects.visible_to(person).filter(pk=task.pk).exists(), person
    # Rights cascade down the tree, never up: a unit under the lead does not see its tasks.
    for person in (people.culture_focal, people.outsider, station):
        assert not Task.objects.visible_to(person).filter(pk=task.pk).exists(), person


def test_a_task_outside_the_users_scope_is_a_404_page(client, world, make_task):
    task = make_task()
    client.force_login(world.people.culture_focal)
    assert client.get(reverse("plans:task_detail", args=[task.pk])).status_code == 404
    client.force_login(world.people.outsider)
    assert client.get(reverse("plans:plan_detail", args=[world.plan.pk])).status_code == 404
    assert (
        client.get(reverse("plans:programme_detail", args=[world.programme.pk])).status_code == 404
    )


def test_programmes_and_plans_are_visible_to_their_parties(world):
    people = world.people
    assert Programme.objects.visible_to(people.health_focal).filter(pk=world.programme.pk)
    assert Plan.objects.visible_to(people.education_focal).filter(pk=world.plan.pk)
    assert not Programme.objects.visible_to(people.culture_focal).exists()
    assert not Plan.objects.visible_to(people.outsider).exists()


def test_a_co_agency_reports_its_own_progress_but_not_the_leads(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    co_person = world.people.education_focal
    report = services.report_progress(
        participant=participant(task, world.education),
        by=co_person,
        progress=40,
        status="in_progress",
        content="Đã đăng 5 tin bài trên cổng thông tin ngành.",
    )
    assert report.participant.progress == 40
    with pytest.raises(PermissionDenied):
        services.report_progress(
            participant=participant(task, world.health),
            by=co_person,
            progress=100,
            status="done",
            content="Xong",
        )
    assert participant(task, world.health).progress == 0


def test_a_co_agency_cannot_edit_the_task_or_confirm_completion(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    co_person = world.people.education_focal
    assert not permissions.can_change_task(co_person, task)
    assert not permissions.can_confirm_completion(co_person, task)
    with pytest.raises(PermissionDenied):
        services.update_task(task=task, by=co_person, title="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.confirm_completion(despite_unreported=True, task=task, by=co_person)
    services.confirm_completion(despite_unreported=True, task=task, by=world.people.health_focal)
    assert Task.objects.get(pk=task.pk).completed_on is not None


def test_the_report_form_offers_only_the_users_own_organisation(client, world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    client.force_login(world.people.education_focal)
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="progress-report-form"' in page
    lead_row = participant(task, world.health)
    response = client.post(
        reverse("plans:task_report", args=[task.pk]),
        {"participant": lead_row.pk, "progress": 90, "status": "in_progress", "content": "x"},
    )
    assert response.status_code == 400
    assert participant(task, world.health).progress == 0
    assert "Sửa" not in page.split('data-testid="task-edit-link"')[0][-200:]
    assert 'data-testid="task-edit-link"' not in page
    assert 'data-testid="completion-form"' not in page


def test_only_the_plan_owner_decides_an_extension(world, make_task):
    task = make_task(deadline=datetime.date(2026, 12, 20))
    extension = services.request_extension(
        task=task,
        by=world.people.education_focal,
        organization=world.education,
        requested_deadline=datetime.date(2026, 12, 31),
        reason="Chờ kinh phí",
    )
    for person in (world.people.education_focal, world.people.health_focal):
        with pytest.raises(PermissionDenied):
            services.decide_extension(extension=extension, by=person, approve=True, reason="Ok")
    services.decide_extension(
        extension=extension, by=world.people.specialist, approve=False, reason="Không có căn cứ"
    )
    extension.refresh_from_db()
    assert extension.status == "rejected"
    assert Task.objects.get(pk=task.pk).effective_deadline == datetime.date(2026, 12, 20)


def test_a_collaborator_of_the_issuer_may_see_but_not_add_tasks(world, make_task):
    task = make_task()
    collaborator = world.people.collaborator
    assert Task.objects.visible_to(collaborator).filter(pk=task.pk).exists()
    assert not permissions.can_add_task(collaborator, world.plan)
    with pytest.raises(PermissionDenied):
        make_plan(by=collaborator, issuing_organization=world.propaganda)


def test_people_of_the_issuer_and_of_every_participant_may_discuss_a_task(client, world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    url = reverse("plans:task_comment", args=[task.pk])
    people = world.people
    authors = (people.specialist, people.collaborator, people.health_focal, people.education_focal)
    for person in authors:
        client.force_login(person)
        response = client.post(url, {"body": f"Ý kiến của {person.username}"})
        assert response.status_code == 302, person
    assert sorted(c.author.username for c in task.comments.all()) == sorted(
        p.username for p in authors
    )


def test_someone_who_cannot_see_a_task_cannot_comment_on_it(client, world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    url = reverse("plans:task_comment", args=[task.pk])
    for person in (world.people.culture_focal, world.people.outsider):
        client.force_login(person)
        # The page answers as for a task that does not exist...
        assert client.post(url, {"body": "Xin góp ý"}).status_code == 404
        # ...and the service refuses a task handed to it without visible_to.
        with pytest.raises(PermissionDenied):
            services.add_comment(task=task, by=person, body="Xin góp ý")
    assert not task.comments.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, world, make_task):
    task = make_task()
    for url in (
        reverse("plans:task_detail", args=[task.pk]),
        reverse("plans:task_list"),
        reverse("plans:plan_list"),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("model_name", ["programme", "plan", "task", "extensionrequest"])
def test_the_admin_shows_plans_data_read_only(client, admin_user, model_name):
    """A superuser reads programmes, plans and tasks in the admin but changes them only through
    the app, whose services audit the change and keep search rows and citations current."""
    model = next(m for m in django_admin.site._registry if m._meta.model_name == model_name)
    assert model._meta.app_label == "plans"
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = django_admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    client.force_login(admin_user)
    assert client.get(f"/admin/plans/{model_name}/add/").status_code == 403
