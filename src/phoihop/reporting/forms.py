"""The reporting app's forms: the pivot page's choices."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, DateField, ModelMultipleChoiceField

from . import analytics
from .models import Indicator
from .permissions import analytics_provinces
from .pivot import CALENDAR_LABELS, KIND_LABELS, MAX_INDICATORS, MAX_YEARS


class PivotForm(BootstrapForm):
    indicators = ModelMultipleChoiceField(
        label=_("Chỉ tiêu"),
        queryset=Indicator.objects.none(),
        required=False,
        help_text=_("Tối đa 5 chỉ tiêu."),
    )
    area = forms.TypedChoiceField(label=_("Địa bàn"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=list(KIND_LABELS.items()), required=False)
    year_from = forms.IntegerField(
        label=_("Từ năm"), min_value=2000, max_value=2100, required=False
    )
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100, required=False)
    calendar = forms.ChoiceField(
        label=_("Lịch kỳ báo cáo"), choices=list(CALENDAR_LABELS.items()), required=False
    )
    as_of = DateField(
        label=_("Cơ cấu địa bàn vào ngày"),
        required=False,
        help_text=_("Mặc định hôm nay. Chọn ngày trước 01/7/2025 để xem theo 63 tỉnh cũ."),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.user = user
        self.fields["indicators"].queryset = Indicator.objects.visible_to(user).order_by("code")
        self.as_of = self._as_of()
        allowed = analytics_provinces(user)
        self.provinces = [
            p for p in analytics.provinces(self.as_of) if allowed is None or p.pk in allowed
        ]
        choices = [(p.pk, p.name) for p in self.provinces]
        if allowed is None:
            choices.insert(0, ("", _t("Toàn quốc (các tỉnh, thành phố)")))
        self.fields["area"].choices = choices

    def _as_of(self) -> datetime.date:
        field = self.fields["as_of"]
        try:
            day = field.clean(field.widget.value_from_datadict(self.data, self.files, "as_of"))
        except ValidationError:
            day = None
        return day or timezone.localdate()

    def clean_indicators(self):
        chosen = list(self.cleaned_data["indicators"])
        if len(chosen) > MAX_INDICATORS:
            raise ValidationError(
                _t("Chọn tối đa %(max)s chỉ tiêu một lần.") % {"max": MAX_INDICATORS}
            )
        return chosen

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and last < first:
            self.add_error("year_to", _t("Năm kết thúc phải sau hoặc bằng năm bắt đầu."))
        elif first and last and last - first >= MAX_YEARS:
            self.add_error("year_to", _t("Chọn tối đa %(max)s năm.") % {"max": MAX_YEARS})
        return data
