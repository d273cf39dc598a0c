"""The case services: intake, numbers, the life cycle, merge and split, with their audit."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import Case, Item
from phoihop.cases.services import NewCase, ParticipantSpec
from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))


def _assigned(case, world, by=None):
    return services.assign_case(
        case=case,
        by=by or world.people.specialist,
        parts=[ParticipantSpec(world.health, "lead"), ParticipantSpec(world.education, "co")],
    )


def test_numbers_are_readable_and_count_per_year(new_case):
    first = new_case(received_at=datetime.datetime(2026, 3, 2, 9, tzinfo=TZ))
    second = new_case(received_at=datetime.datetime(2026, 3, 3, 9, tzinfo=TZ))
    last_year = new_case(received_at=datetime.datetime(2025, 12, 30, 9, tzinfo=TZ))
    assert first.number == "PA-2026-000001"
    assert second.number == "PA-2026-000002"
    assert last_year.number == "PA-2025-000001"


def test_recording_an_item_makes_a_case_with_due_dates_and_one_audit_entry(new_case, world):
    case = new_case(received_at=datetime.datetime(2026, 12, 4, 15, tzinfo=TZ))  # a Friday
    assert case.status == Case.Status.RECEIVED
    assert case.received_on == datetime.date(2026, 12, 4)
    assert case.acknowledge_due == datetime.date(2026, 12, 8)  # 2 working days: Mon, Tue
    assert case.deadline == datetime.date(2027, 1, 4)  # 20 working days, 1/1 a holiday
    assert case.area == world.commune
    entries = list(entries_for(case))
    assert len(entries) == 1
    assert entries[0].action == AuditEntry.Action.CREATE
    assert entries[0].organization_id == world.propaganda.pk


def test_a_second_item_joins_the_case(new_case, world):
    case = new_case()
    services.record_item(
        by=world.people.specialist,
        department=world.propaganda,
        channel=Item.Channel.LETTER,
        received_at=timezone.now(),
        text="Thư phản ánh cùng nội dung",
        area=world.commune,
        case=case,
    )
    assert case.items.count() == 2
    assert len(entries_for(case)) == 2


def test_intake_refuses_bad_input_together(world):
    with pytest.raises(ValidationError) as caught:
        services.record_item(
            by=world.people.specialist,
            department=world.propaganda,
            channel="fax",
            received_at=timezone.now() + datetime.timedelta(days=2),
            text="   ",
            area=world.province,  # a province, not a commune
            new_case=NewCase(title="", kind="gossip"),
        )
    assert set(caught.value.message_dict) == {
        "channel",
        "received_at",
        "text",
        "area",
        "title",
        "kind",
    }
    assert not Case.objects.exists()


def test_only_the_department_staff_record_items(world):
    for person in (
        world.people.collaborator,
        world.people.health_specialist,
        world.people.outsider,
    ):
        with pytest.raises(PermissionDenied):
            services.record_item(
                by=person,
                department=world.propaganda,
                channel="hotline",
                received_at=timezone.now(),
                text="Nội dung",
                new_case=NewCase(title="Tiêu đề", kind="question"),
            )


def test_the_life_cycle_is_audited_step_by_step(new_case, world):
    case = new_case()
    case = services.verify_case(case=case, by=world.people.specialist)
    assert case.acknowledged_on == timezone.localdate()
    case = _assigned(case, world)
    assert case.status == Case.Status.ASSIGNED
    assert case.lead_organization == world.health
    lead = case.participants.get(role="lead")
    assert lead.focal_person == world.people.health_focal  # the designated focal point
    with pytest.raises(PermissionDenied):  # a co-agency does not answer
        services.answer_case(case=case, by=world.people.education_specialist, answer="Trả lời")
    case = services.answer_case(case=case, by=world.people.health_focal, answer="Đã xử lý xong")
    assert case.status == Case.Status.ANSWERED
    assert case.completed_on == timezone.localdate()
    case = services.close_case(case=case, by=world.people.specialist, resolved=True)
    assert case.status == Case.Status.CLOSED_RESOLVED
    statuses = [e.changes.get("status") for e in entries_for(case).order_by("at", "id")]
    assert statuses == [
        [None, "received"],
        ["received", "verified"],
        ["verified", "assigned"],
        ["assigned", "answered"],
        ["answered", "closed_resolved"],
    ]


def test_closed_not_resolved_needs_a_reason(new_case, world):
    case = _assigned(services.verify_case(case=new_case(), by=world.people.specialist), world)
    case = services.answer_case(case=case, by=world.people.health_focal, answer="Trả lời")
    with pytest.raises(ValidationError):
        services.close_case(case=case, by=world.people.specialist, resolved=False)
    case = services.close_case(
        case=case, by=world.people.specialist, resolved=False, note="Ngoài thẩm quyền của tỉnh"
    )
    assert case.status == Case.Status.CLOSED_UNRESOLVED


def test_reopen_only_within_the_window(new_case, world, settings):
    settings.CASES_REOPEN_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, tzinfo=TZ), tick=False):
        case = _assigned(services.verify_case(case=new_case(), by=world.people.specialist), world)
        case = services.answer_case(case=case, by=world.people.health_focal, answer="Trả lời")
        case = services.close_case(case=case, by=world.people.specialist, resolved=True)
    late = datetime.datetime(2026, 12, 3, 9, tzinfo=TZ)  # 31 days after closing
    with time_machine.travel(late, tick=False), pytest.raises(PermissionDenied):
        services.reopen_case(case=case, by=world.people.specialist, reason="Chưa thỏa đáng")
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=TZ), tick=False):
        with pytest.raises(ValidationError):
            services.reopen_case(case=case, by=world.people.specialist, reason=" ")
        case = services.reopen_case(case=case, by=world.people.specialist, reason="Chưa thỏa đáng")
    assert case.status == Case.Status.ASSIGNED
    assert case.completed_on is None
    assert case.reopened_count == 1
    assert case.deadline == datetime.date(2026, 12, 30)  # 20 working days from 2/12


def test_merge_moves_items_and_history_and_the_old_number_leads_on(new_case, world):
    target = new_case(received_at=timezone.now() - datetime.timedelta(days=1))
    source = new_case(received_at=timezone.now() - datetime.timedelta(days=3))
    source_items = set(source.items.values_list("pk", flat=True))
    services.merge_cases(source=source, target=target, by=world.people.specialist)
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.status == Case.Status.MERGED
    assert source.merged_into == target
    assert source_items <= set(target.items.values_list("pk", flat=True))
    assert target.items.count() == 2
    assert target.received_on == source.received_on  # the earlier item's clock
    assert Case.objects.current().filter(pk=source.pk).count() == 0
    entry = entries_for(target).first()
    assert entry.changes["merged"] == [None, source.number]


def test_merge_refuses_another_department_and_itself(new_case, world):
    case = new_case()
    with pytest.raises(ValidationError):
        services.merge_cases(source=case, target=case, by=world.people.specialist)
    other = new_case(department=world.elsewhere, by=None)
    with pytest.raises(PermissionDenied):
        services.merge_cases(source=case, target=other, by=world.people.specialist)


def test_split_an_item_out_into_its_own_case(new_case, world):
    case = new_case()
    with pytest.raises(ValidationError):  # the only item
        services.split_item(item=case.items.get(), by=world.people.specialist)
    letter = services.record_item(
        by=world.people.specialist,
        department=world.propaganda,
        channel="letter",
        received_at=timezone.now(),
        text="Một việc khác: đèn đường hỏng",
        case=case,
    )
    new = services.split_item(item=letter, by=world.people.specialist, title="Đèn đường hỏng")
    letter.refresh_from_db()
    assert letter.case == new
    assert new.title == "Đèn đường hỏng"
    assert new.number != case.number
    assert case.items.count() == 1
    assert entries_for(new).get().changes["split_from"] == [None, case.number]


def test_an_urgent_hot_spot_recounts_its_due_dates_until_answered(new_case, world):
    case = new_case(received_at=datetime.datetime(2026, 12, 4, 9, tzinfo=TZ))  # a Friday
    case = services.update_case(
        case=case, by=world.people.specialist, hot_spot=True, urgency="urgent"
    )
    assert case.hot_spot
    assert case.deadline == datetime.date(2026, 12, 7)  # 1 working day (the default rule)
    assert entries_for(case).first().changes["hot_spot"] == [False, True]


def test_assignment_needs_exactly_one_lead(new_case, world):
    case = services.verify_case(case=new_case(), by=world.people.specialist)
    with pytest.raises(ValidationError):
        services.assign_case(
            case=case, by=world.people.specialist, parts=[ParticipantSpec(world.health, "co")]
        )
    with pytest.raises(ValidationError):
        services.assign_case(
            case=case,
            by=world.people.specialist,
            parts=[
                ParticipantSpec(world.health, "lead"),
                ParticipantSpec(world.health, "co"),
            ],
        )


def test_an_answer_may_carry_the_day_a_written_reply_was_sent(new_case, world):
    received = datetime.datetime(2026, 11, 2, 9, tzinfo=TZ)
    case = _assigned(
        services.verify_case(case=new_case(received_at=received), by=world.people.specialist), world
    )
    with pytest.raises(ValidationError):  # before the case was received
        services.answer_case(
            case=case,
            by=world.people.health_focal,
            answer="Trả lời",
            answered_on=datetime.date(2026, 10, 1),
        )
    with pytest.raises(ValidationError):  # in the future
        services.answer_case(
            case=case,
            by=world.people.health_focal,
            answer="Trả lời",
            answered_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    case = services.answer_case(
        case=case,
        by=world.people.health_focal,
        answer="Trả lời",
        answered_on=datetime.date(2026, 11, 20),
    )
    assert case.completed_on == datetime.date(2026, 11, 20)


def _channels(case) -> set[str]:
    case.refresh_from_db()
    return {value for value in Item.Channel.values if case.channels & Item.Channel.bit(value)}


def test_each_case_keeps_the_channels_of_its_items_through_merge_and_split(new_case, world):
    case = new_case(channel="hotline")
    assert _channels(case) == {"hotline"}
    letter = services.record_item(
        by=world.people.specialist,
        department=world.propaganda,
        channel="letter",
        received_at=timezone.now(),
        text="Thư phản ánh cùng nội dung",
        case=case,
    )
    assert _channels(case) == {"hotline", "letter"}
    other = new_case(channel="press")
    services.merge_cases(source=other, target=case, by=world.people.specialist)
    assert _channels(case) == {"hotline", "letter", "press"}
    assert _channels(other) == set()  # merged: no item left
    new = services.split_item(item=letter, by=world.people.specialist)
    assert _channels(new) == {"letter"}
    assert _channels(case) == {"hotline", "press"}
    assert set(Case.objects.received_through("press")) == {case}
    assert Case.objects.channel_counts() == {
        value: int(value in {"hotline", "press", "letter"}) for value in Item.Channel.values
    }


def test_the_migration_fills_the_channels_of_recorded_cases(new_case, world):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("phoihop.cases.migrations.0012_case_channels")
    case = new_case(channel="web")
    services.record_item(
        by=world.people.specialist,
        department=world.propaganda,
        channel="voters",
        received_at=timezone.now(),
        text="Cử tri kiến nghị cùng nội dung",
        case=case,
    )
    Case.objects.update(channels=0)  # as the cases were before the column existed
    # The schema editor's execute(), without the editor (SQLite refuses one in a transaction).
    migration.fill_channels(apps, SimpleNamespace(execute=connection.cursor().execute))
    assert _channels(case) == {"web", "voters"}
    assert tuple(Item.Channel.values) == migration.CHANNELS
