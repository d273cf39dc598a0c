"""Find citations of Party and State documents in free Vietnamese text.

``extract_citations(text)`` returns one :class:`Citation` per cited symbol, in text order, with
exact offsets into the original string (no normalisation is applied to the text itself, so
NFD text, odd spacing and line breaks keep their positions).

How a citation is found
-----------------------
1. A symbol-shaped run is located first ("238-QĐ/TW", "09/2019/NĐ - CP", "22/CT-TW",
   "91/2025/QH15", "4699/VPCP-KSTT") and validated by :mod:`phoihop.directives.symbols` against
   the known type codes. Blanks (and at most one line break) are allowed around "-" and "/",
   and en dashes count as hyphens. A lower-case code set off by blanks at the end is dropped
   when the symbol is complete without it, so "123/QĐ-UBND - về việc" does not swallow the
   next word; a spaced dash never continues a Party symbol ("05-CT/TW - KẾT LUẬN 01-KL/TW").
2. ``raw`` then grows to the left over a lead word directly before the symbol ("Quyết định",
   "Chỉ thị", … optionally followed by "số"/"số:"), or over a lone "số". It also grows over a
   date in the "Quyết định ngày 30-9-2020 số 238-QĐ/TW" form.
3. ``raw`` grows to the right over a date that directly follows the symbol ("…/TW, ngày
   30-9-2020", "…/TW (ngày 30/9/2020)", "…/TW (30/9/2020)", "…/TW ký ngày 30.9.2020", "…/TW
   ngày 30 tháng 9 năm 2020"), also when only the name of a known issuing body sits in between
   ("…/TW của Ban Bí thư khóa XII, ngày …"). Anything else in between (a title, "về …", "có
   hiệu lực từ") means the date belongs to something else. Impossible dates (31/02) are
   dropped, the citation is kept.

So ``raw`` is: [lead word [date] ["số"]] symbol [[của <body> [khóa N]] date]. A title between
the lead word and "số" ("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15") is not included: raw
starts at "số".

Dates are attached per symbol: in "các Nghị quyết 18-NQ/TW, 19-NQ/TW ngày 25-10-2017" only
19-NQ/TW gets the date, because only it is directly followed by it.

Bare numbers with the issuer in words
-------------------------------------
"Quyết định số 238 của Ban Bí thư khóa XII" is a citation only when the symbol can be rebuilt
without guessing: a lead word whose type code is unambiguous (Nghị quyết → NQ, Chỉ thị → CT,
Kết luận → KL, Quyết định → QĐ, Hướng dẫn → HD, Thông tri → TT, Thông báo → TB, Kế hoạch → KH,
Chương trình → CTr; *not* Quy định, which is QĐi in khóa XII and QĐ in khóa XIII), directly
followed by [số] the number [date] and "của" one of:

* Ban Bí thư, Bộ Chính trị, Ban Chấp hành Trung ương [Đảng], Trung ương Đảng → Party, "TW";
* [Ban Thường vụ] Tỉnh ủy / Thành ủy → Party, "TU";
* Chính phủ (Nghị định → NĐ, Nghị quyết → NQ) or Thủ tướng [Chính phủ] (Quyết định → QĐ,
  Chỉ thị → CT) → State, "CP"/"TTg", and only when the number carries the year
  ("Nghị định số 09/2019 của Chính phủ"), because State numbers restart every year.

Everything else ("Chỉ thị số 17" with no issuer, "Quyết định số 123 của UBND tỉnh", bodies whose
code changed over time such as Ban Tuyên giáo Trung ương) is not reported.

Weak shapes
-----------
Official letters without a type ("4699/VPCP-KSTT") need an issuer-unit pair written in upper
case or after "số"/a lead word; a single code ("15/UBND") needs both. Symbols right after
"Mẫu (số)", "Biểu (mẫu)" or "Phụ lục" are form and annex numbers, not documents. That keeps
house numbers ("số 12/3"), ratios ("34/34"), ward names ("Phường 12/Quận 3") and standards
("QCVN 05:2023/BTNMT") out.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from phoihop.directives.symbols import (
    DEFAULT_PARTY_ISSUERS,
    DEFAULT_PARTY_TYPES,
    DEFAULT_STATE_TYPES,
    InvalidSymbol,
    Symbol,
    SymbolRules,
    System,
    compact_symbol_text,
    parse_compact,
    symbol_rules,
)

__all__ = ["Citation", "extract_citations"]


@dataclass(frozen=True)
class Citation:
    """One cited document. ``raw == text[start:end]``; ``symbol`` is the canonical symbol."""

    raw: str
    start: int
    end: int
    system: System
    number: str
    type: str | None
    issuer: str
    year: int | None
    date: dt.date | None
    symbol: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready values (the date as an ISO string or None)."""
        return {
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
            "system": self.system,
            "number": self.number,
            "type": self.type,
            "issuer": self.issuer,
            "year": self.year,
            "date": self.date.isoformat() if self.date else None,
            "symbol": self.symbol,
        }


