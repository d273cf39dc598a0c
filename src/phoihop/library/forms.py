"""Forms of the library: an item (with its first file), a new version, a collection, the list's
filters."""

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.org.forms import OrganizationListField, OrganizationReferenceField
from phoihop.org.models import Field, Membership

from .models import Collection, Item, Version


class ItemForm(BootstrapForm):
    """An item as its keeper describes it (services.create_item / update_item)."""

    column_model = Item
    SERVICE_FIELDS = {"directive": "directive_symbol"}

    organization = OrganizationReferenceField(label=_("Đơn vị quản lý"), queryset=None)
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=Item.Kind.choices)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=400)
    summary = forms.CharField(
        label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fields = ModelMultipleChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False
    )
    tags = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=400,
        help_text=_("Cách nhau bởi dấu phẩy, ví dụ: chuyển đổi số, an toàn thực phẩm."),
    )
    directive_symbol = forms.CharField(
        label=_("Văn bản được tuyên truyền (số, ký hiệu)"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ: 57-NQ/TW. Để trống nếu tài liệu không gắn với văn bản nào."),
    )
    publisher = forms.CharField(label=_("Nơi xuất bản, phát hành"), required=False, max_length=255)
    edition = forms.CharField(label=_("Lần xuất bản, phiên bản"), required=False, max_length=60)
    published_on = DateField(label=_("Ngày phát hành"))
    link = forms.URLField(
        label=_("Đường dẫn (âm thanh, video)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Với âm thanh, video: địa chỉ trang phát, không cần tải tệp lên."),
    )
    access = forms.ChoiceField(
        label=_("Quyền xem"),
        choices=Item.Access.choices,
        widget=forms.RadioSelect,
        initial=Item.Access.SIGNED_IN,
    )
    audience_organizations = OrganizationListField(
        label=_("Tổ chức được xem (khi hạn chế)"),
        queryset=None,
        required=False,
        help_text=_(
            "Thành viên của các tổ chức này và các đơn vị trực thuộc; gõ tên rồi chọn, nhiều "
            "tổ chức cách nhau bằng dấu chấm phẩy. Ví dụ: Đoàn báo cáo viên."
        ),
    )
    audience_roles = MultipleChoiceField(
        label=_("Vai trò được xem (khi hạn chế)"),
        choices=Membership.Role.choices,
        required=False,
        help_text=_("Để trống: mọi vai trò trong các tổ chức đã chọn."),
    )

    def __init__(self, *args, owners, audiences, directives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = owners
        self.fields["audience_organizations"].queryset = audiences
        self.directives = directives

    def clean_directive_symbol(self):
        symbol = self.cleaned_data["directive_symbol"].strip()
        if not symbol:
            return None
        found = self.directives.filter(symbol__iexact=symbol).order_by("-issued_on").first()
        if found is None:
            raise forms.ValidationError(
                _t("Không tìm thấy văn bản «%(symbol)s» trong sổ văn bản bạn được xem.")
                % {"symbol": symbol}
            )
        return found

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["directive"] = data.pop("directive_symbol")
        data["audience_organizations"] = data.get("audience_organizations") or []
        return {key: data[key] for key in ITEM_ARGUMENTS}

    @staticmethod
    def initial_of(item: Item) -> dict:
        audience = list(item.audience.select_related("organization"))
        return {
            "organization": item.organization,
            "kind": item.kind,
            "title": item.title,
            "summary": item.summary,
            "fields": [f.pk for f in item.fields.all()],
            "tags": item.tags,
            "directive_symbol": item.directive.symbol if item.directive_id else "",
            "publisher": item.publisher,
            "edition": item.edition,
            "published_on": item.published_on,
            "link": item.link,
            "access": item.access,
            "audience_organizations": list(dict.fromkeys(row.organization for row in audience)),
            "audience_roles": sorted({row.role for row in audience if row.role}),
        }


ITEM_ARGUMENTS = (
    "organization",
    "kind",
    "title",
    "summary",
    "fields",
    "tags",
    "directive",
    "publisher",
    "edition",
    "published_on",
    "link",
    "access",
    "audience_organizations",
    "audience_roles",
)


class NewItemForm(ItemForm):
    file = UploadFormField(purpose="library_file", label=_("Tệp tài liệu"), required=False)

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "file": self.cleaned_data.get("file")}


class VersionForm(BootstrapForm):
    column_model = Version

    file = UploadFormField(purpose="library_file", label=_("Tệp đã sửa"))
    note = forms.CharField(
        label=_("Ghi chú sửa đổi"),
        required=False,
        max_length=400,
        help_text=_("Ví dụ: sửa số liệu mục II theo báo cáo mới."),
    )


class CollectionForm(BootstrapForm):
    column_model = Collection

    organization = OrganizationReferenceField(label=_("Đơn vị quản lý"), queryset=None)
    title = forms.CharField(label=_("Tên bộ sưu tập"), max_length=300)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    items = ModelMultipleChoiceField(label=_("Tài liệu"), queryset=None, required=False)

    def __init__(self, *args, owners, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = owners
        self.fields["items"].queryset = items


class ItemFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Tìm cả trong nội dung tệp, gõ có dấu hoặc không dấu"))
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), required=False, choices=[("", _("Tất cả")), *Item.Kind.choices]
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False, empty_label=_("Tất cả")
    )
    access = forms.ChoiceField(
        label=_("Quyền xem"), required=False, choices=[("", _("Tất cả")), *Item.Access.choices]
    )
    collection = ModelChoiceField(
        label=_("Bộ sưu tập"), queryset=None, required=False, empty_label=_("Tất cả")
    )
    published_from = DateField(label=_("Phát hành từ ngày"), required=False)
    published_to = DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, collections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = collections


class PublicFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Gõ có dấu hoặc không dấu"))
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"), required=False, choices=[("", _("Tất cả")), *Item.Kind.choices]
    )
