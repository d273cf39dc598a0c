"""The daily reminder run: deadlines coming up, due today and overdue; escalation of long
overdue tasks to the lead organisation's leaders; recurring progress reports not filed; and
the issuing side's daily digest of the progress reports filed the day before.

Every notification carries a key naming the event (task, kind, deadline or period), so running
the job twice, or from two workers, sends nothing twice; a new deadline after an extension is a
new event and is reminded again.
"""

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phoihop.core.notifications import Message, deliver
from phoihop.org.models import Membership, User

from . import schedule
from .models import ProgressReport, Task, TaskParticipant


@dataclass(frozen=True)
class ReminderSettings:
    days_before: int = 3  # PLANS_REMINDER_DAYS_BEFORE
    escalate_after: int = 7  # PLANS_ESCALATION_DAYS: overdue this long goes to the leaders
    report_days_before: int = 3  # PLANS_REPORT_REMINDER_DAYS_BEFORE
    email: bool = True  # PLANS_REMINDER_EMAIL

    @classmethod
    def from_settings(cls) -> "ReminderSettings":
        return cls(
            days_before=int(getattr(settings, "PLANS_REMINDER_DAYS_BEFORE", 3)),
            escalate_after=int(getattr(settings, "PLANS_ESCALATION_DAYS", 7)),
            report_days_before=int(getattr(settings, "PLANS_REPORT_REMINDER_DAYS_BEFORE", 3)),
            email=bool(getattr(settings, "PLANS_REMINDER_EMAIL", True)),
        )


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


