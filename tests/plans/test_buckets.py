"""The four government buckets are computed from completion and the (extended) deadline,
never typed in, and the database and Python agree on them."""

import datetime

import pytest
import time_machine

from phoihop.plans import selectors, services
from phoihop.plans.models import Bucket, Task

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def bucket_in_db(task) -> str:
    return Task.objects.with_bucket().get(pk=task.pk).bucket


def test_an_open_task_is_on_track_until_its_deadline_then_overdue(make_task):
    with at(D(2026, 6, 1)):
        task = make_task(deadline=D(2026, 6, 30))
    with at(D(2026, 6, 30)):
        assert bucket_in_db(task) == Bucket.OPEN_ON_TRACK
    with at(D(2026, 7, 1)):
        assert bucket_in_db(task) == Bucket.OPEN_OVERDUE
        assert Task.objects.get(pk=task.pk).bucket == Bucket.OPEN_OVERDUE


def test_a_task_completed_late_then_reopened_then_extended_then_completed_on_time(world, make_task):
    people = world.people
    with at(D(2026, 6, 1)):
        task = make_task(deadline=D(2026, 6, 30))
    with at(D(2026, 7, 3)):
        services.confirm_completion(despite_unreported=True, task=task, by=people.health_focal)
        assert bucket_in_db(task) == Bucket.DONE_LATE
    with at(D(2026, 7, 5)):
        services.reopen_task(task=task, by=people.specialist, reason="Báo cáo kết quả chưa đủ")
        assert bucket_in_db(task) == Bucket.OPEN_OVERDUE
        extension = services.request_extension(
            task=task,
            by=people.health_focal,
            organization=world.health,
            requested_deadline=D(2026, 8, 15),
            reason="Chờ số liệu quý III",
        )
        assert bucket_in_db(task) == Bucket.OPEN_OVERDUE  # a request alone changes nothing
        services.decide_extension(
            extension=extension, by=people.specialist, approve=True, reason="Đồng ý"
        )
        assert bucket_in_db(task) == Bucket.OPEN_ON_TRACK
    with at(D(2026, 8, 10)):
        services.confirm_completion(despite_unreported=True, task=task, by=people.health_focal)
    task.refresh_from_db()
    assert task.deadline == D(2026, 6, 30)  # the original deadline stays on record
    assert task.effective_deadline == D(2026, 8, 15)
    with at(D(2026, 12, 1)):
        assert bucket_in_db(task) == Bucket.DONE_ON_TIME
    assert [e.status for e in task.extensions.all()] == ["approved"]


def test_completion_on_the_deadline_day_is_on_time(world, make_task):
    with at(D(2026, 6, 30)):
        task = make_task(deadline=D(2026, 6, 30))
        services.confirm_completion(
            despite_unreported=True, task=task, by=world.people.health_focal
        )
        assert bucket_in_db(task) == Bucket.DONE_ON_TIME


def test_filters_by_bucket_match_the_per_row_bucket(world, make_task):
    with at(D(2026, 5, 1)):
        done_on_time = make_task(deadline=D(2026, 5, 10), title="A")
        services.confirm_completion(
            despite_unreported=True, task=done_on_time, by=world.people.health_focal
        )
        done_late = make_task(deadline=D(2026, 4, 10), title="B")
        services.confirm_completion(
            despite_unreported=True, task=done_late, by=world.people.health_focal
        )
        overdue = make_task(deadline=D(2026, 4, 20), title="C")
        soon = make_task(deadline=D(2026, 5, 5), title="D")
        later = make_task(deadline=D(2026, 9, 1), title="E")
        tasks = Task.objects.all()
        by_bucket = {b: set(tasks.in_bucket(b).values_list("pk", flat=True)) for b in Bucket}
        assert by_bucket == {
            Bucket.DONE_ON_TIME: {done_on_time.pk},
            Bucket.DONE_LATE: {done_late.pk},
            Bucket.OPEN_OVERDUE: {overdue.pk},
            Bucket.OPEN_ON_TRACK: {soon.pk, later.pk},
        }
        assert set(tasks.in_bucket("due_soon").values_list("pk", flat=True)) == {soon.pk}
        for task in tasks.with_bucket():
            assert task.bucket == Task.objects.get(pk=task.pk).bucket
        counts = selectors.bucket_counts(tasks)
        assert counts == {
            "done_on_time": 1,
            "done_late": 1,
            "open_on_track": 2,
            "open_overdue": 1,
            "due_soon": 1,
            "total": 5,
        }


def test_due_soon_days_are_configurable(settings, make_task):
    with at(D(2026, 5, 1)):
        task = make_task(deadline=D(2026, 5, 20))
        assert not Task.objects.in_bucket("due_soon").exists()
        settings.PLANS_DUE_SOON_DAYS = 30
        assert list(Task.objects.in_bucket("due_soon")) == [task]
