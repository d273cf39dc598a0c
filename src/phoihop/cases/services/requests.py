"""A person's requests about their own data (Law 91/2025/QH15): recorded by staff, answered
within 72 hours. Access is answered by the staff (who read the details through read_contact,
audited); a correction rewrites the contact fields; a deletion erases them with the retention
run's own helper (retention._anonymise), keeping the item, the case and every count. Audit
entries name the fields touched, never their values."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless

from .. import permissions, retention
from ..models import Citizen, DataRequest, Item
from .intake import CLOCK_SKEW
from .people import CitizenDetails, check_citizen


def _record(
    request: DataRequest, *, by, before: dict, action=Action.UPDATE, message="", extra=None
):
    changes = audit.diff(before, audit.snapshot(request, DataRequest.AUDITED_FIELDS))
    audit.record(
        action=action,
        obj=request,
        by=by,
        changes={**changes, **(extra or {})},
        organization=request.case.department,
        message=message,
    )


@transaction.atomic
def record_data_request(
    *, item: Item, kind: str, requester: str, received_at: datetime.datetime, detail: str = "", by
) -> DataRequest:
    case = item.case
    deny_unless(permissions.can_handle_data_request(by, case))
    errors = Errors()
    requester, detail = (requester or "").strip(), (detail or "").strip()
    if kind not in DataRequest.Kind.values:
        errors.add("kind", _("Loại yêu cầu không hợp lệ."))
    if not requester:
        errors.add("requester", _("Ghi rõ ai yêu cầu và đã xác minh thế nào."))
    if received_at is None or received_at > timezone.now() + CLOCK_SKEW:
        errors.add("received_at", _("Thời điểm nhận yêu cầu không thể ở tương lai."))
    if not Citizen.objects.filter(item=item).exists():
        errors.add("item", _("Ý kiến này không lưu thông tin cá nhân nào của người gửi."))
    errors.raise_if_any()
    request = DataRequest(
        case=case,
        item=item,
        kind=kind,
        requester=requester,
        detail=detail,
        received_at=received_at,
        recorded_by=by,
    )
    request.save()
    _record(
        request,
        by=by,
        before={},
        action=Action.CREATE,
        message=_("Nhận yêu cầu về dữ liệu cá nhân (%(kind)s), ý kiến #%(id)s")
        % {"kind": request.get_kind_display(), "id": item.pk},
    )
    return request


def _close(request: DataRequest, status: str, outcome: str, by) -> None:
    request.status = status
    request.outcome = outcome
    request.closed_at = timezone.now()
    request.closed_by = by
    request.save()


def _correct(citizen: Citizen, corrections: CitizenDetails | None) -> list[str]:
    """Rewrite the fields given (a blank one keeps its value); returns the names changed."""
    wanted = {
        name: (getattr(corrections, name, "") or "").strip() for name in Citizen.PERSONAL_FIELDS
    }
    if not any(wanted.values()):
        raise ValidationError({"name": _("Nhập ít nhất một thông tin cần chỉnh sửa.")})
    merged = {name: wanted[name] or getattr(citizen, name) for name in wanted}
    errors = Errors()
    check_citizen(errors, CitizenDetails(consent_text=citizen.consent_text, consent=True, **merged))
    errors.raise_if_any()
    changed = [name for name in wanted if merged[name] != getattr(citizen, name)]
    for name in changed:
        setattr(citizen, name, merged[name])
    citizen.save()
    return changed


@transaction.atomic
def fulfil_data_request(
    *, request: DataRequest, by, outcome: str = "", corrections: CitizenDetails | None = None
) -> DataRequest:
    """Do what the person asked: `corrections` for a correction (the new contact fields)."""
    request = DataRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    deny_unless(request.is_open and permissions.can_handle_data_request(by, request.case))
    citizen = Citizen.objects.select_for_update().filter(item_id=request.item_id).first()
    erased = citizen is None or citizen.anonymised_at or citizen.is_withdrawn
    before = audit.snapshot(request, DataRequest.AUDITED_FIELDS)
    extra = {}
    if request.kind == DataRequest.Kind.CORRECT:
        if erased:
            raise ValidationError(_("Thông tin liên hệ đã bị xóa: không còn gì để chỉnh sửa."))
        extra["corrected"] = [[], sorted(_correct(citizen, corrections))]
    elif request.kind == DataRequest.Kind.DELETE and not erased:
        message = _("Xóa thông tin liên hệ theo yêu cầu của người gửi (vụ việc %(n)s)") % {
            "n": request.case.number
        }
        retention._anonymise(citizen.pk, by=by, message=message)
    _close(request, DataRequest.Status.DONE, (outcome or "").strip(), by)
    _record(
        request,
        by=by,
        before=before,
        message=_("Đã đáp ứng yêu cầu: %(kind)s") % {"kind": request.get_kind_display()},
        extra=extra,
    )
    return request


@transaction.atomic
def refuse_data_request(*, request: DataRequest, by, reason: str) -> DataRequest:
    """Refuse with a reason (e.g. the requester could not be verified as the person)."""
    request = DataRequest.objects.select_for_update().select_related("case").get(pk=request.pk)
    deny_unless(request.is_open and permissions.can_handle_data_request(by, request.case))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Ghi rõ lý do từ chối.")})
    before = audit.snapshot(request, DataRequest.AUDITED_FIELDS)
    _close(request, DataRequest.Status.REFUSED, reason, by)
    _record(request, by=by, before=before, message=_("Từ chối yêu cầu về dữ liệu cá nhân"))
    return request
