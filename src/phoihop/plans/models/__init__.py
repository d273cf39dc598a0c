"""Coordination programmes, annual plans, tasks and their participants.

A programme (*chương trình / quy chế phối hợp*) is signed by one organisation with one or more
counterparts for a period of years. Annual plans (*kế hoạch*) turn it into tasks; each task has one
lead organisation (*chủ trì*) and any number of co-operating ones (*phối hợp*), each reporting its
own progress.

A task's status is never typed in: it is one of the government's four buckets, computed from
`completed_on` and `effective_deadline` relative to today (see `bucket_q` and
docs/architecture.md, "Task buckets"). Both columns are stored and indexed, so a list filtered by
bucket stays fast with hundreds of thousands of tasks.
"""

from .buckets import (
    BUCKET_FILTER_LABELS,
    BUCKET_FILTERS,
    BUCKET_STYLES,
    DONE,
    DUE_SOON,
    OPEN,
    Bucket,
    bucket_of,
    bucket_q,
    due_soon_days,
)
from .calendar import CalendarFeed
from .programmes import Plan, PlanQuerySet, Programme, ProgrammeQuerySet
from .tasks import (
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskAttachment,
    TaskComment,
    TaskParticipant,
    TaskQuerySet,
)

__all__ = [
    "BUCKET_FILTERS",
    "BUCKET_FILTER_LABELS",
    "BUCKET_STYLES",
    "DONE",
    "DUE_SOON",
    "OPEN",
    "Bucket",
    "CalendarFeed",
    "ExtensionRequest",
    "Plan",
    "PlanQuerySet",
    "Programme",
    "ProgrammeQuerySet",
    "ProgressReport",
    "Task",
    "TaskAttachment",
    "TaskComment",
    "TaskParticipant",
    "TaskQuerySet",
    "bucket_of",
    "bucket_q",
    "due_soon_days",
]
