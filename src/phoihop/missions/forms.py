"""Forms for missions. Forms only parse and present; rules live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.core.validation import INT64_MAX
from phoihop.directives.forms import DocumentReferenceField
from phoihop.directives.models import Document
from phoihop.org.forms import AreaCodeField, OrganizationReferenceField
from phoihop.org.models import Membership, Organization, User
from phoihop.org.scope import grants
from phoihop.plans import selectors as plan_selectors
from phoihop.plans.models import Bucket
from phoihop.plans.permissions import OWNER_ROLES

from .models import Finding, Mission, Visit
from .selectors import MissionFilters


def conducting_organizations(user):
    """Organisations where the user may set up a mission (their owner roles, not communes)."""
    active = Organization.objects.active()
    if user.is_superuser:
        return active.exclude(level=Organization.Level.COMMUNE)
    return active.within_scope_of(user, OWNER_ROLES).exclude(level=Organization.Level.COMMUNE)


def colleagues(user):
    """The people who may lead or join a mission set up by `user`: those of the organisations
    where the user holds an owner role (the conducting side), and the user."""
    if user.is_superuser:
        return User.objects.filter(is_active=True).order_by("full_name", "username")
    orgs = [grant.organization_id for grant in grants(user, OWNER_ROLES)]
    people = Membership.objects.filter(organization_id__in=orgs).values("user_id")
    return User.objects.filter(is_active=True, pk__in=people).order_by("full_name", "username")


class PersonChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.position}" if obj.position else str(obj)


class PeopleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} – {obj.position}" if obj.position else str(obj)


class _PeriodFilters(BootstrapForm):
    """The period and the organisation or programme a review count's link carries."""

    start = DateField(label=_("Bắt đầu từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    organization = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=INT64_MAX
    )
    programme = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=INT64_MAX
    )

    def filters(self) -> MissionFilters:
        data = self.valid_data()
        return MissionFilters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            year=data.get("year"),
            start=data.get("start"),
            end=data.get("end"),
            organization=data.get("organization"),
            programme=data.get("programme"),
        )


class MissionFilterForm(_PeriodFilters):
    q = TextFilterField(placeholder=_("Tên đoàn, cơ quan, nội dung"))
    kind = forms.ChoiceField(label=_("Hình thức"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    field_order = ["q", "kind", "year", "start", "end"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tất cả")), *Mission.Kind.choices]
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, str(y)) for y in years]


class RecommendationFilterForm(_PeriodFilters):
    q = TextFilterField(placeholder=_("Tên đoàn, cơ quan, nội dung"))
    bucket = forms.ChoiceField(label=_("Tình trạng"), required=False)
    kind = forms.ChoiceField(label=_("Hình thức"), required=False)
    field_order = ["q", "bucket", "kind", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bucket"].choices = [("", _("Tất cả")), *Bucket.choices]
        self.fields["kind"].choices = [("", _("Tất cả")), *Mission.Kind.choices]


class MissionForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=Mission.Kind.choices)
    title = forms.CharField(label=_("Tên đoàn, nội dung"), max_length=500)
    organization = OrganizationReferenceField(label=_("Cơ quan tiến hành"), queryset=None)
    starts_on = DateField(label=_("Từ ngày"))
    ends_on = DateField(label=_("Đến ngày"))
    leader = PersonChoiceField(label=_("Trưởng đoàn"), queryset=User.objects.none(), required=False)
    members = PeopleChoiceField(
        label=_("Thành viên đoàn"), queryset=User.objects.none(), required=False
    )
    topics = forms.CharField(
        label=_("Nội dung, danh mục kiểm tra"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nội dung."),
    )
    decision = DocumentReferenceField(
        label=_("Quyết định thành lập đoàn đã có trong danh mục văn bản"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Gõ số, ký hiệu (ví dụ 125-QĐ/TU) hoặc vài chữ của trích yếu rồi chọn."),
    )
    decision_issued_on = DateField(
        label=_("Hoặc cấp số quyết định mới, ngày ban hành"),
        required=False,
        help_text=_(
            "Để trống nếu chưa có quyết định. Khi nhập ngày, quyết định được cấp số tiếp theo "
            "của cơ quan tiến hành và đưa vào danh mục văn bản."
        ),
    )

    def __init__(self, *args, user, mission: Mission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = conducting_organizations(user)
        self.fields["decision"].queryset = Document.objects.visible_to(user).select_related("type")
        people = colleagues(user)
        if mission is not None:
            # The conducting organisation stays (it numbered the decision, it decides who
            # sees the mission); the people already chosen stay choosable.
            del self.fields["organization"]
            chosen = [mission.leader_id, *mission.members.values_list("pk", flat=True)]
            people = people | User.objects.filter(pk__in=[pk for pk in chosen if pk])
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people

    @staticmethod
    def initial_for(mission: Mission) -> dict:
        return {
            "kind": mission.kind,
            "title": mission.title,
            "starts_on": mission.starts_on,
            "ends_on": mission.ends_on,
            "leader": mission.leader_id,
            "members": list(mission.members.values_list("pk", flat=True)),
            "topics": mission.topics,
            "decision": mission.decision,
        }


class VisitForm(BootstrapForm):
    organization = OrganizationReferenceField(label=_("Đơn vị được làm việc"), queryset=None)
    visited_on = DateField(label=_("Ngày làm việc"))
    area = AreaCodeField(label=_("Địa bàn (xã, phường)"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = plan_selectors.province_candidates(
            mission.organization
        ).exclude(pk=mission.organization_id)


class VisitChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organization.name} ({obj.visited_on:%d/%m/%Y})"


class FindingForm(BootstrapForm):
    prefix = "finding"  # beside the recommendation form on the mission's page

    visit = VisitChoiceField(label=_("Buổi làm việc"), queryset=Visit.objects.none())
    kind = forms.ChoiceField(label=_("Loại nhận xét"), choices=Finding.Kind.choices)
    topic = forms.CharField(label=_("Nội dung"), max_length=300, required=False)
    text = forms.CharField(label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = mission.visits.select_related("organization").order_by(
            "visited_on", "id"
        )


class FindingChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organization.name}: {obj.text[:80]}"


class RecommendationForm(BootstrapForm):
    prefix = "recommendation"

    organization = ModelChoiceField(
        label=_("Đơn vị thực hiện"), queryset=Organization.objects.none()
    )
    finding = FindingChoiceField(
        label=_("Nhận xét liên quan"), queryset=Finding.objects.none(), required=False
    )
    text = forms.CharField(label=_("Kiến nghị"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = DateField(label=_("Hạn thực hiện"))

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        visited = mission.visits.values("organization_id")
        self.fields["organization"].queryset = Organization.objects.filter(pk__in=visited).order_by(
            "name"
        )
        self.fields["finding"].queryset = mission.findings.select_related("organization").order_by(
            "id"
        )


class AnswerForm(BootstrapForm):
    answer = forms.CharField(
        label=_("Ý kiến giải trình của đơn vị"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(BootstrapForm):
    report = UploadFormField(label=_("Báo cáo kết quả"), purpose="mission_report")
    report_on = DateField(label=_("Ngày báo cáo"))
