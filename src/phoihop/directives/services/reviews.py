"""A directive's reviews: completing one may name a registry document as its report. Creating,
changing and completing reviews is otherwise `phoihop.reviews.services`, for every subject."""

import datetime

from django.db import transaction

from phoihop.core.services import deny_unless
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from .. import permissions
from ..models import Document, ReviewReport
from .documents import check_relations


@transaction.atomic
def complete_review(
    *,
    review: Review,
    by,
    done_on: datetime.date | None,
    report_file=None,
    report_document: Document | None = None,
    report_note: str = "",
) -> Review:
    """Mark a directive's review done with its report: a file, a registry document, or both."""
    deny_unless(permissions.can_manage_reviews(by, review.responsible))
    extra = {}
    if report_document is not None:
        check_relations(by, [report_document])
        before = ReviewReport.objects.filter(review=review).select_related("document").first()
        if before is None or before.document_id != report_document.pk:
            ReviewReport.objects.update_or_create(
                review=review, defaults={"document": report_document}
            )
            extra["report_document"] = [str(before) if before else None, str(report_document)]
    return reviews.complete_review(
        review=review,
        by=by,
        done_on=done_on,
        report_file=report_file,
        report_note=report_note,
        extra_changes=extra,
    )
