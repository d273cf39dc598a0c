"""Vietnamese-aware text folding shared by search, imports and duplicate detection."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (NFD + drop combining marks) and map đ to d.

    "Sở Y tế tỉnh Thanh Hóa" -> "so y te tinh thanh hoa". `đ` is a separate letter in Unicode,
    not a d with a mark, so it needs its own mapping.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def normalize(text: str | None) -> str:
    """NFC, lower case and single spaces: the form used to compare with diacritics kept."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).lower()).strip()


_WORD = re.compile(r"[0-9a-z]+")


def search_terms(query: str) -> list[str]:
    """The folded words of a query, as the index stores them."""
    return _WORD.findall(fold(query))


def non_empty_lines(text: str | None) -> list[str]:
    """The lines of a text box, trimmed, blank ones left out (topics, figures: one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