def extract_citations(
    text: str,
    *,
    party_types: Iterable[str] = DEFAULT_PARTY_TYPES,
    state_types: Iterable[str] = DEFAULT_STATE_TYPES,
    party_issuers: Iterable[str] = DEFAULT_PARTY_ISSUERS,
) -> list[Citation]:
    """All document citations in ``text``, in text order, without overlaps."""
    rules = symbol_rules(party_types, state_types, party_issuers)
    found = [*_symbol_citations(text, rules), *_bare_number_citations(text, rules)]
    found.sort(key=lambda citation: (citation.start, -citation.end))
    return _drop_overlaps(found)


# --------------------------------------------------------------------------------------------
# Pattern building blocks. Everything is compiled once at import time.

_MARKS = "\u0300-\u036f"  # combining diacritics: text may arrive in NFD
_HSPACE = r"[ \t\u00a0]"
_WS = rf"{_HSPACE}*(?:\r?\n{_HSPACE}*)?"  # optional blanks, at most one line break
_WS1 = rf"(?:{_HSPACE}+(?:\r?\n{_HSPACE}*)?|\r?\n{_HSPACE}*)"  # required blanks
_NOT_WORD_AFTER = rf"(?![\w{_MARKS}])"
_DASH = "[-\u2010-\u2013\u2212]"  # hyphen, or the dashes word processors substitute for it

_VIETNAMESE_VOWELS_AND_D = (
    "aàáảãạăằắẳẵặâầấẩẫậ",
    "eèéẻẽẹêềếểễệ",
    "iìíỉĩị",
    "oòóỏõọôồốổỗộơờớởỡợ",
    "uùúủũụưừứửữự",
    "yỳýỷỹỵ",
    "dđ",
)
_LETTER_VARIANTS = {
    group[0]: "".join(sorted(set(group + group.upper()))) for group in _VIETNAMESE_VOWELS_AND_D
}


def _loose(phrase: str) -> str:
    """Regex for a Vietnamese phrase, tolerant of case, missing diacritics, NFD and wrapping.

    Each vowel accepts any of its accented forms plus trailing combining marks, so "Quyết định",
    "QUYẾT ĐỊNH", "quyet dinh" and NFD text all match. Accepting a wrong accent is harmless
    here: these phrases only ever sit next to a symbol or a date.
    """
    words = ["".join(_letter_pattern(char) for char in word) for word in phrase.split(" ") if word]
    return _WS1.join(words)


def _letter_pattern(char: str) -> str:
    base = _fold_letters(char)
    if base in _LETTER_VARIANTS:
        return f"[{_LETTER_VARIANTS[base]}][{_MARKS}]{{0,2}}"
    if char.isalpha():
        return f"[{char.lower()}{char.upper()}]"
    return re.escape(char)


