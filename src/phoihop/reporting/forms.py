"""The forms of the reporting pages: filters of the completeness page and of the targets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, TextFilterField

from .completeness import FILTER_LABELS


class CompletenessFilterForm(BootstrapForm):
    """Which period of a regime, and which of its units: a value that does not parse is
    ignored and said, never a server error."""

    q = TextFilterField(label=_("Đơn vị"), placeholder=_("Tìm theo tên đơn vị…"))
    period = forms.ChoiceField(label=_("Kỳ báo cáo"), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=list(FILTER_LABELS.items())
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.name) for p in periods]


class TargetFilterForm(BootstrapForm):
    """The targets list: whose targets, which year, which lights."""

    indicator = forms.TypedChoiceField(
        label=_("Chỉ tiêu"), required=False, coerce=int, empty_value=None
    )
    owner = forms.TypedChoiceField(
        label=_("Đơn vị giao"), required=False, coerce=int, empty_value=None
    )
    # From the dashboard: the targets an organisation set or was given.
    unit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    light = forms.ChoiceField(label=_("Đánh giá"), required=False)

    def __init__(self, *args, indicators, owners, years, lights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            ("", _("Mọi chỉ tiêu")),
            *((i.pk, f"{i.name} ({i.code})") for i in indicators),
        ]
        self.fields["owner"].choices = [("", _("Mọi đơn vị")), *((o.pk, o.name) for o in owners)]
        self.fields["year"].choices = [("", _("Mọi năm")), *((y, y) for y in years)]
        self.fields["light"].choices = [("", _("Tất cả")), *lights.items()]


class TargetImportForm(BootstrapForm):
    owner = forms.TypedChoiceField(label=_("Đơn vị giao chỉ tiêu"), coerce=int)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Dòng đầu là tiêu đề cột; các cột như mẫu tải về."),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {o.pk: o for o in owners}
        self.fields["owner"].choices = [(o.pk, o.name) for o in owners]
