"""The review calendar: milestones, completion and reminders."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, uploads
from phoihop.core.audit import Action
from phoihop.core.models import Notification
from phoihop.org.models import Membership, Organization

from .. import permissions
from ..models import Document, ReviewMilestone, add_years
from ._common import _deny_unless, _Errors
from .documents import check_relations

REVIEW_FIELDS = ("kind", "years_after", "due_on", "title", "responsible")


def validate_review(review: ReviewMilestone) -> None:
    """A due date is given, or computed from the document's date plus `years_after`."""
    errors = _Errors()
    review.title = (review.title or "").strip()
    if review.kind not in ReviewMilestone.Kind.values:
        errors.add("kind", _("Loại mốc không hợp lệ."))
    if review.years_after is not None and not 1 <= review.years_after <= 50:
        errors.add("years_after", _("Số năm thực hiện phải từ 1 đến 50."))
    elif review.due_on is None and review.years_after:
        review.due_on = add_years(review.document.issued_on, review.years_after)
    if review.due_on is None and "years_after" not in errors:
        errors.add("due_on", _("Hãy nhập ngày đến hạn hoặc số năm thực hiện."))
    elif review.due_on and review.due_on < review.document.issued_on:
        errors.add(
            "due_on",
            _("Ngày đến hạn phải sau ngày ban hành văn bản (%(date)s).")
            % {"date": f"{review.document.issued_on:%d/%m/%Y}"},
        )
    if review.responsible_id is None:
        errors.add("responsible", _("Hãy chọn đơn vị chịu trách nhiệm."))
    errors.raise_if_any()


def _review_snapshot(review: ReviewMilestone) -> dict[str, Any]:
    fields = [name for name in ReviewMilestone.AUDITED_FIELDS if name != "report_file"]
    values = audit.snapshot(review, fields)
    values["report_file"] = (
        (review.report_file_name or review.report_file.name) if review.report_file else ""
    )
    return values


@transaction.atomic
def create_review(
    *,
    document: Document,
    by,
    kind: str,
    responsible: Organization,
    due_on: datetime.date | None = None,
    years_after: int | None = None,
    title: str = "",
) -> ReviewMilestone:
    _deny_unless(
        responsible is not None
        and permissions.can_manage_reviews(by, responsible)
        and permissions.can_view_document(by, document)
    )
    review = ReviewMilestone(
        document=document,
        kind=kind,
        responsible=responsible,
        due_on=due_on,
        years_after=years_after,
        title=title,
        created_by=by,
    )
    validate_review(review)
    review.save()
    after = _review_snapshot(review)
    audit.record(
        action=Action.CREATE,
        obj=review,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=responsible,
    )
    return review


@transaction.atomic
def update_review(*, review: ReviewMilestone, by, **attrs: Any) -> ReviewMilestone:
    """Change a milestone. Without an explicit `due_on`, a new `years_after` recomputes it."""
    unknown = set(attrs) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Unknown review attributes: {sorted(unknown)}")
    review = (
        ReviewMilestone.objects.select_for_update()
        .select_related("document", "responsible")
        .get(pk=review.pk)
    )
    _deny_unless(permissions.can_manage_reviews(by, review.responsible))
    if "responsible" in attrs and attrs["responsible"] != review.responsible:
        _deny_unless(
            attrs["responsible"] is not None
            and permissions.can_manage_reviews(by, attrs["responsible"])
        )
    before = _review_snapshot(review)
    if "years_after" in attrs and "due_on" not in attrs:
        attrs["due_on"] = None
    for name, value in attrs.items():
        setattr(review, name, value)
    validate_review(review)
    review.save()
    changes = audit.diff(before, _review_snapshot(review))
    if changes:
        audit.record(
            action=Action.UPDATE,
            obj=review,
            by=by,
            changes=changes,
            organization=review.responsible,
        )
    return review


