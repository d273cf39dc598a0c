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
from phoihop.org.forms import OrganizationReferenceField
from phoihop.org.models import Area, Field, Organization

from . import selectors
from .models import Feed, Source, Watchlist
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


# Watchlists, alerts and actions from a story (issue 18, items 6-8) ---------------------------


class WatchlistForm(BootstrapForm):
    """Follow a topic: a field, a province, an organisation or words."""

    kind = forms.ChoiceField(label=_("Theo dõi theo"), choices=Watchlist.Kind.choices)
    field = ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False, empty_label="—"
    )
    area = ModelChoiceField(
        label=_("Tỉnh/thành phố"), queryset=Area.objects.none(), required=False, empty_label="—"
    )
    organization = OrganizationReferenceField(
        label=_("Cơ quan, tổ chức"), queryset=Organization.objects.none(), required=False
    )
    query = forms.CharField(
        label=_("Từ khóa"), required=False, max_length=200,
        help_text=_("Có dấu hoặc không dấu, ví dụ: ngộ độc thực phẩm"),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.current().filter(level=Area.Level.PROVINCE)
        self.fields["organization"].queryset = Organization.objects.visible_to(user).filter(
            archived_at__isnull=True
        )


class AlertFilterForm(BootstrapForm):
    open = forms.BooleanField(label=_("Chỉ cảnh báo chưa xem"), required=False)


class AttachCaseForm(BootstrapForm):
    """Attach a story to an open case, named by its number (PA-2026-000123)."""

    number = forms.CharField(label=_("Số vụ việc"), max_length=30)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_number(self):
        from phoihop.cases.models import Case

        number = self.cleaned_data["number"].strip().upper()
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise forms.ValidationError(_("Không tìm thấy vụ việc có số này."))
        self.cleaned_data["case"] = case
        return number


class StoryTaskForm(BootstrapForm):
    """A task from a story, in one of the plans where the user may add tasks."""

    plan = ModelChoiceField(label=_("Kế hoạch"), queryset=None, empty_label="—")
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    lead = OrganizationReferenceField(label=_("Đơn vị chủ trì"), queryset=None)
    deadline = DateField(label=_("Hạn hoàn thành"))
    description = forms.CharField(
        label=_("Yêu cầu"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Địa chỉ các bài đăng được thêm vào nội dung nhiệm vụ."),
    )  # fmt: skip

    def __init__(self, *args, plans, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["lead"].queryset = candidates


class AttentionForm(NewsroomFilterForm):
    """A topic for the attention page: the newsroom's filters, or one of the user's
    watchlists; `days` back from today."""

    DAYS = (("7", _("7 ngày")), ("30", _("30 ngày")), ("90", _("90 ngày")))

    days = forms.ChoiceField(label=_("Khoảng thời gian"), choices=DAYS, required=False)
    watchlist = ModelChoiceField(
        label=_("Chủ đề đang theo dõi"), queryset=Watchlist.objects.none(), required=False,
        empty_label=_("— hoặc chọn theo bộ lọc —"),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["watchlist"].queryset = Watchlist.objects.visible_to(user).select_related(
            "field", "area", "organization"
        )
        for name in ("date_from", "date_to"):
            del self.fields[name]

    def period_days(self) -> int:
        return int(self.valid_data().get("days") or 30)


class StoryOrientationForm(BootstrapForm):
    """A press orientation about a story's topic: which department, approved by which of its
    leaders, sent to which press agencies."""

    department = ModelChoiceField(label=_("Đơn vị định hướng"), queryset=None, empty_label=None)
    topic = forms.CharField(label=_("Chủ đề"), max_length=500)
    given_on = DateField(label=_("Ngày định hướng"))
    text = forms.CharField(
        label=_("Nội dung định hướng thông tin (thông tin cung cấp cho báo chí)"),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    approved_by = ModelChoiceField(label=_("Lãnh đạo duyệt"), queryset=None, empty_label="—")
    recipients = ModelMultipleChoiceField(
        label=_("Gửi các cơ quan báo chí"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, departments, approvers, press, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["approved_by"].queryset = approvers
        self.fields["recipients"].queryset = press


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
