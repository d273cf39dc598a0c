"""Redaction of the texts a case publishes: the spans the staff list, the citizen's own
contact details, and (when asked) what looks like a phone number, an e-mail address or an
identity-card number. Pure functions; `services/publication.py` decides what to feed them.

Every match is replaced by MARK; overlapping matches are joined first, so nothing of a
hidden span survives next to its neighbour's mark.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

MARK = "[…]"
MAX_SPANS = 100
MAX_SPAN_LENGTH = 300

# Vietnamese phone numbers: 0 or +84 then 9 digits (mobile) or 9–10 (landline), with the usual
# separators; identity numbers: 9 (old ID card) or 12 digits (citizen ID card) standing alone.
PHONE = re.compile(r"(?<![\d+])(?:\+?84|0)(?:[ .\-]?\d){8,10}(?!\d)")
ID_NUMBER = re.compile(r"(?<![\d.,])(?:\d{12}|\d{9})(?![\d.,]\d)")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.UNICODE)
AUTOMATIC = (PHONE, EMAIL, ID_NUMBER)


@dataclass(frozen=True)
class Redacted:
    text: str
    hidden: int  # how many spans were replaced


def parse_spans(text: str) -> list[str]:
    """The staff's list of spans to hide: one per line, blank lines ignored, duplicates once."""
    spans: list[str] = []
    for line in (text or "").splitlines():
        span = line.strip()
        if span and span not in spans:
            spans.append(span)
    return spans


def check_spans(spans: list[str]) -> list[str]:
    """Vietnamese messages for a list the service refuses."""
    errors = []
    if len(spans) > MAX_SPANS:
        errors.append(_("Tối đa %(n)s đoạn cần ẩn.") % {"n": MAX_SPANS})
    if any(len(span) > MAX_SPAN_LENGTH for span in spans):
        errors.append(_("Mỗi đoạn cần ẩn tối đa %(n)s ký tự.") % {"n": MAX_SPAN_LENGTH})
    if any(len(span) < 2 for span in spans):
        errors.append(_("Mỗi đoạn cần ẩn có ít nhất 2 ký tự."))
    return errors


def literal_pattern(span: str) -> re.Pattern:
    """A span as typed, any case, any run of spaces between its words."""
    words = [re.escape(word) for word in span.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def digits_pattern(phone: str) -> re.Pattern | None:
    """A known phone number written with any separators (and 0 or +84 in front)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) < 6:
        return None
    body = r"[\s.\-()]*".join(digits)
    return re.compile(r"(?:\+?84|0)?[\s.\-()]*" + body)


def identity_patterns(values: Iterable[tuple[str, str]]) -> list[re.Pattern]:
    """Patterns for a citizen's own details, given as (field, value) pairs."""
    patterns = []
    for field, value in values:
        value = (value or "").strip()
        if len(value) < 2:
            continue
        if field == "phone":
            pattern = digits_pattern(value)
            if pattern is not None:
                patterns.append(pattern)
        else:
            patterns.append(literal_pattern(value))
    return patterns


def redact(text: str, patterns: Iterable[re.Pattern]) -> Redacted:
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        spans.extend(m.span() for m in pattern.finditer(text) if m.end() > m.start())
    if not spans:
        return Redacted(text, 0)
    spans.sort()
    joined = [list(spans[0])]
    for start, end in spans[1:]:
        if start <= joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    out, last = [], 0
    for start, end in joined:
        out.append(text[last:start])
        out.append(MARK)
        last = end
    out.append(text[last:])
    return Redacted("".join(out), len(joined))


def patterns_for(spans: list[str], *, detect: bool, identity=()) -> list[re.Pattern]:
    patterns = [literal_pattern(span) for span in spans]
    patterns += identity_patterns(identity)
    if detect:
        patterns += AUTOMATIC
    return patterns
