"""The landing page's organisation picker and the review counts' filter."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, DateField, ModelChoiceField, SuggestInput
from phoihop.core.periods import Period
from phoihop.core.validation import parse_id
from phoihop.org.forms import OrganizationReferenceField
from phoihop.org.models import Organization
from phoihop.plans.models import Programme

MAX_SPAN_DAYS = 3660


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


def _period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The review periods of this year and the two before (Nghị định 09 windows): the year, nine
    months, the halves and the quarters, as reviews (sơ kết, tổng kết) are written for them."""
    choices = []
    for year in range(today.year, today.year - 3, -1):
        periods = [Period("year", year), Period("nine_months", year)]
        periods += Period.of_year(year, "half") + Period.of_year(year, "quarter")
        choices += [(period.code, period.name) for period in periods]
    return choices


class ReviewCountForm(BootstrapForm):
    """What the review counts count: a review period (the current half-year by default) or two
    dates typed instead, and optionally one organisation (with the units under it) and one
    programme."""

    period = forms.ChoiceField(label=_("Kỳ"), required=False)
    start = DateField(label=_("Hoặc từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    organization = OrganizationReferenceField(
        label=_("Đơn vị"),
        required=False,
        queryset=Organization.objects.none(),
        widget=SuggestInput(attrs={"placeholder": _("Tất cả — gõ tên để tìm")}),
    )
    programme = ModelChoiceField(
        label=_("Chương trình phối hợp"),
        required=False,
        queryset=Programme.objects.none(),
        empty_label=_("Tất cả"),
    )

    def __init__(self, data, *, user, today: datetime.date, **kwargs):
        if not any(data.get(key) for key in ("period", "start", "end")):
            # The box shows the period counted, not the first of its choices.
            data = data.copy()
            data["period"] = Period.containing(today, "half").code
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["period"].choices = _period_choices(today)
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by(
            "-signed_on", "title"
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            missing = "end" if start else "start"
            self.add_error(missing, _("Hãy nhập cả hai ngày, hoặc chọn một kỳ."))
        elif start and end and start > end:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        elif start and end and (end - start).days > MAX_SPAN_DAYS:
            self.add_error("end", _("Hãy chọn một khoảng không quá 10 năm."))
        return data

    def span(self) -> tuple[datetime.date, datetime.date, str]:
        """The first and last day counted and how the page names them."""
        data = self.valid_data()
        if data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
            return (
                start,
                end,
                _("Từ %(start)s đến %(end)s")
                % {
                    "start": f"{start:%d/%m/%Y}",
                    "end": f"{end:%d/%m/%Y}",
                },
            )
        code = data.get("period")
        period = Period.from_code(code) if code else Period.containing(self.today, "half")
        return period.window_start, period.window_end, period.name
