"""The pages: forms that keep what the user typed, the workflow buttons, the filters, and a
bounded number of queries on every list and detail page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from phoihop.plans import services
from phoihop.plans.models import Plan, Programme, Task

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, 0)


def formset(rows, prefix="participants"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


# Programmes and plans ---------------------------------------------------------------------------


def test_creating_a_programme_from_the_form(client, world):
    client.force_login(world.people.specialist)
    page = client.get(reverse("plans:programme_create")).content.decode()
    assert 'data-testid="programme-form"' in page
    assert world.elsewhere.name not in page  # the counterpart list stays in the province
    data = {
        "signing_organization": world.propaganda.pk,
        "counterparts": [world.culture.pk],
        "title": "Chương trình phối hợp tuyên truyền văn hóa",
        "start_year": "2026",
        "end_year": "2030",
        "final_review_on": "2030-12-15",
    }
    response = client.post(reverse("plans:programme_create"), {**data, "end_year": "2020"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Năm kết thúc phải bằng hoặc sau năm bắt đầu." in page
    assert 'value="Chương trình phối hợp tuyên truyền văn hóa"' in page
    response = client.post(reverse("plans:programme_create"), data)
    programme = Programme.objects.get(title="Chương trình phối hợp tuyên truyền văn hóa")
    assert response.status_code == 302
    assert list(programme.counterparts.all()) == [world.culture]


def test_a_programme_page_shows_plans_statistics_and_milestones(client, world, make_task):
    make_task()
    client.force_login(world.people.health_focal)
    page = client.get(reverse("plans:programme_detail", args=[world.programme.pk])).content
    page = page.decode()
    assert "Kế hoạch phối hợp năm 2026" in page
    assert 'data-testid="programme-milestones"' in page
    assert "Tổng kết chương trình" in page
    assert "Sửa" not in page.split("</h1>")[1].split("Các bên")[0]  # a counterpart cannot edit


def test_creating_a_plan_from_the_form(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:plan_create") + f"?programme={world.programme.pk}"
    assert 'data-testid="plan-form"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "programme": world.programme.pk,
            "issuing_organization": world.propaganda.pk,
            "year": "2027",
            "title": "Kế hoạch phối hợp năm 2027",
        },
    )
    assert response.status_code == 302
    assert Plan.objects.filter(year=2027, programme=world.programme).exists()


def test_a_person_without_an_owner_role_gets_403_on_create_pages(client, world):
    client.force_login(world.people.health_focal)
    assert client.get(reverse("plans:plan_create")).status_code == 403
    assert client.get(reverse("plans:task_create", args=[world.plan.pk])).status_code == 403


def test_the_plan_list_filters_by_year_and_words(client, world):
    services.create_plan(
        by=world.people.specialist,
        issuing_organization=world.propaganda,
        year=2027,
        title="Kế hoạch tuyên truyền bầu cử",
    )
    client.force_login(world.people.specialist)
    url = reverse("plans:plan_list")
    response = client.get(url, {"year": "2027"})
    assert [p.year for p in response.context["plans"]] == [2027]
    assert '<option value="2027" selected>' in response.content.decode()
    response = client.get(url, {"q": "bau cu"})
    assert [p.title for p in response.context["plans"]] == ["Kế hoạch tuyên truyền bầu cử"]
    response = client.get(url, {"programme": world.programme.pk})
    assert [p.pk for p in response.context["plans"]] == [world.plan.pk]


@pytest.mark.parametrize("year", ["abc", "2025", "99999999999999999999999", "<b>2026</b>"])
def test_a_bad_year_is_ignored_and_said_on_the_plan_list(client, world, year):
    client.force_login(world.people.specialist)
    response = client.get(reverse("plans:plan_list"), {"year": year, "programme": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in page and "<b>2026" not in page
    assert [p.pk for p in response.context["plans"]] == [world.plan.pk]  # unfiltered


def test_the_programme_list_says_when_its_words_are_too_long(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:programme_list")
    assert len(client.get(url, {"q": "khoa giao"}).context["programmes"]) == 1
    response = client.get(url, {"q": "khoa giao " * 30})
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert len(response.context["programmes"]) == 1


# Tasks ------------------------------------------------------------------------------------------


def test_creating_a_task_with_participant_rows(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:task_create", args=[world.plan.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="task-form"' in page
    assert page.count('data-testid="participant-row"') == 3
    data = {
        "title": "Tuyên truyền phòng chống đuối nước",
        "deadline": "2026-06-30",
        "report_frequency": "monthly",
        "report_day": "20",
        "outside_parties_reason": "Báo Đảng đưa tin",
        **formset(
            [
                {"organization": world.health.pk, "role": "lead"},
                {"organization": world.education.pk, "role": "co"},
                {"other": "38.BTH", "role": "co"},
            ]
        ),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get()
    assert task.lead_organization == world.health
    assert set(task.participants.values_list("organization__identifier", flat=True)) == {
        "38.SYT",
        "38.SGDDT",
        "38.BTH",
    }
    assert task.report_day == 20


def test_adding_a_participant_row_keeps_what_was_typed(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:task_create", args=[world.plan.pk])
    data = {
        "title": "Việc đang soạn",
        "deadline": "2026-06-30",
        "report_frequency": "none",
        "add_row": "1",
        **formset([{"organization": world.health.pk, "role": "lead"}]),
    }
    page = client.post(url, data).content.decode()
    assert page.count('data-testid="participant-row"') == 2
    assert "Việc đang soạn" in page
    assert 'data-testid="form-errors"' not in page
    assert not Task.objects.exists()


def test_task_form_errors_are_shown_and_nothing_is_saved(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:task_create", args=[world.plan.pk])
    data = {
        "title": "Nhiệm vụ",
        "deadline": "2027-02-01",
        "report_frequency": "none",
        **formset(
            [
                {"organization": world.health.pk, "role": "co"},
                {"other": "Sở không có thật", "role": "co"},
            ]
        ),
    }
    page = client.post(url, data).content.decode()
    assert "Không tìm thấy đơn vị “Sở không có thật”" in page
    data.update(formset([{"organization": world.health.pk, "role": "co"}]))
    page = client.post(url, data).content.decode()
    assert "đúng một đơn vị chủ trì" in page
    assert "nằm ngoài năm 2026 của kế hoạch" in page
    assert "Nhiệm vụ</textarea>" in page
    assert not Task.objects.exists()


def test_organisation_suggestions_stay_in_the_province(client, world):
    client.force_login(world.people.specialist)
    url = reverse("plans:organization_suggestions", args=[world.plan.pk])
    page = client.get(url, {"participants-0-other": "so y te", "target": "x"}).content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in page
    assert "Nghệ An" not in page


@time_machine.travel(NOW, tick=False)
def test_the_task_page_workflow(client, world, make_task):
    task = make_task(deadline=D(2026, 12, 15), lead=world.health, co=[world.education])
    client.force_login(world.people.health_focal)
    url = reverse("plans:task_detail", args=[task.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="task-bucket" data-bucket="open_on_track"' in page
    assert 'data-testid="completion-form"' in page
    lead = task.participants.get(organization=world.health)
    client.post(
        reverse("plans:task_report", args=[task.pk]),
        {
            "participant": lead.pk,
            "progress": 80,
            "status": "in_progress",
            "content": "Đã tổ chức 4 hội nghị",
        },
    )
    client.post(
        reverse("plans:extension_request", args=[task.pk]),
        {
            "organization": world.health.pk,
            "requested_deadline": "2026-12-31",
            "reason": "Chờ tổng hợp",
        },
    )
    client.force_login(world.people.specialist)
    page = client.get(url).content.decode()
    assert "Đã tổ chức 4 hội nghị" in page
    assert 'data-testid="extension-decision-form"' in page
    extension = task.extensions.get()
    client.post(
        reverse("plans:extension_decide", args=[extension.pk]),
        {"decision": "approve", "decision_reason": "Đồng ý"},
    )
    client.force_login(world.people.health_focal)
    completion = {"completed_on": "2026-11-23", "note": "Hoàn thành"}
    response = client.post(reverse("plans:task_complete", args=[task.pk]), completion)
    # a co-agency has not reported: the lead is asked to confirm, nothing is completed yet
    assert response.status_code == 400
    assert 'data-testid="completion-unreported"' in response.content.decode()
    assert "Đơn vị phối hợp chưa báo cáo" in response.content.decode()
    task.refresh_from_db()
    assert task.completed_on is None
    response = client.post(
        reverse("plans:task_complete", args=[task.pk]), completion | {"despite_unreported": "on"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-bucket="done_on_time"' in page
    assert "Đã chấp thuận" in page


def test_a_workflow_error_re_displays_the_task_page_with_the_message(client, world, make_task):
    task = make_task()
    client.force_login(world.people.health_focal)
    response = client.post(
        reverse("plans:extension_request", args=[task.pk]),
        {"organization": world.health.pk, "requested_deadline": "2026-01-01", "reason": "x"},
    )
    assert response.status_code == 400
    assert "phải sau hạn hiện hành" in response.content.decode()


# Lists ------------------------------------------------------------------------------------------


@pytest.fixture
def many_tasks(world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        tasks = [
            make_task(
                title=f"Nhiệm vụ số {i}",
                deadline=D(2026, 1 + i % 12, 10),
                lead=world.health if i % 2 else world.education,
                co=[world.education] if i % 2 else [world.health],
            )
            for i in range(24)
        ]
        for task in tasks[:6]:
            services.confirm_completion(despite_unreported=True, task=task, by=world.people.admin)
    return tasks


@time_machine.travel(NOW, tick=False)
def test_the_organisation_list_filters_by_role_and_bucket(client, world, many_tasks):
    client.force_login(world.people.health_focal)
    url = reverse("plans:task_list")
    response = client.get(
        url, {"organization": world.health.pk, "role": "lead", "bucket": "open_overdue"}
    )
    page = response.content.decode()
    rows = page.count('data-testid="task-row"')
    expected = Task.objects.filter(lead_organization=world.health).in_bucket("open_overdue")
    assert rows == expected.count() > 0
    assert 'data-testid="bucket-tabs"' in page


def test_a_bad_filter_value_is_ignored_with_a_warning(client, world, many_tasks):
    client.force_login(world.people.specialist)
    response = client.get(reverse("plans:task_list"), {"due_from": "hôm qua", "bucket": "x"})
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_the_htmx_list_returns_only_the_results_fragment(client, world, many_tasks):
    client.force_login(world.people.specialist)
    response = client.get(
        reverse("plans:task_list"), {"q": "nhiem vu so 1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page
    assert 'data-testid="task-table"' in page


@time_machine.travel(NOW, tick=False)
def test_list_and_detail_pages_use_a_bounded_number_of_queries(
    client, world, many_tasks, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    task = many_tasks[7]
    services.report_progress(
        participant=task.participants.get(organization=world.health),
        by=world.people.health_focal,
        progress=10,
        status="in_progress",
        content="Đang làm",
    )
    services.add_comment(task=task, by=world.people.specialist, body="Đề nghị đẩy nhanh")
    pages = {
        reverse("plans:task_list"): 12,
        # + the areas of the user's provinces, for the organisation directory (ADR 0012)
        reverse("plans:task_list") + f"?organization={world.health.pk}&role=co": 14,
        reverse("plans:task_list") + "?mine=1": 12,
        reverse("plans:task_timeline"): 11,
        reverse("plans:league"): 9,
        reverse("plans:plan_list"): 9,
        # the board's counts come with its ranked rows (no count or version query)
        reverse("plans:plan_detail", args=[world.plan.pk]): 12,
        reverse("plans:programme_list"): 8,
        reverse("plans:programme_detail", args=[world.programme.pk]): 12,
        reverse("plans:task_detail", args=[task.pk]): 13,
        # + the ids of the organisations whose reviews they read, the reporting tiles' regimes
        # and targets, the cases' two figures (open hot spots, overdue cases) in one aggregate,
        # the chosen organisation's tasks (read once: the five figures are counted from those
        # rows), the press tiles (today's alerts, negative stories about the province, its code
        # for their link)
        reverse("home"): 17,
    }
    for url, limit in pages.items():
        client.get(url)  # warm per-process caches (content types, fields of work)
        with django_assert_max_num_queries(limit):
            response = client.get(url)
        assert response.status_code == 200, url


@time_machine.travel(NOW, tick=False)
def test_query_counts_do_not_grow_with_the_number_of_rows(
    client, world, make_task, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    url = reverse("plans:task_list")
    make_task()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        make_task(title=f"Thêm {i}", co=[world.culture], outside_parties_reason="Phối hợp")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@time_machine.travel(NOW, tick=False)
def test_the_league_table_ranks_lead_organisations_by_on_time_rate(client, world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        good = make_task(deadline=D(2026, 5, 1), lead=world.education, co=[])
        services.confirm_completion(
            despite_unreported=True, task=good, by=world.people.education_focal
        )
        make_task(deadline=D(2026, 5, 1), lead=world.health, co=[])  # overdue
        late = make_task(deadline=D(2026, 2, 1), lead=world.health, co=[])
        services.confirm_completion(
            despite_unreported=True, task=late, by=world.people.health_focal
        )
        make_task(deadline=D(2026, 12, 31), lead=world.health, co=[])  # not yet due
    client.force_login(world.people.specialist)
    page = client.get(
        reverse("plans:league"), {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    ).content.decode()
    table = page.split('data-testid="league-table"')[1]
    assert table.index(world.education.name) < table.index(world.health.name)
    assert "100,0%" in table or "100.0%" in table
    assert "0,0%" in table or "0.0%" in table


def test_the_list_filters_by_field_of_work(client, world, make_task):
    from phoihop.org.models import Field

    health = Field.objects.get(code="y-te")
    make_task(title="Về y tế", field=health)
    make_task(title="Không lĩnh vực")
    client.force_login(world.people.specialist)
    page = client.get(reverse("plans:task_list"), {"field": health.pk}).content.decode()
    assert "Về y tế" in page and "Không lĩnh vực" not in page
    assert f'<option value="{health.pk}" selected>' in page


def test_a_list_row_shows_the_co_agencies_and_the_leads_progress(client, world, make_task):
    task = make_task(title="Hội nghị báo cáo viên", lead=world.health, co=[world.education])
    services.report_progress(
        participant=task.participants.get(organization=world.health),
        by=world.people.health_focal,
        progress=40,
        status="in_progress",
        content="Đang làm",
    )
    client.force_login(world.people.specialist)
    page = client.get(reverse("plans:task_list")).content.decode()
    row = page.split('data-testid="task-row"')[1].split("</tr>")[0]
    assert world.education.name in row
    assert "40%" in row
