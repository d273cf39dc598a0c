"""The review counts page (/activities/): every registered app's figures for a review period,
an organisation and a programme, each with its bar and its list, and the same as .xlsx. The
activity apps' own figures are tested with them; here a counter over real tasks drives the page."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from phoihop.core import contributions
from phoihop.core.contributions import ReviewCounter, ReviewFigure
from phoihop.plans.models import Task

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 5, 20, 9, 0)  # in the first half-year's window (15/12–14/6)


def _task_figures(user, *, start, end, organization=None, programme=None):
    """Tasks due in the span that `user` may see: a real count the page must pass filters to."""
    tasks = Task.objects.visible_to(user).filter(deadline__range=(start, end))
    if programme is not None:
        tasks = tasks.filter(plan__programme=programme)
    if organization is not None:
        tasks = tasks.filter(lead_organization=organization)
    section = _("Nhiệm vụ đến hạn")
    return [
        ReviewFigure(section, _("Nhiệm vụ"), tasks.count(), url="/plans/tasks/"),
        ReviewFigure(section, _("Ngày dự kiến"), 2.5 * tasks.count(), unit=_("ngày")),
    ]


@pytest.fixture
def counter():
    """The test's counter alone: the activity apps' own figures are tested in their apps."""
    registered = dict(contributions._review_counters)
    contributions._review_counters.clear()
    contributions.register_review_counter(ReviewCounter(1, "test.tasks", _task_figures))
    yield
    contributions._review_counters.clear()
    contributions._review_counters.update(registered)


@pytest.fixture
def tasks(world, make_task):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9), tick=False):
        make_task(title="Tháng Ba", deadline=D(2026, 3, 31))
        make_task(title="Tháng Năm", deadline=D(2026, 5, 31), lead=world.education, co=[])
        make_task(title="Đầu tháng Mười hai", deadline=D(2026, 12, 10))


def values(page: str) -> list[str]:
    return [
        chunk.split(">", 1)[1].split("<", 1)[0].strip()
        for chunk in page.split('data-testid="review-counts-value"')[1:]
    ]


@time_machine.travel(NOW, tick=False)
def test_the_page_opens_on_the_current_half_year_and_counts_what_the_user_sees(
    client, world, tasks, counter
):
    client.force_login(world.people.specialist)
    page = client.get(reverse("review_counts")).content.decode()
    assert "6 tháng đầu năm 2026 (15/12/2025–14/06/2026)" in page
    assert '<option value="2026-H1" selected>' in page  # the box shows the period counted
    assert values(page) == ["2", "5 ngày"]
    assert 'href="/plans/tasks/"' in page
    # An outsider sees none of Thanh Hóa's tasks: the same page, nothing counted.
    client.force_login(world.people.outsider)
    page = client.get(reverse("review_counts")).content.decode()
    assert values(page) == ["0", "0 ngày"]
    assert 'data-testid="review-counts-empty"' in page


@time_machine.travel(NOW, tick=False)
def test_dates_organisation_and_programme_narrow_the_count(client, world, tasks, counter):
    client.force_login(world.people.specialist)
    url = reverse("review_counts")
    page = client.get(url, {"start": "01/05/2026", "end": "31/12/2026"}).content.decode()
    assert "Từ 01/05/2026 đến 31/12/2026" in page
    assert values(page)[0] == "2"
    client.force_login(world.people.admin)  # the test world's directory is the admin's
    page = client.get(url, {"period": "2026", "organization": world.health.pk}).content
    assert values(page.decode())[0] == "2"  # the education department's task is not counted
    page = client.get(url, {"period": "2026", "programme": world.programme.pk}).content
    assert values(page.decode())[0] == "3"


@time_machine.travel(NOW, tick=False)
def test_bars_compare_figures_of_the_same_unit_only(client, world, tasks, counter):
    client.force_login(world.people.specialist)
    page = client.get(reverse("review_counts"), {"period": "2026"}).content.decode()
    # 3 tasks and 7.5 days: each is the largest of its unit, so both bars are full.
    assert page.count('width="100%" height="100%"') == 2


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "01/05/2026"}, "Hãy nhập cả hai ngày"),
        ({"start": "31/12/2026", "end": "01/01/2026"}, "Ngày kết thúc phải sau ngày bắt đầu"),
        ({"start": "01/01/1990", "end": "01/01/2026"}, "không quá 10 năm"),
        ({"period": "2026-13"}, "Kỳ"),
        ({"programme": "x' OR 1=1"}, "Chương trình phối hợp"),
        ({"organization": "<script>alert(1)</script>"}, "Không tìm thấy tổ chức"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_filter_that_does_not_parse_is_said_and_the_default_period_counted(
    client, world, tasks, counter, query, message
):
    client.force_login(world.people.specialist)
    response = client.get(reverse("review_counts"), query)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in page and message in page
    assert "<script>alert(1)</script>" not in page
    assert "6 tháng đầu năm 2026" in page


@time_machine.travel(NOW, tick=False)
def test_the_export_holds_the_figures_of_the_page(client, world, tasks, counter):
    client.force_login(world.people.specialist)
    response = client.get(reverse("review_counts_export"), {"period": "2026"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(row)]
    assert sheet["A1"].value == "Thống kê hoạt động — Năm 2026 (15/12/2025–14/12/2026)"
    assert rows == [
        ("Nhiệm vụ đến hạn", "Nhiệm vụ", 3, None),
        ("Nhiệm vụ đến hạn", "Ngày dự kiến", 7.5, "ngày"),
    ]


@time_machine.travel(NOW, tick=False)
def test_the_page_reads_a_bounded_number_of_queries(
    client, world, tasks, counter, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(12):
        client.get(reverse("review_counts"), {"period": "2026"})


@time_machine.travel(NOW, tick=False)
def test_every_activity_app_has_its_section_and_a_new_province_sees_the_first_step(client, world):
    """The registered apps themselves (events, missions, good models, library): with nothing
    recorded, each still shows its figures at 0 and the page says what to do first."""
    client.force_login(world.people.specialist)
    response = client.get(reverse("review_counts"))
    page = response.content.decode()
    assert response.status_code == 200
    sections = [counter.name for counter in contributions.review_counters()]
    assert sections == [
        "phoihop.events",
        "phoihop.missions",
        "phoihop.practices",
        "phoihop.library",
    ]
    assert page.count('data-testid="review-counts-section"') == 4
    assert values(page) and all(value.split()[0] == "0" for value in values(page))
    assert 'data-testid="review-counts-empty"' in page
