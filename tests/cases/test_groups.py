"""Hot-spot working groups: set up from a hot-spot case by the department, one focal point per
agency, a shared log, press orientation approved by a leader, tasks that land in a plan with
their bucket; a co-agency in the group reads the case's text but never the citizen's
identity; query counts of the group page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import ConsentText, WorkingGroup, WorkingGroupTask
from phoihop.cases.services import CitizenDetails
from phoihop.core.models import AuditEntry
from phoihop.plans.models import Task, TaskParticipant
from tests.factories import make_plan

pytestmark = pytest.mark.django_db
PHONE = "0900 000 099"


@pytest.fixture
def hot_spot(world, new_case):
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    return new_case(
        title="Dân chặn xe chở rác vào bãi rác Đông Nam",
        hot_spot=True,
        urgency="urgent",
        citizen=CitizenDetails(consent_text=consent, consent=True, name="N.V.A.", phone=PHONE),
    )


@pytest.fixture
def group(world, hot_spot):
    group = services.create_working_group(
        case=hot_spot, name="Tổ công tác bãi rác Đông Nam", by=world.people.specialist
    )
    services.set_group_member(
        group=group,
        organization=world.health,
        focal_person=world.people.health_focal,
        by=world.people.specialist,
    )
    services.set_group_member(
        group=group,
        organization=world.education,
        focal_person=world.people.education_specialist,
        by=world.people.specialist,
    )
    return group


def test_the_department_sets_up_the_group_from_the_hot_spot_case_page(client, world, hot_spot):
    client.force_login(world.people.specialist)
    page = client.get(hot_spot.get_absolute_url()).content.decode()
    assert 'data-testid="group-new-form"' in page
    response = client.post(
        reverse("cases:group_new", args=[hot_spot.pk]), {"name": "Tổ công tác liên ngành"}
    )
    group = WorkingGroup.objects.get(case=hot_spot)
    assert response.url == group.get_absolute_url()
    page = client.get(hot_spot.get_absolute_url()).content.decode()
    assert 'data-testid="group-link"' in page and "Tổ công tác liên ngành" in page
    assert AuditEntry.objects.filter(object_id=str(group.pk), action="create").exists()


def test_no_group_for_a_case_that_is_not_a_hot_spot(client, world, new_case):
    case = new_case()
    client.force_login(world.people.specialist)
    assert "group-new-form" not in client.get(case.get_absolute_url()).content.decode()
    response = client.post(reverse("cases:group_new", args=[case.pk]), {"name": "Tổ"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_working_group(case=case, name="Tổ", by=world.people.specialist)


def test_one_focal_point_per_agency_and_a_member_of_it(world, group):
    services.set_group_member(
        group=group,
        organization=world.health,
        focal_person=world.people.health_specialist,
        by=world.people.specialist,
    )
    assert group.members.get(organization=world.health).focal_person == (
        world.people.health_specialist
    )
    assert group.members.count() == 2
    with pytest.raises(ValidationError) as refused:
        services.set_group_member(
            group=group,
            organization=world.health,
            focal_person=world.people.education_specialist,
            by=world.people.specialist,
        )
    assert "focal_person" in refused.value.message_dict


def test_a_co_agency_reads_the_group_and_the_text_but_never_the_identity(client, world, group):
    client.force_login(world.people.education_specialist)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Dân chặn xe chở rác" in page
    assert 'data-testid="item-text"' in page
    assert 'data-testid="contact-link"' not in page
    assert PHONE not in page and "N.V.A." not in page
    assert 'data-testid="group-press-form"' not in page  # the department's
    client.force_login(world.people.specialist)
    assert 'data-testid="contact-link"' in client.get(group.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("specialist", 200),
        ("leader", 200),
        ("party_leader", 200),
        ("health_focal", 200),
        ("education_specialist", 200),
        ("collaborator", 404),
        ("outsider", 404),
    ],
)
def test_who_opens_the_group_page(client, world, group, person, status):
    client.force_login(getattr(world.people, person))
    assert client.get(group.get_absolute_url()).status_code == status


def test_an_agency_writes_the_log_for_itself_only(client, world, group):
    client.force_login(world.people.health_focal)
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(
        reverse("cases:group_log", args=[group.pk]),
        {"organization": world.health.pk, "happened_on": today, "text": "Lấy mẫu nước ngầm"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("cases:group_log", args=[group.pk]),
        {"organization": world.education.pk, "happened_on": today, "text": "Việc của Sở khác"},
    )
    assert response.status_code == 400
    entry = group.log_entries.get()
    assert (entry.organization, entry.written_by) == (world.health, world.people.health_focal)
    client.force_login(world.people.specialist)  # the department logs for any agency
    response = client.post(
        reverse("cases:group_log", args=[group.pk]),
        {"organization": world.education.pk, "happened_on": today, "text": "Họp phụ huynh"},
    )
    assert response.status_code == 302
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Lấy mẫu nước ngầm" in page and "Họp phụ huynh" in page


def test_a_log_entry_cannot_be_dated_in_the_future(world, group):
    with pytest.raises(ValidationError):
        services.write_group_log(
            group=group,
            organization=world.health,
            happened_on=timezone.localdate() + datetime.timedelta(days=1),
            text="Sẽ làm",
            by=world.people.specialist,
        )


def test_the_press_orientation_is_approved_by_a_leader_of_the_department(client, world, group):
    client.force_login(world.people.specialist)
    data = {
        "given_on": timezone.localdate().strftime("%d/%m/%Y"),
        "text": "Cung cấp thông tin: tỉnh đã lập tổ công tác, kết quả quan trắc công khai.",
        "approved_by": world.people.specialist.pk,
    }
    response = client.post(reverse("cases:group_press", args=[group.pk]), data)
    assert response.status_code == 400
    data["approved_by"] = world.people.leader.pk
    response = client.post(reverse("cases:group_press", args=[group.pk]), data)
    assert response.status_code == 302
    note = group.orientations.get()
    assert note.approved_by == world.people.leader
    client.force_login(world.people.health_focal)
    assert client.post(reverse("cases:group_press", args=[group.pk]), data).status_code == 403


def test_a_group_task_lands_in_the_plan_with_its_bucket(client, world, group):
    plan = make_plan(issuing_organization=world.propaganda)
    client.force_login(world.people.specialist)
    url = reverse("cases:group_task", args=[group.pk])
    assert client.get(url).status_code == 200
    deadline = datetime.date(plan.year, 12, 31)
    data = {
        "plan": plan.pk,
        "title": "Quan trắc môi trường quanh bãi rác, công bố kết quả",
        "lead": f"#{world.health.pk}",
        "co_agencies": f"#{world.education.pk}",
        "deadline": deadline.strftime("%d/%m/%Y"),
    }
    response = client.post(url, data)
    assert response.status_code == 400  # the plans service asks why outside parties are in
    assert "không phải là bên của chương trình" in response.content.decode()
    data["outside_parties_reason"] = "Thành viên tổ công tác liên ngành"
    response = client.post(url, data)
    assert response.status_code == 302
    task = Task.objects.get(plan=plan)
    assert WorkingGroupTask.objects.get(group=group).task == task
    assert task.lead_organization == world.health
    assert set(task.participants.values_list("organization", "role")) == {
        (world.health.pk, TaskParticipant.Role.LEAD),
        (world.education.pk, TaskParticipant.Role.CO),
    }
    page = client.get(group.get_absolute_url()).content.decode()
    assert 'data-bucket="open_on_track"' in page and task.title in page
    # Past its deadline it shows overdue: the bucket is the plans app's
    # (a state no service makes: a deadline already past; set by the ORM for the check)
    past = timezone.localdate() - datetime.timedelta(1)
    Task.objects.filter(pk=task.pk).update(deadline=past, effective_deadline=past)
    page = client.get(group.get_absolute_url()).content.decode()
    assert 'data-bucket="open_overdue"' in page


def test_only_the_department_sets_tasks(client, world, group):
    client.force_login(world.people.health_focal)
    assert client.get(reverse("cases:group_task", args=[group.pk])).status_code == 403


def test_the_group_page_reads_a_fixed_number_of_queries(
    client, world, group, django_assert_max_num_queries
):
    plan = make_plan(issuing_organization=world.propaganda)
    today = timezone.localdate()
    for n in range(8):
        services.write_group_log(
            group=group,
            organization=world.health,
            happened_on=today,
            text=f"Việc {n}",
            by=world.people.specialist,
        )
        services.record_press_orientation(
            group=group,
            given_on=today,
            text=f"Định hướng {n}",
            approved_by=world.people.leader,
            by=world.people.specialist,
        )
        services.create_group_task(
            group=group,
            plan=plan,
            lead=world.propaganda,
            title=f"Nhiệm vụ {n}",
            deadline=datetime.date(plan.year, 12, 31),
            by=world.people.specialist,
        )
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(18):
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
