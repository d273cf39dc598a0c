"""A user's private iCalendar (RFC 5545) feed of task deadlines, recurring progress reports and
every review (sơ kết, tổng kết) the user may see, for phones and mail clients to subscribe to."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from phoihop.org.models import Organization
from phoihop.reviews.models import Review

from .models import Task, TaskParticipant

FEED_LIMIT = 1000
DONE_LOOKBACK_DAYS = 90

# Entries higher apps add to a user's feed (events' conferences, …), registered in their
# AppConfig.ready(), so plans never imports them: provider(user) -> iCalendar events.
_providers: dict[str, Callable[..., Iterable[Event]]] = {}


def register_entries(name: str, provider: Callable[..., Iterable[Event]]) -> None:
    """Keyed by name, so registering again (tests reload apps) replaces rather than doubles."""
    _providers[name] = provider


def _organizations(user):
    """The user's own organisations (not their whole subtree: a feed is personal)."""
    return Organization.objects.filter(memberships__user=user).values("pk")


def feed_tasks(user):
    """Open tasks (and those finished recently) where the user is a focal point, or whose
    participant or issuing organisation is one of the user's own."""
    since = timezone.localdate() - datetime.timedelta(days=DONE_LOOKBACK_DAYS)
    mine = _organizations(user)
    involved = TaskParticipant.objects.filter(
        Q(focal_person=user) | Q(organization__in=mine)
    ).values("task_id")
    return (
        Task.objects.visible_to(user)
        .filter(Q(pk__in=involved) | Q(issuing_organization__in=mine))
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=since))
        .select_related("lead_organization", "plan")
        .order_by("effective_deadline", "id")[:FEED_LIMIT]
    )


def feed_reviews(user):
    """Every review the user may see (programmes' and directives'): open ones, and those of the
    last year."""
    since = timezone.localdate() - datetime.timedelta(days=365)
    return (
        Review.objects.visible_to(user)
        .filter(Q(done_on__isnull=True) | Q(due_on__gte=since))
        .for_list()
        .order_by("due_on", "id")[:FEED_LIMIT]
    )


def _uid(uid: str) -> str:
    return f"{uid}@{settings.SITE_URL.split('://')[-1].split('/')[0]}"


def timed(
    uid: str,
    start: datetime.datetime,
    end: datetime.datetime,
    summary: str,
    url: str,
    description: str = "",
    location: str = "",
) -> Event:
    """An entry with a time of day (a conference), for providers registered above."""
    event = Event()
    event.add("uid", _uid(uid))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary[:250])
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("url", f"{settings.SITE_URL}{url}")
    return event


def _all_day(uid: str, day: datetime.date, summary: str, url: str, description: str) -> Event:
    event = Event()
    event.add("uid", _uid(uid))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", f"{settings.SITE_URL}{url}")
    event.add("transp", "TRANSPARENT")
    return event


def _task_events(task: Task) -> list[Event]:
    url = task.get_absolute_url()
    prefix = "✓ " if task.completed_on else ""
    events = [
        _all_day(
            f"task-{task.pk}",
            task.effective_deadline,
            f"{prefix}Hạn: {task.title}"[:250],
            url,
            f"Chủ trì: {task.lead_organization.name}\nKế hoạch: {task.plan.title}",
        )
    ]
    if task.report_frequency != Task.Frequency.NONE and task.report_day and not task.completed_on:
        first = _first_report_day(task)
        if first is not None and first <= task.effective_deadline:
            event = _all_day(
                f"task-{task.pk}-reports",
                first,
                f"Báo cáo tiến độ: {task.title}"[:250],
                url,
                f"Chủ trì: {task.lead_organization.name}",
            )
            interval = 3 if task.report_frequency == Task.Frequency.QUARTERLY else 1
            event.add(
                "rrule",
                vRecur(
                    freq="MONTHLY",
                    interval=interval,
                    bymonthday=min(task.report_day, 28),
                    until=task.effective_deadline,
                ),
            )
            events.append(event)
    return events


def _first_report_day(task: Task) -> datetime.date | None:
    from .schedule import next_due

    return next_due(task, timezone.localdate())


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//phoihop//Lich han nhiem vu//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def build_calendar(user) -> bytes:
    calendar = _calendar(f"phoihop – {user.get_full_name()}")
    for task in feed_tasks(user):
        for event in _task_events(task):
            calendar.add_component(event)
    _add_reviews(calendar, user)
    for provider in _providers.values():
        for event in provider(user):
            calendar.add_component(event)
    return calendar.to_ical()


def build_review_calendar(user) -> bytes:
    """The review calendar (/reviews/) as a feed: every review the user may see, the
    directives' and the programmes' sơ kết and tổng kết, with nothing else."""
    calendar = _calendar(f"phoihop – Lịch sơ kết, tổng kết – {user.get_full_name()}")
    _add_reviews(calendar, user)
    return calendar.to_ical()


def _add_reviews(calendar: Calendar, user) -> None:
    for review in feed_reviews(user):
        prefix = "✓ " if review.done_on else ""
        calendar.add_component(
            _all_day(
                f"review-{review.pk}",
                review.due_on,
                f"{prefix}{review.label}: {review.subject_label}"[:250],
                review.get_absolute_url(),
                review.subject_label,
            )
        )
