"""Numbers for an organisation's outgoing documents ("Cấp số văn bản đi")."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core import audit
from phoihop.core.audit import Action
from phoihop.core.services import deny_unless
from phoihop.org.models import Organization

from .. import permissions, reference
from ..models import Document, DocumentType, NumberCounter, NumberReservation, PartyTerm, System

PARTY_KINDS = frozenset(
    {
        Organization.Kind.PARTY_COMMITTEE,
        Organization.Kind.PROPAGANDA_DEPARTMENT,
        Organization.Kind.PARTY_BOARD,
    }
)


def organization_system(organization: Organization) -> str:
    """Party bodies number Party-style; everyone else State-style."""
    return System.PARTY if organization.kind in PARTY_KINDS else System.STATE


@dataclass(frozen=True)
class NumberSequence:
    system: str
    issuer: str
    sequence: str  # Party type code; "" for State (one sequence per year for all types)
    period: str  # term name or year


def numbering_sequence(
    *, organization: Organization, type: DocumentType, on: datetime.date
) -> NumberSequence:
    system = organization_system(organization)
    if type.system != system:
        raise ValidationError(
            {
                "type": [
                    _("Loại văn bản này không dùng cho %(system)s.")
                    % {"system": System(system).label.lower()}
                ]
            }
        )
    issuer = (organization.abbreviation or "").strip()
    if not issuer:
        raise ValidationError(
            _("Tổ chức chưa có ký hiệu viết tắt (ví dụ BTGDVTU, SYT) nên chưa cấp số được.")
        )
    if system == System.PARTY:
        term = PartyTerm.objects.on(on, organization)
        if term is None:
            raise ValidationError(reference.missing_term_message(on))
        return NumberSequence(system, issuer, type.code, term.name)
    return NumberSequence(system, issuer, "", str(on.year))


def _highest_registered(organization: Organization, seq: NumberSequence) -> int:
    """The highest number already in the registry for this sequence (0 when none)."""
    documents = Document.objects.filter(
        organization=organization, issuer=seq.issuer, period=seq.period, system=seq.system
    )
    if seq.sequence:
        documents = documents.filter(type__code=seq.sequence)
    highest = documents.aggregate(n=Max(Cast("number", IntegerField())))["n"]
    return highest or 0


def _symbol_for(seq: NumberSequence, number: int, type: DocumentType) -> str:
    return reference.compose(
        system=seq.system, number=f"{number:02d}", type_code=type.code, issuer=seq.issuer
    )


def preview_next_number(
    *, organization: Organization, type: DocumentType, on: datetime.date | None = None
) -> tuple[int, str]:
    """The number the next reservation will get (it may change if someone reserves first)."""
    seq = numbering_sequence(organization=organization, type=type, on=on or timezone.localdate())
    counter = NumberCounter.objects.filter(
        organization=organization, issuer=seq.issuer, sequence=seq.sequence, period=seq.period
    ).first()
    last = counter.last_number if counter else _highest_registered(organization, seq)
    return last + 1, _symbol_for(seq, last + 1, type)


def _locked_counter(organization: Organization, seq: NumberSequence) -> NumberCounter:
    """The counter row of the sequence, created on first use and locked for this transaction.

    Two first uses at once: one INSERT waits on the other's unique key, fails, and
    get_or_create then reads the committed row.
    """
    counter, _created = NumberCounter.objects.get_or_create(
        organization=organization,
        issuer=seq.issuer,
        sequence=seq.sequence,
        period=seq.period,
        defaults={"last_number": _highest_registered(organization, seq)},
    )
    return NumberCounter.objects.select_for_update().get(pk=counter.pk)


@transaction.atomic
def reserve_number(
    *,
    organization: Organization,
    type: DocumentType,
    by,
    abstract: str = "",
    on: datetime.date | None = None,
) -> NumberReservation:
    """Give the next number of the sequence to an outgoing document; safe under concurrency
    (the counter row is locked until commit)."""
    deny_unless(permissions.can_reserve_number(by, organization))
    seq = numbering_sequence(organization=organization, type=type, on=on or timezone.localdate())
    counter = _locked_counter(organization, seq)
    counter.last_number += 1
    counter.save(update_fields=["last_number", "updated_at"])
    reservation = NumberReservation.objects.create(
        counter=counter,
        organization=organization,
        number=counter.last_number,
        type=type,
        symbol=_symbol_for(seq, counter.last_number, type),
        abstract=abstract.strip()[:500],
        reserved_by=by,
    )
    audit.record(
        action=Action.CREATE,
        obj=reservation,
        by=by,
        changes={"symbol": [None, reservation.symbol], "abstract": [None, reservation.abstract]},
        organization=organization,
        message=_("Cấp số văn bản đi"),
    )
    return reservation


def bump_counter(document: Document) -> None:
    """A registered own document with a higher number moves its sequence past it."""
    organization = document.organization
    if organization is None or document.issuer != (organization.abbreviation or "").strip():
        return
    sequence = ""
    if document.system == System.PARTY:
        if not document.type_id:
            return
        sequence = document.type.code
    NumberCounter.objects.filter(
        organization=organization,
        issuer=document.issuer,
        sequence=sequence,
        period=document.period,
        last_number__lt=int(document.number),
    ).update(last_number=int(document.number))
