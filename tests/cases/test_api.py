"""/api/v1/cases and /api/v1/items: the list shape, filters, permissions, and no identity
anywhere but the audited contact answer."""

import datetime

import pytest

from phoihop.cases import services
from phoihop.cases.models import ConsentText
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.models import AuditEntry

pytestmark = pytest.mark.django_db
NAME, PHONE = "Lê Thị Thử", "0912000111"


@pytest.fixture
def identified(world, new_case):
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    case = new_case(
        title="Nước sinh hoạt bị đục",
        citizen=CitizenDetails(consent_text=consent, consent=True, name=NAME, phone=PHONE),
    )
    case = services.verify_case(case=case, by=world.people.specialist)
    return services.assign_case(
        case=case,
        by=world.people.specialist,
        parts=[ParticipantSpec(world.health, "lead"), ParticipantSpec(world.education, "co")],
    )


def test_the_case_list_has_the_usual_shape_and_filters(client, world, identified, new_case):
    hot = new_case(title="Sạt lở bờ sông", hot_spot=True, field=world.other_field)
    client.force_login(world.people.specialist)

    def numbers(**query):
        body = client.get("/api/v1/cases", query).json()
        assert set(body) == {"count", "items"}
        assert body["count"] == len(body["items"])
        return {c["number"] for c in body["items"]}

    assert numbers() == {identified.number, hot.number}
    assert numbers(hot_spot="true") == {hot.number}
    assert numbers(lead=world.health.pk) == {identified.number}
    assert numbers(field=world.other_field.pk) == {hot.number}
    assert numbers(status="assigned") == {identified.number}
    assert numbers(area=world.province.pk) == {identified.number, hot.number}
    assert numbers(bucket="open_overdue") == set()
    assert numbers(q="sat lo") == {hot.number}
    assert client.get("/api/v1/cases", {"bucket": "soon"}).status_code == 422
    first = client.get("/api/v1/cases", {"lead": world.health.pk}).json()["items"][0]
    assert first["lead_organization"]["name"] == world.health.name
    assert [c["name"] for c in first["co_agencies"]] == [world.education.name]
    assert first["item_count"] == 1


@pytest.mark.parametrize(
    "person", ["specialist", "health_focal", "education_specialist", "collaborator"]
)
def test_no_list_or_detail_carries_the_identity(client, world, identified, person):
    client.force_login(getattr(world.people, person))
    item = identified.items.get()
    for url in (
        "/api/v1/cases",
        f"/api/v1/cases/{identified.pk}",
        "/api/v1/items",
        f"/api/v1/items/{item.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert NAME not in response.content.decode() and PHONE not in response.content.decode()
    detail = client.get(f"/api/v1/cases/{identified.pk}").json()
    assert detail["items_received"][0]["anonymous"] is False


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("specialist", 200),
        ("health_focal", 200),
        ("education_specialist", 403),
        ("collaborator", 403),
        ("outsider", 404),
    ],
)
def test_the_contact_answer_is_for_the_handling_staff_and_audited(
    client, world, identified, person, status
):
    client.force_login(getattr(world.people, person))
    item = identified.items.get()
    response = client.get(f"/api/v1/items/{item.pk}/contact")
    assert response.status_code == status
    readings = AuditEntry.objects.filter(action="other", object_id=str(item.citizen.pk))
    if status == 200:
        assert response.json()["phone"] == PHONE
        assert response.json()["consent_version"] == "2026-01"
        assert readings.count() == 1
    else:
        assert PHONE not in response.content.decode()
        assert readings.count() == 0


def test_an_anonymous_item_has_no_contact(client, world, new_case):
    case = new_case()
    client.force_login(world.people.specialist)
    assert client.get(f"/api/v1/items/{case.items.get().pk}/contact").status_code == 404


def test_items_filter_by_case_and_channel(client, world, identified, new_case):
    other = new_case(channel="press")
    client.force_login(world.people.specialist)
    body = client.get("/api/v1/items", {"channel": "press"}).json()
    assert [i["case_number"] for i in body["items"]] == [other.number]
    body = client.get("/api/v1/items", {"case": identified.pk}).json()
    assert body["count"] == 1
    client.force_login(world.people.outsider)
    assert client.get("/api/v1/items").json()["count"] == 0
    assert client.get(f"/api/v1/cases/{identified.pk}").status_code == 404


def test_the_case_list_reads_a_fixed_number_of_queries(
    client, world, new_case, django_assert_max_num_queries
):
    for _ in range(20):
        new_case()
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/cases").json()["count"] == 20
