"""The landing page's organisation picker."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm
from phoihop.core.validation import parse_id
from phoihop.org.models import Organization


class DashboardForm(BootstrapForm):
    """Whose tasks the landing page counts: one of the user's organisations (the first by
    default: those still in force before those merged or dissolved, then from the top of the
    tree), or another one they may see, named by ?org= in a link."""

    org = forms.TypedChoiceField(
        label=_("Đơn vị"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-autosubmit": ""}),
    )

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        memberships = user.memberships.select_related("organization").order_by(
            "organization__depth", "organization__name"
        )
        # A department merged on 1-3-2025 stays listed (its history), but its successor is
        # where the person works now.
        self.organizations = sorted(
            (m.organization for m in memberships), key=lambda o: not o.is_active
        )
        choices = list(self.organizations)
        wanted = parse_id(self.data.get("org"))
        if wanted and all(o.pk != wanted for o in choices):
            choices += Organization.objects.visible_to(user).filter(pk=wanted)
        self.fields["org"].choices = [(o.pk, o.name) for o in choices]
        self.by_pk = {o.pk: o for o in choices}

    def chosen(self) -> Organization | None:
        """The organisation asked for, else the user's first (None when they have none)."""
        wanted = self.valid_data().get("org")
        if wanted is not None:
            return self.by_pk[wanted]
        return self.organizations[0] if self.organizations else None
