"""Invariants of programmes, plans and tasks, each with a clear Vietnamese message, and the
audit trail they leave."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.core.models import Notification
from phoihop.plans import services
from phoihop.plans.models import Task
from phoihop.plans.services import ParticipantSpec
from phoihop.reviews.models import Review

from ..factories import make_plan, make_programme

pytestmark = pytest.mark.django_db
D = datetime.date


def messages(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_a_programme_has_review_milestones_and_an_audit_entry(world):
    kinds = dict(world.programme.reviews.values_list("kind", "due_on"))
    assert kinds == {"preliminary": D(2023, 6, 30), "final": D(2026, 12, 15)}
    entry = entries_for(world.programme).get()
    assert entry.action == "create"
    assert entry.changes["counterparts"][1] == sorted([world.health.name, world.education.name])


def test_a_programme_counterpart_must_be_in_the_signing_province(world):
    with pytest.raises(ValidationError) as exc:
        make_programme(
            by=world.people.specialist,
            signing_organization=world.propaganda,
            counterparts=[world.elsewhere],
        )
    assert "không phải là tổ chức đang hoạt động cùng tỉnh" in messages(exc)


def test_a_programme_period_must_run_forward(world):
    with pytest.raises(ValidationError) as exc:
        make_programme(
            by=world.people.specialist,
            signing_organization=world.propaganda,
            counterparts=[world.health],
            start_year=2025,
            end_year=2021,
        )
    assert "Năm kết thúc phải bằng hoặc sau năm bắt đầu." in messages(exc)


def test_updating_a_programme_moves_its_final_review(world):
    services.update_programme(
        programme=world.programme, by=world.people.specialist, final_review_on=D(2026, 12, 31)
    )
    assert world.programme.reviews.get(kind=Review.Kind.FINAL).due_on == D(2026, 12, 31)
    assert entries_for(world.programme).filter(action="update").exists()


def test_a_plan_under_a_programme_must_be_issued_by_one_of_its_parties(world):
    with pytest.raises(ValidationError) as exc:
        make_plan(
            by=world.people.admin, issuing_organization=world.culture, programme=world.programme
        )
    assert "phải là một bên của chương trình" in messages(exc)


def test_a_deadline_outside_the_plan_year_needs_a_recorded_exception(world, make_task):
    with pytest.raises(ValidationError) as exc:
        make_task(deadline=D(2027, 3, 31))
    assert "nằm ngoài năm 2026 của kế hoạch" in messages(exc)
    assert not Task.objects.exists()
    task = make_task(
        deadline=D(2027, 3, 31), deadline_exception="Gắn với kỳ thi tốt nghiệp THPT năm 2027"
    )
    assert task.deadline_exception.startswith("Gắn với")
    assert entries_for(task).get().changes["deadline_exception"][1].startswith("Gắn với")


def test_a_task_has_exactly_one_lead(world, make_task):
    with pytest.raises(ValidationError) as exc:
        make_task(participants=[ParticipantSpec(world.health), ParticipantSpec(world.education)])
    assert "đúng một đơn vị chủ trì" in messages(exc)


def test_a_participant_outside_the_programme_needs_a_reason(world, make_task):
    with pytest.raises(ValidationError) as exc:
        make_task(co=[world.press])
    assert "Báo Thanh Hóa không phải là bên của chương trình" in messages(exc)
    task = make_task(co=[world.press], outside_parties_reason="Báo Đảng của tỉnh đưa tin")
    press = task.participants.get(organization=world.press)
    assert press.outside_programme and press.role == "co"


def test_an_organisation_of_another_province_cannot_take_part(world, make_task):
    with pytest.raises(ValidationError) as exc:
        make_task(co=[world.elsewhere], outside_parties_reason="Trao đổi kinh nghiệm")
    assert "không thuộc các bên của chương trình và không cùng tỉnh" in messages(exc)


def test_the_same_organisation_cannot_appear_twice(world, make_task):
    with pytest.raises(ValidationError) as exc:
        make_task(lead=world.health, co=[world.health])
    assert "được chọn hơn một lần" in messages(exc)


def test_changing_the_lead_keeps_one_lead_and_a_reported_participant_stays(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    services.report_progress(
        participant=task.participants.get(organization=world.education),
        by=world.people.education_focal,
        progress=20,
        status="in_progress",
        content="Bắt đầu",
    )
    services.update_task(
        task=task,
        by=world.people.specialist,
        participants=[
            ParticipantSpec(world.education, "lead"),
            ParticipantSpec(world.health, "co"),
        ],
    )
    task.refresh_from_db()
    assert task.lead_organization == world.education
    assert dict(task.participants.values_list("organization__identifier", "role")) == {
        "38.SGDDT": "lead",
        "38.SYT": "co",
    }
    with pytest.raises(ValidationError) as exc:
        services.update_task(
            task=task,
            by=world.people.specialist,
            participants=[ParticipantSpec(world.health, "lead")],
        )
    assert "đã báo cáo tiến độ nên không thể bỏ" in messages(exc)


def test_a_progress_report_updates_only_that_participant_and_is_audited(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    lead = task.participants.get(organization=world.health)
    services.report_progress(
        participant=lead,
        by=world.people.health_focal,
        progress=60,
        status="in_progress",
        content="Đã tổ chức 3 hội nghị",
    )
    lead.refresh_from_db()
    assert (lead.progress, lead.status, lead.last_report) == (
        60,
        "in_progress",
        "Đã tổ chức 3 hội nghị",
    )
    assert task.participants.get(organization=world.education).progress == 0
    assert entries_for(task).filter(changes__progress=[0, 60]).exists()


def test_a_done_part_must_be_at_100_percent(world, make_task):
    task = make_task()
    with pytest.raises(ValidationError) as exc:
        services.report_progress(
            participant=task.participants.get(organization=world.health),
            by=world.people.health_focal,
            progress=80,
            status="done",
            content="Xong",
        )
    assert "tiến độ phải là 100%" in messages(exc)


def test_an_extension_must_move_the_deadline_later_and_only_one_waits_at_a_time(world, make_task):
    task = make_task(deadline=D(2026, 12, 20))
    with pytest.raises(ValidationError) as exc:
        services.request_extension(
            task=task,
            by=world.people.health_focal,
            organization=world.health,
            requested_deadline=D(2026, 12, 1),
            reason="Lý do",
        )
    assert "phải sau hạn hiện hành 20/12/2026" in messages(exc)
    services.request_extension(
        task=task,
        by=world.people.health_focal,
        organization=world.health,
        requested_deadline=D(2026, 12, 31),
        reason="Lý do",
    )
    with pytest.raises(ValidationError):
        services.request_extension(
            task=task,
            by=world.people.education_focal,
            organization=world.education,
            requested_deadline=D(2026, 12, 30),
            reason="Lý do khác",
        )


def test_a_decision_needs_a_reason_and_the_requester_is_told(world, make_task):
    task = make_task(deadline=D(2026, 12, 20))
    extension = services.request_extension(
        task=task,
        by=world.people.health_focal,
        organization=world.health,
        requested_deadline=D(2026, 12, 31),
        reason="Chờ số liệu",
    )
    with pytest.raises(ValidationError):
        services.decide_extension(
            extension=extension, by=world.people.specialist, approve=True, reason=" "
        )
    services.decide_extension(
        extension=extension, by=world.people.specialist, approve=True, reason="Đồng ý gia hạn"
    )
    assert Notification.objects.filter(
        recipient=world.people.health_focal, title__startswith="Đã chấp thuận"
    ).exists()


def test_new_participants_hear_about_their_task(world, make_task):
    task = make_task(lead=world.health, co=[world.education])
    recipients = set(
        Notification.objects.filter(key=f"task:{task.pk}:assigned").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"daumoi.syt", "daumoi.sgddt"}


def test_reopening_needs_a_reason_and_is_audited(world, make_task):
    task = make_task()
    services.confirm_completion(despite_unreported=True, task=task, by=world.people.health_focal)
    with pytest.raises(ValidationError):
        services.reopen_task(task=task, by=world.people.specialist, reason="")
    services.reopen_task(task=task, by=world.people.specialist, reason="Thiếu minh chứng")
    assert entries_for(task).filter(message="Thiếu minh chứng").exists()


def test_a_future_completion_date_is_refused(world, make_task):
    task = make_task()
    with pytest.raises(ValidationError):
        services.confirm_completion(
            despite_unreported=True,
            task=task,
            by=world.people.health_focal,
            completed_on=D(2099, 1, 1),
        )


def test_tasks_are_found_by_search_without_diacritics(world, make_task):
    make_task(title="Tuyên truyền phòng, chống đuối nước cho học sinh")
    found = search.filter_text(
        Task.objects.visible_to(world.people.specialist), "duoi nuoc hoc sinh"
    )
    assert found.count() == 1
    hits = search.search(world.people.specialist, "đuối nước", kinds=["task"])
    assert [h.title for h in hits] == ["Tuyên truyền phòng, chống đuối nước cho học sinh"]


def test_documents_cited_in_a_programme_and_a_task_are_recorded(world, make_task):
    from phoihop.directives.models import Citation

    symbols = [c.symbol for c in Citation.objects.of(world.programme)]
    assert symbols == ["238-QĐ/TW"]
    task = make_task(description="Quán triệt Chỉ thị số 38-CT/TW ngày 7-9-2009 của Ban Bí thư")
    assert [c.symbol for c in Citation.objects.of(task)] == ["38-CT/TW"]
    services.update_task(task=task, by=world.people.specialist, description="Không trích dẫn")
    assert not Citation.objects.of(task).exists()