class _Recipients:
    """Who hears about a participant: its focal person on the task, else the organisation's
    focal points, else its leaders and administrators. Looked up in bulk."""

    def __init__(self, organization_ids: set[int]):
        by_org: dict[int, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
        memberships = Membership.objects.filter(
            organization_id__in=organization_ids, user__is_active=True
        ).select_related("user")
        for membership in memberships:
            by_org[membership.organization_id][membership.role].append(membership.user)
        self.by_org = by_org

    def for_participant(self, participant: TaskParticipant) -> list[User]:
        if participant.focal_person_id and participant.focal_person.is_active:
            return [participant.focal_person]
        roles = self.by_org.get(participant.organization_id, {})
        return roles.get(Membership.Role.FOCAL_POINT) or (
            roles.get(Membership.Role.LEADER, []) + roles.get(Membership.Role.ORG_ADMIN, [])
        )

    def leaders(self, organization_id: int) -> list[User]:
        roles = self.by_org.get(organization_id, {})
        return roles.get(Membership.Role.LEADER) or roles.get(Membership.Role.ORG_ADMIN, [])


def _tasks(condition: Q):
    return (
        Task.objects.filter(completed_on__isnull=True)
        .filter(condition)
        .select_related("lead_organization")
        .prefetch_related("participants__focal_person", "participants__organization")
        .order_by("id")
    )


def _deadline_kind(task: Task, today: datetime.date, config: ReminderSettings) -> str | None:
    if config.days_before > 0 and task.effective_deadline == today + datetime.timedelta(
        days=config.days_before
    ):
        return "soon"
    if task.effective_deadline == today:
        return "today"
    if task.effective_deadline < today:
        return "overdue"
    return None


TITLES = {
    "soon": gettext_lazy("Sắp đến hạn (%(date)s): %(title)s"),
    "today": gettext_lazy("Hôm nay đến hạn: %(title)s"),
    "overdue": gettext_lazy("Quá hạn từ %(date)s: %(title)s"),
    "escalated": gettext_lazy("Cần chỉ đạo: nhiệm vụ quá hạn %(days)s ngày: %(title)s"),
    "report_missing": gettext_lazy("Chưa gửi báo cáo tiến độ kỳ %(date)s: %(title)s"),
    "report_soon": gettext_lazy("Sắp đến hạn báo cáo tiến độ (%(date)s): %(title)s"),
}


def _title(kind: str, task: Task, day: datetime.date, days: int = 0) -> str:
    return str(TITLES[kind]) % {"date": _date(day), "title": task.title[:200], "days": days}


def deadline_messages(today: datetime.date, config: ReminderSettings) -> list[Message]:
    soon = today + datetime.timedelta(days=config.days_before)
    window = Q(effective_deadline=soon) | Q(effective_deadline__lte=today)
    tasks = list(_tasks(window))
    recipients = _Recipients({p.organization_id for t in tasks for p in t.participants.all()})
    messages = []
    for task in tasks:
        kind = _deadline_kind(task, today, config)
        if kind is None:
            continue
        deadline = task.effective_deadline
        key = f"task:{task.pk}:{kind}:{deadline.isoformat()}"
        body = _("Đơn vị chủ trì: %(lead)s. Hạn: %(date)s.") % {
            "lead": task.lead_organization.name,
            "date": _date(deadline),
        }
        title = _title(kind, task, deadline)
        url = task.get_absolute_url()
        for participant in task.participants.all():
            for person in recipients.for_participant(participant):
                messages.append(Message(person, key, kind, title, body, url))
        overdue_days = (today - deadline).days
        if kind == "overdue" and overdue_days >= config.escalate_after:
            title = _title("escalated", task, deadline, overdue_days)
            body = _("Hạn hoàn thành %(date)s đã qua mà chưa được xác nhận hoàn thành.") % {
                "date": _date(deadline)
            }
            key = f"task:{task.pk}:escalated:{deadline.isoformat()}"
            for person in recipients.leaders(task.lead_organization_id):
                messages.append(Message(person, key, "escalated", title, body, url))
    return messages


def report_messages(today: datetime.date, config: ReminderSettings) -> list[Message]:
    """Recurring progress reports: a reminder before each due date, and a notice for every
    participant that has not filed a report for the period just past."""
    recent = today - datetime.timedelta(days=100)
    tasks = list(
        _tasks(~Q(report_frequency=Task.Frequency.NONE) & Q(effective_deadline__gte=recent))
    )
    if not tasks:
        return []
    filed = set(
        ProgressReport.objects.filter(
            task__in=[t.pk for t in tasks], period_due__gte=recent
        ).values_list("participant_id", "period_due")
    )
    recipients = _Recipients({p.organization_id for t in tasks for p in t.participants.all()})
    upcoming_day = today + datetime.timedelta(days=config.report_days_before)
    messages = []
    for task in tasks:
        due_dates = []
        missed = schedule.previous_due(task, today)
        if missed is not None:
            due_dates.append(("report_missing", missed))
        if config.report_days_before > 0 and schedule.next_due(task, upcoming_day) == upcoming_day:
            due_dates.append(("report_soon", upcoming_day))
        for kind, due in due_dates:
            for participant in task.participants.all():
                if (participant.pk, due) in filed:
                    continue
                key = f"task:{task.pk}:{kind}:{participant.organization_id}:{due.isoformat()}"
                for person in recipients.for_participant(participant):
                    messages.append(
                        Message(
                            person,
                            key,
                            kind,
                            _title(kind, task, due),
                            participant.organization.name,
                            task.get_absolute_url(),
                        )
                    )
    return messages


def _digest_line(report: ProgressReport) -> str:
    return _("• %(title)s — %(org)s: %(progress)s%% (%(status)s)") % {
        "title": report.task.title[:150],
        "org": report.participant.organization.name,
        "progress": report.progress,
        "status": report.get_status_display(),
    }


def digest_messages(today: datetime.date) -> list[Message]:
    """One message per person who assigned tasks, listing yesterday's progress reports on them
    (a digest, not one message per report: a busy plan gets dozens a day)."""
    yesterday = today - datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time.min))
    reports = (
        ProgressReport.objects.filter(
            reported_at__gte=start,
            reported_at__lt=start + datetime.timedelta(days=1),
            task__created_by__is_active=True,
        )
        .exclude(reported_by=F("task__created_by"))  # not one's own reports
        .select_related("task__created_by", "participant__organization")
        .order_by("task__created_by_id", "task_id", "reported_at")
    )
    by_person: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_person[report.task.created_by_id].append(report)
    messages = []
    for filed in by_person.values():
        tasks = {r.task_id: r.task for r in filed}
        only_task = next(iter(tasks.values())) if len(tasks) == 1 else None
        messages.append(
            Message(
                filed[0].task.created_by,
                f"progress-digest:{yesterday.isoformat()}",
                "digest",
                ngettext(
                    "Báo cáo tiến độ ngày %(date)s: %(count)s báo cáo",
                    "Báo cáo tiến độ ngày %(date)s: %(count)s báo cáo",
                    len(filed),
                )
                % {"date": _date(yesterday), "count": len(filed)},
                "\n".join(_digest_line(r) for r in filed),
                only_task.get_absolute_url() if only_task else reverse("plans:task_list"),
            )
        )
    return messages


def send_reminders(
    today: datetime.date | None = None, *, email: bool | None = None
) -> dict[str, int]:
    """Run every reminder for `today`; returns how many notifications of each kind were new.
    `email=False` keeps them in-app only (the demo does that)."""
    today = today or timezone.localdate()
    config = ReminderSettings.from_settings()
    if email is not None:
        config = dataclasses.replace(config, email=email)
    messages = (
        deadline_messages(today, config) + report_messages(today, config) + digest_messages(today)
    )
    return dict(deliver(messages, email=config.email))
