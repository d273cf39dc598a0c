"""The citizen's identity and consent: stored apart from the item, read only by the staff who
handle the case, each reading audited; consent withdrawn erases the contact details."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import Errors, deny_unless
from phoihop.org.permissions import is_system_admin

from .. import permissions
from ..models import Citizen, ConsentText, Item

# Digits with the usual separators, optionally "+84": 8 to 15 digits in all.
_PHONE = re.compile(r"^\+?[0-9 .\-()]{8,20}$")


@dataclass(frozen=True)
class CitizenDetails:
    """What the person agreed to leave. `consent` must be an explicit yes to `consent_text`,
    the version shown to them (read out on the phone, printed on the form)."""

    consent_text: ConsentText | None
    consent: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def _clean(details: CitizenDetails) -> dict[str, str]:
    return {name: (getattr(details, name) or "").strip() for name in Citizen.PERSONAL_FIELDS}


def check_citizen(errors: Errors, details: CitizenDetails) -> None:
    values = _clean(details)
    if not any(values.values()):
        errors.add("name", _("Hãy nhập ít nhất một thông tin liên hệ, hoặc chọn gửi ẩn danh."))
    if not details.consent or details.consent_text is None:
        errors.add(
            "consent",
            _(
                "Chỉ lưu thông tin liên hệ khi người gửi đồng ý rõ ràng với nội dung xử lý dữ "
                "liệu cá nhân; im lặng không phải là đồng ý."
            ),
        )
    elif details.consent_text.valid_from > timezone.localdate():
        errors.add("consent", _("Phiên bản văn bản đồng ý này chưa có hiệu lực."))
    if values["phone"] and (
        not _PHONE.match(values["phone"]) or not 8 <= len(re.sub(r"\D", "", values["phone"])) <= 15
    ):
        errors.add("phone", _("Số điện thoại không hợp lệ."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.add("email", _("Địa chỉ thư điện tử không hợp lệ."))
    for name, limit in (("name", 200), ("phone", 20), ("email", 254), ("address", 300)):
        if len(values[name]) > limit:
            errors.add(name, _("Tối đa %(n)s ký tự.") % {"n": limit})


def store_citizen(item: Item, details: CitizenDetails) -> Citizen:
    """Write the identity of an item being recorded (called inside record_item, which checked
    it and writes the one audit entry: the entry names no personal field's value)."""
    return Citizen.objects.create(
        item=item,
        consent_text=details.consent_text,
        consent_given_at=timezone.now(),
        recorded_by=item.recorded_by,
        **_clean(details),
    )


@transaction.atomic
def read_contact(*, item: Item, by) -> Citizen | None:
    """The identity of an item for someone allowed to see it, leaving an audit entry of the
    reading; None for an anonymous item."""
    deny_unless(permissions.can_see_identity(by, item.case))
    citizen = Citizen.objects.filter(item=item).select_related("consent_text").first()
    if citizen is None:
        return None
    audit.record(
        action=Action.OTHER,
        obj=citizen,
        by=by,
        organization=item.case.department,
        message=_("Xem thông tin liên hệ của người gửi ý kiến #%(id)s (vụ việc %(number)s)")
        % {"id": item.pk, "number": item.case.number},
    )
    return citizen


@transaction.atomic
def withdraw_consent(*, item: Item, by) -> Citizen:
    """The person takes back their consent: the contact details are erased at once, the item
    and its case stay (statistics count them), the fact is audited."""
    deny_unless(permissions.can_handle_case(by, item.case))
    citizen = Citizen.objects.select_for_update().filter(item=item).first()
    if citizen is None or citizen.is_withdrawn:
        raise ValidationError(_("Ý kiến này không còn thông tin liên hệ để xóa."))
    for name in Citizen.PERSONAL_FIELDS:
        setattr(citizen, name, "")
    citizen.consent_withdrawn_at = timezone.now()
    citizen.save()
    audit.record(
        action=Action.UPDATE,
        obj=citizen,
        by=by,
        organization=item.case.department,
        changes={"consent_withdrawn_at": [None, citizen.consent_withdrawn_at.isoformat()]},
        message=_("Người gửi rút lại đồng ý: đã xóa thông tin liên hệ"),
    )
    return citizen


@transaction.atomic
def create_consent_text(*, by, version: str, text: str, valid_from) -> ConsentText:
    deny_unless(is_system_admin(by))
    consent = ConsentText(version=version, text=text, valid_from=valid_from)
    consent.full_clean()
    consent.save()
    audit.record_admin_save(
        obj=consent,
        changes=audit.diff({}, audit.snapshot(consent, ConsentText.AUDITED_FIELDS)),
        created=True,
        by=by,
    )
    return consent


def record_consent_text_change(*, obj: ConsentText, changes: dict, created: bool, by) -> None:
    """A system administrator saved a consent text in the Django admin (the model refuses
    rewording a version someone accepted): audit it."""
    deny_unless(is_system_admin(by))
    audit.record_admin_save(obj=obj, changes=changes, created=created, by=by)
