"""Statutory deadlines in working days (Tết included), the four buckets, extensions."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.cases import services
from phoihop.cases.deadlines import due_days
from phoihop.cases.models import Bucket, Case, DeadlineRule
from phoihop.cases.services import ParticipantSpec

from ..factories import system_admin

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))
BEFORE_TET = datetime.datetime(2026, 2, 13, 10, tzinfo=TZ)  # Friday; 14–22/02/2026 off


@pytest.fixture(autouse=True)
def default_rules(db):
    """The rules migration 0004 adds (a flushing test elsewhere may have removed them)."""
    DeadlineRule.objects.get_or_create(
        kind="",
        channel="",
        urgent_hot_spot=False,
        defaults={"acknowledge_days": 2, "answer_days": 20},
    )
    DeadlineRule.objects.get_or_create(
        kind="",
        channel="",
        urgent_hot_spot=True,
        defaults={"acknowledge_days": 1, "answer_days": 1},
    )


def test_due_dates_skip_tet(new_case):
    case = new_case(received_at=BEFORE_TET)
    assert case.acknowledge_due == datetime.date(2026, 2, 24)
    assert case.deadline == datetime.date(2026, 3, 20)


def test_an_urgent_hot_spot_is_due_the_next_working_day(new_case):
    case = new_case(received_at=BEFORE_TET, hot_spot=True, urgency="urgent")
    assert case.acknowledge_due == case.deadline == datetime.date(2026, 2, 23)
    calm = new_case(received_at=BEFORE_TET, hot_spot=True)  # a hot spot, not urgent
    assert calm.deadline == datetime.date(2026, 3, 20)


def test_the_most_specific_rule_wins():
    services.create_deadline_rule(
        by=system_admin(), kind="question", channel="", acknowledge_days=1, answer_days=10
    )
    services.create_deadline_rule(
        by=system_admin(), kind="question", channel="press", acknowledge_days=1, answer_days=5
    )
    assert due_days("question", "press", urgent_hot_spot=False).answer == 5
    assert due_days("question", "letter", urgent_hot_spot=False).answer == 10
    assert due_days("proposal", "press", urgent_hot_spot=False).answer == 20
    assert due_days("question", "press", urgent_hot_spot=True).answer == 1


def test_a_rule_cannot_acknowledge_after_answering():
    with pytest.raises(ValidationError):
        services.create_deadline_rule(
            by=system_admin(), kind="proposal", channel="", acknowledge_days=9, answer_days=5
        )


def _answered(case, world):
    case = services.verify_case(case=case, by=world.people.specialist)
    case = services.assign_case(
        case=case, by=world.people.specialist, parts=[ParticipantSpec(world.health, "lead")]
    )
    return services.answer_case(case=case, by=world.people.health_focal, answer="Đã trả lời")


def test_the_four_buckets_apply_to_cases(new_case, world):
    received = datetime.datetime(2026, 11, 2, 9, tzinfo=TZ)
    with time_machine.travel(received, tick=False):
        on_time = _answered(new_case(received_at=received), world)
        late = new_case(received_at=received)
        overdue = new_case(received_at=received)
        on_track = new_case(received_at=received, kind="proposal")
        services.create_deadline_rule(
            by=system_admin(), kind="proposal", channel="", acknowledge_days=2, answer_days=60
        )
        on_track = services.update_case(case=on_track, by=world.people.specialist, urgency="urgent")
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=TZ), tick=False):
        late = _answered(late, world)
        today = datetime.date(2026, 12, 7)
        buckets = {
            c.pk: c.bucket
            for c in Case.objects.with_bucket(today).filter(department=world.propaganda)
        }
        assert buckets == {
            on_time.pk: Bucket.DONE_ON_TIME,
            late.pk: Bucket.DONE_LATE,
            overdue.pk: Bucket.OPEN_OVERDUE,
            on_track.pk: Bucket.OPEN_ON_TRACK,
        }
        assert list(Case.objects.in_bucket(Bucket.OPEN_OVERDUE, today)) == [overdue]


def test_an_extension_needs_a_reason_and_a_leaders_approval(new_case, world):
    received = datetime.datetime(2026, 11, 2, 9, tzinfo=TZ)
    with time_machine.travel(received, tick=False):
        case = services.verify_case(case=new_case(received_at=received), by=world.people.specialist)
        case = services.assign_case(
            case=case, by=world.people.specialist, parts=[ParticipantSpec(world.health, "lead")]
        )
        later = case.deadline + datetime.timedelta(days=14)
        with pytest.raises(ValidationError):
            services.request_extension(
                case=case, by=world.people.health_focal, requested_deadline=later, reason=""
            )
        extension = services.request_extension(
            case=case,
            by=world.people.health_focal,
            requested_deadline=later,
            reason="Chờ kết quả kiểm tra của đoàn liên ngành",
        )
        with pytest.raises(PermissionDenied):  # a specialist does not decide
            services.decide_extension(extension=extension, by=world.people.specialist, approve=True)
        services.decide_extension(extension=extension, by=world.people.leader, approve=True)
    case.refresh_from_db()
    assert case.extended_deadline == later
    assert case.effective_deadline == later
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=TZ), tick=False):
        assert case.bucket == Bucket.OPEN_ON_TRACK  # overdue without the extension
