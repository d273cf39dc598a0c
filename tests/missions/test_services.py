"""Missions: the decision numbered in the registry, visits, findings seen only by their own
organisation, answers, recommendations followed as tasks in the four buckets."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phoihop.core.audit import entries_for
from phoihop.missions import services
from phoihop.missions.models import Finding, Mission, Recommendation
from phoihop.missions.selectors import mission_view
from phoihop.plans import services as plans
from phoihop.plans.models import Bucket, Task

D = datetime.date


def make_mission(world, *, by=None, **attrs):
    values = {
        "kind": Mission.Kind.SURVEY,
        "title": "Khảo sát công tác tuyên truyền chuyển đổi số tại các sở",
        "starts_on": D(2026, 5, 12),
        "ends_on": D(2026, 5, 22),
        "topics": "Tuyên truyền chuyển đổi số\nCung cấp thông tin cho báo chí",
        **attrs,
    }
    return services.create_mission(
        by=by or world.people.head, organization=world.propaganda, **values
    )


FIRST_DAY = D(2026, 5, 14)


def visited(world, mission, organization, day=FIRST_DAY):
    return services.add_visit(
        mission=mission, by=world.people.specialist, organization=organization, visited_on=day
    )


@time_machine.travel(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC), tick=False)
def test_the_decision_is_numbered_and_registered(world):
    mission = make_mission(
        world,
        decision_issued_on=D(2026, 5, 5),
        leader=world.people.head,
        members=[world.people.specialist],
    )
    second = make_mission(
        world, title="Kiểm tra việc thực hiện Chỉ thị 05", decision_issued_on=D(2026, 5, 20)
    )
    assert mission.decision.symbol == "01-QĐ/BTGDVTU"
    assert second.decision.symbol == "02-QĐ/BTGDVTU"
    assert mission.decision.organization == world.propaganda
    assert "khảo sát" in mission.decision.abstract
    [entry] = entries_for(mission)
    assert entry.changes["title"][1] == mission.title


def test_dates_and_kind_are_checked_in_vietnamese(world):
    with pytest.raises(ValidationError) as exc:
        make_mission(world, kind="audit", title=" ", ends_on=D(2026, 5, 1))
    errors = exc.value.message_dict
    assert set(errors) == {"kind", "title", "ends_on"}
    assert "Ngày kết thúc" in errors["ends_on"][0]


def test_a_decision_cannot_be_dated_in_the_future(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        make_mission(world, decision_issued_on=tomorrow)
    assert "decision_issued_on" in exc.value.message_dict
    assert not Mission.objects.exists()


def test_only_the_conducting_side_sets_up_a_mission(world):
    with pytest.raises(PermissionDenied):
        make_mission(world, by=world.people.collaborator)
    with pytest.raises(PermissionDenied):
        make_mission(world, by=world.people.health_focal)


def test_visits_are_within_the_mission_and_the_province(world):
    mission = make_mission(world)
    with pytest.raises(ValidationError) as exc:
        visited(world, mission, world.health, day=D(2026, 6, 1))
    assert "visited_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        visited(world, mission, world.elsewhere)
    assert "organization" in exc.value.message_dict
    visit = services.add_visit(
        mission=mission,
        by=world.people.specialist,
        organization=world.health,
        visited_on=D(2026, 5, 14),
        area=world.commune,
    )
    assert visit.area == world.commune
    with pytest.raises(ValidationError):
        visited(world, mission, world.health)  # the same organisation twice that day


def test_a_visited_organisation_sees_only_its_own_findings_and_answers_them(world):
    mission = make_mission(world)
    health_visit = visited(world, mission, world.health)
    education_visit = visited(world, mission, world.education, day=D(2026, 5, 15))
    health_finding = services.add_finding(
        visit=health_visit,
        by=world.people.specialist,
        kind=Finding.Kind.SHORTCOMING,
        text="Chưa có chuyên mục giải đáp về chuyển đổi số trên cổng thông tin.",
    )
    services.add_finding(
        visit=education_visit,
        by=world.people.specialist,
        kind=Finding.Kind.STRENGTH,
        text="Đã tổ chức tập huấn cho 100% giáo viên.",
    )
    focal = world.people.health_focal
    assert Mission.objects.visible_to(focal).filter(pk=mission.pk).exists()
    assert list(Finding.objects.visible_to(focal)) == [health_finding]
    view = mission_view(focal, mission)
    assert [v.organization for v in view.visits] == [world.health]
    assert not view.whole
    assert mission_view(world.people.collaborator, mission).whole
    assert not Mission.objects.visible_to(world.people.outsider).exists()

    with pytest.raises(PermissionDenied):
        services.answer_finding(
            finding=health_finding, by=world.people.education_focal, answer="Không phải của tôi"
        )
    with pytest.raises(ValidationError):
        services.answer_finding(finding=health_finding, by=focal, answer="   ")
    answered = services.answer_finding(
        finding=health_finding, by=focal, answer="Sở sẽ mở chuyên mục trong quý III/2026."
    )
    assert answered.answered_by == focal
    entry = entries_for(answered)[0]
    assert entry.changes["answer"][1].startswith("Sở sẽ mở")
    assert entry.actor == focal


def test_findings_are_written_by_the_conducting_side_only(world):
    mission = make_mission(world)
    visit = visited(world, mission, world.health)
    with pytest.raises(PermissionDenied):
        services.add_finding(
            visit=visit, by=world.people.health_focal, kind="strength", text="Tự khen"
        )


def test_recommendations_become_tasks_in_the_follow_up_plan_and_land_in_buckets(world):
    with time_machine.travel(datetime.datetime(2026, 5, 22, 3, 0, tzinfo=datetime.UTC)):
        mission = make_mission(world, decision_issued_on=D(2026, 5, 5))
        for org in (world.health, world.education, world.culture):
            visited(world, mission, org)

        def recommend(org, deadline):
            return services.add_recommendation(
                mission=mission,
                by=world.people.specialist,
                organization=org,
                text=f"Kiến nghị {org.abbreviation} hạn {deadline:%d/%m/%Y}",
                deadline=deadline,
            )

        on_time = recommend(world.health, D(2026, 7, 31))
        late = recommend(world.education, D(2026, 6, 30))
        open_overdue = recommend(world.culture, D(2026, 8, 31))
        on_track = recommend(world.health, D(2027, 3, 31))  # next year: an exception stated
    plan = Mission.objects.get(pk=mission.pk).follow_up_plan
    assert plan.issuing_organization == world.propaganda
    assert plan.year == 2026
    assert Task.objects.filter(plan=plan).count() == 4
    assert on_track.task.deadline_exception
    assert on_time.task.lead_organization == world.health
    with time_machine.travel(datetime.datetime(2026, 7, 20, 3, 0, tzinfo=datetime.UTC)):
        plans.confirm_completion(
            task=on_time.task, by=world.people.health_focal, completed_on=D(2026, 7, 20)
        )
    with time_machine.travel(datetime.datetime(2026, 7, 10, 3, 0, tzinfo=datetime.UTC)):
        plans.confirm_completion(
            task=late.task, by=world.people.education_focal, completed_on=D(2026, 7, 10)
        )
    with time_machine.travel(datetime.datetime(2026, 10, 1, 3, 0, tzinfo=datetime.UTC)):
        buckets = dict(
            Task.objects.filter(mission_recommendation__mission=mission)
            .with_bucket()
            .values_list("mission_recommendation__pk", "bucket")
        )
    assert buckets == {
        on_time.pk: Bucket.DONE_ON_TIME,
        late.pk: Bucket.DONE_LATE,
        open_overdue.pk: Bucket.OPEN_OVERDUE,
        on_track.pk: Bucket.OPEN_ON_TRACK,
    }
    # The health focal point sees its own recommendations, not education's.
    mine = set(Recommendation.objects.visible_to(world.people.health_focal))
    assert mine == {on_time, on_track}


def test_a_recommendation_goes_to_a_visited_organisation(world):
    mission = make_mission(world)
    with pytest.raises(ValidationError) as exc:
        services.add_recommendation(
            mission=mission,
            by=world.people.specialist,
            organization=world.culture,
            text="Kiến nghị",
            deadline=D(2026, 9, 30),
        )
    assert "organization" in exc.value.message_dict
    assert not Task.objects.exists()


def test_the_report_is_an_upload_checked_by_content(world):
    mission = make_mission(world)
    with pytest.raises(ValidationError) as exc:
        services.attach_report(
            mission=mission,
            by=world.people.specialist,
            report=SimpleUploadedFile("bao-cao.pdf", b"<script>alert(1)</script>"),
            report_on=D(2026, 5, 25),
        )
    assert "report" in exc.value.message_dict
    pdf = SimpleUploadedFile(
        "Báo cáo kết quả khảo sát.pdf",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    )
    mission = services.attach_report(
        mission=mission, by=world.people.specialist, report=pdf, report_on=D(2026, 5, 25)
    )
    assert mission.report_name == "Báo cáo kết quả khảo sát.pdf"
