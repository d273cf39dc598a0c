"""Report reminders (issue 16, item 2): the units that have not sent their report hear about it
before the deadline, on the day and once overdue; their leaders when it is long overdue;
nothing twice, nothing once the report is sent, nothing to a unit not expected."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from phoihop.core.models import Notification
from phoihop.reporting import reminders, submissions
from phoihop.reporting.models import Submission
from tests.factories import MembershipFactory, UserFactory, system_admin
from tests.reporting.worlds import State, build_province, make_submission

pytestmark = pytest.mark.django_db

D = datetime.date
OCTOBER_DEADLINE = D(2025, 10, 17)  # 3 working days after Tuesday 14/10


@pytest.fixture
def province():
    province = build_province()
    # Hạc Thành sent October's report the day before its deadline; Nga Sơn only started it.
    boards = province.boards
    make_submission(province.regime, boards["Phường Hạc Thành"], "2025-10", sent=D(2025, 10, 16))
    make_submission(province.regime, boards["Xã Nga Sơn"], "2025-10", State.DRAFT)
    return province


def received(user, period: str = "2025-10") -> dict[str, str]:
    """The user's report reminders for `period`: stage -> title."""
    found = {}
    for notification in Notification.objects.filter(recipient=user, key__startswith="report:"):
        _report, _regime, code, _unit, stage, _deadline = notification.key.split(":")
        if code == period:
            found[stage] = notification.title
    return found


def test_the_units_that_have_not_sent_hear_on_the_deadline_day(province):
    sent = reminders.send_reminders(OCTOBER_DEADLINE)
    people = province.people
    assert received(people["Xã Nga Sơn"]) == {
        "today": "Hôm nay đến hạn gửi báo cáo: Báo cáo tháng công tác tuyên giáo cấp xã, "
        "Tháng 10/2025"
    }
    assert "today" in received(people["Xã Lam Sơn"])
    assert received(people["Phường Hạc Thành"]) == {}  # sent the day before
    assert received(people["Xã Đông Sơn"]) == {}  # dissolved on 30/9: not expected
    assert received(province.leaders["Xã Nga Sơn"]) == received(people["Xã Nga Sơn"])
    assert sent["today"] == 6  # three units, their focal point and their leader each


def test_two_days_before_then_overdue_then_escalated_to_the_leaders(province):
    quang_phu = province.people["Xã Quảng Phú"]
    leader = province.leaders["Xã Quảng Phú"]
    reminders.send_reminders(D(2025, 10, 15))
    assert set(received(quang_phu)) == {"soon"}
    reminders.send_reminders(D(2025, 10, 18))  # the first day overdue
    assert set(received(quang_phu)) == {"soon", "overdue"}
    reminders.send_reminders(D(2025, 10, 19))  # nothing new: overdue is said once
    assert set(received(quang_phu)) == {"soon", "overdue"}
    assert "escalated" not in received(leader)
    reminders.send_reminders(D(2025, 10, 20))  # overdue 3 days: the escalation
    assert "escalated" in received(leader)
    assert "escalated" not in received(quang_phu)  # the leaders, not the focal point
    title = received(leader)["escalated"]
    assert title.startswith("Cần chỉ đạo: báo cáo quá hạn 3 ngày chưa gửi")


def test_running_twice_sends_nothing_new(province):
    first = reminders.send_reminders(OCTOBER_DEADLINE)
    assert sum(first.values()) > 0
    assert reminders.send_reminders(OCTOBER_DEADLINE) == {}


def test_a_report_sent_stops_its_reminders(province):
    nga_son = province.boards["Xã Nga Sơn"]
    draft = Submission.objects.get(organization=nga_son, period_code="2025-10")
    with time_machine.travel(datetime.datetime(2025, 10, 18, 8), tick=False):
        submissions.submit(draft, system_admin())
    reminders.send_reminders(D(2025, 10, 20))
    assert received(province.people["Xã Nga Sơn"]) == {}
    assert "overdue" in received(province.people["Xã Lam Sơn"])


def test_the_command_runs_the_reminders_of_a_given_day(province):
    out = io.StringIO()
    call_command("send_report_reminders", "--date", "2025-10-17", stdout=out)
    assert out.getvalue().startswith("Đã gửi ")
    assert "today" in received(province.people["Xã Lam Sơn"])


def test_the_run_costs_the_same_queries_for_few_units_or_many(django_assert_max_num_queries):
    small = build_province()
    with django_assert_max_num_queries(40) as few:
        reminders.report_messages(OCTOBER_DEADLINE)
    large = build_province(boards=80, suffix="2")
    for board in list(large.boards.values())[5:]:
        member = UserFactory()
        MembershipFactory(user=member, organization=board, role="focal_point")
    with django_assert_max_num_queries(len(few.captured_queries) + 10):
        messages = reminders.report_messages(OCTOBER_DEADLINE)
    assert len({m.person.pk for m in messages}) > 80
    assert small
