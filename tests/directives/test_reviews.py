"""A directive's review milestones: due dates, the calendar, completion with a registry report
and idempotent reminders."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.core.models import Notification
from phoihop.directives import services
from phoihop.org.models import Membership
from phoihop.reviews import reminders, tasks
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review
from phoihop.reviews.selectors import review_calendar, review_window

D = datetime.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def directive_38(make_document):
    return make_document("38-CT/TW", D(2009, 9, 7), abstract="Về đẩy mạnh công tác bảo hiểm y tế")


@pytest.fixture
def department(tree):
    return tree["propaganda"]


def milestone(document, by, responsible, **attrs):
    attrs.setdefault("kind", "final")
    return reviews.create_review(subject=document, by=by, responsible=responsible, **attrs)


def test_a_ten_year_review_falls_due_ten_years_after_the_document(directive_38, editor, department):
    review = milestone(directive_38, editor, department, years_after=10)
    assert review.due_on == D(2019, 9, 7)
    assert review.label == "10 năm thực hiện Chỉ thị 38-CT/TW ngày 7-9-2009"


def test_a_custom_date_wins_and_a_custom_title_is_kept(directive_38, editor, department):
    review = milestone(
        directive_38,
        editor,
        department,
        kind="preliminary",
        years_after=5,
        due_on=D(2015, 1, 10),
        title="Sơ kết 5 năm (lùi lịch)",
    )
    assert (review.due_on, review.label) == (D(2015, 1, 10), "Sơ kết 5 năm (lùi lịch)")


def test_a_document_of_29_february_is_reviewed_on_28_february(make_document, editor, department):
    document = make_document("99-CT/TW", D(2012, 2, 29))
    assert milestone(document, editor, department, years_after=5).due_on == D(2017, 2, 28)


@pytest.mark.parametrize(
    ("attrs", "field", "message"),
    [
        ({}, "due_on", "Hãy nhập ngày đến hạn hoặc số năm thực hiện."),
        ({"years_after": 0}, "years_after", "Số năm thực hiện phải từ 1 đến 50."),
        (
            {"due_on": D(2001, 1, 1)},
            "due_on",
            "Ngày đến hạn phải từ ngày ban hành văn bản (07/09/2009) trở đi.",
        ),
        ({"kind": "x", "years_after": 5}, "kind", "Loại mốc không hợp lệ."),
    ],
)
def test_bad_milestones_get_vietnamese_errors(
    directive_38, editor, department, attrs, field, message
):
    with pytest.raises(ValidationError) as raised:
        milestone(directive_38, editor, department, **attrs)
    assert raised.value.message_dict[field] == [message]


def test_changing_the_years_moves_the_computed_due_date(directive_38, editor, department):
    review = milestone(directive_38, editor, department, years_after=10)
    review = reviews.update_review(review=review, by=editor, years_after=15)
    assert review.due_on == D(2024, 9, 7)


def test_only_the_responsible_side_manages_milestones(
    directive_38, focal_point, outsider, department, tree
):
    for user, organization in ((focal_point, tree["health"]), (outsider, department)):
        with pytest.raises(PermissionDenied):
            milestone(directive_38, user, organization, years_after=10)


def test_completing_a_review_attaches_the_report(directive_38, editor, department, make_document):
    report = make_document("120-BC/TU", D(2019, 10, 15), organization=department.parent)
    review = milestone(directive_38, editor, department, years_after=10)
    with time_machine.travel(TODAY):
        done = services.complete_review(
            review=review,
            by=editor,
            done_on=D(2019, 10, 18),
            report_document=report,
            report_note="Đã tổ chức hội nghị tổng kết.",
        )
        assert done.state_on(TODAY) == "done"
        with pytest.raises(ValidationError, match="không được sau ngày hôm nay"):
            services.complete_review(review=review, by=editor, done_on=D(2027, 1, 1))
    assert (done.report_link.document, done.done_on) == (report, D(2019, 10, 18))


# --- calendar ----------------------------------------------------------------------------------


@pytest.fixture
def calendar_milestones(directive_38, editor, department):
    return {
        "overdue": milestone(
            directive_38, editor, department, due_on=TODAY - datetime.timedelta(days=3)
        ),
        "soon": milestone(
            directive_38, editor, department, due_on=TODAY + datetime.timedelta(days=29)
        ),
        "upcoming": milestone(
            directive_38, editor, department, due_on=TODAY + datetime.timedelta(days=200)
        ),
        "far": milestone(
            directive_38, editor, department, due_on=TODAY + datetime.timedelta(days=900)
        ),
    }


def test_the_calendar_splits_overdue_due_soon_and_upcoming(calendar_milestones, editor):
    window = review_window("365", TODAY)
    calendar = review_calendar(editor, window=window, today=TODAY)
    assert calendar.overdue == [calendar_milestones["overdue"]]
    assert calendar.soon == [calendar_milestones["soon"]]
    assert calendar.upcoming == [calendar_milestones["upcoming"]]  # "far" is outside the window
    wider = review_calendar(editor, window=review_window("1095", TODAY), today=TODAY)
    assert wider.upcoming == [calendar_milestones["upcoming"], calendar_milestones["far"]]


def test_the_calendar_shows_nothing_to_outsiders(calendar_milestones, outsider):
    calendar = review_calendar(outsider, window=review_window("1095", TODAY), today=TODAY)
    assert calendar.count == 0


# --- reminders ---------------------------------------------------------------------------------


def sent_on(day: datetime.date) -> int:
    return sum(reminders.send_reminders(day).values())


@pytest.fixture
def people(department, make_member, editor):
    leader = make_member(department, Membership.Role.LEADER, username="lanhdao")
    collaborator = make_member(department, Membership.Role.COLLABORATOR, username="ctv")
    return {"editor": editor, "leader": leader, "collaborator": collaborator}


def test_reminders_reach_the_responsible_people_once(calendar_milestones, people):
    sent = sent_on(TODAY)
    again = sent_on(TODAY)
    assert (sent, again) == (4, 0)  # overdue + due soon, for the editor and the leader
    titles = sorted(
        Notification.objects.filter(recipient=people["leader"]).values_list("title", flat=True)
    )
    assert titles == [
        "Quá hạn tổng kết: Tổng kết Chỉ thị 38-CT/TW ngày 7-9-2009",
        "Sắp đến hạn tổng kết: Tổng kết Chỉ thị 38-CT/TW ngày 7-9-2009",
    ]
    assert not Notification.objects.filter(recipient=people["collaborator"]).exists()


def test_a_week_before_the_due_date_there_is_a_second_reminder(
    directive_38, editor, department, people
):
    review = milestone(directive_38, editor, department, due_on=TODAY + datetime.timedelta(days=20))
    assert sent_on(TODAY) == 2
    assert sent_on(TODAY + datetime.timedelta(days=14)) == 2
    assert sent_on(TODAY + datetime.timedelta(days=15)) == 0
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {reminders.reminder_key(review, "30d"), reminders.reminder_key(review, "7d")}


def test_done_and_long_overdue_milestones_are_not_reminded(
    directive_38, editor, department, people
):
    old = milestone(directive_38, editor, department, years_after=10)  # due 2019: long overdue
    assert reminders.reminder_stage(old, TODAY) is None
    review = milestone(directive_38, editor, department, due_on=TODAY + datetime.timedelta(days=5))
    with time_machine.travel(TODAY):
        services.complete_review(review=review, by=editor, done_on=TODAY)
    assert sent_on(TODAY) == 0


def test_the_daily_command_and_the_task_send_the_same_reminders_once(calendar_milestones, people):
    out = StringIO()
    call_command("send_review_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert out.getvalue().strip() == "Đã gửi 4 thông báo mới. 30d: 2, overdue: 2"
    assert tasks.send_review_reminders.call(TODAY.isoformat()) == {}


def test_the_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_review_reminders", "--date", "23/11/2026")


def test_a_rescheduled_milestone_is_reminded_again(calendar_milestones, people, editor):
    review = calendar_milestones["soon"]
    sent_on(TODAY)
    reviews.update_review(review=review, by=editor, due_on=TODAY + datetime.timedelta(days=25))
    assert sent_on(TODAY) == 2
    assert Review.objects.get(pk=review.pk).due_on == TODAY + datetime.timedelta(days=25)
