"""Retention: contact details of a case closed longer ago than its kind's period are erased by
the nightly run; the case, its items and the counts stay; each erasure is audited; running
again erases nothing twice."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from phoihop.cases import services
from phoihop.cases.models import Case, Citizen, ConsentText, Item, RetentionRule
from phoihop.cases.retention import anonymise_expired, months_before
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.audit import entries_for

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date


@pytest.fixture
def rules(db):
    for kind in ("question", "complaint", "proposal", "signal"):
        RetentionRule.objects.update_or_create(kind=kind, defaults={"months": 24})
    RetentionRule.objects.filter(kind="question").update(months=6)


def _closed(new_case, world, *, kind, when):
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01", defaults={"text": "Tôi đồng ý …", "valid_from": D(2024, 1, 1)}
    )
    with time_machine.travel(when, tick=False):
        case = new_case(
            kind=kind,
            received_at=when,
            citizen=CitizenDetails(
                consent_text=consent, consent=True, name="L.T.H.", phone="0900 000 001"
            ),
        )
        case = services.verify_case(case=case, by=world.people.specialist)
        case = services.assign_case(
            case=case, by=world.people.specialist, parts=[ParticipantSpec(world.health, "lead")]
        )
        case = services.answer_case(case=case, by=world.people.health_focal, answer="Trả lời")
        return services.close_case(case=case, by=world.people.specialist, resolved=True)


def test_months_before_keeps_the_day_or_the_months_end():
    assert months_before(D(2026, 12, 7), 24) == D(2024, 12, 7)
    assert months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert months_before(D(2026, 1, 15), 6) == D(2025, 7, 15)


def test_expired_contacts_are_erased_and_counts_stay(new_case, world, rules):
    question = _closed(
        new_case, world, kind="question", when=datetime.datetime(2026, 3, 2, 9, tzinfo=TZ)
    )
    complaint = _closed(
        new_case, world, kind="complaint", when=datetime.datetime(2026, 3, 2, 9, tzinfo=TZ)
    )
    still_open = new_case(
        kind="question",
        citizen=CitizenDetails(
            consent_text=ConsentText.objects.get(version="2026-01"),
            consent=True,
            phone="0900 000 002",
        ),
    )
    counts = (Case.objects.count(), Item.objects.count(), Citizen.objects.count())
    assert anonymise_expired(D(2026, 9, 1)) == 0  # six months not yet over
    assert anonymise_expired(D(2026, 9, 3)) == 1
    erased = Citizen.objects.get(item__case=question)
    assert (erased.name, erased.phone, erased.email, erased.address) == ("", "", "", "")
    assert erased.anonymised_at is not None
    assert Citizen.objects.get(item__case=complaint).phone == "0900 000 001"  # 24 months
    assert Citizen.objects.get(item__case=still_open).phone == "0900 000 002"
    assert (Case.objects.count(), Item.objects.count(), Citizen.objects.count()) == counts
    entry = entries_for(erased).get()
    assert entry.actor is None
    assert entry.organization_id == world.propaganda.pk
    assert "0900" not in str(entry.changes)
    assert anonymise_expired(D(2026, 9, 3)) == 0  # idempotent


def test_a_changed_rule_applies_at_the_next_run_and_the_command_runs_it(new_case, world, rules):
    complaint = _closed(
        new_case, world, kind="complaint", when=datetime.datetime(2026, 3, 2, 9, tzinfo=TZ)
    )
    RetentionRule.objects.filter(kind="complaint").update(months=3)
    call_command("anonymise_expired_contacts", "--date", "2026-07-01")
    assert Citizen.objects.get(item__case=complaint).phone == ""


def test_a_kind_without_a_rule_keeps_its_details(new_case, world):
    RetentionRule.objects.all().delete()
    _closed(new_case, world, kind="proposal", when=datetime.datetime(2026, 3, 2, 9, tzinfo=TZ))
    assert anonymise_expired(D(2036, 12, 7)) == 0
