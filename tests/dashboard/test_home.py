"""The landing page: the organisation's tasks per bucket, this week's deadlines, overdue tasks
by lead organisation and upcoming milestones; every number links to the list it counts."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from phoihop.plans import services

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 11, 23, 9, 0)  # a Monday


@pytest.fixture
def tasks(world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        done = make_task(title="Đã xong đúng hạn", deadline=D(2026, 4, 30))
        services.confirm_completion(
            despite_unreported=True, task=done, by=world.people.health_focal
        )
        make_task(title="Quá hạn của Sở Y tế", deadline=D(2026, 10, 31))
        make_task(
            title="Quá hạn của Sở Giáo dục", deadline=D(2026, 9, 30), lead=world.education, co=[]
        )
        make_task(title="Đến hạn thứ Sáu", deadline=D(2026, 11, 27))
        make_task(title="Cuối năm", deadline=D(2026, 12, 31), lead=world.education, co=[])
        make_task(
            title="Việc riêng Sở Văn hóa",
            deadline=D(2026, 10, 1),
            lead=world.culture,
            co=[],
            outside_parties_reason="Chuyên môn",
        )


def link_for(page: str, testid: str) -> tuple[str, str]:
    match = re.search(rf'href="([^"]+)"[^>]*data-testid="{testid}"', page)
    assert match, testid
    return unescape(match.group(1))


def count_in(page: str, testid: str) -> str:
    chunk = page.split(f'data-testid="{testid}"')[1]
    return re.search(r"fs-3[^>]*>(\d+)<", chunk).group(1)


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_counts_the_users_organisation_and_links_each_number(client, world, tasks):
    client.force_login(world.people.health_focal)
    page = client.get(reverse("home")).content.decode()
    # Sở Y tế takes part in three tasks: one done, one overdue, one due on Friday.
    assert count_in(page, "dashboard-count-open_overdue") == "1"
    assert count_in(page, "dashboard-count-done_on_time") == "1"
    assert count_in(page, "dashboard-count-open_on_track") == "1"
    link = link_for(page, "dashboard-count-open_overdue")
    listed = client.get(link).content.decode()
    assert listed.count('data-testid="task-row"') == 1
    assert "Quá hạn của Sở Y tế" in listed
    assert "Đến hạn thứ Sáu" in page.split("dashboard-week-count")[1]
    week = client.get(link_for(page, "dashboard-week-count"))
    assert "Đến hạn thứ Sáu" in week.content.decode()
    assert "Tổng kết chương trình" in page  # the programme's final review in December


@time_machine.travel(NOW, tick=False)
def test_the_propaganda_department_sees_overdue_tasks_by_lead_organisation(client, world, tasks):
    client.force_login(world.people.specialist)
    page = client.get(reverse("home")).content.decode()
    overdue = page.split('data-testid="dashboard-overdue"')[1].split("</table>")[0]
    assert world.health.name in overdue and world.education.name in overdue
    assert world.culture.name in overdue
    first_link = unescape(re.search(r'href="([^"]+)"', overdue).group(1))
    listed = client.get(first_link).content.decode()
    assert listed.count('data-testid="task-row"') == 1


def test_a_person_without_an_organisation_gets_a_helpful_message(client, db):
    from ..factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="dashboard-empty"' in page


@time_machine.travel(NOW, tick=False)
def test_a_week_with_more_tasks_than_the_card_shows_counts_them_all(client, world, make_task):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        for n in range(12):
            make_task(title=f"Việc tuần này {n}", deadline=D(2026, 11, 26))
    client.force_login(world.people.health_focal)
    page = client.get(reverse("home")).content.decode()
    card = page.split('data-testid="dashboard-week-count"')[1]
    assert card.split("</a>")[0].strip(">").strip() == "12 nhiệm vụ"  # all of them counted
    assert card.count('data-testid="task-row"') == 10  # the first ten listed


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_uses_a_bounded_number_of_queries(
    client, world, tasks, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    client.get(reverse("home"))
    # session, user, memberships, the organisation's tasks (read once: counts, overdue by lead
    # and the monthly rate come from those rows), the week's first tasks and their
    # participants, the names of the leads with overdue tasks, the ids of the organisations
    # whose reviews they read,
    # upcoming reviews (with their subjects), the reporting tiles' regimes and targets, the open
    # hot spots and overdue cases (one query for both), the press tiles (today's alerts, the
    # negative stories about the user's province and its code for their link), …: none per row
    with django_assert_max_num_queries(18):
        assert client.get(reverse("home")).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_bucket_chart_draws_each_bucket_in_proportion_and_links_it(client, world, tasks):
    client.force_login(world.people.health_focal)
    page = client.get(reverse("home")).content.decode()
    chart = page.split('data-testid="chart-buckets"')[1].split("</svg>")[0]
    # three tasks: done on time, overdue, on track -> three thirds; the empty bucket draws nothing
    widths = re.findall(r'width="([0-9.]+)%"', chart)
    assert widths == ["33.33", "33.33", "33.33"]
    link = unescape(re.search(r'<a href="([^"]+)"><rect class="fill-danger"', chart).group(1))
    listed = client.get(link).content.decode()
    assert "Quá hạn của Sở Y tế" in listed and listed.count('data-testid="task-row"') == 1


@time_machine.travel(NOW, tick=False)
def test_the_overdue_bars_are_as_long_as_their_counts(client, world, tasks):
    client.force_login(world.people.specialist)
    page = client.get(reverse("home")).content.decode()
    overdue = page.split('data-testid="dashboard-overdue"')[1].split("</table>")[0]
    assert re.findall(r'<rect class="fill-danger" width="([0-9.]+)%"', overdue) == ["100"] * 3


@time_machine.travel(NOW, tick=False)
def test_the_on_time_rate_per_month_reads_the_deadlines_of_each_month(client, world, tasks):
    client.force_login(world.people.specialist)
    page = client.get(reverse("home")).content.decode()
    table = page.split('data-testid="chart-rate-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td><a href=\"([^\"]+)\">(\d\d/\d{4})</a></td>(.*?)</tr>", table)
    assert rows[0][1] == "12/2025"
    assert len(rows) == 12
    cells = {month: re.findall(r">([^<]*)</td>", rest) for _url, month, rest in rows}
    assert cells["04/2026"] == ["1", "1", "100%"]  # done on time
    assert cells["09/2026"] == ["1", "0", "0%"]  # overdue, still open
    assert cells["10/2026"] == ["2", "0", "0%"]
    assert cells["06/2026"] == ["0", "0", "—"]  # no deadline: no rate, not 0 %
    # one point per month with deadlines, each linking to that month's tasks
    assert page.count('data-testid="chart-rate-point"') == 3
    october = unescape(next(url for url, month, _rest in rows if month == "10/2026"))
    listed = client.get(october).content.decode()
    assert listed.count('data-testid="task-row"') == 2


@time_machine.travel(NOW, tick=False)
def test_the_chart_numbers_have_no_decimal_comma(client, world, tasks):
    client.force_login(world.people.health_focal)
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi-VN").content.decode()
    svg = "".join(part.split("</svg>")[0] for part in page.split("<svg")[1:])
    assert not re.search(r'(x|y|width|cx|cy|points)="[^"]*\d,\d', svg)


def test_a_new_commune_with_no_task_is_told_what_to_do_first(client, world):
    client.force_login(world.people.health_focal)
    page = client.get(reverse("home")).content.decode()
    steps = page.split('data-testid="dashboard-first-steps"')[1]
    assert "chưa có nhiệm vụ nào" in steps
    assert "Khi cấp trên giao nhiệm vụ cho đơn vị" in steps
    assert 'data-testid="chart-buckets"' not in page


def test_someone_who_plans_is_offered_to_make_the_first_plan(client, world):
    client.force_login(world.people.specialist)
    page = client.get(reverse("home")).content.decode()
    assert reverse("plans:plan_create") in page.split('data-testid="dashboard-first-steps"')[1]


@time_machine.travel(NOW, tick=False)
def test_the_picker_chooses_an_organisation_and_a_bad_one_is_said(client, world, tasks):
    from phoihop.org.models import Membership

    person = world.people.health_focal
    Membership.objects.create(user=person, organization=world.education, role="focal_point")
    client.force_login(person)
    page = client.get(reverse("home"), {"org": world.education.pk}).content.decode()
    assert f'<option value="{world.education.pk}" selected>' in page
    assert count_in(page, "dashboard-count-open_overdue") == "2"  # its own, and one it helps
    for bad in ("999999999", "abc", "99999999999999999999999", "<script>"):
        response = client.get(reverse("home"), {"org": bad})
        page = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="filter-errors"' in page and "<script>" not in page
        assert (
            response.context["chosen"]
            == person.memberships.order_by("organization__depth", "organization__name")[
                0
            ].organization
        )  # the first of their own, as without ?org=


@time_machine.travel(NOW, tick=False)
def test_a_link_may_name_another_organisation_the_user_sees(client, world, tasks):
    client.force_login(world.people.admin)
    response = client.get(reverse("home"), {"org": world.culture.pk})
    assert response.context["chosen"] == world.culture
    assert 'data-testid="filter-errors"' not in response.content.decode()
    outsider = world.people.outsider
    client.force_login(outsider)
    response = client.get(reverse("home"), {"org": world.culture.pk})
    assert response.context["chosen"] != world.culture
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_by_default_the_dashboard_counts_the_organisation_the_person_works_in_now(client, world):
    """A specialist of a department merged into a new one keeps both memberships; the page
    opens on the one in force, even when the merged one comes first by name."""
    from django.utils import timezone

    from phoihop.org.models import Membership

    from ..factories import OrganizationFactory

    person = world.people.health_focal
    merged = OrganizationFactory(
        name="Ban Tuyên giáo Tỉnh ủy", parent=world.health.parent, archived_at=timezone.now()
    )
    Membership.objects.create(user=person, organization=merged, role="specialist")
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.context["chosen"] == world.health
    assert f'<option value="{merged.pk}">' in response.content.decode()  # still offered
