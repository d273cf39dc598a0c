"""Writes for programmes, plans, tasks and participants.

Each function checks permission first, then invariants (raising ValidationError with Vietnamese
field messages), writes inside one transaction, leaves one audit entry and refreshes the search
index. Views, the API, imports and jobs only call these.
"""

from phoihop.core.services import Errors

from .archive import archive_plan, archive_programme, restore_plan, restore_programme
from .common import fields_by_key, record_citations
from .programmes import (
    PLAN_FIELDS,
    PROGRAMME_FIELDS,
    add_milestone,
    create_plan,
    create_programme,
    programme_starts_on,
    review_dates,
    update_plan,
    update_programme,
)
from .tasks import (
    TASK_FIELDS,
    ParticipantSpec,
    build_task,
    check_new_task,
    create_task,
    notify_assigned,
    recipients_for,
    save_new_task,
    update_task,
    validate_participants,
)
from .workflow import (
    add_attachment,
    add_comment,
    calendar_feed_for,
    calendar_url_for,
    confirm_completion,
    decide_extension,
    reopen_task,
    report_progress,
    request_extension,
    rotate_calendar_token,
    set_focal_person,
    unreported_co_agencies,
)

__all__ = [
    "PLAN_FIELDS",
    "PROGRAMME_FIELDS",
    "TASK_FIELDS",
    "Errors",
    "ParticipantSpec",
    "add_attachment",
    "add_comment",
    "add_milestone",
    "archive_plan",
    "archive_programme",
    "build_task",
    "calendar_feed_for",
    "calendar_url_for",
    "check_new_task",
    "confirm_completion",
    "create_plan",
    "create_programme",
    "create_task",
    "decide_extension",
    "fields_by_key",
    "notify_assigned",
    "programme_starts_on",
    "recipients_for",
    "record_citations",
    "reopen_task",
    "report_progress",
    "request_extension",
    "restore_plan",
    "restore_programme",
    "review_dates",
    "rotate_calendar_token",
    "save_new_task",
    "set_focal_person",
    "unreported_co_agencies",
    "update_plan",
    "update_programme",
    "update_task",
    "validate_participants",
]
