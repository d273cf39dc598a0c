from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.cases.models import Kind
from phoihop.cases.permissions import intake_departments
from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.org.models import Area, Field, Organization

from . import selectors
from .models import Feed, Source
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


class SourceForm(BootstrapForm):
    """A press source as the department keeps it (services.save_source)."""

    column_model = Source

    name = forms.CharField(label=_("Tên nguồn"))
    organization = ModelChoiceField(
        label=_("Cơ quan báo chí"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Không gắn với cơ quan trong danh bạ"),
    )
    level = forms.ChoiceField(label=_("Cấp"), choices=Source.Level.choices)
    home_area = ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Không (báo Trung ương)"),
    )
    fields = ModelMultipleChoiceField(
        label=_("Lĩnh vực phản ánh"), queryset=Field.objects.all(), required=False
    )
    enabled = forms.BooleanField(label=_("Đang theo dõi"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            kind=Organization.Kind.PRESS, archived_at__isnull=True
        ).order_by("name")
        self.fields["home_area"].queryset = Area.objects.current().filter(level=Area.Level.PROVINCE)

    @staticmethod
    def initial_of(source: Source) -> dict:
        return {
            "name": source.name,
            "organization": source.organization_id,
            "level": source.level,
            "home_area": source.home_area_id,
            "fields": [f.pk for f in source.fields.all()],
            "enabled": source.enabled,
        }


class FeedForm(BootstrapForm):
    """A feed of a source (services.save_feed)."""

    column_model = Feed

    kind = forms.ChoiceField(label=_("Loại"), choices=Feed.Kind.choices)
    url = forms.URLField(
        label=_("Địa chỉ"), assume_scheme="https", help_text=_("Ví dụ https://baothanhhoa.vn/rss")
    )
    poll_minutes = forms.IntegerField(
        label=_("Chu kỳ lấy tin (phút)"), min_value=5, max_value=1440, initial=30
    )
    enabled = forms.BooleanField(label=_("Đang lấy tin"), required=False, initial=True)

    @staticmethod
    def initial_of(feed: Feed) -> dict:
        return {
            "kind": feed.kind,
            "url": feed.url,
            "poll_minutes": feed.poll_minutes,
            "enabled": feed.enabled,
        }


class PressImportForm(BootstrapForm):
    """Press files uploaded from the browser, imported by the worker."""

    file = UploadFormField(label=_("Tệp"), purpose="press_file")
