"""The forms of the reporting pages: the report itself (one field per figure or narrative,
named by its key, so the service's errors land next to their fields), the receiver's reason,
a comment on a value, an attachment, the received list's filters; the completeness page's
filters, the targets' filters and import; and the pivot page's choices."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField

from . import analytics, checks
from .completeness import FILTER_LABELS
from .models import Indicator, Submission
from .permissions import analytics_provinces
from .pivot import CALENDAR_LABELS, KIND_LABELS, MAX_INDICATORS, MAX_YEARS

YES_NO_CHOICES = [("", "—"), ("có", _("Có")), ("không", _("Không"))]


class ReportEntryForm(BootstrapForm):
    """Every field is optional text here: the value checker (`checks`, through the
    `save_values` service) says what is wrong, in the same words as the API and the
    spreadsheet upload. A rate is computed, so it has no field."""

    def __init__(self, *args, spec: checks.FormSpec, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for form_field in spec.fields:
            indicator = form_field.indicator
            if indicator is not None and indicator.is_rate:
                continue
            self.fields[form_field.key] = self._field(form_field, disabled)

    @staticmethod
    def _field(form_field: checks.FieldSpec, disabled: bool) -> forms.Field:
        indicator = form_field.indicator
        common = {"label": form_field.label, "required": False, "disabled": disabled}
        if indicator is None:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), strip=False, **common)
        if indicator.value_type == checks.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, **common)
        if indicator.value_type == checks.TEXT:
            return forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=checks.TEXT_VALUE_MAX_LENGTH,
                **common,
            )
        mode = "numeric" if indicator.value_type == checks.INTEGER else "decimal"
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": mode, "autocomplete": "off"}),
            max_length=30,
            **common,
        )

    def typed_values(self) -> dict[str, str]:
        """What was typed, by key, for `save_values` (which checks it)."""
        return {key: self.cleaned_data.get(key) or "" for key in self.fields}


def initial_text(value) -> str:
    """A stored value as the entry form shows it: 12,5; có / không; the text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "as_tuple"):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


class ReasonForm(BootstrapForm):
    """Required, but said by the service («Hãy ghi lý do.»), as to the API."""

    reason = forms.CharField(
        label=_("Lý do (bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class CommentForm(BootstrapForm):
    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def field_comment_form(key: str) -> CommentForm:
    """The comment box drawn under one field of the report. The report's own <form> holds it,
    so its box belongs (HTML `form` attribute) to a small form of its own outside."""
    form = CommentForm(auto_id=f"comment-{key}-%s", initial={"key": key})
    body = form.fields["body"]
    body.widget = forms.TextInput(
        attrs={"form": f"comment-form-{key}", "placeholder": _("Ý kiến về giá trị này")}
    )
    body.max_length = 2000
    body.widget.attrs["maxlength"] = "2000"
    return form


class UpwardForm(BootstrapForm):
    """The regime under which a receiver starts its own report from the compiled figures."""

    upward = forms.TypedChoiceField(label=_("Chế độ báo cáo lên cấp trên"), coerce=int)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upward"].choices = list(choices)


class AttachmentForm(BootstrapForm):
    file = UploadFormField(label=_("Tệp đính kèm"), purpose="report_attachment")


class SheetUploadForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Biểu mẫu tải về từ trang này, đã ghi giá trị vào cột «Giá trị»."),
    )


class ReceivedFilterForm(BootstrapForm):
    q = TextFilterField(label=_("Đơn vị"), placeholder=_("Tên đơn vị"))
    regime = forms.TypedChoiceField(
        label=_("Chế độ báo cáo"), coerce=int, required=False, empty_value=None
    )
    period = forms.RegexField(
        label=_("Kỳ"),
        regex=r"^[0-9]{4}(-[0-9]{2}|-Q[1-4]|-H[12]|-9M)?$",
        required=False,
        max_length=7,
        error_messages={"invalid": _("Kỳ ghi như 2026-03, 2026-Q1, 2026-H1, 2026-9M, 2026.")},
        widget=forms.TextInput(attrs={"placeholder": "2026-03"}),
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả")), *Submission.State.choices],
    )

    def __init__(self, *args, regimes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regime"].choices = [("", _("Tất cả")), *((r.pk, str(r)) for r in regimes)]


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
