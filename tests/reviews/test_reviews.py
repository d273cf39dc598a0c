"""One review model for programmes and directives: the calendar, the dashboard and the reminders
show both kinds to whoever may see them, and a programme's review dates keep their order."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from phoihop.core import search
from phoihop.core.models import Notification
from phoihop.plans import services as plans
from phoihop.reviews import reminders
from phoihop.reviews import services as reviews
from phoihop.reviews.selectors import review_calendar, review_window

D = datetime.date
TODAY = D(2026, 11, 23)


def calendar_labels(user) -> set[str]:
    found = review_calendar(user, window=review_window("365", TODAY), today=TODAY)
    return {review.label for review in found.in_date_order}


PROGRAMME_REVIEW = "Tổng kết chương trình"
DIRECTIVE_REVIEW = "Sơ kết 1 năm thực hiện Chương trình hành động 12-CTr/TU"
MIDTERM = "Sơ kết giữa kỳ chương trình"  # due 30/06/2023, open: overdue


def test_the_calendar_lists_programme_and_directive_reviews_to_whoever_may_see_them(both, world):
    people = world.people
    assert calendar_labels(people.specialist) == {MIDTERM, PROGRAMME_REVIEW, DIRECTIVE_REVIEW}
    assert calendar_labels(people.admin) == {MIDTERM, PROGRAMME_REVIEW, DIRECTIVE_REVIEW}
    # a counterpart of the programme, outside the Party committee's tree
    assert calendar_labels(people.health_leader) == {MIDTERM, PROGRAMME_REVIEW}
    assert calendar_labels(people.outsider) == set()


def test_the_calendar_page_shows_both_kinds_and_filters_by_kind_of_subject(client, both, world):
    client.force_login(world.people.specialist)
    with time_machine.travel(TODAY):
        page = client.get(reverse("reviews:calendar")).content.decode()
        directives_only = client.get(
            reverse("reviews:calendar"), {"subject": "directives.document"}
        ).content.decode()
    assert PROGRAMME_REVIEW in page and DIRECTIVE_REVIEW in page
    assert both["programme"].get_absolute_url() in page
    assert "Chương trình phối hợp:" in page and "Văn bản:" in page
    assert DIRECTIVE_REVIEW in directives_only and PROGRAMME_REVIEW not in directives_only


def test_the_responsible_unit_is_typed_and_picked_not_listed(client, both, world):
    """A country's calendar names thousands of units: the filter suggests them by name, only
    among those responsible for a review the user sees, and reads the pick back."""
    search.index(world.propaganda)  # as the organisation services do
    client.force_login(world.people.specialist)
    url = reverse("reviews:calendar")
    with time_machine.travel(TODAY):
        typed = world.propaganda.name.split()[0]
        answer = client.get(url, {"suggest": "responsible", "responsible": typed}).content
        picked = client.get(url, {"responsible": f"#{world.propaganda.pk}"}).content.decode()
        unknown = client.get(url, {"responsible": "#999999999"})
    assert world.propaganda.name in answer.decode()
    assert f'value="{world.propaganda.name} (' in picked
    assert unknown.status_code == 200 and "Không tìm thấy tổ chức" in unknown.content.decode()


def test_the_calendar_page_costs_the_same_queries_for_more_reviews(
    client, both, world, directive, django_assert_num_queries
):
    client.force_login(world.people.specialist)
    url = reverse("reviews:calendar")
    with time_machine.travel(TODAY):
        client.get(url)
        with django_assert_num_queries(8) as few:  # the first page holds them all: no COUNT
            client.get(url)
        for day in range(1, 11):
            reviews.create_review(
                subject=directive,
                by=world.people.specialist,
                kind="other",
                title=f"Giao ban {day}",
                due_on=D(2026, 12, day),
                responsible=world.propaganda,
            )
            plans.add_milestone(
                programme=world.programme,
                by=world.people.specialist,
                title=f"Giao ban khối {day}",
                due_on=D(2026, 12, day),
            )
        with django_assert_num_queries(len(few.captured_queries)):
            page = client.get(url).content.decode()
    assert page.count('data-testid="review-row"') == 23


def test_a_long_calendar_comes_in_pages_that_keep_the_filters(
    client, both, world, directive, settings
):
    settings.PAGE_SIZE = 5
    for day in range(1, 7):
        reviews.create_review(
            subject=directive,
            by=world.people.specialist,
            kind="other",
            title=f"Giao ban {day}",
            due_on=D(2026, 12, day),
            responsible=world.propaganda,
        )
    client.force_login(world.people.specialist)
    url = reverse("reviews:calendar")
    with time_machine.travel(TODAY):
        first = client.get(url, {"window": "90", "subject": "directives.document"})
        second = client.get(url, {"window": "90", "subject": "directives.document", "page": 2})
    first_page, second_page = first.content.decode(), second.content.decode()
    assert first_page.count('data-testid="review-row"') == 5
    assert "?window=90&amp;subject=directives.document&amp;page=2" in first_page
    assert "Trang 1/2" in first_page
    # 6 reviews added + the directive's own review in the window: 7, two on the second page
    assert second_page.count('data-testid="review-row"') == 2
    assert "Giao ban 6" in second_page and "Giao ban 1" not in second_page


def test_the_dashboard_lists_upcoming_directive_and_programme_reviews(client, both, world):
    with time_machine.travel(TODAY):
        client.force_login(world.people.specialist)
        mine = client.get(reverse("home")).content.decode()
        client.force_login(world.people.health_leader)
        partner = client.get(reverse("home")).content.decode()
    assert PROGRAMME_REVIEW in mine and DIRECTIVE_REVIEW in mine
    assert PROGRAMME_REVIEW in partner and DIRECTIVE_REVIEW not in partner


def test_each_review_is_reminded_once_to_the_responsible_people(both, world):
    first = reminders.send_reminders(TODAY)
    again = reminders.send_reminders(TODAY)
    assert (first, again) == ({"30d": 4}, {})  # two reviews × the specialist and the leader
    titles = set(
        Notification.objects.filter(recipient=world.people.leader).values_list("title", flat=True)
    )
    assert titles == {
        f"Sắp đến hạn tổng kết: {PROGRAMME_REVIEW}",
        f"Sắp đến hạn sơ kết: {DIRECTIVE_REVIEW}",
    }
    assert not Notification.objects.filter(recipient=world.people.collaborator).exists()


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"midterm_review_on": D(2027, 6, 30), "final_review_on": D(2026, 12, 15)},
            "final_review_on",
            "Hạn tổng kết phải sau hạn sơ kết (30/06/2027).",
        ),
        (
            {"midterm_review_on": D(2020, 6, 30)},
            "midterm_review_on",
            "Hạn sơ kết phải từ ngày bắt đầu chương trình (15/03/2021) trở đi.",
        ),
        (
            {"final_review_on": D(2021, 1, 31)},
            "final_review_on",
            "Hạn tổng kết phải từ ngày bắt đầu chương trình (15/03/2021) trở đi.",
        ),
    ],
)
def test_programme_review_dates_keep_their_order(world, dates, field, message):
    with pytest.raises(ValidationError) as raised:
        plans.update_programme(programme=world.programme, by=world.people.specialist, **dates)
    assert raised.value.message_dict[field] == [message]


def test_a_programme_milestone_before_the_programme_starts_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        plans.add_milestone(
            programme=world.programme,
            by=world.people.specialist,
            title="Giao ban",
            due_on=D(2020, 1, 1),
        )
    assert raised.value.message_dict["due_on"] == [
        "Ngày đến hạn phải từ ngày bắt đầu chương trình (15/03/2021) trở đi."
    ]


def test_the_old_calendar_address_redirects_with_its_filters(client, world):
    client.force_login(world.people.specialist)
    response = client.get("/directives/reviews/?window=90&kind=final")
    assert response.status_code == 301
    assert response["Location"] == "/reviews/?window=90&kind=final"
