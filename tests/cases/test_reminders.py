"""Case reminders with frozen time: before, on and after the due day, escalation to the lead's
leaders and then to the department, nothing sent twice, no citizen named."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from phoihop.cases import services
from phoihop.cases.models import ConsentText
from phoihop.cases.reminders import send_reminders
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.models import Notification
from phoihop.org.models import Membership

pytestmark = pytest.mark.django_db
TZ = datetime.timezone(datetime.timedelta(hours=7))
D = datetime.date
# A Monday: the answer is due on 01/12, 20 working days later (24/11, Vietnamese Culture Day,
# is a day off from 2026).
RECEIVED = datetime.datetime(2026, 11, 2, 9, tzinfo=TZ)


@pytest.fixture(autouse=True)
def reminder_settings(settings):
    settings.CASES_REMINDER_DAYS_BEFORE = 2
    settings.CASES_ESCALATION_DAYS = 3
    settings.PLANS_REMINDER_EMAIL = False


@pytest.fixture
def assigned(world, new_case, make_member):
    make_member(world.health, Membership.Role.LEADER, username="ld.syt")
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01", defaults={"text": "Tôi đồng ý …", "valid_from": D(2026, 1, 1)}
    )
    with time_machine.travel(RECEIVED, tick=False):
        case = new_case(
            received_at=RECEIVED,
            citizen=CitizenDetails(consent_text=consent, consent=True, name="Q.T.Đ.N."),
        )
        case = services.verify_case(case=case, by=world.people.specialist)
        return services.assign_case(
            case=case, by=world.people.specialist, parts=[ParticipantSpec(world.health, "lead")]
        )


def _to(username):
    return set(
        Notification.objects.filter(recipient__username=username).values_list("key", flat=True)
    )


def test_the_lead_is_reminded_before_on_and_after_the_day(assigned, world):
    assert assigned.effective_deadline == D(2026, 12, 1)
    assert send_reminders(D(2026, 11, 28)) == {}  # three days before: nothing yet
    assert send_reminders(D(2026, 11, 29)) == {"soon": 1}  # to the focal point
    assert send_reminders(D(2026, 11, 29)) == {}  # nothing twice
    assert send_reminders(D(2026, 12, 1)) == {"today": 1}
    assert send_reminders(D(2026, 12, 2)) == {"overdue": 1}
    assert send_reminders(D(2026, 12, 4)) == {"escalated_lead": 1}  # three days late
    assert send_reminders(D(2026, 12, 7)) == {"escalated_department": 1}  # six days late
    assert send_reminders(D(2026, 12, 8)) == {}
    assert len(_to("daumoi.syt")) == 3
    assert _to("ld.syt") == {f"case:{assigned.pk}:escalated_lead:2026-12-01"}
    assert _to("ld.tgdv") == {f"case:{assigned.pk}:escalated_department:2026-12-01"}
    for notification in Notification.objects.all():
        assert "Q.T.Đ.N." not in notification.title + notification.body


def test_an_extension_is_a_new_due_date_and_an_answer_stops_them(assigned, world):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 9, tzinfo=TZ), tick=False):
        extension = services.request_extension(
            case=assigned,
            by=world.people.health_focal,
            requested_deadline=D(2026, 12, 10),
            reason="Chờ kết quả xét nghiệm mẫu nước",
        )
        services.decide_extension(extension=extension, by=world.people.leader, approve=True)
    assert send_reminders(D(2026, 12, 1)) == {}  # the old due date is gone
    assert send_reminders(D(2026, 12, 8)) == {"soon": 1}
    assigned.refresh_from_db()
    with time_machine.travel(datetime.datetime(2026, 12, 9, 9, tzinfo=TZ), tick=False):
        services.answer_case(case=assigned, by=world.people.health_focal, answer="Đã trả lời")
    assert send_reminders(D(2026, 12, 15)) == {}


def test_a_late_acknowledgement_reminds_the_department_and_the_command_runs(world, new_case):
    with time_machine.travel(RECEIVED, tick=False):
        new_case(received_at=RECEIVED)  # due to be acknowledged on 04/11
    call_command("send_case_reminders", "--date", "2026-11-04")
    assert Notification.objects.filter(
        recipient=world.people.specialist, key__contains=":acknowledge_today:"
    ).exists()
    assert send_reminders(D(2026, 11, 5)) == {"acknowledge_late": 1}
