"""More time to answer: requested with a reason by whoever may answer, decided by the
receiving department's leaders."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.services import Errors, deny_unless

from .. import permissions
from ..models import Case, CaseExtension
from .common import record_change, snapshot


@transaction.atomic
def request_extension(
    *, case: Case, by, requested_deadline: datetime.date, reason: str
) -> CaseExtension:
    deny_unless(permissions.can_request_extension(by, case))
    errors = Errors()
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", _("Hãy ghi rõ lý do đề nghị gia hạn."))
    if requested_deadline is None or requested_deadline <= case.effective_deadline:
        errors.add("requested_deadline", _("Hạn đề nghị phải sau hạn hiện hành."))
    elif requested_deadline > settings.DATE_MAX:
        errors.add("requested_deadline", _("Hạn đề nghị không hợp lệ."))
    if case.extensions.filter(status=CaseExtension.Status.PENDING).exists():
        errors.add("requested_deadline", _("Đã có một đề nghị gia hạn đang chờ xem xét."))
    errors.raise_if_any()
    extension = CaseExtension.objects.create(
        case=case,
        current_deadline=case.effective_deadline,
        requested_deadline=requested_deadline,
        reason=reason,
        requested_by=by,
    )
    record_change(
        case,
        by=by,
        before=snapshot(case),
        message=_("Đề nghị gia hạn trả lời đến %(date)s: %(reason)s")
        % {"date": requested_deadline.strftime("%d/%m/%Y"), "reason": reason},
    )
    return extension


@transaction.atomic
def decide_extension(
    *, extension: CaseExtension, by, approve: bool, reason: str = ""
) -> CaseExtension:
    case = extension.case
    deny_unless(
        extension.status == CaseExtension.Status.PENDING
        and permissions.can_decide_extension(by, case)
    )
    reason = (reason or "").strip()
    if not approve and not reason:
        Errors({"reason": [_("Hãy ghi lý do không chấp thuận.")]}).raise_if_any()
    before = snapshot(case)
    extension.status = CaseExtension.Status.APPROVED if approve else CaseExtension.Status.REJECTED
    extension.decided_by = by
    extension.decided_at = timezone.now()
    extension.decision_reason = reason
    extension.save()
    if approve:
        case.extended_deadline = extension.requested_deadline
        case.save()
    record_change(
        case,
        by=by,
        before=before,
        message=(
            _("Chấp thuận gia hạn trả lời") if approve else _("Không chấp thuận gia hạn trả lời")
        )
        + (f": {reason}" if reason else ""),
    )
    return extension