def _fold_letters(text: str) -> str:
    """Lower case, no diacritics, đ -> d, single spaces: the key of the lookup tables below."""
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def _alternatives(phrases: Iterable[str]) -> str:
    # Longest first, so "Nghị quyết liên tịch" is tried before "Nghị quyết".
    return "|".join(_loose(phrase) for phrase in sorted(phrases, key=len, reverse=True))


# "số" strictly (or plain "so"): the loose form would also accept "sơ" and "sở".
_SO = rf"[sS](?:[ốỐ]|[oO]\u0302\u0301|[ôÔ]\u0301|[oO]){_NOT_WORD_AFTER}"
_NGAY = _loose("ngày")
_OF = _loose("của")
_TERM = rf"{_loose('khóa')}{_WS1}(?:[IVXLCivxlc]+|\d{{1,2}}){_NOT_WORD_AFTER}"  # "khóa XII"

# Lead words and the type code a bare number gets under each (None: no unambiguous code).
_LEAD_WORDS: dict[str, tuple[str | None, str | None]] = {
    "nghị quyết": ("NQ", "NQ"),
    "nghị quyết liên tịch": (None, None),
    "chỉ thị": ("CT", "CT"),
    "kết luận": ("KL", None),
    "thông báo kết luận": ("TB", None),
    "thông báo": ("TB", None),
    "quyết định": ("QĐ", "QĐ"),
    "quy định": (None, None),
    "quy chế": (None, None),
    "nghị định": (None, "NĐ"),
    "thông tư": (None, None),
    "thông tư liên tịch": (None, None),
    "thông tri": ("TT", None),
    "công văn": (None, None),
    "công điện": (None, None),
    "kế hoạch": ("KH", None),
    "chương trình": ("CTr", None),
    "chương trình hành động": ("CTr", None),
    "hướng dẫn": ("HD", None),
    "luật": (None, None),
    "bộ luật": (None, None),
    "pháp lệnh": (None, None),
    "báo cáo": (None, None),
    "đề án": (None, None),
    "tờ trình": (None, None),
    "văn bản": (None, None),
}
_LEAD_TYPES = {_fold_letters(word): types for word, types in _LEAD_WORDS.items()}

# Issuing bodies named in words, mapped to (system, issuer code, state types allowed).
_PARTY_CENTRAL = ("party", "TW", None)
_PARTY_PROVINCE = ("party", "TU", None)
_CODED_BODIES: dict[str, tuple[System, str, frozenset[str] | None]] = {
    "ban bí thư": _PARTY_CENTRAL,
    "ban bí thư trung ương đảng": _PARTY_CENTRAL,
    "bộ chính trị": _PARTY_CENTRAL,
    "ban chấp hành trung ương": _PARTY_CENTRAL,
    "ban chấp hành trung ương đảng": _PARTY_CENTRAL,
    "bch trung ương": _PARTY_CENTRAL,
    "bch tw": _PARTY_CENTRAL,
    "trung ương đảng": _PARTY_CENTRAL,
    "tỉnh ủy": _PARTY_PROVINCE,
    "thành ủy": _PARTY_PROVINCE,
    "ban thường vụ tỉnh ủy": _PARTY_PROVINCE,
    "ban thường vụ thành ủy": _PARTY_PROVINCE,
    "chính phủ": ("state", "CP", frozenset({"NĐ", "NQ"})),
    "thủ tướng chính phủ": ("state", "TTg", frozenset({"QĐ", "CT"})),
    "thủ tướng": ("state", "TTg", frozenset({"QĐ", "CT"})),
}
_BODY_CODES = {_fold_letters(body): code for body, code in _CODED_BODIES.items()}

