"""Forms for the good-models registry. Forms only parse and present; rules live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, DateField, ModelChoiceField, TextFilterField
from phoihop.core.uploads import UploadFormField
from phoihop.core.validation import INT64_MAX
from phoihop.org.forms import AreaCodeField, OrganizationReferenceField
from phoihop.org.models import Field, Organization
from phoihop.plans.permissions import OWNER_ROLES

from .models import GoodModel
from .selectors import ModelFilters


def keeping_organizations(user):
    """Organisations where the user may keep registry entries (their owner roles)."""
    active = Organization.objects.active()
    if user.is_superuser:
        return active
    return active.within_scope_of(user, OWNER_ROLES)


class ModelFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Tên, nội dung, đơn vị; có dấu hoặc không dấu"))
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.order_by("position", "name"), required=False
    )
    year = forms.TypedChoiceField(
        label=_("Năm bắt đầu"), required=False, coerce=int, empty_value=None
    )
    commended = forms.ChoiceField(
        label=_("Khen thưởng"),
        required=False,
        choices=[("", _("Tất cả")), ("1", _("Đã được khen thưởng")), ("0", _("Chưa khen thưởng"))],
    )

    start = DateField(label=_("Bắt đầu từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    # Carried by the review counts' links (practices/counts.py).
    organization = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=INT64_MAX
    )
    commended_start = DateField(required=False, widget=forms.HiddenInput)
    commended_end = DateField(required=False, widget=forms.HiddenInput)
    replicated_start = DateField(required=False, widget=forms.HiddenInput)
    replicated_end = DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, str(y)) for y in years]

    def filters(self) -> ModelFilters:
        data = self.valid_data()
        field = data.get("field")
        return ModelFilters(
            q=data.get("q") or "",
            field=field.pk if field else None,
            year=data.get("year"),
            commended={"1": True, "0": False}.get(data.get("commended") or ""),
            organization=data.get("organization"),
            **{
                name: data.get(name)
                for name in (
                    "start",
                    "end",
                    "commended_start",
                    "commended_end",
                    "replicated_start",
                    "replicated_end",
                )
            },
        )


class ModelForm(BootstrapForm):
    title = forms.CharField(label=_("Tên mô hình, cách làm"), max_length=500)
    organization = OrganizationReferenceField(label=_("Đơn vị thực hiện"), queryset=None)
    keeper = OrganizationReferenceField(label=_("Đơn vị theo dõi"), queryset=None)
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.order_by("position", "name"), required=False
    )
    area = AreaCodeField(label=_("Địa bàn"), required=False)
    started_on = DateField(label=_("Bắt đầu thực hiện"))
    summary = forms.CharField(
        label=_("Nội dung, cách làm"), widget=forms.Textarea(attrs={"rows": 5})
    )
    figures = forms.CharField(
        label=_("Kết quả, số liệu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một kết quả có số liệu."),
    )

    def __init__(self, *args, user, practice: GoodModel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Organization.objects.active().visible_to(user)
        keepers = keeping_organizations(user)
        if practice is not None:
            # An entry being changed keeps its own (even archived, or kept elsewhere).
            organizations = organizations | Organization.objects.filter(pk=practice.organization_id)
            keepers = keepers | Organization.objects.filter(pk=practice.keeper_id)
            self.fields["area"].keep = practice.area
        self.fields["organization"].queryset = organizations
        self.fields["keeper"].queryset = keepers

    @staticmethod
    def initial_for(practice: GoodModel) -> dict:
        return {
            "title": practice.title,
            "organization": practice.organization,
            "keeper": practice.keeper,
            "field": practice.field_id,
            "area": practice.area,
            "started_on": practice.started_on,
            "summary": practice.summary,
            "figures": practice.figures,
        }


class EvidenceForm(BootstrapForm):
    upload = UploadFormField(label=_("Tài liệu, hình ảnh"), purpose="practice_evidence")
    caption = forms.CharField(label=_("Chú thích"), max_length=300, required=False)

    SERVICE_FIELDS = {"file": "upload"}


class CommendationForm(BootstrapForm):
    title = forms.CharField(
        label=_("Hình thức khen thưởng"),
        max_length=300,
        help_text=_("Ví dụ: Bằng khen, Giấy khen"),
    )
    conferred_by = forms.CharField(label=_("Cấp khen"), max_length=300)
    reference = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    conferred_on = DateField(label=_("Ngày khen"))


class ReplicationForm(BootstrapForm):
    organization = OrganizationReferenceField(
        label=_("Đơn vị nhân rộng"), queryset=None, required=False
    )
    area = AreaCodeField(label=_("Địa bàn nhân rộng"), required=False)
    started_on = DateField(label=_("Từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.active().visible_to(user)
