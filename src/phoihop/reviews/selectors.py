"""Reads of reviews: the review calendar and the dashboard's upcoming reviews."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from . import kinds
from .models import Review


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date


WINDOW_PRESETS = {
    "30": 30,
    "90": 90,
    "365": 365,
    "1095": 3 * 365,
}


def review_window(preset: str, today: datetime.date) -> Window:
    """From today to `preset` days ahead (overdue reviews are always listed too)."""
    days = WINDOW_PRESETS.get(preset, 365)
    return Window(today, today + datetime.timedelta(days=days))


@dataclass
class Calendar:
    overdue: list = field(default_factory=list)
    soon: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    done: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.soon) + len(self.upcoming) + len(self.done)

    @property
    def in_date_order(self) -> list[Review]:
        reviews = self.overdue + self.soon + self.upcoming + self.done
        return sorted(reviews, key=lambda review: (review.due_on, review.pk))


def calendar_reviews(
    user,
    *,
    window: Window,
    today: datetime.date,
    responsible: int | None = None,
    kind: str = "",
    subject: str = "",
    include_done: bool = False,
    visible: QuerySet | None = None,
) -> QuerySet:
    """Reviews due in the window, plus open overdue ones, in date order. `subject` is a
    reviewable kind's key ("directives.document", "plans.programme") to list only those.
    `visible`: `Review.objects.visible_to(user)` when the caller has built it already."""
    if visible is None:
        visible = Review.objects.visible_to(user)
    reviews = visible.for_list()
    in_window = Q(due_on__gte=window.start, due_on__lte=window.end)
    overdue = Q(done_on__isnull=True, due_on__lt=today)
    reviews = reviews.filter(in_window | overdue)
    if not include_done:
        reviews = reviews.filter(done_on__isnull=True)
    if responsible:
        reviews = reviews.filter(responsible_id=responsible)
    if kind:
        reviews = reviews.filter(kind=kind)
    reviewable = kinds.by_key(subject) if subject else None
    if reviewable is not None:
        reviews = reviews.of_kind(reviewable.model)
    return reviews.order_by("due_on", "id")


def by_state(reviews, today: datetime.date) -> Calendar:
    """`reviews` split into overdue, due soon, upcoming and done, each with its `state`."""
    calendar = Calendar()
    for review in reviews:
        review.state = review.state_on(today)
        getattr(calendar, review.state).append(review)
    return calendar


def review_calendar(user, *, today: datetime.date, limit: int = 300, **filters) -> Calendar:
    """The first `limit` reviews of `calendar_reviews`, split by state (for the API)."""
    return by_state(calendar_reviews(user, today=today, **filters)[:limit], today)


def upcoming_reviews(user, today: datetime.date, limit: int = 8) -> list[Review]:
    """Open reviews of every kind the user may see, from a month overdue onwards."""
    return list(
        Review.objects.visible_to(user)
        .open()
        .filter(due_on__gte=today - datetime.timedelta(days=30))
        .for_list()
        .order_by("due_on", "id")[:limit]
    )
