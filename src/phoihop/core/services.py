"""What every app's services share: the permission check that opens each write, and field
errors gathered before they are raised together (docs/conventions.md, rule 1)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def deny_unless(allowed: bool) -> None:
    """The first line of a service: PermissionDenied, in Vietnamese, unless `allowed`."""
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


class Errors(dict):
    """Field errors collected before raising them together."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))
