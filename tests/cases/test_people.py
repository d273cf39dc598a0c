"""The citizen's identity kept apart: explicit consent with its exact text, who may read the
contact details, an audit entry for every reading, consent withdrawn."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.cases import permissions, services
from phoihop.cases.models import Citizen, ConsentText
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NAME, PHONE = "Lê Thị Thử", "0912 000 111"


@pytest.fixture
def consent(db):
    text, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    return text


@pytest.fixture
def identified(new_case, world, consent):
    """A case whose first item left a name and a phone, assigned to Health with Education."""
    case = new_case(
        citizen=CitizenDetails(consent_text=consent, consent=True, name=NAME, phone=PHONE)
    )
    case = services.verify_case(case=case, by=world.people.specialist)
    return services.assign_case(
        case=case,
        by=world.people.specialist,
        parts=[ParticipantSpec(world.health, "lead"), ParticipantSpec(world.education, "co")],
    )


def test_contact_is_kept_apart_with_the_consent_version(identified, consent):
    item = identified.items.get()
    assert not item.anonymous
    citizen = Citizen.objects.get(item=item)
    assert (citizen.name, citizen.phone, citizen.consent_text) == (NAME, PHONE, consent)
    assert NAME not in item.text
    assert NAME not in str(citizen)
    # The intake's audit entry names no personal value.
    for entry in AuditEntry.objects.all():
        assert NAME not in str(entry.changes) + entry.message + entry.object_repr
        assert PHONE not in str(entry.changes) + entry.message


def test_silence_is_not_consent(new_case, consent):
    with pytest.raises(ValidationError) as caught:
        new_case(citizen=CitizenDetails(consent_text=consent, consent=False, name=NAME))
    assert "consent" in caught.value.message_dict
    assert not Citizen.objects.exists()


def test_an_anonymous_item_has_no_identity(new_case):
    case = new_case()
    assert case.items.get().anonymous
    assert not Citizen.objects.exists()


def test_bad_phone_and_email_are_refused(new_case, consent):
    with pytest.raises(ValidationError) as caught:
        new_case(
            citizen=CitizenDetails(
                consent_text=consent, consent=True, phone="gọi tôi", email="khong-phai-email"
            )
        )
    assert {"phone", "email"} <= set(caught.value.message_dict)


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("specialist", True),  # the receiving department
        ("leader", True),
        ("party_leader", True),  # a leader above the department
        ("health_focal", True),  # the lead organisation
        ("health_specialist", True),
        ("education_specialist", False),  # a co-agency sees the text only
        ("collaborator", False),  # a collaborator of the department too
        ("outsider", False),
    ],
)
def test_who_sees_the_identity(identified, world, person, allowed):
    user = getattr(world.people, person)
    assert permissions.can_see_identity(user, identified) is allowed
    assert Citizen.objects.visible_to(user).exists() is allowed
    if allowed:
        assert services.read_contact(item=identified.items.get(), by=user).phone == PHONE
    else:
        with pytest.raises(PermissionDenied):
            services.read_contact(item=identified.items.get(), by=user)


def test_every_reading_is_audited(identified, world):
    item = identified.items.get()
    services.read_contact(item=item, by=world.people.specialist)
    services.read_contact(item=item, by=world.people.health_focal)
    readings = AuditEntry.objects.filter(action="other", object_id=str(item.citizen.pk))
    assert readings.count() == 2
    assert {e.actor for e in readings} == {world.people.specialist, world.people.health_focal}
    assert all(e.organization_id == world.propaganda.pk for e in readings)


def test_consent_withdrawn_erases_the_contact_and_keeps_the_case(identified, world):
    item = identified.items.get()
    citizen = services.withdraw_consent(item=item, by=world.people.specialist)
    citizen.refresh_from_db()
    assert (citizen.name, citizen.phone, citizen.email, citizen.address) == ("", "", "", "")
    assert citizen.is_withdrawn
    assert identified.items.count() == 1
    with pytest.raises(ValidationError):
        services.withdraw_consent(item=item, by=world.people.specialist)


def test_an_accepted_consent_text_is_never_reworded(identified, consent):
    consent.text = "Một lời văn khác"
    with pytest.raises(ValidationError):
        consent.full_clean()
    fresh = ConsentText(version="2026-02", text="Lời văn mới", valid_from=datetime.date(2026, 6, 1))
    fresh.full_clean()  # a new version is the way to reword it
