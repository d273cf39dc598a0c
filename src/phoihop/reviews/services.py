"""Writes for reviews: create, change, complete. Every function checks the subject kind's
permission first, validates with Vietnamese messages, writes inside one transaction and leaves
one audit entry on the review (ADR 0007)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit, uploads
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless
from phoihop.org.models import Organization

from . import kinds
from .models import Review, add_years

REVIEW_FIELDS = ("kind", "years_after", "due_on", "title", "responsible")


def _start_text(starts_on: datetime.date, start_name: str) -> dict[str, str]:
    return {"start": start_name or _("ngày bắt đầu"), "date": f"{starts_on:%d/%m/%Y}"}


def order_errors(
    *,
    starts_on: datetime.date,
    preliminary: list[datetime.date],
    final: list[datetime.date],
    start_name: str = "",
) -> dict[str, str]:
    """The date rules of a subject's reviews: none before the subject starts, and a final
    review not before a preliminary one. Returns {"preliminary"|"final": message}."""
    errors = {}
    start = _start_text(starts_on, start_name)
    if any(day < starts_on for day in preliminary):
        errors["preliminary"] = _("Hạn sơ kết phải từ %(start)s (%(date)s) trở đi.") % start
    if any(day < starts_on for day in final):
        errors["final"] = _("Hạn tổng kết phải từ %(start)s (%(date)s) trở đi.") % start
    elif preliminary and final and min(final) < max(preliminary):
        errors["final"] = _("Hạn tổng kết phải sau hạn sơ kết (%(date)s).") % {
            "date": f"{max(preliminary):%d/%m/%Y}"
        }
    return errors


def validate_review(review: Review) -> None:
    """A due date is given, or computed from the subject's start plus `years_after`; it lies
    after the start, and (for kinds that ask it, programmes) a final review comes after the
    preliminary ones of the same subject and organisation."""
    errors: dict[str, list[str]] = {}
    review.title = (review.title or "").strip()
    kind = kinds.kind_of(review.subject)
    starts_on = kind.starts_on(review.subject)
    if review.kind not in Review.Kind.values:
        errors.setdefault("kind", []).append(_("Loại mốc không hợp lệ."))
    if review.years_after is not None and not 1 <= review.years_after <= 50:
        errors.setdefault("years_after", []).append(_("Số năm thực hiện phải từ 1 đến 50."))
    elif review.due_on is None and review.years_after:
        review.due_on = add_years(starts_on, review.years_after)
    if review.due_on is None and "years_after" not in errors:
        errors.setdefault("due_on", []).append(_("Hãy nhập ngày đến hạn hoặc số năm thực hiện."))
    if review.responsible_id is None:
        errors.setdefault("responsible", []).append(_("Hãy chọn đơn vị chịu trách nhiệm."))
    if review.due_on and not errors:
        errors.update(_date_errors(review, kind, starts_on))
    if errors:
        raise ValidationError(errors)


def _date_errors(
    review: Review, kind: kinds.ReviewableKind, starts_on: datetime.date
) -> dict[str, list[str]]:
    start_name = kind.start_name
    if review.kind == Review.Kind.OTHER or not kind.final_after_preliminary:
        if review.due_on >= starts_on:
            return {}
        message = _("Ngày đến hạn phải từ %(start)s (%(date)s) trở đi.")
        return {"due_on": [message % _start_text(starts_on, start_name)]}
    dates: dict[str, list[datetime.date]] = {"preliminary": [], "final": []}
    siblings = (
        Review.objects.of(review.subject)
        .filter(responsible_id=review.responsible_id, kind__in=dates)
        .exclude(pk=review.pk)
        .values_list("kind", "due_on")
    )
    for kind_name, due_on in [*siblings, (review.kind, review.due_on)]:
        dates[kind_name].append(due_on)
    found = order_errors(starts_on=starts_on, start_name=start_name, **dates)
    if review.kind in found:
        return {"due_on": [found[review.kind]]}
    if found:  # a preliminary review after an existing final one
        return {
            "due_on": [
                _("Hạn sơ kết phải trước hạn tổng kết (%(date)s).")
                % {"date": f"{min(dates['final']):%d/%m/%Y}"}
            ]
        }
    return {}


def _snapshot(review: Review) -> dict[str, Any]:
    values = audit.snapshot(review, [f for f in Review.AUDITED_FIELDS if f != "report_file"])
    values["report_file"] = (
        (review.report_file_name or review.report_file.name) if review.report_file else ""
    )
    return values


@transaction.atomic
def create_review(
    *,
    subject: models.Model,
    by,
    kind: str,
    responsible: Organization,
    due_on: datetime.date | None = None,
    years_after: int | None = None,
    title: str = "",
) -> Review:
    review = Review(
        subject=subject,
        kind=kind,
        responsible=responsible,
        due_on=due_on,
        years_after=years_after,
        title=title,
        created_by=by,
    )
    deny_unless(responsible is not None and kinds.kind_of(subject).can_manage(by, review))
    validate_review(review)
    review.save()
    after = _snapshot(review)
    audit.record(
        action=Action.CREATE,
        obj=review,
        by=by,
        changes=audit.diff({}, {k: v for k, v in after.items() if v not in (None, "", [])}),
        organization=responsible,
    )
    return review


@transaction.atomic
def update_review(*, review: Review, by, **attrs: Any) -> Review:
    """Change a review. Without an explicit `due_on`, a new `years_after` recomputes it."""
    unknown = set(attrs) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Unknown review attributes: {sorted(unknown)}")
    review = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    manage = review.reviewable.can_manage
    deny_unless(manage(by, review))
    before = _snapshot(review)
    if "years_after" in attrs and "due_on" not in attrs:
        attrs["due_on"] = None
    for name, value in attrs.items():
        setattr(review, name, value)
    # The new responsible organisation must be one `by` manages too.
    deny_unless(review.responsible_id is not None and manage(by, review))
    validate_review(review)
    review.save()
    changes = audit.diff(before, _snapshot(review))
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
    review: Review,
    by,
    done_on: datetime.date | None,
    report_file=None,
    report_note: str | None = None,
    extra_changes: dict[str, list] | None = None,
) -> Review:
    """Mark the review done and attach its report. `extra_changes` lets the subject's app add
    what it stored with the completion (a registry document as the report) to the one audit
    entry."""
    review = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
    reviewable = review.reviewable
    deny_unless(reviewable.can_manage(by, review))
    starts_on = reviewable.starts_on(review.subject)
    errors = {}
    if done_on is None:
        errors["done_on"] = [_("Hãy nhập ngày hoàn thành.")]
    elif done_on > timezone.localdate():
        errors["done_on"] = [_("Ngày hoàn thành không được sau ngày hôm nay.")]
    elif done_on < starts_on:
        errors["done_on"] = [
            _("Ngày hoàn thành phải từ %(start)s (%(date)s) trở đi.")
            % _start_text(starts_on, reviewable.start_name)
        ]
    if errors:
        raise ValidationError(errors)
    before = _snapshot(review)
    review.done_on = done_on
    if report_file:
        uploads.attach(review, "report_file", report_file)
    if report_note is not None:
        review.report_note = report_note.strip()
    review.save()
    audit.record(
        action=Action.UPDATE,
        obj=review,
        by=by,
        changes={**audit.diff(before, _snapshot(review)), **(extra_changes or {})},
        organization=review.responsible,
        message=_("Hoàn thành sơ kết/tổng kết"),
    )
    return review
