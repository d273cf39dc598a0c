"""The four government status buckets of a task, computed from stored columns."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def due_soon_days() -> int:
    """How many days ahead an open task counts as "due soon" (setting PLANS_DUE_SOON_DAYS)."""
    return int(getattr(settings, "PLANS_DUE_SOON_DAYS", 7))


class Bucket(models.TextChoices):
    """The government's four status buckets for a task."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_ON_TRACK = "open_on_track", _("Đang thực hiện trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Quá hạn chưa hoàn thành")


# Filters that are not buckets but read the same columns.
DUE_SOON = "due_soon"
OPEN = "open"
DONE = "done"
BUCKET_FILTERS = [*Bucket.values, DUE_SOON, OPEN, DONE]
BUCKET_FILTER_LABELS = {
    **dict(Bucket.choices),
    DUE_SOON: _("Sắp đến hạn"),
    OPEN: _("Chưa hoàn thành"),
    DONE: _("Đã hoàn thành"),
}
BUCKET_STYLES = {
    Bucket.DONE_ON_TIME: "success",
    Bucket.DONE_LATE: "warning",
    Bucket.OPEN_ON_TRACK: "primary",
    Bucket.OPEN_OVERDUE: "danger",
    DUE_SOON: "info",
}


def bucket_q(bucket: str, today: datetime.date | None = None) -> Q:
    """The bucket (or due_soon/open/done) as a condition on indexed columns."""
    today = today or timezone.localdate()
    is_open = Q(completed_on__isnull=True)
    is_done = Q(completed_on__isnull=False)
    conditions = {
        Bucket.DONE_ON_TIME: is_done & Q(completed_on__lte=F("effective_deadline")),
        Bucket.DONE_LATE: is_done & Q(completed_on__gt=F("effective_deadline")),
        Bucket.OPEN_ON_TRACK: is_open & Q(effective_deadline__gte=today),
        Bucket.OPEN_OVERDUE: is_open & Q(effective_deadline__lt=today),
        DUE_SOON: is_open
        & Q(
            effective_deadline__gte=today,
            effective_deadline__lte=today + datetime.timedelta(days=due_soon_days()),
        ),
        OPEN: is_open,
        DONE: is_done,
    }
    if bucket not in conditions:
        raise ValueError(f"Unknown bucket {bucket!r}")
    return conditions[bucket]


def bucket_of(
    completed_on: datetime.date | None,
    effective_deadline: datetime.date,
    today: datetime.date | None = None,
) -> str:
    """The same rule as `bucket_q`, for one object already in memory."""
    today = today or timezone.localdate()
    if completed_on is not None:
        return Bucket.DONE_ON_TIME if completed_on <= effective_deadline else Bucket.DONE_LATE
    return Bucket.OPEN_ON_TRACK if effective_deadline >= today else Bucket.OPEN_OVERDUE
