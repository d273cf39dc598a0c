"""From a story to a public-opinion case in one click, through the cases' intake service."""

from pathlib import Path

import pytest
from django.urls import reverse

from phoihop.cases.models import Case, Channel
from phoihop.media import demo
from phoihop.media.models import Cluster
from phoihop.media.pipeline import import_paths
from phoihop.org.models import Field, Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


@pytest.fixture
def story(places, press_orgs):
    demo.ensure_sources()
    import_paths([CORPUS])
    return Cluster.objects.get(headline__startswith="Hơn 40 học sinh tiểu học")


@pytest.fixture
def department(places):
    return OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        area=places["thanh_hoa"],
    )


@pytest.fixture
def specialist(department):
    user = UserFactory(username="chuyenvien.btg")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    return user


def test_a_specialist_opens_a_case_from_the_story(client, story, department, specialist):
    client.force_login(specialist)
    page = client.get(story.get_absolute_url())
    assert 'data-testid="story-case-form"' in page.content.decode()
    # the field most of its articles were tagged with is proposed
    assert page.context["case_form"].initial["field"] in set(
        Field.objects.filter(code__in=("y-te", "giao-duc")).values_list("pk", flat=True)
    )
    health = Field.objects.get(code="y-te")
    response = client.post(
        reverse("media:cluster_case", args=[story.pk]),
        {"department": department.pk, "kind": "signal", "field": health.pk},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.title == story.headline
    assert (case.department, case.kind, case.field) == (department, "signal", health)
    item = case.items.get()
    assert item.channel == Channel.PRESS
    assert "https://baothanhhoa.example/xa-hoi/hon-40-hoc-sinh" in item.text
    assert "Tin tức Miền Trung" in item.source
    again = client.get(story.get_absolute_url()).content.decode()
    assert case.number in again  # the story lists the case opened from it


def test_only_intake_staff_may_and_a_foreign_department_is_refused(
    client, story, department, specialist
):
    reader = UserFactory(username="docbao")
    MembershipFactory(user=reader, organization=OrganizationFactory(), role=Membership.Role.LEADER)
    client.force_login(reader)
    assert "story-case-form" not in client.get(story.get_absolute_url()).content.decode()
    url = reverse("media:cluster_case", args=[story.pk])
    assert client.post(url, {"department": department.pk, "kind": "signal"}).status_code == 403
    client.force_login(specialist)
    other = OrganizationFactory(kind="propaganda_department")
    response = client.post(url, {"department": other.pk, "kind": "nonsense"})
    assert response.status_code == 400
    assert set(response.context["case_form"].errors) == {"department", "kind"}
    assert not Case.objects.exists()
