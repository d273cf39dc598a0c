"""Forms of the public portal: a citizen's question or feedback, the tracking-code lookup and
the filters of the published answers. Everything here is hostile input by default."""

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, ModelChoiceField, TextFilterField
from phoihop.core.uploads import UploadFormField
from phoihop.org.models import Area, Field

from .. import tracking
from ..models import ConsentText, Kind
from ..services.portal import PUBLIC_KINDS, TEXT_MAX, public_provinces

PHOTO_FIELDS = ("photo_1", "photo_2", "photo_3")
CONTACT_FIELDS = ("name", "phone", "email", "address")


class ProvinceForm(BootstrapForm):
    """Step one without JavaScript: the province, so the next page lists only its communes."""

    province = ModelChoiceField(
        label=_("Tỉnh, thành phố nơi xảy ra sự việc"),
        queryset=Area.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn tỉnh, thành phố —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = public_provinces()


class SubmissionForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("Bạn muốn"),
        choices=[(k.value, k.label) for k in PUBLIC_KINDS],
        initial=Kind.QUESTION,
        widget=forms.RadioSelect,
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), empty_label=_("— Chọn lĩnh vực —")
    )
    area = ModelChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=Area.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn xã, phường —"),
    )
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Không ghi họ tên, số điện thoại vào nội dung nếu bạn không muốn công khai."),
    )
    photo_1 = UploadFormField(purpose="portal_photo", label=_("Ảnh 1"), required=False)
    photo_2 = UploadFormField(purpose="portal_photo", label=_("Ảnh 2"), required=False)
    photo_3 = UploadFormField(purpose="portal_photo", label=_("Ảnh 3"), required=False)
    name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    email = forms.CharField(label=_("Thư điện tử"), required=False, max_length=254)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=300)
    consent = forms.BooleanField(
        label=_("Tôi đồng ý với nội dung xử lý dữ liệu cá nhân ở trên"), required=False
    )
    consent_version = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    # The honeypot: hidden from people (visually-hidden wrapper, skipped by the tab key), filled
    # by robots that fill every box. A filled one is answered like a flood (429).
    website = forms.CharField(
        label=_("Không điền vào ô này"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, province: Area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.current()
            .filter(level=Area.Level.COMMUNE, parent=province)
            .order_by("name")
        )
        self.consent_text = ConsentText.current()
        if self.consent_text is not None:
            self.fields["consent_version"].initial = self.consent_text.version

    def is_robot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def photos(self) -> list:
        return [self.cleaned_data[name] for name in PHOTO_FIELDS if self.cleaned_data.get(name)]

    def has_contact(self) -> bool:
        return any((self.cleaned_data.get(name) or "").strip() for name in CONTACT_FIELDS)

    def consent_text_sent(self) -> ConsentText | None:
        """The version the person was shown (kept in the form), not whatever is current now."""
        version = self.cleaned_data.get("consent_version") or ""
        return ConsentText.objects.in_force().filter(version=version).first() if version else None

    def clean(self):
        data = super().clean()
        if self.has_contact() and not data.get("consent"):
            self.add_error(
                "consent",
                _t(
                    "Bạn đã để lại thông tin liên hệ: hãy đánh dấu đồng ý, hoặc xóa thông tin "
                    "liên hệ để gửi ẩn danh."
                ),
            )
        return data


class LookupForm(BootstrapForm):
    code = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "K7P4-M9QX-2T", "autocomplete": "off", "autocapitalize": "off"}
        ),
    )

    def clean_code(self) -> str:
        code = tracking.normalize(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_t("Mã tra cứu gồm 10 ký tự, ví dụ K7P4-M9QX-2T."))
        return code


class AnswerFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Tìm theo nội dung — có dấu hoặc không dấu"))
    field = ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("Mọi lĩnh vực"),
    )
    province = ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi tỉnh, thành phố"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = public_provinces()
