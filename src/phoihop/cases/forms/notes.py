"""Forms of the collaborators' monthly notes (kept apart from forms.py, which the case pages
own): opening a month's note, a topic, taking a topic up, and the department's topic filter."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, ModelChoiceField
from phoihop.org.forms import AreaCodeField
from phoihop.org.models import Field

from ..models import Case, Kind, OpinionTopic

MONTHS_BACK = 12


def recent_months(today: datetime.date | None = None, count: int = MONTHS_BACK) -> list:
    """The first days of this month and the `count - 1` before it, newest first."""
    day = (today or timezone.localdate()).replace(day=1)
    months = []
    for _i in range(count):
        months.append(day)
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


def _month_choices():
    return [(m.strftime("%Y-%m"), m.strftime("%m/%Y")) for m in recent_months()]


def parse_month(value: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None


class NoteNewForm(BootstrapForm):
    department = ModelChoiceField(label=_("Gửi ban"), queryset=None, empty_label=None)
    month = forms.ChoiceField(label=_("Tháng"), choices=_month_choices)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def clean_month(self):
        return parse_month(self.cleaned_data["month"])


class TopicForm(BootstrapForm):
    column_model = OpinionTopic

    field = ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label="—")
    area = AreaCodeField(
        label=_("Xã, phường, đặc khu"), help_text=_("Gõ tên hoặc mã rồi chọn trong danh sách.")
    )
    said = forms.CharField(
        label=_("Người dân nói gì"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    mood = forms.ChoiceField(
        label=_("Chiều hướng dư luận"), choices=OpinionTopic.Mood.choices, widget=forms.RadioSelect
    )


class SendNoteForm(BootstrapForm):
    """Sending a note: nothing to fill in; the service's refusal lands here."""


class TakeUpForm(BootstrapForm):
    """A new case from the topic, or (a number given) one more item of an open case."""

    SERVICE_FIELDS = {"text": "title", "case": "case_number"}

    title = forms.CharField(label=_("Tiêu đề vụ việc mới"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, initial=Kind.SIGNAL)
    urgency = forms.ChoiceField(label=_("Mức độ"), choices=Case.Urgency.choices)
    hot_spot = forms.BooleanField(label=_("Điểm nóng"), required=False)
    case_number = forms.CharField(
        label=_("Hoặc thêm vào vụ việc số"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "PA-2026-000123"}),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip() and not (data.get("case_number") or "").strip():
            self.add_error("title", _("Nhập tiêu đề vụ việc mới, hoặc số vụ việc để thêm vào."))
        return data


class TopicFilterForm(BootstrapForm):
    month = forms.ChoiceField(
        label=_("Tháng"), required=False, choices=lambda: [("", _("Mọi tháng")), *_month_choices()]
    )
    area = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)
    mood = forms.ChoiceField(
        label=_("Chiều hướng"),
        required=False,
        choices=[("", _("Mọi chiều hướng")), *OpinionTopic.Mood.choices],
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("Mọi lĩnh vực"),
    )

    def clean_month(self):
        return parse_month(self.cleaned_data["month"])
