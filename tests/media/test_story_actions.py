"""From a story to action besides a new case: attach it to an open case, create a task (the
plans app's one task path)."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from phoihop.cases.models import Channel, PressOrientation
from phoihop.media import demo, services
from phoihop.media.models import Cluster, StoryCase, StoryTask
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Membership, Organization
from phoihop.plans.models import Task
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_plan

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


@pytest.fixture
def stories(places, press_orgs):
    demo.ensure_sources()
    import_paths([CORPUS])
    return {
        "food": Cluster.objects.get(headline__startswith="Hơn 40 học sinh"),
        "rice": Cluster.objects.get(headline__startswith="Giá lúa tăng"),
    }


@pytest.fixture
def department(places):
    return OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
        area=places["thanh_hoa"],
    )


@pytest.fixture
def specialist(department):
    user = UserFactory(username="chuyenvien.btg")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    return user


def test_a_story_is_attached_to_an_open_case(client, stories, department, specialist):
    case = services.open_case_from_story(
        cluster=stories["rice"], department=department, kind="signal", field=None, by=specialist
    )
    client.force_login(specialist)
    page = client.get(stories["food"].get_absolute_url()).content.decode()
    assert 'data-testid="story-attach-form"' in page
    url = reverse("media:story_attach", args=[stories["food"].pk])
    response = client.post(url, {"number": case.number.lower()})
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    item = case.items.order_by("pk").last()
    assert item.channel == Channel.PRESS and "Hơn 40 học sinh" in item.text
    assert StoryCase.objects.filter(cluster=stories["food"], case=case).exists()
    # twice is refused, an unknown number too, with the form shown again
    again = client.post(url, {"number": case.number})
    assert again.status_code == 400 and "đã có trong vụ việc" in again.content.decode()
    assert client.post(url, {"number": "PA-1999-000001"}).status_code == 400
    assert case.items.count() == 2


def test_only_the_cases_department_may_attach(client, stories, department, specialist):
    case = services.open_case_from_story(
        cluster=stories["rice"], department=department, kind="signal", field=None, by=specialist
    )
    other = UserFactory(username="btg.khac")
    MembershipFactory(
        user=other,
        organization=OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT),
        role=Membership.Role.SPECIALIST,
    )
    client.force_login(other)
    url = reverse("media:story_attach", args=[stories["food"].pk])
    response = client.post(url, {"number": case.number})
    assert response.status_code == 400  # a case out of sight is no case
    assert case.items.count() == 1


def test_a_task_is_created_from_a_story(client, stories, department, specialist):
    plan = make_plan(issuing_organization=department)
    client.force_login(specialist)
    url = reverse("media:story_task", args=[stories["food"].pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["has_plans"]
    deadline = datetime.date(plan.year, 12, 31)
    response = client.post(
        url,
        {
            "plan": plan.pk,
            "title": "Nắm tình hình vụ ngộ độc ở xã Hoằng Hóa",
            "lead": f"#{department.pk}",
            "deadline": deadline.strftime("%d/%m/%Y"),
            "description": "Báo cáo Ban Thường vụ trong 3 ngày.",
        },
    )
    task = Task.objects.get(title="Nắm tình hình vụ ngộ độc ở xã Hoằng Hóa")
    assert response.status_code == 302 and response["Location"] == task.get_absolute_url()
    assert task.plan == plan and task.deadline == deadline
    assert "Báo cáo Ban Thường vụ" in task.description
    assert "https://baothanhhoa.example/xa-hoi/hon-40-hoc-sinh" in task.description
    assert StoryTask.objects.get(task=task).cluster == stories["food"]
    page = client.get(stories["food"].get_absolute_url()).content.decode()
    assert 'data-testid="story-tasks"' in page and task.title in page


def test_a_task_in_a_plan_one_may_not_change_is_refused(client, stories, specialist):
    foreign = make_plan()
    client.force_login(specialist)
    url = reverse("media:story_task", args=[stories["food"].pk])
    response = client.post(
        url,
        {
            "plan": foreign.pk,
            "title": "Không được",
            "lead": f"#{foreign.issuing_organization.pk}",
            "deadline": f"31/12/{timezone.localdate().year}",
        },
    )
    assert response.status_code == 400
    assert not StoryTask.objects.exists()


def test_a_press_orientation_is_recorded_from_a_story(client, stories, department, specialist):
    leader = UserFactory(username="lanhdao.btg", full_name="Lê Thị Hương")
    MembershipFactory(user=leader, organization=department, role=Membership.Role.LEADER)
    newspaper = OrganizationFactory(
        name="Báo và Phát thanh, Truyền hình Thanh Hóa",
        kind=Organization.Kind.PRESS,
        area=department.area,
    )
    client.force_login(specialist)
    url = reverse("media:story_orientation", args=[stories["food"].pk])
    form = client.get(url)
    assert form.status_code == 200
    assert form.context["form"].initial["topic"] == stories["food"].headline
    today = timezone.localdate().strftime("%d/%m/%Y")
    data = {
        "department": department.pk,
        "topic": "Vụ ngộ độc ở xã Hoằng Hóa",
        "given_on": today,
        "text": "Đưa tin theo thông cáo của Sở Y tế; không nêu tên học sinh.",
        "approved_by": specialist.pk,  # not a leader: refused
        "recipients": [newspaper.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "lãnh đạo" in refused.content.decode()
    response = client.post(url, data | {"approved_by": leader.pk})
    assert response.status_code == 302
    note = PressOrientation.objects.get()
    assert (note.department, note.group, note.approved_by) == (department, None, leader)
    assert list(note.recipients.all()) == [newspaper]
    page = client.get(stories["food"].get_absolute_url()).content.decode()
    assert 'data-testid="story-orientations"' in page and "không nêu tên học sinh" in page
    assert newspaper.name in page


def test_only_intake_staff_record_orientations(client, stories):
    reader = UserFactory(username="docbao")
    MembershipFactory(user=reader, organization=OrganizationFactory(), role=Membership.Role.LEADER)
    client.force_login(reader)
    url = reverse("media:story_orientation", args=[stories["food"].pk])
    assert client.get(url).status_code == 403
    assert (
        "story-orientation-link"
        not in client.get(stories["food"].get_absolute_url()).content.decode()
    )
