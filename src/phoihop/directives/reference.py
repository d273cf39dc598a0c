"""The symbol parser and citation extractor, fed with the editable code lists.

Type and issuer codes live in the database (DocumentType, Issuer). Every page that renders text
with citation links needs them, so they are kept in process memory for a short while
(CODES_TTL seconds); editing them through the admin clears the cache at once in that process.
"""

import dataclasses
import datetime
import time
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import extraction, symbols
from .models import DocumentType, Issuer, System

CODES_TTL = 60.0


@dataclass(frozen=True)
class Codes:
    party_types: tuple[str, ...]
    state_types: tuple[str, ...]
    party_issuers: tuple[str, ...]

    def as_kwargs(self) -> dict[str, tuple[str, ...]]:
        return {
            "party_types": self.party_types,
            "state_types": self.state_types,
            "party_issuers": self.party_issuers,
        }


_cached: tuple[float, Codes] | None = None


def codes() -> Codes:
    """The current code lists (the parser's defaults when the tables are empty)."""
    global _cached
    now = time.monotonic()
    if _cached is not None and now - _cached[0] < CODES_TTL:
        return _cached[1]
    party, state = [], []
    for system, code in DocumentType.objects.order_by("position", "code").values_list(
        "system", "code"
    ):
        (party if system == System.PARTY else state).append(code)
    issuers = list(Issuer.objects.filter(system=System.PARTY).values_list("code", flat=True))
    loaded = Codes(
        party_types=tuple(party) or symbols.DEFAULT_PARTY_TYPES,
        state_types=tuple(state) or symbols.DEFAULT_STATE_TYPES,
        party_issuers=tuple(issuers) or symbols.DEFAULT_PARTY_ISSUERS,
    )
    _cached = (now, loaded)
    return loaded


def clear_codes_cache() -> None:
    global _cached
    _cached = None


def parse(text: str) -> symbols.Symbol:
    """Parse a typed symbol; raises symbols.InvalidSymbol with a Vietnamese message."""
    return symbols.parse_symbol(text, **codes().as_kwargs())


def extract(text: str) -> list[extraction.Citation]:
    return extraction.extract_citations(text or "", **codes().as_kwargs())


def key_of(symbol: symbols.Symbol) -> str:
    """The lookup key: the canonical symbol with the number's leading zeros dropped."""
    return dataclasses.replace(symbol, number=str(int(symbol.number))).canonical


def key_of_text(text: str) -> str | None:
    """The key of a typed symbol, or None when it is not a symbol."""
    try:
        return key_of(parse(text))
    except symbols.InvalidSymbol:
        return None


def compose(
    *, system: str, number: str, type_code: str, issuer: str, year: int | None = None
) -> str:
    """A symbol written from its parts, to be parsed (and so validated) like a typed one."""
    number, type_code, issuer = number.strip(), type_code.strip(), issuer.strip()
    if system == System.PARTY:
        return f"{number}-{type_code}/{issuer}"
    year_part = f"{year}/" if year else ""
    type_part = f"{type_code}-" if type_code else ""
    return f"{number}/{year_part}{type_part}{issuer}"


def missing_term_message(day: datetime.date) -> str:
    return _("Chưa có dữ liệu khóa nào chứa ngày %(date)s; hãy bổ sung danh mục khóa.") % {
        "date": f"{day:%d/%m/%Y}"
    }