# Bodies that may sit between a symbol and its date but give no code on their own.
_OTHER_BODIES = (
    "quốc hội",
    "ủy ban thường vụ quốc hội",
    "ủy ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "văn phòng chính phủ",
    "văn phòng trung ương đảng",
    "ban tuyên giáo trung ương",
    "ban tuyên giáo và dân vận trung ương",
    "ban tổ chức trung ương",
    "ban tuyên giáo tỉnh ủy",
    "ban tuyên giáo và dân vận tỉnh ủy",
    "huyện ủy",
    "đảng ủy",
)
# "Ban Chấp hành Trung ương Đoàn" is the Youth Union, not the Party.
_NOT_PARTY_CONTINUATION = (
    rf"(?!{_WS1}(?:{_alternatives(('đoàn', 'hội', 'công đoàn', 'mặt trận'))}))"
)
_CODED_BODY = rf"(?:{_alternatives(_CODED_BODIES)}){_NOT_WORD_AFTER}{_NOT_PARTY_CONTINUATION}"
_ANY_BODY = (
    rf"(?:{_alternatives([*_CODED_BODIES, *_OTHER_BODIES])}){_NOT_WORD_AFTER}"
    # Optional place: "UBND tỉnh Nghệ An", "Tỉnh ủy Thanh Hóa".
    rf"(?:{_WS1}(?:{_alternatives(('tỉnh', 'thành phố', 'huyện', 'xã', 'phường'))}))?"
    rf"(?:{_WS1}[A-ZĐ][\w{_MARKS}]*){{0,3}}"
)

_DATE = (
    rf"(?:(?P<d>\d{{1,2}}){_HSPACE}*(?P<sep>[/.]|{_DASH}){_HSPACE}*(?P<m>\d{{1,2}})"
    rf"{_HSPACE}*(?P=sep){_HSPACE}*(?P<y>\d{{4}})"
    rf"|(?P<wd>\d{{1,2}}){_WS1}{_loose('tháng')}{_WS}(?P<wm>\d{{1,2}})"
    rf"{_WS1}{_loose('năm')}{_WS1}(?P<wy>\d{{4}}))(?!\d)"
)

# Symbol codes. Blanks and one line break are allowed around separators ("09/2019/NĐ - CP");
# a lower-case code after such blanks is dropped again when the symbol is complete without it
# (see _read_symbol), so "…/QĐ-UBND - về việc" does not swallow the next word.
# Text taken from PDFs loses spaces ("70-TB/TWngày 06 tháng 01 năm 2012"): a code ends where a
# lower-case "ngày" or "của" is glued to its upper-case end.
_GLUED_WORD = r"(?<=[A-ZĐ0-9g])(?:ng(?:ày|ay|a\u0300y)|c(?:ủa|ua|u\u0309a))"
_CODE = rf"[^\W\d_](?:(?!{_GLUED_WORD})[\w{_MARKS}])*"
_CODE_END = rf"(?:(?![\w{_MARKS}])|(?={_GLUED_WORD}))"
_PARTY_TYPE = rf"(?:[^\W\d_]|[{_MARKS}]){{1,6}}"


def _joined(separator: str) -> str:
    return rf"{_WS}{separator}{_WS}{_CODE}"


_SYMBOL = re.compile(
    rf"(?<![\w./\-\u2010-\u2013\u2212{_MARKS}])\d{{1,5}}"
    # Joint Party issuers are written tight ("02-CTr/BTGTU-SYT"): a spaced dash after a Party
    # symbol separates list items ("05-CT/TW - KẾT LUẬN 01-KL/TW").
    # A blank instead of the dash ("số 84 QĐ/TW") is accepted after "số" or a lead word only.
    rf"(?:(?:{_WS}{_DASH}{_WS}|{_HSPACE}+){_PARTY_TYPE}{_joined('/')}(?:{_DASH}{_CODE}){{0,3}}"
    rf"|(?:{_WS}/{_WS}\d{{4}})?{_joined('/')}(?:{_joined(_DASH)}){{0,3}})"  # 09/2019/NĐ-CP
    rf"{_CODE_END}"
)
# The last code of a symbol candidate when blanks separate it from the rest.
_SPACED_LAST_CODE = re.compile(rf"(?:\s+(?:/|{_DASH})\s*|(?:/|{_DASH})\s+)(?P<code>{_CODE})\Z")

