"""The portal demo: questions sent on the portal in both provinces, some published with
redactions that never leave in a public answer; seeded once."""

import pytest
from django.test import Client
from django.urls import reverse

from phoihop.cases import demo, demo_portal
from phoihop.cases.models import Channel, Citizen, Item, Open311Key, Publication
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas

from ..conftest import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        org_demo.seed()
        demo.seed()
        demo_portal.seed_portal()
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def test_portal_questions_in_both_provinces_some_published_with_redactions(seeded):
    web = Item.objects.filter(channel=Channel.WEB, recorded_by=None)
    for province in ("38", "25"):
        assert web.filter(case__department__identifier=f"{province}.BTGDVTU").exists()
    publications = Publication.objects.published()
    assert publications.count() >= 3
    texts = " ".join(p.question + p.answer for p in publications)
    for private in ("số 12 ngõ 3", "0900 000 031", "phananh.demo@", "025123456789", "N.V.B."):
        assert private not in texts
    assert Citizen.objects.filter(item__in=web).count() == 1
    assert Open311Key.objects.exists()


def test_seeding_again_adds_nothing(seeded):
    before = Item.objects.count()
    demo_portal.seed_portal()
    assert Item.objects.count() == before


def test_the_published_demo_answers_read_on_the_portal(seeded):
    page = Client().get(reverse("portal:answers"), {"q": "vac xin cum"}).content.decode()
    assert "Tiêm vắc xin cúm cho người cao tuổi" in page
    assert "0900 000 031" not in page
