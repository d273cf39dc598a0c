"""Forms of the hot-spot working group pages (kept apart from forms.py, which the case pages
own): setting up a group, its members, its log, the press orientation and its tasks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BootstrapForm, DateField, ModelChoiceField
from phoihop.org.forms import OrganizationListField, OrganizationReferenceField
from phoihop.org.models import Organization

from ..models import PressOrientation, WorkingGroup, WorkingGroupLogEntry


class GroupForm(BootstrapForm):
    column_model = WorkingGroup

    name = forms.CharField(label=_("Tên tổ công tác"), max_length=300)
    mandate = forms.CharField(
        label=_("Nhiệm vụ của tổ"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GroupMemberForm(BootstrapForm):
    organization = OrganizationReferenceField(label=_("Cơ quan, đơn vị"), queryset=None)
    focal_username = forms.CharField(
        label=_("Tên đăng nhập của cán bộ đầu mối"),
        required=False,
        max_length=150,
        help_text=_("Để trống: cán bộ đầu mối đã đăng ký của cơ quan."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = candidates


class GroupLogForm(BootstrapForm):
    column_model = WorkingGroupLogEntry

    organization = ModelChoiceField(label=_("Cơ quan thực hiện"), queryset=None, empty_label=None)
    happened_on = DateField(label=_("Ngày thực hiện"))
    text = forms.CharField(label=_("Nội dung đã làm"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in agencies]
        ).order_by("name")


class PressOrientationForm(BootstrapForm):
    column_model = PressOrientation

    given_on = DateField(label=_("Ngày định hướng"))
    text = forms.CharField(
        label=_("Nội dung định hướng thông tin (thông tin cung cấp cho báo chí)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    approved_by = ModelChoiceField(label=_("Lãnh đạo duyệt"), queryset=None, empty_label="—")

    def __init__(self, *args, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = approvers


class GroupTaskForm(BootstrapForm):
    SERVICE_FIELDS = {"participants": "lead", "outside_parties_reason": "outside_parties_reason"}

    plan = ModelChoiceField(label=_("Kế hoạch"), queryset=None, empty_label="—")
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = OrganizationReferenceField(label=_("Đơn vị chủ trì"), queryset=None)
    co_agencies = OrganizationListField(
        label=_("Đơn vị phối hợp"),
        queryset=None,
        required=False,
        help_text=_("Gõ tên rồi chọn; nhiều đơn vị cách nhau bằng dấu chấm phẩy."),
    )
    deadline = DateField(label=_("Hạn hoàn thành"))
    outside_parties_reason = forms.CharField(
        label=_("Lý do mời đơn vị ngoài các bên của chương trình"),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, plans, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["lead"].queryset = candidates
        self.fields["co_agencies"].queryset = candidates