# What may stand right before a symbol: a lead word (with a date in the "Quyết định ngày …
# số …" form) and/or "số". Searched inside a short window that must end at the symbol.
_LEFT = re.compile(
    rf"(?<![\w{_MARKS}])"
    rf"(?:(?P<lead>{_alternatives(_LEAD_WORDS)})(?:{_WS1}{_NGAY}{_WS}{_DATE})?"
    rf"(?:{_WS},)?(?:{_WS1}{_SO}(?:{_WS}:)?)?|{_SO}(?:{_WS}:)?)"
    rf"{_WS}\Z"
)
_LEFT_WINDOW = 100

# "Mẫu số 01/BC-SYT", "Phụ lục 02/KH-UBND": numbered templates and annexes, not documents.
_FORM_LABEL = re.compile(
    rf"(?<![\w{_MARKS}])(?:{_alternatives(('mẫu', 'biểu mẫu', 'biểu', 'phụ lục'))})"
    rf"(?:{_WS1}{_SO})?(?:{_WS}:)?{_WS}\Z"
)

# A date directly after a symbol, possibly after "của <known body> [khóa N]".
_RIGHT = re.compile(
    rf"(?:{_WS},)?{_WS}"
    rf"(?:{_OF}{_WS1}{_ANY_BODY}(?:{_WS}\(?{_WS}{_TERM}{_WS}\)?)?(?:{_WS},)?{_WS1})?"
    rf"(?P<open>\({_WS})?"
    rf"(?:(?:{_loose('ban hành')}|{_loose('ký')}){_WS1})?"
    # "ngày" may only be left out inside parentheses: "Chỉ thị 05-CT/TW (15/5/2016)".
    rf"(?(open)(?:{_NGAY}{_WS}(?::{_WS})?)?|{_NGAY}{_WS}(?::{_WS})?){_DATE}"
    rf"(?(open){_WS}\))"
)

# "238 [, ngày …] của Ban Bí thư [khóa XII]": a number that is not part of anything longer.
_BARE_NUMBER = re.compile(
    rf"(?<![\w./\-\u2010-\u2013\u2212,{_MARKS}])(?P<num>\d{{1,5}})(?:/(?P<year>\d{{4}}))?"
    rf"(?![\w{_MARKS}]|{_HSPACE}*(?:/|{_DASH})|[.,]\d)"
    rf"(?:(?:{_WS},)?{_WS1}{_NGAY}{_WS}{_DATE})?"
    rf"(?:{_WS},)?{_WS1}{_OF}{_WS1}(?P<body>{_CODED_BODY})"
    rf"(?:{_WS1}\(?{_TERM}\)?)?"
)


# --------------------------------------------------------------------------------------------
# Citations built from written symbols.


def _symbol_citations(text: str, rules: SymbolRules) -> Iterator[Citation]:
    for match in _SYMBOL.finditer(text):
        read = _read_symbol(match.group(), rules)
        if read is None:
            continue
        symbol, written = read
        window_start = max(0, match.start() - _LEFT_WINDOW)
        left = _LEFT.search(text, window_start, match.start())
        if not _plausible(symbol, written, has_lead=left is not None):
            continue
        if (left is None or left["lead"] is None) and _FORM_LABEL.search(
            text, window_start, match.start()
        ):
            continue
        start, date = match.start(), None
        if left is not None:
            start, date = left.start(), _date_of(left)
        end = match.start() + len(written)
        right = _RIGHT.match(text, end)
        if right is not None and (right_date := _date_of(right)) is not None:
            end, date = right.end(), right_date
        yield _citation(text, start, end, symbol, date)


