"""Forms of the case pages: the list filter, recording an item, and the actions on a case."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.org.forms import (
    AreaCodeField,
    OrganizationListField,
    OrganizationReferenceField,
    reference_choices,
)
from phoihop.org.models import Area, Field, Organization

from ..models import BUCKET_FILTER_LABELS, BUCKET_FILTERS, Case, Channel, ConsentText, Item, Kind
from ..selectors import MISSING, RESPONSE_BINS, CaseFilters

RESPONSE_LABELS = {
    "le7": _("Trả lời trong 7 ngày"),
    "8to14": _("Trả lời sau 8–14 ngày"),
    "15to28": _("Trả lời sau 15–28 ngày"),
    "gt28": _("Trả lời sau hơn 28 ngày"),
}
MISSING_LABELS = {
    "field": _("Chưa có lĩnh vực"),
    "area": _("Chưa có địa bàn"),
    "lead": _("Chưa giao đơn vị chủ trì"),
}


class CaseFilterForm(BootstrapForm):
    """The filters of the case list (and the API's, by the same names). A value that does not
    parse is ignored and said, never a server error."""

    q = TextFilterField(placeholder=_("Số, tiêu đề, địa bàn — có dấu hoặc không dấu"))
    bucket = forms.ChoiceField(
        label=_("Hạn xử lý"),
        required=False,
        choices=[("", _("Tất cả")), *((b, BUCKET_FILTER_LABELS[b]) for b in BUCKET_FILTERS)],
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Mọi tình trạng")), *Case.Status.choices[:-1]],
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *Kind.choices]
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("Mọi lĩnh vực"),
    )
    area = ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi tỉnh/thành phố"),
    )
    commune = ModelChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi xã, phường"),
    )
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        required=False,
        choices=[("", _("Mọi kênh")), *Channel.choices],
    )
    received_from = DateField(label=_("Tiếp nhận từ ngày"), required=False)
    received_to = DateField(label=_("đến ngày"), required=False)
    lead = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    organization = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    missing = forms.ChoiceField(
        required=False, choices=[(k, k) for k in MISSING], widget=forms.HiddenInput
    )
    response = forms.ChoiceField(
        required=False, choices=[(k, k) for k, _f, _l in RESPONSE_BINS], widget=forms.HiddenInput
    )
    hot_spot = forms.BooleanField(label=_("Chỉ điểm nóng"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Area.objects.current().filter(level=Area.Level.PROVINCE)
        self.fields["area"].queryset = provinces
        self.fields["area"].widget.attrs["data-autosubmit"] = ""
        # The lists shown come from the cache, like the other lists' filters (they rarely
        # change, and every list page draws them); a value chosen is still read from the
        # database when the form is cleaned.
        self._offer("field", Field.objects.all(), value="pk")
        self._offer("area", provinces)
        # The communes of the province asked for (a commune without its province is not
        # offered: 3,321 choices would make every list page heavy).
        code = self.data.get("area") or ""
        if code and any(code == value for value, _name in self.fields["area"].choices):
            communes = Area.objects.current().filter(
                parent__in=provinces.filter(code=code), level=Area.Level.COMMUNE
            )
            self.fields["commune"].queryset = communes
            self._offer("commune", communes, key=f"commune|{code}")
        else:
            del self.fields["commune"]

    def _offer(self, name: str, rows, *, value: str = "code", key: str = "") -> None:
        field = self.fields[name]
        field.choices = [("", field.empty_label), *reference_choices(key or name, rows, value)]

    def clean_received_to(self):
        start, end = self.cleaned_data.get("received_from"), self.cleaned_data.get("received_to")
        if start and end and end < start:
            raise forms.ValidationError(_("Ngày cuối phải sau ngày đầu."))
        return end

    def filters(
        self, lead_id: int | None = None, organization: Organization | None = None
    ) -> CaseFilters:
        data = self.valid_data()
        return CaseFilters(
            q=(data.get("q") or "").strip(),
            bucket=data.get("bucket") or "",
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            field_id=data["field"].pk if data.get("field") else None,
            area=data.get("area"),
            commune=data.get("commune"),
            lead_id=lead_id,
            hot_spot=bool(data.get("hot_spot")),
            channel=data.get("channel") or "",
            missing=data.get("missing") or "",
            organization=organization,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            response=data.get("response") or "",
        )


class CaseAnalyticsForm(CaseFilterForm):
    """The analytics page's filters: the list's, without the bucket (its first table) and the
    words (figures of a word search would count what the search index happens to match)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("q", "bucket"):
            del self.fields[name]


class ItemForm(BootstrapForm):
    """An item recorded on a citizen's behalf, as a new case or joined to an existing one.
    The citizen's contact details are optional; given, they need the person's explicit yes to
    the consent text shown."""

    column_model = Item
    SERVICE_FIELDS = {"received_at": "received_on", "consent": "consent"}

    department = ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=None, empty_label=None)
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=Channel.choices)
    received_on = DateField(label=_("Ngày tiếp nhận"))
    received_time = forms.TimeField(
        label=_("Giờ"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M"),
    )
    area = AreaCodeField(
        label=_("Xã, phường, đặc khu"),
        required=False,
        help_text=_("Gõ tên hoặc mã rồi chọn trong danh sách gợi ý."),
    )
    text = forms.CharField(label=_("Nội dung ý kiến"), widget=forms.Textarea(attrs={"rows": 5}))
    source = forms.CharField(label=_("Nguồn"), required=False, max_length=300)
    attachment = UploadFormField(purpose="case_attachment", label=_("Tệp đính kèm"), required=False)
    # The new case, when the item does not join one
    title = forms.CharField(label=_("Tiêu đề vụ việc"), required=False, max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, initial=Kind.COMPLAINT)
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False, empty_label="—"
    )
    urgency = forms.ChoiceField(label=_("Mức độ"), choices=Case.Urgency.choices)
    hot_spot = forms.BooleanField(label=_("Điểm nóng, vấn đề nổi cộm"), required=False)
    # The citizen (optional)
    name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    consent = forms.BooleanField(
        label=_("Người gửi đồng ý rõ ràng với nội dung xử lý dữ liệu cá nhân ở trên"),
        required=False,
    )
    consent_version = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    # Duplicates: join one of the suggested cases, or confirm a new one
    join = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    new_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.consent_text = ConsentText.current()
        if self.consent_text is not None:
            self.fields["consent_version"].initial = self.consent_text.version

    def received_at(self) -> datetime.datetime:
        """The day and time typed; without a time, 08:00 (the office opens), or now for an
        item recorded today before 08:00, which would otherwise be refused as in the future."""
        data = self.cleaned_data
        moment = timezone.make_aware(
            datetime.datetime.combine(
                data["received_on"], data.get("received_time") or datetime.time(8, 0)
            )
        )
        if data.get("received_time") is None:
            moment = min(moment, timezone.now())
        return moment

    def has_contact(self) -> bool:
        return any(
            (self.cleaned_data.get(n) or "").strip() for n in ("name", "phone", "email", "address")
        )

    def consent_text_sent(self) -> ConsentText | None:
        version = self.cleaned_data.get("consent_version") or ""
        return ConsentText.objects.filter(version=version).first() if version else None

    def clean(self):
        data = super().clean()
        if not data.get("join") and not (data.get("title") or "").strip():
            self.add_error("title", _t("Hãy đặt tiêu đề cho vụ việc mới."))
        return data


