"""The daily review reminders: a month ahead, a week ahead, and once when overdue (for a year at
most, so an imported history of old reviews does not flood anyone), to the people of the
responsible organisation.

Every notification carries a key naming the event (review, due date, stage), so running the job
twice, or from two workers, sends nothing twice; a rescheduled review is reminded again.
"""

import datetime
from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.notifications import Message, deliver
from phoihop.org.models import Membership

from .models import Review

REMIND_DAYS = (30, 7)
OVERDUE_REMINDER_DAYS = 365
REMINDER_ROLES = (
    Membership.Role.ORG_ADMIN,
    Membership.Role.LEADER,
    Membership.Role.SPECIALIST,
    Membership.Role.FOCAL_POINT,
)


def reminder_stage(review: Review, today: datetime.date) -> str | None:
    """ "30d", "7d", "overdue" or None (nothing to say today)."""
    if review.done_on:
        return None
    days = (review.due_on - today).days
    if days < 0:
        return "overdue" if -days <= OVERDUE_REMINDER_DAYS else None
    for limit in sorted(REMIND_DAYS):
        if days <= limit:
            return f"{limit}d"
    return None


def _text(review: Review, stage: str, today: datetime.date) -> tuple[str, str]:
    kind = review.get_kind_display().lower()
    due = f"{review.due_on:%d/%m/%Y}"
    if stage == "overdue":
        title = _("Quá hạn %(kind)s: %(label)s") % {"kind": kind, "label": review.label}
        body = _("Đến hạn ngày %(due)s, đã quá %(days)s ngày.") % {
            "due": due,
            "days": (today - review.due_on).days,
        }
    else:
        title = _("Sắp đến hạn %(kind)s: %(label)s") % {"kind": kind, "label": review.label}
        body = _("Đến hạn ngày %(due)s, còn %(days)s ngày.") % {
            "due": due,
            "days": (review.due_on - today).days,
        }
    body += " " + _("Đơn vị chịu trách nhiệm: %(org)s.") % {"org": review.responsible.name}
    return title, body


def reminder_key(review: Review, stage: str) -> str:
    # The due date is part of the key: a rescheduled review is reminded again.
    return f"review:{review.pk}:{review.due_on:%Y%m%d}:{stage}"


def review_messages(today: datetime.date) -> list[Message]:
    horizon = today + datetime.timedelta(days=max(REMIND_DAYS))
    staged = [
        (review, stage)
        for review in Review.objects.open().filter(due_on__lte=horizon).for_list()
        if (stage := reminder_stage(review, today))
    ]
    people: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(
        organization__in={review.responsible_id for review, _stage in staged},
        role__in=REMINDER_ROLES,
        user__is_active=True,
    ).select_related("user")
    for membership in memberships:
        if membership.user not in people[membership.organization_id]:
            people[membership.organization_id].append(membership.user)
    messages = []
    for review, stage in staged:
        title, body = _text(review, stage, today)
        key = reminder_key(review, stage)
        url = review.get_absolute_url()
        for person in people[review.responsible_id]:
            messages.append(Message(person, key, stage, title, body, url))
    return messages


def send_reminders(
    today: datetime.date | None = None, *, email: bool | None = None
) -> dict[str, int]:
    """Run the review reminders for `today`; returns how many notifications of each stage were
    new. In-app only unless `email` is true."""
    today = today or timezone.localdate()
    sent: Counter = deliver(review_messages(today), email=bool(email))
    return dict(sent)
