"""The boundary rules every form and API schema applies to what a user sends.

Text may not carry NUL or other control characters (PostgreSQL refuses NUL, XML exports cannot
hold them, terminals and logs misread them) nor lone surrogates (not valid UTF-8, so the database
driver cannot encode them); multi-line text keeps tab and line breaks. Dates stay within
settings.DATE_MIN..DATE_MAX, so a year-9999 deadline cannot break a calendar feed or date
arithmetic for everyone who sees it. Whole numbers stay within a signed 64-bit column.

`core.forms` applies these to every form field and `core.api.InputSchema` to every API input.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

# C0 controls, DEL, C1 controls, lone surrogates and the two non-characters U+FFFE/U+FFFF.
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_MULTILINE = re.compile(f"[{_FORBIDDEN}]")
_FORBIDDEN_SINGLE_LINE = re.compile(f"[{_FORBIDDEN}\t\n\r]")


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """Why `value` may not be stored as text, or None when it may."""
    pattern = _FORBIDDEN_MULTILINE if multiline else _FORBIDDEN_SINGLE_LINE
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    if "\ud800" <= char <= "\udfff":
        return _("Văn bản chứa ký tự Unicode không hợp lệ.")
    if char in "\t\n\r":
        return _("Trường này chỉ nhận một dòng văn bản, không có ký tự xuống dòng hay tab.")
    return _("Văn bản chứa ký tự điều khiển không được phép (mã U+%(code)04X).") % {
        "code": ord(char)
    }


def date_problem(value: datetime.date) -> str | None:
    """Why `value` is outside the dates the platform accepts, or None."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if settings.DATE_MIN <= value <= settings.DATE_MAX:
        return None
    return _("Ngày phải từ %(min)s đến %(max)s.") % {
        "min": settings.DATE_MIN.strftime("%d/%m/%Y"),
        "max": settings.DATE_MAX.strftime("%d/%m/%Y"),
    }


def integer_problem(value: int) -> str | None:
    if INT64_MIN <= value <= INT64_MAX:
        return None
    return _("Số quá lớn.")


def parse_id(raw) -> int | None:
    """A positive database id from a query-string or form value, or None when it is not one.

    Only ASCII digits count ("١٢" and "²" are digits to str.isdigit but not ids), and the
    value must fit a 64-bit column.
    """
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= INT64_MAX else None


class TextValidator:
    """Form validator: no control characters (line breaks allowed when `multiline`)."""

    def __init__(self, *, multiline: bool):
        self.multiline = multiline

    def __call__(self, value) -> None:
        problem = text_problem(str(value), multiline=self.multiline) if value else None
        if problem:
            raise ValidationError(problem, code="control_characters")

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator) and other.multiline == self.multiline


def validate_date_in_range(value) -> None:
    problem = date_problem(value) if value else None
    if problem:
        raise ValidationError(problem, code="date_out_of_range")


def validate_integer_in_range(value) -> None:
    problem = integer_problem(value) if value is not None else None
    if problem:
        raise ValidationError(problem, code="integer_out_of_range")