class CaseEditForm(BootstrapForm):
    """What the department says of a case: its title and classification. While it is not
    answered, a change of kind, urgency or hot spot counts its due dates again."""

    column_model = Case

    title = forms.CharField(label=_("Tiêu đề vụ việc"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices)
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False, empty_label="—"
    )
    area = AreaCodeField(
        label=_("Xã, phường, đặc khu"),
        required=False,
        help_text=_("Gõ tên hoặc mã rồi chọn trong danh sách gợi ý."),
    )
    urgency = forms.ChoiceField(label=_("Mức độ"), choices=Case.Urgency.choices)
    hot_spot = forms.BooleanField(label=_("Điểm nóng, vấn đề nổi cộm"), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].keep = case.area


class AssignForm(BootstrapForm):
    lead = OrganizationReferenceField(label=_("Đơn vị chủ trì trả lời"), queryset=None)
    co_agencies = OrganizationListField(
        label=_("Đơn vị phối hợp"),
        queryset=None,
        required=False,
        help_text=_("Gõ tên rồi chọn; nhiều đơn vị cách nhau bằng dấu chấm phẩy."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = candidates
        self.fields["co_agencies"].queryset = candidates


class NoteForm(BootstrapForm):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(BootstrapForm):
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 5}))


class CloseForm(BootstrapForm):
    resolved = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Đã giải quyết")), ("0", _("Chưa giải quyết được"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(BootstrapForm):
    SERVICE_FIELDS = {"reason": "reason"}
    reason = forms.CharField(
        label=_("Lý do người gửi đề nghị mở lại"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(BootstrapForm):
    target = forms.CharField(
        label=_("Gộp vào vụ việc số"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "PA-2026-000123"}),
    )


class SplitForm(BootstrapForm):
    title = forms.CharField(label=_("Tiêu đề vụ việc mới"), required=False, max_length=300)


class ExtensionForm(BootstrapForm):
    requested_deadline = DateField(label=_("Gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(BootstrapForm):
    approve = forms.TypedChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Chấp thuận")), ("0", _("Không chấp thuận"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    reason = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
