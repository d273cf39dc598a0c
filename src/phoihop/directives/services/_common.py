"""Small pieces shared by the service modules."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from phoihop.org.models import Organization

from ..models import DocumentType, PartyTerm, committee_of


def _deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass
class Lookups:
    """Reference rows loaded once per batch (an import validates many documents)."""

    types: dict[tuple[str, str], DocumentType]
    terms: list[PartyTerm]
    committees: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Lookups":
        return cls(
            types={(t.system, t.code): t for t in DocumentType.objects.all()},
            terms=list(PartyTerm.objects.order_by("starts_on")),
        )

    def term_on(
        self, day: datetime.date, organization: Organization | None = None
    ) -> PartyTerm | None:
        """Like PartyTerm.objects.on(), from the loaded rows."""
        committee = None
        if organization is not None:
            if organization.pk not in self.committees:
                self.committees[organization.pk] = committee_of(organization)
            committee = self.committees[organization.pk]
        for owner in (committee, None) if committee else (None,):
            found = [t for t in self.terms if t.organization_id == owner and t.contains(day)]
            if found:
                return found[-1]
        return None
