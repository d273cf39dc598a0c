from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.cases.models import Kind
from phoihop.cases.permissions import intake_departments
from phoihop.core.forms import BootstrapForm, DateField, ModelChoiceField, TextFilterField
from phoihop.org.models import Area, Field

from . import selectors
from .models import Source
from .selectors import NewsroomFilters


class NewsroomFilterForm(BootstrapForm):
    """The newsroom's filters. A value that does not parse is ignored and said."""

    q = TextFilterField(placeholder=_("Tiêu đề, nội dung — có dấu hoặc không dấu"))
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False,
        empty_label=_("Mọi lĩnh vực"),
    )  # fmt: skip
    area = ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi tỉnh/thành phố"),
    )
    source = ModelChoiceField(
        label=_("Nguồn"), queryset=Source.objects.all(), required=False,
        empty_label=_("Mọi nguồn"),
    )  # fmt: skip
    date_from = DateField(label=_("Từ ngày"), required=False)
    date_to = DateField(label=_("Đến ngày"), required=False)
    negative = forms.BooleanField(label=_("Chỉ tin tiêu cực"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.current().filter(level=Area.Level.PROVINCE)

    def filters(self) -> NewsroomFilters:
        data = self.valid_data()
        return NewsroomFilters(
            q=data.get("q") or "",
            field=data.get("field"),
            area=data.get("area"),
            source=data.get("source"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            negative=bool(data.get("negative")),
        )


class StoryCaseForm(BootstrapForm):
    """Open a public-opinion case from a story: which department receives it, what it is."""

    department = ModelChoiceField(label=_("Đơn vị tiếp nhận"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, initial=Kind.SIGNAL)
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False,
        empty_label=_("Chưa xác định"),
    )  # fmt: skip

    def __init__(self, *args, user, cluster=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = intake_departments(user)
        if cluster is not None and not self.is_bound:
            self.initial["field"] = selectors.first_field_id(cluster)
