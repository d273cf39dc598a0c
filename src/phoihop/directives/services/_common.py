"""Small pieces shared by the service modules."""

import datetime
from dataclasses import dataclass, field

from phoihop.org.models import Organization

from ..models import DocumentType, PartyTerm, committee_of


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
