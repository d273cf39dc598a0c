"""The missions and good-models demo: a survey of three Thanh Hóa departments whose
recommendations fill the four buckets, and good models with commendations and replications;
seeded after the organisations, only once, and never dated in the future."""

import datetime

import pytest
from django.utils import timezone

from phoihop.missions import demo
from phoihop.missions.models import Finding, Mission, Recommendation
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.plans.models import Bucket, Task
from phoihop.practices import demo as practices_demo
from phoihop.practices.models import Commendation, GoodModel, Replication

from ..conftest import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        org_demo.seed()
        demo.seed()
        practices_demo.seed()
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def test_the_survey_fills_the_four_buckets_and_seeds_once(seeded):
    mission = Mission.objects.get()
    assert mission.organization.identifier == "38.BTGDVTU"
    assert mission.decision.symbol.endswith("-QĐ/BTGDVTU")
    assert mission.visits.count() == 3
    assert Finding.objects.count() == 5
    tasks = Task.objects.filter(mission_recommendation__mission=mission)
    assert sorted(tasks.with_bucket().values_list("bucket", flat=True)) == sorted(Bucket.values)
    demo.seed()
    assert (Mission.objects.count(), Recommendation.objects.count()) == (1, 4)


def test_good_models_are_dated_truthfully(seeded):
    today = timezone.localdate()
    assert GoodModel.objects.count() == 4
    assert Commendation.objects.exists() and Replication.objects.exists()
    assert not GoodModel.objects.filter(started_on__gt=today).exists()
    assert not Commendation.objects.filter(conferred_on__gt=today).exists()
    ward = GoodModel.objects.get(organization__identifier="38.14797.UBND")
    assert ward.started_on >= datetime.date(2025, 7, 1)
    # Replications in the communes formed on 1-7-2025 are dated after that day.
    assert not Replication.objects.filter(area__isnull=False, started_on__lt="2025-07-01").exists()
    practices_demo.seed()
    assert GoodModel.objects.count() == 4
