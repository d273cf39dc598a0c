"""The plans demo: a 2021–2025 programme, three annual plans, about 60 tasks in all four
buckets (dates relative to today), seeded after the organisations and only once."""

import pytest

from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.plans import demo
from phoihop.plans.models import Bucket, Plan, Programme, Task


@pytest.fixture
def seeded(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_areas(reindex=False)
    org_demo.seed()
    demo.seed()


def test_the_demo_fills_every_bucket_and_seeds_only_once(seeded):
    programme = Programme.objects.get(number=demo.PROGRAMME_NUMBER)
    assert (programme.start_year, programme.end_year) == (2021, 2025)
    assert Plan.objects.filter(programme=programme).count() == 3
    assert 55 <= Task.objects.count() <= 65
    for bucket in Bucket:
        assert Task.objects.in_bucket(bucket).count() >= 3, bucket
    assert Task.objects.in_bucket("due_soon").exists()
    assert Task.objects.filter(extensions__status="approved").exists()
    assert Task.objects.filter(extensions__status="pending").exists()
    assert Task.objects.exclude(report_frequency="none").exists()
    demo.seed()
    assert Programme.objects.count() == 1
    assert Task.objects.count() <= 65


def test_demo_users_see_their_part(seeded):
    from phoihop.org.models import User

    health = User.objects.get(username="daumoi.syt")
    specialist = User.objects.get(username="chuyenvien.tgdv")
    assert 0 < Task.objects.visible_to(health).count() < Task.objects.count()
    assert Task.objects.visible_to(specialist).count() == Task.objects.count()
