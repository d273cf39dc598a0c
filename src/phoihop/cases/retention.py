"""The nightly retention run: the contact details of a case closed longer ago than its kind's
retention period (`RetentionRule`) are erased; the item, the case and every count stay. Each
erasure is an audit entry with no actor (the system). Idempotent: an erased row is marked
`anonymised_at` and never looked at again; a kind without a rule keeps its details."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action

from .models import Case, Citizen, RetentionRule


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def expired(today: datetime.date):
    """The contact rows whose retention has ended on `today`, not yet erased."""
    rows = Citizen.objects.none()
    for rule in RetentionRule.objects.all():
        until = months_before(today, rule.months)
        cutoff = timezone.make_aware(datetime.datetime.combine(until, datetime.time.min))
        rows = rows | Citizen.objects.filter(
            anonymised_at__isnull=True,
            item__case__kind=rule.kind,
            item__case__status__in=Case.CLOSED_STATUSES,
            item__case__closed_at__lt=cutoff,
        )
    return rows


def anonymise_expired(today: datetime.date | None = None) -> int:
    """Erase the expired contact details; returns how many rows were erased."""
    today = today or timezone.localdate()
    done = 0
    for pk in list(expired(today).values_list("pk", flat=True)):
        done += _anonymise(pk)
    return done


@transaction.atomic
def _anonymise(pk: int, *, by=None, message: str = "") -> int:
    """Erase one row's contact details, stamp it and audit it; `by` and `message` name a
    person's own request to delete (services.requests) instead of the retention run."""
    citizen = (
        Citizen.objects.select_for_update()
        .select_related("item__case__department")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if citizen is None:  # erased meanwhile by another run
        return 0
    erased = [name for name in Citizen.PERSONAL_FIELDS if getattr(citizen, name)]
    for name in Citizen.PERSONAL_FIELDS:
        setattr(citizen, name, "")
    citizen.anonymised_at = timezone.now()
    citizen.save()
    case = citizen.item.case
    audit.record(
        action=Action.UPDATE,
        obj=citizen,
        by=by,
        organization=case.department,
        changes={"erased": [sorted(erased), []]},
        message=message
        or _("Hết thời hạn lưu: đã xóa thông tin liên hệ (vụ việc %(number)s)")
        % {"number": case.number},
    )
    return 1