@transaction.atomic
def complete_review(
    *,
    review: ReviewMilestone,
    by,
    done_on: datetime.date,
    report_file=None,
    report_document: Document | None = None,
    report_note: str = "",
) -> ReviewMilestone:
    """Mark the review done and attach its report (a file, a registry document, or both)."""
    review = (
        ReviewMilestone.objects.select_for_update()
        .select_related("document", "responsible")
        .get(pk=review.pk)
    )
    _deny_unless(permissions.can_manage_reviews(by, review.responsible))
    if report_document is not None:
        check_relations(by, [report_document])
    errors = _Errors()
    if done_on is None:
        errors.add("done_on", _("Hãy nhập ngày hoàn thành."))
    elif done_on > timezone.localdate():
        errors.add("done_on", _("Ngày hoàn thành không được sau ngày hôm nay."))
    elif done_on < review.document.issued_on:
        errors.add("done_on", _("Ngày hoàn thành phải sau ngày ban hành văn bản."))
    errors.raise_if_any()
    before = _review_snapshot(review)
    review.done_on = done_on
    if report_file:
        uploads.attach(review, "report_file", report_file)
    if report_document is not None:
        review.report_document = report_document
    review.report_note = (report_note or "").strip()
    review.save()
    audit.record(
        action=Action.UPDATE,
        obj=review,
        by=by,
        changes=audit.diff(before, _review_snapshot(review)),
        organization=review.responsible,
        message=_("Hoàn thành sơ kết/tổng kết"),
    )
    return review


# Reminders: a month ahead, a week ahead, and once when overdue (for a year at most, so an
# imported history of old milestones does not flood anyone).
REMIND_DAYS = (30, 7)
OVERDUE_REMINDER_DAYS = 365
REMINDER_ROLES = (
    Membership.Role.ORG_ADMIN,
    Membership.Role.LEADER,
    Membership.Role.SPECIALIST,
    Membership.Role.FOCAL_POINT,
)


def reminder_stage(review: ReviewMilestone, today: datetime.date) -> str | None:
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


def _reminder_text(review: ReviewMilestone, stage: str, today: datetime.date) -> tuple[str, str]:
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
    return title[:300], body


def reminder_key(review: ReviewMilestone, stage: str) -> str:
    # The due date is part of the key: a rescheduled milestone is reminded again.
    return f"directives.review:{review.pk}:{review.due_on:%Y%m%d}:{stage}"


@transaction.atomic
def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Notify the responsible organisations' people about milestones due soon or overdue.

    Idempotent: each (person, milestone, due date, stage) is notified once, through the
    notification key; running twice sends nothing twice. Returns how many were sent.
    """
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMIND_DAYS))
    reviews = [
        review
        for review in ReviewMilestone.objects.open()
        .filter(due_on__lte=horizon)
        .select_related("document__type", "responsible")
        if reminder_stage(review, today)
    ]
    if not reviews:
        return 0
    people: dict[int, list[int]] = defaultdict(list)
    for organization_id, user_id in Membership.objects.filter(
        organization__in={review.responsible_id for review in reviews},
        role__in=REMINDER_ROLES,
        user__is_active=True,
    ).values_list("organization_id", "user_id"):
        people[organization_id].append(user_id)
    wanted = []
    for review in reviews:
        stage = reminder_stage(review, today)
        title, body = _reminder_text(review, stage, today)
        key = reminder_key(review, stage)
        url = review.get_absolute_url()
        wanted += [(user_id, key, title, body, url) for user_id in people[review.responsible_id]]
    sent = set(
        Notification.objects.filter(
            key__in={key for _u, key, *_rest in wanted},
            recipient_id__in={user_id for user_id, *_rest in wanted},
        ).values_list("recipient_id", "key")
    )
    new = [
        Notification(recipient_id=user_id, key=key, title=title, body=body, url=url)
        for user_id, key, title, body, url in wanted
        if (user_id, key) not in sent
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
