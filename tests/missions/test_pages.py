"""The mission pages and API: set one up, record visits, findings and recommendations, the
visited organisation answering its own findings; bounded queries; the review figures."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.missions import counts, services
from phoihop.missions.models import Finding, Mission, Recommendation
from phoihop.plans import services as plans
from phoihop.plans.models import Bucket

D = datetime.date
NOW = datetime.datetime(2026, 9, 15, 3, 0, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def survey(world):
    """A survey of three departments in May 2026 with a finding each and recommendations in the
    four buckets on 15/09/2026."""
    with time_machine.travel(datetime.datetime(2026, 5, 25, 3, 0, tzinfo=datetime.UTC)):
        mission = services.create_mission(
            by=world.people.head,
            organization=world.propaganda,
            kind=Mission.Kind.SURVEY,
            title="Khảo sát công tác tuyên truyền chuyển đổi số tại các sở",
            starts_on=D(2026, 5, 12),
            ends_on=D(2026, 5, 22),
            topics="Tuyên truyền chuyển đổi số",
            leader=world.people.head,
            members=[world.people.specialist],
            decision_issued_on=D(2026, 5, 5),
        )
        findings = {}
        for day, org in enumerate((world.health, world.education, world.culture), start=13):
            visit = services.add_visit(
                mission=mission,
                by=world.people.specialist,
                organization=org,
                visited_on=D(2026, 5, day),
            )
            findings[org.pk] = services.add_finding(
                visit=visit,
                by=world.people.specialist,
                kind=Finding.Kind.SHORTCOMING,
                topic="Chuyển đổi số",
                text=f"{org.name}: chưa có chuyên mục hỏi đáp về chuyển đổi số.",
            )

        def recommend(org, deadline):
            return services.add_recommendation(
                mission=mission,
                by=world.people.specialist,
                organization=org,
                text=f"{org.abbreviation}: mở chuyên mục hỏi đáp trước {deadline:%d/%m/%Y}",
                deadline=deadline,
                finding=findings[org.pk],
            )

        done = recommend(world.health, D(2026, 7, 31))
        late = recommend(world.education, D(2026, 6, 30))
        recommend(world.culture, D(2026, 8, 31))
        recommend(world.health, D(2026, 12, 31))
    with time_machine.travel(datetime.datetime(2026, 7, 20, 3, 0, tzinfo=datetime.UTC)):
        plans.confirm_completion(task=done.task, by=world.people.health_focal)
    with time_machine.travel(datetime.datetime(2026, 7, 10, 3, 0, tzinfo=datetime.UTC)):
        plans.confirm_completion(task=late.task, by=world.people.education_focal)
    return mission


@time_machine.travel(NOW, tick=False)
def test_a_mission_is_set_up_on_its_page(client, world):
    client.force_login(world.people.head)
    url = reverse("missions:mission_create")
    assert client.get(url).status_code == 200
    answer = client.get(url, {"suggest": "organization", "organization": "Ban Tuyên"})
    assert "Ban Tuyên giáo và Dân vận" in answer.content.decode()
    data = {
        "kind": "inspection",
        "title": "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW",
        "organization": f"#{world.propaganda.pk}",
        "starts_on": "01/09/2026",
        "ends_on": "10/09/2026",
        "leader": world.people.head.pk,
        "members": [world.people.specialist.pk],
        "topics": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "decision_issued_on": "28/08/2026",
    }
    response = client.post(url, data)
    mission = Mission.objects.get()
    assert response.status_code == 302 and response.url == mission.get_absolute_url()
    assert mission.decision.symbol == "01-QĐ/BTGDVTU"
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "01-QĐ/BTGDVTU" in page and "Nguyễn Thị Chuyên" in page


@time_machine.travel(NOW, tick=False)
def test_bad_input_is_answered_on_the_form(client, world):
    client.force_login(world.people.head)
    response = client.post(
        reverse("missions:mission_create"),
        {"kind": "x", "title": "", "organization": "không có", "starts_on": "31/02/2026"},
    )
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_journey_on_the_mission_page(client, world):
    mission = services.create_mission(
        by=world.people.head,
        organization=world.propaganda,
        kind=Mission.Kind.SUPERVISION,
        title="Giám sát việc cung cấp thông tin cho báo chí",
        starts_on=D(2026, 9, 1),
        ends_on=D(2026, 9, 12),
    )
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("missions:visit_add", args=[mission.pk]),
        {"organization": f"#{world.health.pk}", "visited_on": "03/09/2026", "area": "14935"},
    )
    assert response.status_code == 302
    visit = mission.visits.get()
    assert visit.area == world.commune
    response = client.post(
        reverse("missions:finding_add", args=[mission.pk]),
        {
            "finding-visit": visit.pk,
            "finding-kind": "shortcoming",
            "finding-text": "Chưa công bố người phát ngôn trên cổng thông tin.",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    response = client.post(
        reverse("missions:recommendation_add", args=[mission.pk]),
        {
            "recommendation-organization": world.health.pk,
            "recommendation-finding": finding.pk,
            "recommendation-text": "Công bố người phát ngôn trên cổng thông tin điện tử của Sở.",
            "recommendation-deadline": "30/10/2026",
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert recommendation.task.lead_organization == world.health
    response = client.post(
        reverse("missions:report_upload", args=[mission.pk]),
        {"report_on": "14/09/2026", "report": SimpleUploadedFile("Báo cáo.pdf", PDF)},
    )
    assert response.status_code == 302
    download = client.get(reverse("missions:report_download", args=[mission.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    client.force_login(world.people.health_focal)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Chưa công bố người phát ngôn" in page
    assert 'data-testid="visit-form"' not in page
    url = reverse("missions:finding_answer", args=[finding.pk])
    assert client.post(url, {"answer": "  "}).status_code == 400
    response = client.post(url, {"answer": "Sở đã công bố người phát ngôn ngày 10/9/2026."})
    assert response.status_code == 302
    assert "Sở đã công bố" in client.get(mission.get_absolute_url()).content.decode()
    # The visited organisation writes nothing else.
    assert client.post(reverse("missions:finding_add", args=[mission.pk]), {}).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_visited_organisation_reads_only_its_own_findings(client, world, survey):
    client.force_login(world.people.health_focal)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert world.health.name in page
    assert world.education.name not in page
    other = Finding.objects.get(organization=world.education)
    assert client.get(reverse("missions:finding_answer", args=[other.pk])).status_code == 404
    client.force_login(world.people.outsider)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get(reverse("missions:report_download", args=[survey.pk])).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_recommendations_are_listed_by_bucket(client, world, survey):
    client.force_login(world.people.specialist)
    url = reverse("missions:recommendation_list")
    for bucket in Bucket.values:
        page = client.get(url, {"bucket": bucket}).content.decode()
        assert page.count('data-testid="task-bucket"') == 1, bucket
    page = client.get(url, {"bucket": "nonsense", "start": "99/99/9999"}).content.decode()
    assert page.count('data-testid="task-bucket"') == 4


@time_machine.travel(NOW, tick=False)
def test_pages_use_a_bounded_number_of_queries(
    client, world, survey, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    pages = {
        reverse("missions:mission_list"): 10,
        reverse("missions:recommendation_list"): 11,
        survey.get_absolute_url(): 22,
    }
    for url, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@time_machine.travel(NOW, tick=False)
def test_review_figures_count_what_the_user_sees(world, survey):
    figures = counts.review_figures(
        world.people.specialist, start=D(2026, 1, 1), end=D(2026, 12, 31)
    )
    values = {str(f.label): f.value for f in figures}
    assert values["Đoàn khảo sát"] == 1 and values["Đoàn kiểm tra"] == 0
    assert values["Kiến nghị hoàn thành đúng hạn"] == 1
    assert values["Kiến nghị hoàn thành quá hạn"] == 1
    assert values["Kiến nghị quá hạn chưa hoàn thành"] == 1
    assert values["Kiến nghị đang thực hiện trong hạn"] == 1
    focal = counts.review_figures(
        world.people.health_focal, start=D(2026, 1, 1), end=D(2026, 12, 31)
    )
    focal_values = {str(f.label): f.value for f in focal}
    # The health department sees its two recommendations, not the others'.
    assert sum(v for k, v in focal_values.items() if k.startswith("Kiến nghị")) == 2
    outside = counts.review_figures(
        world.people.specialist, start=D(2025, 1, 1), end=D(2025, 12, 31)
    )
    assert all(f.value == 0 for f in outside)
    assert all(f.url.startswith("/missions/") for f in figures)


@time_machine.travel(NOW, tick=False)
def test_the_figures_link_to_lists_of_the_same_number(client, world, survey):
    client.force_login(world.people.specialist)
    for figure in counts.review_figures(
        world.people.specialist, start=D(2026, 1, 1), end=D(2026, 12, 31), organization=world.party
    ):
        page = client.get(figure.url).content.decode()
        rows = page.count("<tr>") - 1 if "<tbody>" in page else 0
        assert rows == figure.value, (figure.label, figure.url)


@time_machine.travel(NOW, tick=False)
def test_the_api(client, world, survey):
    client.force_login(world.people.specialist)
    listed = client.get("/api/v1/missions", {"kind": "survey", "year": 2026}).json()
    assert listed["count"] == 1
    detail = client.get(f"/api/v1/missions/{survey.pk}").json()
    assert sorted(r["bucket"] for r in detail["recommendations"]) == sorted(Bucket.values)
    assert detail["decision"]["name"] == "01-QĐ/BTGDVTU"
    created = client.post(
        "/api/v1/missions",
        {
            "kind": "inspection",
            "title": "Kiểm tra công tác tuyên truyền biển, đảo",
            "organization": world.propaganda.pk,
            "starts_on": "2026-10-05",
            "ends_on": "2026-10-09",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    mission_id = created.json()["id"]
    visit = client.post(
        f"/api/v1/missions/{mission_id}/visits",
        {"organization": world.culture.pk, "visited_on": "2026-10-06"},
        content_type="application/json",
    )
    assert visit.status_code == 201, visit.json()
    bad = client.post(
        f"/api/v1/missions/{mission_id}/visits",
        {"organization": world.culture.pk, "visited_on": "2027-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "visited_on" in bad.json()["errors"]
    finding = client.post(
        f"/api/v1/missions/{mission_id}/findings",
        {"visit": visit.json()["id"], "kind": "strength", "text": "Làm tốt"},
        content_type="application/json",
    )
    assert finding.status_code == 201
    recommendation = client.post(
        f"/api/v1/missions/{mission_id}/recommendations",
        {"organization": world.culture.pk, "text": "Nhân rộng", "deadline": "2026-12-31"},
        content_type="application/json",
    )
    assert recommendation.status_code == 201
    assert recommendation.json()["bucket"] == "open_on_track"
    client.force_login(world.people.health_focal)
    other = Finding.objects.get(organization=world.education)
    answer = client.post(
        f"/api/v1/missions/findings/{other.pk}/answer",
        {"answer": "Không phải của Sở Y tế"},
        content_type="application/json",
    )
    assert answer.status_code == 404
    own = Finding.objects.get(organization=world.health)
    answer = client.post(
        f"/api/v1/missions/findings/{own.pk}/answer",
        {"answer": "Đã mở chuyên mục"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["answer"] == "Đã mở chuyên mục"
    detail = client.get(f"/api/v1/missions/{survey.pk}").json()
    assert {f["organization"]["id"] for f in detail["findings"]} == {world.health.pk}
    assert detail["members"] == []


@time_machine.travel(NOW, tick=False)
def test_hostile_filters_are_ignored_not_errors(client, world, survey):
    client.force_login(world.people.specialist)
    hostile = {
        "organization": "9" * 30,
        "programme": "-1",
        "start": "99/99/9999",
        "year": "abc",
        "kind": "<script>",
        "q": "x" * 500,
    }
    for name in ("missions:mission_list", "missions:recommendation_list"):
        assert client.get(reverse(name), hostile).status_code == 200
    assert client.get(reverse("practices:model_list"), hostile).status_code == 200
    big = {"organization": str(2**63 - 1)}
    assert client.get(reverse("missions:mission_list"), big).status_code == 200
