"""The daily reminder run of cases: an acknowledgement due today or late (to the receiving
department), an answer due soon, today or overdue (to the lead's focal person, else its focal
points or leaders; to the department while no lead is assigned), then escalation: overdue
CASES_ESCALATION_DAYS days to the lead organisation's leaders, twice that to the department's
leaders. Through `core.notifications.deliver`, with a key per event (case, kind, due date), so
a second run, or a second worker, sends nothing twice; an extension is a new due date and is
reminded again. No message names the citizen."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core.notifications import Message, deliver
from phoihop.org.models import Membership, User

from .models import Case, CaseParticipant, DataRequest

TITLES = {
    "acknowledge_today": gettext_lazy("Hôm nay hết hạn xác nhận tiếp nhận: %(case)s"),
    "acknowledge_late": gettext_lazy("Quá hạn xác nhận tiếp nhận từ %(date)s: %(case)s"),
    "soon": gettext_lazy("Sắp đến hạn trả lời (%(date)s): %(case)s"),
    "today": gettext_lazy("Hôm nay đến hạn trả lời: %(case)s"),
    "overdue": gettext_lazy("Quá hạn trả lời từ %(date)s: %(case)s"),
    "escalated_lead": gettext_lazy("Cần chỉ đạo: vụ việc quá hạn %(days)s ngày: %(case)s"),
    "escalated_department": gettext_lazy(
        "Vụ việc quá hạn %(days)s ngày, đơn vị chủ trì chưa trả lời: %(case)s"
    ),
    "data_request_soon": gettext_lazy(
        "Yêu cầu về dữ liệu cá nhân #%(id)s hết hạn 72 giờ lúc %(due)s (vụ việc %(number)s)"
    ),
    "data_request_overdue": gettext_lazy(
        "Quá hạn 72 giờ từ %(due)s: yêu cầu về dữ liệu cá nhân #%(id)s (vụ việc %(number)s)"
    ),
}


DATA_REQUEST_WARNING = datetime.timedelta(hours=24)


class _People:
    """Active members of the organisations concerned, by role, read in one query."""

    def __init__(self, organization_ids: set[int]):
        self.by_org: dict[int, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
        memberships = Membership.objects.filter(
            organization_id__in=organization_ids, user__is_active=True
        ).select_related("user")
        for membership in memberships:
            self.by_org[membership.organization_id][membership.role].append(membership.user)

    def roles(self, organization_id: int, *roles: str) -> list[User]:
        found = self.by_org.get(organization_id, {})
        return [person for role in roles for person in found.get(role, [])]

    def leaders(self, organization_id: int) -> list[User]:
        R = Membership.Role
        return self.roles(organization_id, R.LEADER) or self.roles(organization_id, R.ORG_ADMIN)

    def department_staff(self, organization_id: int) -> list[User]:
        R = Membership.Role
        return self.roles(organization_id, R.SPECIALIST) or self.leaders(organization_id)

    def answerers(self, lead: CaseParticipant) -> list[User]:
        if lead.focal_person_id and lead.focal_person.is_active:
            return [lead.focal_person]
        R = Membership.Role
        return self.roles(lead.organization_id, R.FOCAL_POINT) or self.leaders(lead.organization_id)


def _title(kind: str, case: Case, day: datetime.date, days: int = 0) -> str:
    return str(TITLES[kind]) % {
        "case": f"{case.number} {case.title[:200]}",
        "date": day.strftime("%d/%m/%Y"),
        "days": days,
    }


def _open_cases(condition: Q) -> list[Case]:
    return list(
        Case.objects.current()
        .filter(completed_on__isnull=True, status__in=Case.OPEN_STATUSES)
        .filter(condition)
        .select_related("department", "lead_organization")
        .prefetch_related("participants__focal_person")
        .order_by("id")
    )


def case_messages(today: datetime.date) -> list[Message]:
    days_before = settings.CASES_REMINDER_DAYS_BEFORE
    escalate = settings.CASES_ESCALATION_DAYS
    soon = today + datetime.timedelta(days=days_before)
    cases = _open_cases(
        Q(effective_deadline__lte=today)
        | Q(effective_deadline=soon)
        | Q(status=Case.Status.RECEIVED, acknowledge_due__lte=today)
    )
    people = _People(
        {c.department_id for c in cases}
        | {c.lead_organization_id for c in cases if c.lead_organization_id}
    )
    messages: list[Message] = []

    def send(to: list[User], case: Case, kind: str, day: datetime.date, days: int = 0) -> None:
        key = f"case:{case.pk}:{kind}:{day.isoformat()}"
        body = _("Đơn vị chủ trì: %(lead)s. Hạn trả lời: %(date)s.") % {
            "lead": case.lead_organization.name if case.lead_organization_id else _("chưa giao"),
            "date": case.effective_deadline.strftime("%d/%m/%Y"),
        }
        title = _title(kind, case, day, days)
        messages.extend(
            Message(person, key, kind, title, body, case.get_absolute_url()) for person in to
        )

    for case in cases:
        department_staff = people.department_staff(case.department_id)
        if case.status == Case.Status.RECEIVED and case.acknowledge_due <= today:
            kind = "acknowledge_today" if case.acknowledge_due == today else "acknowledge_late"
            send(department_staff, case, kind, case.acknowledge_due)
        deadline = case.effective_deadline
        kind = "soon" if deadline == soon and days_before > 0 else None
        kind = "today" if deadline == today else "overdue" if deadline < today else kind
        if kind is None:
            continue
        lead = next((p for p in case.participants.all() if p.is_lead), None)
        send(people.answerers(lead) if lead else department_staff, case, kind, deadline)
        late = (today - deadline).days
        if kind == "overdue" and lead is not None and late >= escalate:
            send(people.leaders(lead.organization_id), case, "escalated_lead", deadline, late)
        if kind == "overdue" and late >= 2 * escalate:
            send(people.leaders(case.department_id), case, "escalated_department", deadline, late)
    return messages


def data_request_messages(now: datetime.datetime) -> list[Message]:
    """A person's request about their data, answered within 72 hours: to the department's
    staff once in its last DATA_REQUEST_WARNING (24 hours: a daily run always catches it)
    and once overdue, one key each, so nothing is sent twice. No message names the person."""
    warn = DATA_REQUEST_WARNING
    requests = list(
        DataRequest.objects.open()
        .filter(due_at__lte=now + warn)
        .select_related("case")
        .order_by("due_at", "id")
    )
    people = _People({r.case.department_id for r in requests})
    messages: list[Message] = []
    for request in requests:
        kind = "data_request_overdue" if request.due_at < now else "data_request_soon"
        title = str(TITLES[kind]) % {
            "id": request.pk,
            "number": request.case.number,
            "due": timezone.localtime(request.due_at).strftime("%H:%M %d/%m/%Y"),
        }
        body = str(request.get_kind_display())
        key = f"case_data_request:{request.pk}:{kind}"
        messages.extend(
            Message(person, key, kind, title, body, request.get_absolute_url())
            for person in people.department_staff(request.case.department_id)
        )
    return messages


def send_reminders(
    today: datetime.date | None = None, now: datetime.datetime | None = None
) -> dict[str, int]:
    """Run every case reminder for `today` (and the data requests' 72 hours at `now`); how
    many notifications of each kind were new."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    email = bool(getattr(settings, "PLANS_REMINDER_EMAIL", True))
    messages = case_messages(today) + data_request_messages(now)
    return dict(deliver(messages, email=email))
