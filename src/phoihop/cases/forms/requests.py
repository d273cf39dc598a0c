"""Forms of a person's requests about their data (kept apart from forms.py, which the case
pages own): recording one, answering it (with the corrected fields) and refusing it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, DateField

from ..models import DataRequest


class DataRequestForm(BootstrapForm):
    column_model = DataRequest
    SERVICE_FIELDS = {"received_at": "received_on", "item": "requester"}

    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=DataRequest.Kind.choices)
    requester = forms.CharField(
        label=_("Người yêu cầu"),
        max_length=200,
        help_text=_("Ví dụ: chính người gửi ý kiến, xác minh qua số điện thoại đã để lại."),
    )
    received_on = DateField(label=_("Ngày nhận yêu cầu"))
    received_time = forms.TimeField(
        label=_("Giờ"), widget=forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M")
    )
    detail = forms.CharField(
        label=_("Nội dung yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FulfilForm(BootstrapForm):
    """The answer; for a correction, the fields to rewrite (a blank one keeps its value)."""

    name = forms.CharField(label=_("Họ và tên đúng"), required=False, max_length=200)
    phone = forms.CharField(label=_("Số điện thoại đúng"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử đúng"), required=False, max_length=254)
    address = forms.CharField(label=_("Địa chỉ đúng"), required=False, max_length=300)
    outcome = forms.CharField(
        label=_("Kết quả trả lời người yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefuseForm(BootstrapForm):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}))