def _read_symbol(candidate: str, rules: SymbolRules) -> tuple[Symbol, str] | None:
    """Parse a candidate, dropping trailing lower-case codes set off by blanks when the
    symbol is valid without them. Returns the symbol and the text it was read from."""
    written = candidate
    while (last := _SPACED_LAST_CODE.search(written)) and last["code"] != last["code"].upper():
        shorter = _parse_or_none(written[: last.start()], rules)
        if shorter is None:
            break
        written = written[: last.start()]
    symbol = _parse_or_none(written, rules)
    return None if symbol is None else (symbol, written)


def _parse_or_none(written: str, rules: SymbolRules) -> Symbol | None:
    try:
        return parse_compact(compact_symbol_text(written), rules)
    except InvalidSymbol:
        return None


_DASHLESS_PARTY = re.compile(rf"\d+{_HSPACE}+[^\W\d_]")


def _plausible(symbol: Symbol, written: str, *, has_lead: bool) -> bool:
    """Filter the weakest shapes.

    A Party symbol with a blank for its dash ("84 QĐ/TW") needs "số" or a lead word. So does a
    State symbol with neither type nor year, unless it is an issuer-unit pair written in upper
    case ("4699/VPCP-KSTT"); a single code ("15/UBND") needs both. Lower-case pairs without a
    lead word are too often ordinary words ("12/con đường-ngắn").
    """
    if symbol.system == "party":
        return has_lead or not _DASHLESS_PARTY.match(written)
    if symbol.type is not None or symbol.year is not None:
        return True
    code = written.split("/", 1)[1]
    upper = code == code.upper()
    if "-" in symbol.issuer:
        return upper or has_lead
    return upper and has_lead


def _date_of(match: re.Match[str]) -> dt.date | None:
    """The valid calendar date captured by _DATE inside ``match``, if any."""
    if match["d"] is not None:
        day, month, year = match["d"], match["m"], match["y"]
    elif match["wd"] is not None:
        day, month, year = match["wd"], match["wm"], match["wy"]
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _citation(text: str, start: int, end: int, symbol: Symbol, date: dt.date | None) -> Citation:
    return Citation(
        raw=text[start:end],
        start=start,
        end=end,
        system=symbol.system,
        number=symbol.number,
        type=symbol.type,
        issuer=symbol.issuer,
        year=symbol.year,
        date=date,
        symbol=symbol.canonical,
    )


# --------------------------------------------------------------------------------------------
# Citations rebuilt from a bare number plus the issuer named in words.


def _bare_number_citations(text: str, rules: SymbolRules) -> Iterator[Citation]:
    for match in _BARE_NUMBER.finditer(text):
        left = _LEFT.search(text, max(0, match.start() - _LEFT_WINDOW), match.start())
        if left is None or left["lead"] is None:
            continue
        symbol = _symbol_from_words(match, left["lead"], rules)
        if symbol is None:
            continue
        yield _citation(text, left.start(), match.end(), symbol, _date_of(match) or _date_of(left))


def _symbol_from_words(match: re.Match[str], lead: str, rules: SymbolRules) -> Symbol | None:
    """Rebuild the symbol when lead word and body leave no doubt (see the module docstring)."""
    party_type, state_type = _LEAD_TYPES.get(_fold_letters(lead), (None, None))
    system, issuer, state_types_allowed = _BODY_CODES[_fold_letters(match["body"])]
    number, year = match["num"], match["year"]
    if int(number) == 0:
        return None
    if system == "party":
        if year is not None or party_type is None or party_type not in rules.party_types.values():
            return None
        return Symbol("party", number, party_type, issuer, None)
    if year is None or state_type not in (state_types_allowed or ()):
        return None
    if state_type not in rules.state_types.values():
        return None
    return Symbol("state", number, state_type, issuer, int(year))


def _drop_overlaps(citations: list[Citation]) -> list[Citation]:
    """Keep the first of overlapping citations (sorted by start, longest first)."""
    kept: list[Citation] = []
    for citation in citations:
        if not kept or citation.start >= kept[-1].end:
            kept.append(citation)
    return kept
