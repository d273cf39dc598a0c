"""The review calendar's filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, SuggestInput
from phoihop.org.forms import OrganizationReferenceField
from phoihop.org.models import Organization

from . import kinds
from .models import Review
from .selectors import WINDOW_PRESETS


class CalendarFilterForm(BootstrapForm):
    window = forms.ChoiceField(
        label=_("Khoảng thời gian"),
        required=False,
        initial="365",
        choices=[
            ("30", _("30 ngày tới")),
            ("90", _("3 tháng tới")),
            ("365", _("12 tháng tới")),
            ("1095", _("3 năm tới")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Loại mốc"),
        required=False,
        choices=[("", _("Tất cả")), *Review.Kind.choices],
    )
    subject = forms.ChoiceField(label=_("Sơ kết, tổng kết của"), required=False)
    # A whole country's reviews name thousands of organisations: typed, not listed.
    responsible = OrganizationReferenceField(
        label=_("Đơn vị chịu trách nhiệm"),
        required=False,
        queryset=Organization.objects.none(),
        widget=SuggestInput(attrs={"placeholder": _("Tất cả — gõ tên để tìm")}),
    )
    include_done = forms.BooleanField(label=_("Gồm cả mốc đã hoàn thành"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organizations
        self.fields["subject"].choices = [
            ("", _("Tất cả")),
            *((kind.key, kind.label) for kind in kinds.registered()),
        ]

    def window_value(self) -> str:
        value = self.cleaned_data.get("window") if self.is_valid() else ""
        return value if value in WINDOW_PRESETS else "365"
