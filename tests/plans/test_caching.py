"""Bucket counts and league tables are reused between requests, and recomputed as soon as a
task changes (their cache key carries the tasks' latest `updated_at`)."""

import datetime

import pytest
import time_machine

from phoihop.plans import selectors, services
from phoihop.plans.models import Task

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def caching(settings):
    settings.PLANS_COUNT_CACHE_SECONDS = 300


def test_counts_are_reused_then_recomputed_after_a_write(
    caching, world, make_task, django_assert_num_queries
):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=True):
        task = make_task(deadline=D(2026, 11, 1))
        tasks = Task.objects.filter(plan=world.plan)
        assert selectors.bucket_counts(tasks)["open_overdue"] == 1
        with django_assert_num_queries(1):  # only the version is read
            assert selectors.bucket_counts(tasks)["open_overdue"] == 1
        services.confirm_completion(
            despite_unreported=True, task=task, by=world.people.health_focal
        )
        counts = selectors.bucket_counts(tasks)
    assert counts["open_overdue"] == 0 and counts["done_late"] == 1


def test_the_league_table_follows_a_completion(caching, world, make_task):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=True):
        task = make_task(deadline=D(2026, 11, 20), lead=world.health, co=[])
        period = (D(2026, 1, 1), D(2026, 12, 31))
        before = selectors.league_table(world.people.specialist, *period)
        assert before == [(world.health.pk, 1, 0, 0, 1)]
        services.confirm_completion(
            despite_unreported=True,
            task=task,
            by=world.people.health_focal,
            completed_on=D(2026, 11, 19),
        )
        after = selectors.league_table(world.people.specialist, *period)
    assert after == [(world.health.pk, 1, 1, 0, 0)]


def test_different_scopes_do_not_share_a_league_table(caching, world, make_task):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 9, 0), tick=True):
        make_task(
            deadline=D(2026, 11, 20), lead=world.culture, co=[], outside_parties_reason="Chuyên môn"
        )
        period = (D(2026, 1, 1), D(2026, 12, 31))
        assert selectors.league_table(world.people.specialist, *period)
        assert selectors.league_table(world.people.health_focal, *period) == []
