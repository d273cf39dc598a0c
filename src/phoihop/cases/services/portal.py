"""What citizens send themselves, through the public portal or an Open311 client: an item on
channel WEB, the first of a new case received by the propaganda department of the commune's
province. Nobody is signed in: the department is chosen here, not by a permission."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from phoihop.org.models import Area, Field, Organization

from ..models import Channel, Item, Kind
from .intake import NewCase, store_item
from .people import CitizenDetails

PUBLIC_KINDS = (Kind.QUESTION, Kind.COMPLAINT, Kind.PROPOSAL)
TEXT_MAX = 5000


@dataclass(frozen=True)
class PublicSubmission:
    kind: str
    field: Field | None
    area: Area | None  # a current commune
    text: str
    attachments: Sequence = ()
    citizen: CitizenDetails | None = None  # None: anonymous
    source: str = ""  # e.g. the Open311 client's name


def receiving_departments():
    """The propaganda departments in force, each located in a current province."""
    return Organization.objects.active().filter(
        kind=Organization.Kind.PROPAGANDA_DEPARTMENT,
        area__level=Area.Level.PROVINCE,
        area__valid_to__isnull=True,
    )


def receiving_department(commune: Area | None) -> Organization | None:
    if commune is None or commune.parent_id is None:
        return None
    return receiving_departments().filter(area_id=commune.parent_id).order_by("id").first()


def public_provinces():
    """The provinces whose department receives citizens' feedback on the portal."""
    return (
        Area.objects.current()
        .filter(level=Area.Level.PROVINCE, pk__in=receiving_departments().values("area_id"))
        .order_by("name")
    )


def _title(text: str) -> str:
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return Truncator(first_line).chars(120)


@transaction.atomic
def submit_public_item(*, submission: PublicSubmission) -> Item:
    """Record what a citizen sent; the case's tracking code is theirs to keep."""
    errors: dict[str, list[str]] = {}
    commune = submission.area
    if (
        commune is None
        or commune.level != Area.Level.COMMUNE
        or not commune.is_valid_on(timezone.localdate())
    ):
        errors["area"] = [_("Hãy chọn một xã, phường, đặc khu hiện hành.")]
    department = receiving_department(commune) if not errors else None
    if not errors and department is None:
        errors["area"] = [_("Địa bàn này chưa tiếp nhận ý kiến qua cổng thông tin.")]
    if submission.kind not in PUBLIC_KINDS:
        errors["kind"] = [_("Loại ý kiến không hợp lệ.")]
    if len(submission.text or "") > TEXT_MAX:
        errors["text"] = [_("Tối đa %(n)s ký tự.") % {"n": TEXT_MAX}]
    if errors:
        raise ValidationError(errors)
    return store_item(
        by=None,
        department=department,
        channel=Channel.WEB,
        received_at=timezone.now(),
        text=submission.text,
        area=commune,
        source=submission.source,
        attachments=submission.attachments,
        new_case=NewCase(
            title=_title(submission.text) or _("Ý kiến gửi qua cổng thông tin"),
            kind=submission.kind,
            field=submission.field,
        ),
        citizen=submission.citizen,
    )
