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
