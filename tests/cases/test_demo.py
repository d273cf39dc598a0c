"""The cases demo: both provinces, every channel, all four buckets, a merge, an extension, a
case closed unresolved, one consent withdrawn; seeded once, with no real contact details."""

import pytest

from phoihop.cases import demo
from phoihop.cases.models import Bucket, Case, Channel, Citizen, Item, RoutingRule
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.org.models import User

from ..conftest import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        org_demo.seed()
        demo.seed()
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def test_the_demo_covers_channels_buckets_and_outcomes(seeded):
    for province in ("38", "25"):
        assert Case.objects.filter(department__identifier=f"{province}.BTGDVTU").exists()
    assert {c for c in Item.objects.values_list("channel", flat=True)} >= {
        Channel.HOTLINE,
        Channel.LETTER,
        Channel.PRESS,
        Channel.COLLABORATOR,
    }
    current = Case.objects.current()
    for bucket in Bucket:
        assert current.in_bucket(bucket).exists(), bucket
    assert current.filter(hot_spot=True, urgency="urgent", items__channel="press").exists()
    assert Case.objects.filter(status="merged").count() == 1
    assert current.filter(status="closed_unresolved").exists()
    assert current.filter(extensions__status="approved").exists()
    assert Citizen.objects.filter(consent_withdrawn_at__isnull=False, phone="").count() == 1
    assert RoutingRule.objects.filter(area__code="25").exists()


def test_no_real_contact_details(seeded):
    for citizen in Citizen.objects.exclude(phone=""):
        assert citizen.phone.startswith("0900 000 0")
        assert len(citizen.name) <= 8  # initials only


def test_seeding_again_creates_nothing(seeded):
    counts = (Case.objects.count(), Item.objects.count(), RoutingRule.objects.count())
    demo.seed()
    assert (Case.objects.count(), Item.objects.count(), RoutingRule.objects.count()) == counts


def test_the_department_specialist_sees_the_provinces_cases(seeded):
    specialist = User.objects.get(username="chuyenvien.tgdv")
    health = User.objects.get(username="daumoi.syt")
    thanh_hoa = Case.objects.filter(department__identifier="38.BTGDVTU")
    assert Case.objects.visible_to(specialist).count() == thanh_hoa.count()
    assert 0 < Case.objects.visible_to(health).count() < thanh_hoa.count()
