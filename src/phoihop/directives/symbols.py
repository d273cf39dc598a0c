"""Parse Party and State document symbols (*số, ký hiệu văn bản*).

Two families share the country's paperwork (see docs: domain.md §4):

* Party documents (Hướng dẫn 36-HD/VPTW): ``number-TYPE/ISSUER``, e.g. ``238-QĐ/TW``.
* State documents (Nghị định 30/2020/NĐ-CP): ``number/TYPE-ISSUER`` (``123/QĐ-UBND``),
  normative ones with the year (``09/2019/NĐ-CP``, ``91/2025/QH15``), official letters with
  issuer plus drafting unit and no type (``4699/VPCP-KSTT``).

Type codes are editable reference data in the app, so every public function takes the known
codes as parameters; the module constants are only defaults. Matching is case- and
diacritic-insensitive ("qd", "QD", "Qđ" all mean "QĐ"); output always uses the canonical spelling
given in the code lists ("QĐi", "CTr", "ĐA", "TTr", "QyĐ").

Pure Python on purpose: the citation extractor runs this on every candidate it finds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "DEFAULT_PARTY_ISSUERS",
    "DEFAULT_PARTY_TYPES",
    "DEFAULT_STATE_TYPES",
    "InvalidSymbol",
    "Symbol",
    "SymbolRules",
    "System",
    "compact_symbol_text",
    "fold_code",
    "parse_compact",
    "parse_symbol",
    "symbol_rules",
]

System = Literal["party", "state"]

#: Party type codes (Hướng dẫn 36-HD/VPTW and codes seen in use).
DEFAULT_PARTY_TYPES: tuple[str, ...] = (
    "NQ", "QĐ", "QĐi", "CT", "KL", "QC", "TT", "HD", "TB",
    "BC", "KH", "CTr", "ĐA", "TTr", "CV", "BS",
)  # fmt: skip

#: State type codes (Nghị định 30/2020/NĐ-CP appendix) plus legislative ones (L, PL, NQLT).
#: CĐ (công điện, urgent dispatch) is added because officials cite dispatches constantly.
DEFAULT_STATE_TYPES: tuple[str, ...] = (
    "NĐ", "QĐ", "TT", "TTLT", "CT", "NQ", "QyĐ", "KH", "TB", "BC",
    "HD", "CV", "TTr", "ĐA", "L", "NQLT", "PL", "CĐ",
)  # fmt: skip

#: Issuer codes that mark a document as a Party one even when written in State style
#: ("22/CT-TW" is Chỉ thị 22-CT/TW).
DEFAULT_PARTY_ISSUERS: tuple[str, ...] = (
    "TW", "TU", "HU", "ĐU", "VPTW", "BTCTW", "BTGTW", "BTGDVTW",
    "BTGTU", "BTGDVTU", "UBKTTU", "BTGHU", "QUTW",
)  # fmt: skip

# Issuer codes whose canonical spelling is not plain upper case or that carry "Đ", keyed by
# their folded form so that "ttg", "HDND" or "bgddt" come out right.
_SPECIAL_ISSUER_SPELLINGS: tuple[str, ...] = ("TTg", "HĐND", "BGDĐT", "BLĐTBXH", "SGDĐT", "ĐHQG")

# Normative documents and Party documents exist only from the founding years onwards; anything
# outside this window is a typo, not a year.
_MIN_YEAR, _MAX_YEAR = 1930, 2100

_EXAMPLES = "ví dụ đúng: 238-QĐ/TW, 123/QĐ-UBND, 09/2019/NĐ-CP"


class InvalidSymbol(ValueError):
    """A document symbol that cannot be read; the message is shown to users (Vietnamese)."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"Số ký hiệu không hợp lệ: «{text}» ({reason})")


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol. ``canonical`` is the form to store and compare."""

    system: System
    number: str
    type: str | None
    issuer: str
    year: int | None

    @property
    def canonical(self) -> str:
        """Party "238-QĐ/TW"; State "09/2019/NĐ-CP", "123/QĐ-UBND", "4699/VPCP-KSTT"."""
        if self.system == "party":
            return f"{self.number}-{self.type}/{self.issuer}"
        year = f"{self.year}/" if self.year is not None else ""
        kind = f"{self.type}-" if self.type else ""
        return f"{self.number}/{year}{kind}{self.issuer}"

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class SymbolRules:
    """Lookup tables built from the editable code lists (folded code -> canonical code)."""

    party_types: dict[str, str]
    state_types: dict[str, str]
    party_issuers: dict[str, str]
    issuer_spellings: dict[str, str]


@lru_cache(maxsize=4096)  # codes repeat endlessly in real text; folding is the costly step
def fold_code(code: str) -> str:
    """Case- and diacritic-free key of a code: "qđi" -> "QDI", "Đ" -> "D", "TƯ" -> "TW".

    "Ư" folds to "W" rather than "U" because "TƯ" (central) is the old spelling of "TW";
    folding it to "U" would turn the Central Committee into a provincial one ("TU").
    """
    decomposed = unicodedata.normalize("NFD", code.upper())
    decomposed = decomposed.replace("U\u031b", "W").replace("Đ", "D")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def symbol_rules(
    party_types: Iterable[str] = DEFAULT_PARTY_TYPES,
    state_types: Iterable[str] = DEFAULT_STATE_TYPES,
    party_issuers: Iterable[str] = DEFAULT_PARTY_ISSUERS,
) -> SymbolRules:
    """Build (and cache) the lookup tables for the given code lists."""
    return _cached_rules(tuple(party_types), tuple(state_types), tuple(party_issuers))


@lru_cache(maxsize=32)
def _cached_rules(
    party_types: tuple[str, ...], state_types: tuple[str, ...], party_issuers: tuple[str, ...]
) -> SymbolRules:
    def index(codes: Iterable[str]) -> dict[str, str]:
        return {fold_code(code): unicodedata.normalize("NFC", code) for code in codes}

    issuers = index(party_issuers)
    return SymbolRules(
        party_types=index(party_types),
        state_types=index(state_types),
        party_issuers=issuers,
        issuer_spellings={**index(_SPECIAL_ISSUER_SPELLINGS), **issuers},
    )


# After whitespace around separators is removed, a symbol is one of these two shapes.
# Joint Party documents list several issuers: "02-CTr/BTGTU-SYT".
_PARTY_SHAPE = re.compile(r"(\d+)-([^\W\d_]+)/([^\W_]+(?:-[^\W_]+)*)")
# The first segment after the number (and year) starts with a letter: "34/34" is a ratio.
_STATE_SHAPE = re.compile(r"(\d+)/(?:(\d{4})/)?([^\W\d_][^\W_]*(?:-[^\W_]+)*)")
_LEADING_SO = re.compile(r"^(?:số|so)\s*:?\s*(?=\d)", re.IGNORECASE)
_AROUND_SEPARATORS = re.compile(r"\s*([-/])\s*")
_WHITESPACE = re.compile(r"\s")
# "84 QĐ/TW": a blank where the dash should be, followed by a letter and a slash later on.
_DASHLESS_PARTY = re.compile(r"^(\d+)\s+(?=[^\W\d_][^/\s]*\s*/)")
# Word processors turn "-" into en dashes, non-breaking hyphens or minus signs.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2212", "-"))
_CANONICAL_CODE = re.compile(r"[A-ZĐ0-9]+")


def parse_symbol(
    text: str,
    *,
    party_types: Iterable[str] = DEFAULT_PARTY_TYPES,
    state_types: Iterable[str] = DEFAULT_STATE_TYPES,
    party_issuers: Iterable[str] = DEFAULT_PARTY_ISSUERS,
) -> Symbol:
    """Parse one symbol such as "Số 238-QĐ/TW", "35-CT/ TW", "09/2019/NĐ - CP" or "22/CT-TW".

    Raises :class:`InvalidSymbol` with a Vietnamese message when the text is not a symbol.
    """
    rules = symbol_rules(party_types, state_types, party_issuers)
    return parse_compact(compact_symbol_text(text), rules, original=text)


def compact_symbol_text(text: str) -> str:
    """NFC, plain hyphens, no "Số:" prefix, no blanks around separators ("238 – QĐ/ TW")."""
    compact = unicodedata.normalize("NFC", text).strip().translate(_DASHES)
    compact = _LEADING_SO.sub("", compact)
    if not _WHITESPACE.search(compact):
        return compact
    compact = _DASHLESS_PARTY.sub(r"\1-", compact)
    if not _WHITESPACE.search(compact):
        return compact
    return _AROUND_SEPARATORS.sub(r"\1", compact)


def parse_compact(compact: str, rules: SymbolRules, *, original: str | None = None) -> Symbol:
    """Parse text already passed through :func:`compact_symbol_text`."""
    shown = compact if original is None else original.strip()
    if not compact:
        raise InvalidSymbol(shown, "chuỗi rỗng")
    if not compact[0].isdigit():
        raise InvalidSymbol(shown, "thiếu số")
    if party := _PARTY_SHAPE.fullmatch(compact):
        return _party_symbol(shown, party[1], party[2], party[3], rules)
    if state := _STATE_SHAPE.fullmatch(compact):
        year = int(state[2]) if state[2] else None
        return _state_symbol(shown, state[1], year, state[3].split("-"), rules)
    raise InvalidSymbol(shown, _shape_problem(compact))


def _shape_problem(compact: str) -> str:
    """A helpful reason for text that fits neither shape."""
    if re.fullmatch(r"\d+", compact):
        return "thiếu loại văn bản và cơ quan ban hành"
    if re.fullmatch(r"\d+[-/](?:\d{4}/)?", compact):
        return "thiếu cơ quan ban hành"
    return f"sai định dạng, {_EXAMPLES}"


def _check_number(shown: str, number: str) -> None:
    if int(number) == 0:
        raise InvalidSymbol(shown, "số văn bản phải lớn hơn 0")


def _party_symbol(shown: str, number: str, kind: str, issuer: str, rules: SymbolRules) -> Symbol:
    _check_number(shown, number)
    type_code = rules.party_types.get(fold_code(kind))
    if type_code is None:
        raise InvalidSymbol(shown, f"loại văn bản không xác định: {kind}")
    codes = [_issuer_code(shown, segment, rules) for segment in issuer.split("-")]
    return Symbol("party", number, type_code, "-".join(codes), None)


def _state_symbol(
    shown: str, number: str, year: int | None, segments: list[str], rules: SymbolRules
) -> Symbol:
    _check_number(shown, number)
    if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
        raise InvalidSymbol(shown, f"năm ban hành không hợp lệ: {year}")
    first = fold_code(segments[0])
    if first not in rules.state_types and first not in rules.party_types:
        # No type code: an official letter (issuer-drafting unit) or a law ("91/2025/QH15").
        codes = [_issuer_code(shown, segment, rules) for segment in segments]
        return Symbol("state", number, None, "-".join(codes), year)
    if len(segments) == 1:
        raise InvalidSymbol(shown, "thiếu cơ quan ban hành")
    issuer = [_issuer_code(shown, segment, rules) for segment in segments[1:]]
    party = _party_in_state_style(number, year, first, issuer, rules)
    if party is not None:
        return party
    if first not in rules.state_types:
        raise InvalidSymbol(shown, f"loại văn bản không xác định: {segments[0]}")
    return Symbol("state", number, rules.state_types[first], "-".join(issuer), year)


def _party_in_state_style(
    number: str, year: int | None, folded_type: str, issuer: list[str], rules: SymbolRules
) -> Symbol | None:
    """A Party type and a Party issuer without a year: "22/CT-TW" is Party document 22-CT/TW."""
    if year is not None or len(issuer) != 1 or folded_type not in rules.party_types:
        return None
    if fold_code(issuer[0]) not in rules.party_issuers:
        return None
    return Symbol("party", number, rules.party_types[folded_type], issuer[0], None)


def _issuer_code(shown: str, code: str, rules: SymbolRules) -> str:
    """Canonical spelling of one issuer segment: upper case, "TƯ" -> "TW", "HDND" -> "HĐND"."""
    folded = fold_code(code)
    if folded in rules.issuer_spellings:
        return rules.issuer_spellings[folded]
    upper = unicodedata.normalize(
        "NFC", unicodedata.normalize("NFD", code.upper()).replace("U\u031b", "W")
    )
    if not _CANONICAL_CODE.fullmatch(upper):
        raise InvalidSymbol(shown, f"ký hiệu cơ quan ban hành không hợp lệ: {code}")
    return upper
