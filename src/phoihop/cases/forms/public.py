"""Forms of the staff's public-side pages: a case's publication and the Open311 keys."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm

from .. import redaction
from ..services.publication import PublicDraft


class PublishForm(BootstrapForm):
    title = forms.CharField(label=_("Tiêu đề công khai"), max_length=300)
    question = forms.CharField(
        label=_("Nội dung câu hỏi công khai"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Biên tập từ nội dung người dân gửi; bản gốc được giữ nguyên, chỉ cán bộ xem."),
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời công khai"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    hidden_spans = forms.CharField(
        label=_("Các đoạn cần ẩn (mỗi dòng một đoạn)"),
        required=False,
        max_length=redaction.MAX_SPANS * (redaction.MAX_SPAN_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Chép đúng đoạn chữ cần ẩn, ví dụ họ tên, số nhà, tên người được nhắc đến. Họ tên, "
            "số điện thoại, thư điện tử, địa chỉ người gửi đã để lại luôn được ẩn."
        ),
    )
    detect = forms.BooleanField(
        label=_("Tự động ẩn số điện thoại, thư điện tử, số CMND/CCCD"), required=False
    )

    def clean_hidden_spans(self) -> list[str]:
        spans = redaction.parse_spans(self.cleaned_data.get("hidden_spans") or "")
        problems = redaction.check_spans(spans)
        if problems:
            raise forms.ValidationError(problems)
        return spans

    def draft(self) -> PublicDraft:
        data = self.cleaned_data
        return PublicDraft(
            title=data["title"],
            question=data["question"],
            answer=data["answer"],
            hidden_spans=tuple(data["hidden_spans"]),
            detect=bool(data["detect"]),
        )


class Open311KeyForm(BootstrapForm):
    name = forms.CharField(label=_("Tên ứng dụng, đơn vị sử dụng"), max_length=200)
