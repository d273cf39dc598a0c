"""Forms for programmes, plans, tasks and their workflow. Forms only parse and present; every
rule lives in services.py, whose ValidationError is mapped back onto the form
(`add_service_errors`)."""

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.core.validation import parse_id
from phoihop.org.forms import LABELLED_REFERENCE, ReferenceField
from phoihop.org.models import Field, Organization, User

from . import selectors
from .models import (
    BUCKET_FILTER_LABELS,
    BUCKET_FILTERS,
    Plan,
    Programme,
    Task,
    TaskParticipant,
)
from .permissions import OWNER_ROLES

SIGNING_KINDS = (
    Organization.Kind.PROPAGANDA_DEPARTMENT,
    Organization.Kind.PARTY_COMMITTEE,
    Organization.Kind.PARTY_BOARD,
)
CHOICE_LIMIT = 300


def task_label(task: Task) -> str:
    """How a one-task box shows its value: "<title> (#12)"."""
    title = task.title if len(task.title) <= 120 else task.title[:119] + "…"
    return f"{title} (#{task.pk})"


class TaskReferenceField(ReferenceField):
    """One task of `queryset` (what the user may see), for forms that link one (the task an
    event serves): picks read as `task_label` writes; "#<id>" or a bare id is read too. The
    page answers its box with `plans.views.suggestions.tasks`."""

    def __init__(self, *, queryset: QuerySet, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(queryset=queryset, **kwargs)

    def find(self, token: str) -> Task | None:
        token = token.strip()
        if match := LABELLED_REFERENCE.fullmatch(token):
            token = match.group(1)
        pk = parse_id(token.removeprefix("#"))
        return self.queryset.filter(pk=pk).first() if pk else None

    def label_of(self, row: Task) -> str:
        return task_label(row)

    def missing(self, token: str) -> str:
        return _t(
            "Không tìm thấy nhiệm vụ «%(task)s» trong phạm vi bạn được xem: hãy gõ vài chữ của "
            "tên nhiệm vụ rồi chọn trong danh sách gợi ý."
        ) % {"task": token}

    def prepare_value(self, value):
        if isinstance(value, Task):
            return task_label(value)
        return super().prepare_value(value)


def _org_label(org: Organization) -> str:
    return f"{org.name} ({org.identifier})" if org.identifier else org.name


class OrganizationChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return _org_label(obj)


class OrganizationMultipleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _org_label(obj)


def owned_organizations(user) -> QuerySet:
    """Organisations where the user may sign programmes and issue plans."""
    active = Organization.objects.active()
    if user.is_superuser:
        return active.filter(kind__in=SIGNING_KINDS)
    owned = active.within_scope_of(user, OWNER_ROLES)
    return owned.exclude(level=Organization.Level.COMMUNE)


# Programmes -------------------------------------------------------------------------------------


class ProgrammeForm(BootstrapForm):
    signing_organization = OrganizationChoiceField(
        label=_("Đơn vị ký"), queryset=Organization.objects.none()
    )
    counterparts = OrganizationMultipleChoiceField(
        label=_("Đơn vị phối hợp ký kết"),
        queryset=Organization.objects.none(),
        help_text=_(
            "Các cơ quan cùng tỉnh ký chương trình với đơn vị ký: gõ vài chữ của tên để tìm, "
            "đánh dấu từng cơ quan."
        ),
    )
    title = forms.CharField(label=_("Tên chương trình"), max_length=500)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=1990, max_value=2100)
    signed_on = DateField(label=_("Ngày ký"), required=False)
    legal_basis = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Quyết định số 238-QĐ/TW ngày 30-9-2020 của Ban Bí thư…"),
    )
    regular_contents = forms.CharField(
        label=_("Nội dung phối hợp thường xuyên"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    hot_issue_contents = forms.CharField(
        label=_("Nội dung phối hợp khi có vấn đề nổi cộm"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    signed_document = UploadFormField(
        label=_("Văn bản đã ký"), required=False, purpose="signed_document"
    )
    midterm_review_on = DateField(label=_("Hạn sơ kết giữa kỳ"), required=False)
    final_review_on = DateField(label=_("Hạn tổng kết"), required=False)

    def __init__(self, *args, user, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        signing = owned_organizations(user)
        if programme is not None:
            signing = Organization.objects.filter(pk=programme.signing_organization_id)
            self.fields["signing_organization"].disabled = True
        self.fields["signing_organization"].queryset = signing.order_by("depth", "name")
        self.fields["signing_organization"].empty_label = _("— Chọn đơn vị ký —")
        chosen = self._chosen_signing(signing, programme)
        if chosen is not None:
            # The counterpart list below is built for this organisation: show it as chosen.
            self.initial.setdefault("signing_organization", chosen.pk)
        candidates = Organization.objects.none()
        if chosen is not None:
            candidates = (
                selectors.province_candidates(chosen)
                .exclude(level=Organization.Level.COMMUNE)
                .exclude(pk=chosen.pk)
            )
        current = programme.counterparts.values("pk") if programme else []
        self.fields["counterparts"].queryset = Organization.objects.filter(
            Q(pk__in=candidates.values("pk")) | Q(pk__in=current)
        ).order_by("name")

    def _chosen_signing(self, signing: QuerySet, programme) -> Organization | None:
        """The signing organisation whose province the counterpart list shows."""
        if programme is not None:
            return programme.signing_organization
        raw = self.data.get("signing_organization") or self.initial.get("signing_organization")
        pk = parse_id(getattr(raw, "pk", raw))
        found = signing.filter(pk=pk).first() if pk else None
        return found or signing.order_by("depth", "name").first()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("signing_organization", None)
        if not data.get("signed_document"):
            data.pop("signed_document", None)
        return data


class MilestoneForm(BootstrapForm):
    title = forms.CharField(
        label=_("Nội dung mốc"),
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Mốc mới, ví dụ: Giao ban 6 tháng"),
                "aria-label": _("Nội dung mốc"),
            }
        ),
    )
    due_on = DateField(label=_("Hạn"), widget=DateInput(attrs={"aria-label": _("Hạn")}))


# Plans ------------------------------------------------------------------------------------------


class PlanForm(BootstrapForm):
    programme = ModelChoiceField(
        label=_("Thuộc chương trình"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("— Kế hoạch riêng của đơn vị —"),
    )
    issuing_organization = OrganizationChoiceField(
        label=_("Đơn vị ban hành"), queryset=Organization.objects.none()
    )
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=500)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    description = forms.CharField(
        label=_("Mục đích, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        programmes = (
            Programme.objects.visible_to(user).active().select_related("signing_organization")
        )
        self.fields["programme"].queryset = programmes.order_by("-start_year", "title")
        issuers = owned_organizations(user)
        if plan is not None:
            self.fields["programme"].disabled = True
            self.fields["issuing_organization"].disabled = True
            issuers = Organization.objects.filter(pk=plan.issuing_organization_id)
        first = list(issuers.order_by("depth", "name").values_list("pk", flat=True)[:CHOICE_LIMIT])
        self.fields["issuing_organization"].queryset = Organization.objects.filter(
            pk__in=first
        ).order_by("depth", "name")


# Tasks ------------------------------------------------------------------------------------------


class TaskForm(BootstrapForm):
    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        empty_label=_("— Chọn lĩnh vực —"),
    )
    deadline = DateField(label=_("Hạn hoàn thành"))
    deadline_exception = forms.CharField(
        label=_("Lý do hạn ngoài năm kế hoạch"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ ghi khi hạn hoàn thành không thuộc năm của kế hoạch."),
    )
    report_frequency = forms.ChoiceField(
        label=_("Báo cáo tiến độ định kỳ"), choices=Task.Frequency.choices
    )
    report_day = forms.IntegerField(
        label=_("Ngày báo cáo trong tháng"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Ví dụ 20: mỗi đơn vị báo cáo trước ngày 20."),
    )
    outside_parties_reason = forms.CharField(
        label=_("Lý do mời đơn vị ngoài chương trình"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi có đơn vị tham gia không phải là bên của chương trình."),
    )


class ParticipantForm(BootstrapForm):
    """One participant row: a party of the programme from the list, or another organisation of
    the province typed by its identifier or name."""

    organization = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, empty_value=None
    )
    other = forms.CharField(
        label=_("Hoặc đơn vị khác (mã định danh hoặc tên)"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-testid": "participant-other"}),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=TaskParticipant.Role.choices)

    def __init__(self, *args, party_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("— Chọn đơn vị —")), *party_choices]

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not data.get("organization") and not (data.get("other") or "").strip()


def participant_formset(
    plan: Plan, *, data=None, initial=None, add_row=False, prefix="participants"
):
    """The participant rows of the task form: existing ones plus blank rows (one more when the
    user asked to add a row)."""
    parties = selectors.party_organizations(plan)
    choices = [(o.pk, _org_label(o)) for o in parties]
    known = {pk for pk, _ in choices}
    for row in initial or []:
        org = row.get("organization_obj")
        if org is not None and org.pk not in known:
            choices.append((org.pk, _org_label(org)))
    extra_rows = 0
    if data is None:
        extra_rows = 3 if not initial else 1
    formset_class = forms.formset_factory(ParticipantForm, extra=extra_rows)
    if data is not None and add_row:
        data = data.copy()
        # A tampered count ("abc", "²") counts as none: Django's formset then reports it.
        total = parse_id(data.get(f"{prefix}-TOTAL_FORMS")) or 0
        data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    formset = formset_class(
        data=data,
        initial=[
            {k: v for k, v in row.items() if k != "organization_obj"} for row in initial or []
        ],
        prefix=prefix,
        form_kwargs={"party_choices": choices},
    )
    if data is None and not initial:
        formset.forms[0].initial = {"role": TaskParticipant.Role.LEAD}
        for form in formset.forms[1:]:
            form.initial = {"role": TaskParticipant.Role.CO}
    return formset


def participant_rows_from_task(task: Task) -> list[dict]:
    rows = []
    for p in sorted(task.participants.all(), key=lambda p: (p.role != "lead", p.pk)):
        rows.append(
            {"organization": p.organization_id, "role": p.role, "organization_obj": p.organization}
        )
    return rows


# Progress and workflow --------------------------------------------------------------------------


class ProgressReportForm(BootstrapForm):
    participant = forms.TypedChoiceField(label=_("Báo cáo cho đơn vị"), coerce=int)
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(
        label=_("Tình trạng phần việc"), choices=TaskParticipant.Status.choices
    )
    content = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = UploadFormField(
        label=_("Tệp đính kèm"), required=False, purpose="progress_attachment"
    )

    def __init__(self, *args, participants: list[TaskParticipant], **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {p.pk: p for p in participants}
        self.fields["participant"].choices = [
            (p.pk, f"{p.organization.name} ({p.get_role_display()})") for p in participants
        ]
        if len(participants) == 1:
            only = participants[0]
            self.fields["participant"].initial = only.pk
            self.fields["progress"].initial = only.progress
            self.fields["status"].initial = (
                only.status
                if only.status != TaskParticipant.Status.NOT_STARTED
                else TaskParticipant.Status.IN_PROGRESS
            )

    def chosen_participant(self) -> TaskParticipant:
        return self.participants[self.cleaned_data["participant"]]


class ExtensionRequestForm(BootstrapForm):
    organization = forms.TypedChoiceField(label=_("Đơn vị đề nghị"), coerce=int)
    requested_deadline = DateField(label=_("Hạn đề nghị"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, participants: list[TaskParticipant], **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {p.organization_id: p.organization for p in participants}
        self.fields["organization"].choices = [
            (p.organization_id, p.organization.name) for p in participants
        ]

    def chosen_organization(self) -> Organization:
        return self.organizations[self.cleaned_data["organization"]]


class ExtensionDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("approve", _("Chấp thuận")), ("reject", _("Không chấp thuận"))],
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label=_("Ý kiến xử lý (lý do)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompletionForm(BootstrapForm):
    """`unreported`: the co-agencies that have not reported; while there are any, the lead
    must tick `despite_unreported` (the service refuses otherwise)."""

    completed_on = DateField(label=_("Ngày hoàn thành"))
    note = forms.CharField(
        label=_("Kết quả, ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    despite_unreported = forms.BooleanField(
        label=_("Vẫn xác nhận hoàn thành dù đơn vị phối hợp chưa báo cáo"), required=False
    )

    def __init__(self, *args, unreported=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
        self.unreported = list(unreported)
        if not self.unreported:
            del self.fields["despite_unreported"]


class ReopenForm(BootstrapForm):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(BootstrapForm):
    body = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(BootstrapForm):
    file = UploadFormField(label=_("Tệp"), purpose="task_attachment")


class FocalPersonForm(BootstrapForm):
    person = forms.TypedChoiceField(
        label=_("Cán bộ đầu mối"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, participant: TaskParticipant, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            people = selectors.members_by_participant([participant])[participant.pk]
        self.people = {p.pk: p for p in people}
        self.fields["person"].choices = [("", _("— Chưa chỉ định —"))] + [
            (p.pk, str(p)) for p in people
        ]
        self.fields["person"].initial = participant.focal_person_id

    def chosen_person(self) -> User | None:
        pk = self.cleaned_data.get("person")
        return self.people.get(pk) if pk else None


class ImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Dòng đầu là tiêu đề cột; các cột như mẫu tải về."),
    )


# Filters ----------------------------------------------------------------------------------------


class ProgrammeFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Tìm theo tên, số ký hiệu…"))


class PlanFilterForm(ProgrammeFilterForm):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    programme = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Mọi năm")), *((y, y) for y in years)]


class TaskFilterForm(BootstrapForm):
    """The filters shared by every task list (and the export and timeline of that list).
    Invalid values are ignored and reported, never a server error."""

    q = forms.CharField(
        label=_("Từ khóa"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    bucket = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả"))] + [(b, BUCKET_FILTER_LABELS[b]) for b in BUCKET_FILTERS],
    )
    organization = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, empty_value=None
    )
    role = forms.ChoiceField(
        label=_("Vai trò"),
        required=False,
        choices=[("", _("Mọi vai trò")), *TaskParticipant.Role.choices],
    )
    field = forms.TypedChoiceField(
        label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None
    )
    due_from = DateField(label=_("Hạn từ ngày"), required=False)
    due_to = DateField(label=_("đến ngày"), required=False)
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)
    programme = forms.IntegerField(required=False, widget=forms.HiddenInput)
    lead = forms.IntegerField(required=False, widget=forms.HiddenInput)
    mine = forms.BooleanField(required=False, widget=forms.HiddenInput)
    named = forms.BooleanField(label=_("Chỉ việc giao đích danh cho tôi"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        organizations = list(
            Organization.objects.filter(memberships__user=user).distinct().order_by("name")
        )
        raw = parse_id((data or {}).get("organization"))
        if raw and all(o.pk != raw for o in organizations):
            extra = selectors.seen_organization(user, raw)
            if extra is not None:
                organizations.append(extra)
        self.fields["organization"].choices = [("", _("Mọi đơn vị"))] + [
            (o.pk, o.name) for o in organizations
        ]
        self.organizations = {o.pk: o for o in organizations}
        self.fields["field"].choices = [
            ("", _("Mọi lĩnh vực")),
            *Field.objects.values_list("pk", "name"),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", _t("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def filters(self) -> selectors.TaskFilters:
        """The valid filters (invalid ones dropped, their errors stay on the form)."""
        data = self.valid_data()
        plan = programme = None
        if data.get("plan"):
            plan = Plan.objects.visible_to(self.user).filter(pk=data["plan"]).first()
        if data.get("programme"):
            programme = Programme.objects.visible_to(self.user).filter(pk=data["programme"]).first()
        lead = selectors.seen_organization(self.user, data["lead"]) if data.get("lead") else None
        return selectors.TaskFilters(
            lead=lead,
            bucket=data.get("bucket") or "",
            organization=self.organizations.get(data.get("organization")),
            role=data.get("role") or "",
            field_id=data.get("field"),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            q=(data.get("q") or "").strip(),
            plan=plan,
            programme=programme,
            mine=bool(data.get("mine")),
            named=bool(data.get("named")),
        )


class LeagueForm(BootstrapForm):
    date_from = DateField(label=_("Hạn từ ngày"), required=False)
    date_to = DateField(label=_("đến ngày"), required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        if self.is_valid():
            start = self.cleaned_data.get("date_from") or start
            end = self.cleaned_data.get("date_to") or end
        if end < start:
            self.add_error("date_to", _t("Ngày kết thúc phải sau ngày bắt đầu."))
            end = start
        return start, end
