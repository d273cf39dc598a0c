"""A person's requests about their data (Law 91/2025/QH15): recorded by the staff who may read
the identity, due 72 hours later (hours, not working days), reminded once before and once
overdue with frozen time, answered by a correction (audited without values) or a deletion
(the retention run's erasure: personal fields gone, the item, the case and counts kept); the
list shows overdue requests first; query counts of the list and the request page."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from phoihop.cases import services
from phoihop.cases.models import Case, Citizen, ConsentText, DataRequest, Item
from phoihop.cases.reminders import send_reminders
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))
FRIDAY = datetime.datetime(2026, 11, 6, 16, 0, tzinfo=TZ)
PHONE = "0900 000 077"


@pytest.fixture(autouse=True)
def quiet(settings):
    settings.PLANS_REMINDER_EMAIL = False


@pytest.fixture
def identified(world, new_case):
    """The item of an assigned case whose sender left a name and a phone number, received
    on a Friday; education is a co-agency."""
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    with time_machine.travel(FRIDAY - datetime.timedelta(hours=2), tick=False):
        case = new_case(
            citizen=CitizenDetails(consent_text=consent, consent=True, name="T.V.B.", phone=PHONE)
        )
        case = services.verify_case(case=case, by=world.people.specialist)
        services.assign_case(
            case=case,
            by=world.people.specialist,
            parts=[ParticipantSpec(world.health, "lead"), ParticipantSpec(world.education, "co")],
        )
    return case.items.get()


def _entries(obj):
    kind = ContentType.objects.get_for_model(obj)
    return AuditEntry.objects.filter(content_type=kind, object_id=str(obj.pk))


def _record(world, item, kind, at=FRIDAY):
    with time_machine.travel(at, tick=False):
        return services.record_data_request(
            item=item,
            kind=kind,
            requester="Chính người gửi, xác minh qua số điện thoại đã để lại",
            received_at=at,
            by=world.people.specialist,
        )


def test_staff_record_a_request_due_72_hours_later_across_the_weekend(client, world, identified):
    client.force_login(world.people.specialist)
    page = client.get(identified.case.get_absolute_url()).content.decode()
    assert 'data-testid="data-request-link"' in page
    with time_machine.travel(FRIDAY + datetime.timedelta(minutes=5), tick=False):
        response = client.post(
            reverse("cases:data_request_new", args=[identified.pk]),
            {
                "kind": "delete",
                "requester": "Chính người gửi, gọi từ số đã để lại",
                "received_on": "06/11/2026",
                "received_time": "16:00",
            },
        )
    request = DataRequest.objects.get()
    assert response.url == request.get_absolute_url()
    # Monday 16:00: hours, not working days
    assert request.due_at == datetime.datetime(2026, 11, 9, 16, 0, tzinfo=TZ)
    assert response.status_code == 302
    detail = client.get(request.get_absolute_url())
    assert detail["Cache-Control"] == "no-store"


def test_a_request_needs_stored_details_and_a_past_moment(client, world, identified, new_case):
    anonymous = new_case().items.get()
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("cases:data_request_new", args=[anonymous.pk]),
        {"kind": "access", "requester": "Ai đó", "received_on": "01/01/2026", "received_time": "x"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("cases:data_request_new", args=[anonymous.pk]),
        {
            "kind": "access",
            "requester": "Ai đó",
            "received_on": "01/01/2026",
            "received_time": "8:00",
        },
    )
    assert response.status_code == 400
    response = client.post(
        reverse("cases:data_request_new", args=[identified.pk]),
        {"kind": "access", "requester": "Ai", "received_on": "01/01/2099", "received_time": "8:00"},
    )
    assert response.status_code == 400
    assert DataRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("person", "new", "detail"),
    [
        ("specialist", 200, 200),
        ("party_leader", 200, 200),
        ("health_focal", 200, 200),  # the lead organisation's staff read the identity
        ("education_specialist", 403, 404),  # a co-agency never does
        ("collaborator", 403, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_handles_requests(client, world, identified, person, new, detail):
    request = _record(world, identified, "access")
    client.force_login(getattr(world.people, person))
    assert client.get(reverse("cases:data_request_new", args=[identified.pk])).status_code == new
    assert client.get(request.get_absolute_url()).status_code == detail
    listed = client.get(reverse("cases:data_request_list")).content.decode()
    assert ('data-testid="data-request-row"' in listed) == (detail == 200)


def test_reminders_before_and_after_72_hours_are_sent_once(world, identified):
    request = _record(world, identified, "correct")
    key = f"case_data_request:{request.pk}:"
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=40), tick=False):
        assert "data_request_soon" not in send_reminders()
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=50), tick=False):
        assert send_reminders()["data_request_soon"] == 1
        assert "data_request_soon" not in send_reminders()  # idempotent
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=73), tick=False):
        assert send_reminders()["data_request_overdue"] == 1
        assert "data_request_overdue" not in send_reminders()
    sent = Notification.objects.filter(key__startswith=key)
    assert set(sent.values_list("recipient", flat=True)) == {world.people.specialist.pk}
    assert all(PHONE not in n.title + n.body and "T.V.B." not in n.title for n in sent)
    services.fulfil_data_request(
        request=request,
        by=world.people.specialist,
        corrections=CitizenDetails(consent_text=None, phone="0900 000 078"),
    )
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=100), tick=False):
        send_reminders()
    assert Notification.objects.filter(key__startswith=key).count() == 2


def test_a_correction_rewrites_only_the_fields_given_and_audits_their_names(
    client, world, identified
):
    request = _record(world, identified, "correct")
    client.force_login(world.people.specialist)
    url = reverse("cases:data_request_fulfil", args=[request.pk])
    assert client.post(url, {"phone": "số sai"}).status_code == 400
    assert client.post(url, {"phone": "0900 000 079", "outcome": "Đã sửa"}).status_code == 302
    citizen = Citizen.objects.get(item=identified)
    assert (citizen.name, citizen.phone) == ("T.V.B.", "0900 000 079")
    request.refresh_from_db()
    assert request.status == "done" and request.closed_by == world.people.specialist
    entry = _entries(request).get(action="update")
    assert entry.changes["corrected"] == [[], ["phone"]]
    assert "0900 000 079" not in str(entry.changes) + entry.message
    assert client.post(url, {"phone": "0900 000 070"}).status_code == 403  # answered already


def test_a_deletion_erases_the_details_keeps_the_case_and_audits(client, world, identified):
    cases, items = Case.objects.count(), Item.objects.count()
    request = _record(world, identified, "delete")
    client.force_login(world.people.specialist)
    response = client.post(reverse("cases:data_request_fulfil", args=[request.pk]), {})
    assert response.status_code == 302
    citizen = Citizen.objects.get(item=identified)
    assert (citizen.name, citizen.phone, citizen.email, citizen.address) == ("", "", "", "")
    assert citizen.anonymised_at is not None
    assert (Case.objects.count(), Item.objects.count()) == (cases, items)
    (erased,) = [e for e in _entries(citizen) if "erased" in e.changes]
    assert erased.actor == world.people.specialist
    assert "theo yêu cầu" in erased.message
    assert sorted(erased.changes["erased"][0]) == ["name", "phone"]
    assert PHONE not in str(erased.changes)
    contact = client.get(reverse("cases:item_contact", args=[identified.pk])).content.decode()
    assert PHONE not in contact


def test_a_refusal_needs_a_reason(client, world, identified):
    request = _record(world, identified, "delete")
    client.force_login(world.people.specialist)
    url = reverse("cases:data_request_refuse", args=[request.pk])
    assert client.post(url, {"reason": " "}).status_code == 400
    assert client.post(url, {"reason": "Không xác minh được người yêu cầu"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert Citizen.objects.get(item=identified).phone == PHONE


def test_the_list_shows_overdue_first_in_a_fixed_number_of_queries(
    client, world, identified, django_assert_max_num_queries
):
    late = _record(world, identified, "access", at=FRIDAY - datetime.timedelta(days=10))
    fresh = [_record(world, identified, "access", at=FRIDAY) for _ in range(6)]
    services.refuse_data_request(request=fresh[0], by=world.people.specialist, reason="Trùng")
    client.force_login(world.people.specialist)
    with time_machine.travel(FRIDAY + datetime.timedelta(hours=1), tick=False):
        with django_assert_max_num_queries(10):
            page = client.get(reverse("cases:data_request_list")).content.decode()
        with django_assert_max_num_queries(10):
            assert client.get(late.get_absolute_url()).status_code == 200
    rows = page.split('data-testid="data-request-row"')[1:]
    assert len(rows) == 7
    assert 'data-overdue="1"' in rows[0] and f"#{late.pk} " in rows[0]
    assert f"#{fresh[0].pk} " in rows[-1]  # answered last
