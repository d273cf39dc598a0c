"""Tracking codes (mã tra cứu): what a citizen keeps to look a case up on the portal or ask
about it on the phone.

Ten characters from an alphabet without look-alikes (no 0, O, 1, I, L, U or V to mishear),
drawn with `secrets`: 29**10 ≈ 4.2·10^14 codes, about 48 bits, so with the lookup limited per
address (THROTTLE_PORTAL_LOOKUP_PER_ADDRESS) nobody finds someone else's case by guessing.
Stored bare and upper-case (`K7P4M9QX2T`), shown grouped (`K7P4-M9QX-2T`), read back
whatever the case, spaces or dashes the person typed.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 symbols: no 0 O 1 I L U V
LENGTH = 10
GROUPS = (4, 4, 2)
_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text: str) -> str:
    """The stored form of what someone typed, or "" when it cannot be a code."""
    code = _SEPARATORS.sub("", (text or "")[:40]).upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def display(code: str) -> str:
    """`K7P4M9QX2T` → `K7P4-M9QX-2T`."""
    if not code:
        return ""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)
