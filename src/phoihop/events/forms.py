"""Forms of the events pages: they parse and present; every rule is in services.py."""

import contextlib
import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.directives.forms import DocumentReferenceField
from phoihop.directives.models import Document
from phoihop.library import selectors as library
from phoihop.library.models import Item
from phoihop.org.forms import OrganizationListField, OrganizationReferenceField
from phoihop.org.models import Organization, User
from phoihop.plans.forms import TaskReferenceField
from phoihop.plans.models import Plan, Programme, Task

from .models import Event, EventFile, EventKind, EventOrganization, Participant
from .permissions import OWNER_ROLES

TIME_WIDGET = forms.TimeInput(attrs={"placeholder": "hh:mm"}, format="%H:%M")


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def organizer_choices(user) -> QuerySet:
    """Organisations where the user may organise an event."""
    active = Organization.objects.active()
    if user.is_superuser:
        return active
    return active.within_scope_of(user, OWNER_ROLES)


def partner_choices(user) -> QuerySet:
    """Organisations that may co-organise or be invited: any active one in the directory."""
    return Organization.objects.active().visible_to(user)


class EventForm(BootstrapForm):
    column_model = Event
    SERVICE_FIELDS = {"starts_at": "start_date", "ends_at": "end_date"}

    kind = ModelChoiceField(label=_("Loại"), queryset=EventKind.objects.none())
    title = forms.CharField(label=_("Tên sự kiện"), max_length=500)
    organizer = OrganizationReferenceField(
        label=_("Đơn vị tổ chức"), queryset=Organization.objects.none()
    )
    co_organizers = OrganizationListField(
        label=_("Đơn vị phối hợp tổ chức"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Gõ vài chữ của tên rồi chọn; nhiều đơn vị cách nhau bằng dấu chấm phẩy."),
    )
    start_date = DateField(label=_("Ngày bắt đầu"))
    start_time = forms.TimeField(label=_("Giờ bắt đầu"), widget=TIME_WIDGET)
    end_date = DateField(
        label=_("Ngày kết thúc"), required=False, help_text=_("Bỏ trống nếu trong ngày.")
    )
    end_time = forms.TimeField(label=_("Giờ kết thúc"), widget=TIME_WIDGET)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Đường dẫn họp trực tuyến"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Hãy nhập một địa chỉ web hợp lệ, ví dụ https://…")},
    )
    training_hours = forms.DecimalField(
        label=_("Số giờ học (lớp tập huấn, bồi dưỡng)"),
        required=False,
        min_value=0,
        max_value=500,
        decimal_places=1,
        max_digits=5,
    )
    programme = ModelChoiceField(
        label=_("Phục vụ chương trình"), queryset=Programme.objects.none(), required=False
    )
    plan = ModelChoiceField(
        label=_("Phục vụ kế hoạch"), queryset=Plan.objects.none(), required=False
    )
    task = TaskReferenceField(
        label=_("Phục vụ nhiệm vụ"),
        queryset=Task.objects.none(),
        required=False,
        help_text=_("Gõ vài chữ của tên nhiệm vụ rồi chọn trong danh sách gợi ý."),
    )
    directive = DocumentReferenceField(
        label=_("Phục vụ văn bản chỉ đạo"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Gõ số, ký hiệu (ví dụ 57-NQ/TW) hoặc vài chữ của trích yếu rồi chọn."),
    )
    description = forms.CharField(
        label=_("Nội dung, thành phần"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = EventKind.objects.filter(active=True)
        if event is not None:
            kinds = EventKind.objects.filter(Q(active=True) | Q(pk=event.kind_id))
        self.fields["kind"].queryset = kinds
        self.fields["organizer"].queryset = organizer_choices(user)
        if event is not None:
            self.fields["organizer"].disabled = True
        self.fields["co_organizers"].queryset = partner_choices(user)
        self.fields["programme"].queryset = (
            Programme.objects.visible_to(user)
            .filter(archived_at__isnull=True)
            .order_by("-start_year", "title")
        )
        self.fields["programme"].empty_label = _("— Không gắn chương trình —")
        self.fields["plan"].empty_label = _("— Không gắn kế hoạch —")
        self.fields["plan"].queryset = (
            Plan.objects.visible_to(user)
            .filter(archived_at__isnull=True)
            .order_by("-year", "title")
        )
        # Too many to list: type-ahead boxes answered by the page (views._suggest).
        self.fields["task"].queryset = Task.objects.visible_to(user)
        self.fields["directive"].queryset = Document.objects.visible_to(user).select_related("type")

    def clean(self):
        data = super().clean()
        start_date, start_time = data.get("start_date"), data.get("start_time")
        end_time = data.get("end_time")
        if start_date and start_time and end_time:
            data["starts_at"] = _local(start_date, start_time)
            data["ends_at"] = _local(data.get("end_date") or start_date, end_time)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data.get("description") or "",
            "starts_at": data.get("starts_at"),
            "ends_at": data.get("ends_at"),
            "place": data.get("place") or "",
            "online_url": data.get("online_url") or "",
            "training_hours": data.get("training_hours"),
            "programme": data.get("programme"),
            "plan": data.get("plan"),
            "task": data.get("task"),
            "directive": data.get("directive"),
            "co_organizers": data.get("co_organizers") or [],
        }

    @staticmethod
    def initial_for(event: Event) -> dict:
        start, end = event.local_start, event.local_end
        co = [
            row.organization
            for row in event.organizations.filter(
                role=EventOrganization.Role.CO_ORGANIZER
            ).select_related("organization")
        ]
        return {
            "kind": event.kind_id,
            "title": event.title,
            "organizer": event.organizer,
            "co_organizers": co,
            "start_date": start.date(),
            "start_time": start.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "end_time": end.time(),
            "place": event.place,
            "online_url": event.online_url,
            "training_hours": event.training_hours,
            "programme": event.programme_id,
            "plan": event.plan_id,
            "task": event.task,
            "directive": event.directive,
            "description": event.description,
        }


class EventFilterForm(BootstrapForm):
    q = TextFilterField(placeholder=_("Tìm theo tên, địa điểm…"))
    kind = ModelChoiceField(label=_("Loại"), queryset=EventKind.objects.all(), required=False)
    start = DateField(label=_("Từ ngày"), required=False)
    end = DateField(label=_("Đến ngày"), required=False)
    organization = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    programme = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    training = forms.BooleanField(label=_("Chỉ lớp tập huấn, bồi dưỡng"), required=False)
    cancelled = forms.BooleanField(label=_("Gồm cả sự kiện đã hủy"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].empty_label = _("Tất cả các loại")


class AgendaItemForm(BootstrapForm):
    starts_at = forms.TimeField(label=_("Giờ"), required=False, widget=TIME_WIDGET)
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    presenter = forms.CharField(label=_("Người trình bày"), max_length=200, required=False)


class InviteForm(BootstrapForm):
    organizations = OrganizationListField(
        label=_("Mời đơn vị"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Lãnh đạo và cán bộ đầu mối của đơn vị nhận giấy mời."),
    )
    people = ModelMultipleChoiceField(
        label=_("Mời người"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Cán bộ của đơn vị tổ chức, đơn vị phối hợp và các đơn vị đã mời (mời đơn vị "
            "trước, rồi chọn người)."
        ),
    )

    def __init__(self, *args, user, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = partner_choices(user)
        taking_part = [
            event.organizer_id,
            *event.organizations.values_list("organization_id", flat=True),
        ]
        if self.is_bound:
            # People of the organisations invited in the same request may be picked too.
            field = self.fields["organizations"]
            with contextlib.suppress(ValidationError):
                taking_part += [o.pk for o in field.clean(self.data.get("organizations", ""))]
        self.fields["people"].queryset = (
            User.objects.filter(is_active=True, memberships__organization__in=taking_part)
            .exclude(pk__in=event.participants.values("person_id"))
            .distinct()
            .order_by("full_name", "id")
        )


class RsvpForm(BootstrapForm):
    rsvp = forms.ChoiceField(
        choices=[
            (Participant.Rsvp.ACCEPTED, _("Sẽ dự")),
            (Participant.Rsvp.DECLINED, _("Không dự được")),
        ],
        widget=forms.HiddenInput,
    )


class CancelForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Người được mời nhận thông báo hủy kèm lý do này."),
    )


class CheckInForm(BootstrapForm):
    present = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PassForm(BootstrapForm):
    code = forms.CharField(
        label=_("Mã trên thẻ dự"),
        max_length=200,
        help_text=_("Quét mã QR trên điện thoại người dự, hoặc gõ mã in dưới mã QR."),
    )


class ConclusionForm(BootstrapForm):
    text = forms.CharField(
        label=_("Kết luận"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConclusionTaskForm(BootstrapForm):
    plan = ModelChoiceField(label=_("Vào kế hoạch"), queryset=Plan.objects.none())
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=500)
    lead = OrganizationReferenceField(
        label=_("Đơn vị chủ trì"), queryset=Organization.objects.none()
    )
    co = OrganizationListField(
        label=_("Đơn vị phối hợp"), queryset=Organization.objects.none(), required=False
    )
    deadline = DateField(label=_("Hạn hoàn thành"))

    def __init__(self, *args, user, plans: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("— Chọn kế hoạch —")
        self.fields["lead"].queryset = partner_choices(user)
        self.fields["co"].queryset = partner_choices(user)


class EventFileForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Loại tệp"), choices=EventFile.Kind.choices)
    file = UploadFormField(label=_("Tệp"), purpose="event_file")


# How many library items the material form offers (the newest); never the whole library.
MATERIAL_CHOICES = 200


def material_choices(user, event: Event):
    """Library items the event may cite: those of its organiser and of the organisations above
    it (whose outlines a unit uses) that `user` may read, not cited yet, newest first."""
    owners = [event.organizer_id, *event.organizer.ancestor_ids()]
    return library.items_of_organizations(user, owners, exclude=event.materials.values("pk"))


class MaterialForm(BootstrapForm):
    item = ModelChoiceField(
        label=_("Tài liệu từ thư viện"),
        queryset=Item.objects.none(),
        help_text=_("Tài liệu của đơn vị tổ chức và cấp trên mà bạn được xem, mới nhất trước."),
    )

    def __init__(self, *args, user, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        field.queryset = material_choices(user, event)
        # Validation accepts any of them; the list shows the newest few.
        field.widget.choices = [("", "---------")] + [
            (item.pk, f"{item.title} ({item.published_on:%d/%m/%Y})")
            for item in field.queryset[:MATERIAL_CHOICES]
        ]

    @property
    def offers_any(self) -> bool:
        return len(self.fields["item"].widget.choices) > 1


class TrainingRecordForm(BootstrapForm):
    hours = forms.DecimalField(
        label=_("Số giờ học"), required=False, min_value=0, max_value=500, decimal_places=1
    )
    certificate = UploadFormField(
        label=_("Giấy chứng nhận"), purpose="event_certificate", required=False
    )
