"""The plans demo: the 2021–2025 and 2026–2030 programmes, three annual plans, about 60 tasks in
all four buckets (dates relative to today), Phú Thọ's and a commune's own work, seeded after the
organisations and only once — and true to its dates."""

import datetime

import pytest
from django.utils import timezone

from phoihop.directives import demo as directives_demo
from phoihop.org import demo as org_demo
from phoihop.org.areas import load_areas
from phoihop.org.models import Membership, User
from phoihop.plans import demo
from phoihop.plans.models import Bucket, Plan, Programme, Task, TaskParticipant
from phoihop.reviews.models import Review

from ..conftest import kept_for_the_module


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The areas and the organisations' and plans' demo, loaded once for the module."""
    with kept_for_the_module(django_db_blocker):
        load_areas(reindex=False)
        org_demo.seed()
        demo.seed()
        yield


@pytest.fixture
def seeded(seeded_once, db):
    """Each case sees the seeded demo; what it writes is rolled back after it."""


def test_the_demo_fills_every_bucket_and_seeds_only_once(seeded):
    thanh_hoa = Task.objects.filter(plan__issuing_organization__identifier__startswith="38.BTG")
    assert Plan.objects.filter(issuing_organization__identifier__startswith="38.BTG").count() == 3
    assert 55 <= thanh_hoa.count() <= 65
    for bucket in Bucket:
        assert Task.objects.in_bucket(bucket).count() >= 3, bucket
    assert Task.objects.in_bucket("due_soon").exists()
    assert Task.objects.filter(extensions__status="approved").exists()
    assert Task.objects.filter(extensions__status="pending").exists()
    assert Task.objects.exclude(report_frequency="none").exists()
    counts = (Programme.objects.count(), Plan.objects.count(), Task.objects.count())
    demo.seed()
    assert (Programme.objects.count(), Plan.objects.count(), Task.objects.count()) == counts


def test_demo_users_see_their_part(seeded):
    from phoihop.org.models import User

    health = User.objects.get(username="daumoi.syt")
    specialist = User.objects.get(username="chuyenvien.tgdv")
    assert 0 < Task.objects.visible_to(health).count() < Task.objects.count()
    thanh_hoa = Task.objects.filter(plan__issuing_organization__area__code="38")
    assert Task.objects.visible_to(specialist).count() == thanh_hoa.count()


def test_the_2021_programme_is_signed_by_the_ban_tuyen_giao_of_the_time(seeded):
    programme = Programme.objects.get(number=demo.PROGRAMME_NUMBER)
    assert (programme.start_year, programme.end_year) == (2021, 2025)
    assert programme.signing_organization.name == "Ban Tuyên giáo Tỉnh ủy Thanh Hóa"
    assert programme.signing_organization.valid_to == datetime.date(2025, 1, 31)
    new = Programme.objects.get(number=demo.NEW_PROGRAMME_NUMBER)
    assert new.signing_organization.identifier == "38.BTGDVTU"
    assert new.signed_on >= new.signing_organization.valid_from


def test_every_plan_is_issued_by_an_organisation_in_force_that_year(seeded):
    for plan in Plan.objects.select_related("issuing_organization", "programme"):
        issuer = plan.issuing_organization
        first, last = datetime.date(plan.year, 1, 1), datetime.date(plan.year, 12, 31)
        assert issuer.valid_from is None or issuer.valid_from <= last, plan
        assert issuer.valid_to is None or issuer.valid_to >= first, plan
        assert issuer.abbreviation in plan.number, plan
        if plan.programme:
            assert plan.programme.start_year <= plan.year <= plan.programme.end_year, plan


def test_event_bound_deadlines_fall_before_their_event(seeded):
    independence_day = Task.objects.filter(title__contains="Quốc khánh")
    assert independence_day.count() >= 4
    for task in independence_day:
        assert task.deadline < datetime.date(task.deadline.year, 9, 2), task
    for task in Task.objects.filter(title__contains="27/7"):
        assert task.deadline < datetime.date(task.deadline.year, 7, 27), task
    for task in Task.objects.filter(title__contains="Tết Nguyên đán"):
        assert task.deadline.month == 1, task


def test_each_demo_focal_point_has_tasks_named_to_them(seeded):
    focal_points = User.objects.filter(memberships__role=Membership.Role.FOCAL_POINT).distinct()
    assert focal_points.count() == 2
    for user in focal_points:
        named = TaskParticipant.objects.filter(focal_person=user)
        assert named.count() >= 10, user
        assert Task.objects.visible_to(user).filter(participants__in=named).exists(), user
        open_tasks = named.filter(task__completed_on__isnull=True)
        assert open_tasks.exists(), user


def test_the_phu_tho_and_commune_accounts_have_work_of_their_own(seeded):
    directives_demo.seed()
    today = timezone.localdate()
    for username, prefix in (("chuyenvien.phutho", "25."), ("xa.hacthanh", "38.14797.")):
        user = User.objects.get(username=username)
        tasks = Task.objects.visible_to(user)
        assert tasks.count() >= 5, username
        assert tasks.filter(completed_on__isnull=True, deadline__lt=today).exists(), username
        assert tasks.filter(completed_on__isnull=True, deadline__gte=today).exists(), username
        own = tasks.filter(plan__issuing_organization__identifier__startswith=prefix)
        assert own.count() == tasks.count(), username
        reviews = Review.objects.visible_to(user).filter(responsible__identifier__startswith=prefix)
        assert reviews.filter(done_on__isnull=True).exists(), username


def test_my_tasks_is_not_empty_for_any_demo_account_that_works_on_tasks(seeded):
    """Every account but the collaborator (cộng tác viên: no part in tasks) and the system
    administrator has work of its own in "Việc của tôi"."""
    from phoihop.plans.selectors import my_tasks

    people = (
        User.objects.filter(memberships__isnull=False, is_superuser=False)
        .exclude(memberships__role=Membership.Role.COLLABORATOR)
        .distinct()
    )
    assert people.count() >= 8
    for person in people:
        assert my_tasks(person).exists(), person.username
