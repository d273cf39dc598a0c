"""Forms for organisations: the list filter, the create/edit form, archive and import uploads.

Forms only parse and present; every rule lives in services.py, whose ValidationError is mapped
back onto the form fields (`OrganizationForm.add_service_errors`).

The reads behind them (scopes, list filters, text ranking, suggestions) are in selectors.py.
"""

import datetime
import re
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core import caching
from phoihop.core.forms import (
    DATE_FORMAT,
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    SuggestInput,
    TextFilterField,
)
from phoihop.core.models import AuditEntry
from phoihop.core.validation import parse_id

from . import permissions, selectors, services, twofactor
from .models import ApiToken, Area, Field, Membership, Organization, User

# Up to this many possible parents a plain <select> is friendlier than a code input.
PARENT_SELECT_LIMIT = 200


def reference_for(organization: Organization) -> str:
    """How a form shows an organisation it refers to: its identifier, else "#<id>"."""
    return organization.identifier or f"#{organization.pk}"


def reference_label(organization: Organization) -> str:
    """How a one-organisation box shows its value: the name, then the reference it is read by,
    e.g. "Sở Y tế tỉnh Thanh Hóa (38.SYT)"."""
    return f"{organization.name} ({reference_for(organization)})"


# "<name> (<reference>)", as reference_label writes it: the reference is what is read back.
LABELLED_REFERENCE = re.compile(r".*\(\s*([^()]+?)\s*\)\s*", re.S)


def resolve_reference(token: str, queryset: QuerySet) -> Organization | None:
    """An organisation in `queryset` named by "#<id>", its identifier, or a bare id (hostile
    numbers are no id: parse_id)."""
    token = token.strip()
    if token.startswith("#"):
        pk = parse_id(token[1:])
        return queryset.filter(pk=pk).first() if pk else None
    found = queryset.filter(identifier=token).first()
    if found is None and (pk := parse_id(token)):
        found = queryset.filter(pk=pk).first()
    return found


def person_label(person: User) -> str:
    """How a one-person box shows its value: the name, then the user name it is read by."""
    return f"{person} ({person.username})"


def resolve_person(token: str, queryset: QuerySet) -> User | None:
    """A person in `queryset` named by "<name> (<user name>)", a user name, "#<id>" or a bare
    id (hostile numbers are no id: parse_id)."""
    token = token.strip()
    if match := LABELLED_REFERENCE.fullmatch(token):
        token = match.group(1)
    if pk := parse_id(token.removeprefix("#")):
        return queryset.filter(pk=pk).first()
    return queryset.filter(username__iexact=token).first()


def split_references(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", raw or "") if part.strip()]


# Fields ---------------------------------------------------------------------------------------


class ReferenceField(forms.CharField):
    """One row of `queryset` named in a type-ahead box (SuggestInput), for choices too many for
        a <select>: the queryset is only asked about the one value sent, never listed, and anything
        outside it is a form error that names nothing outside it. Once read, the box shows the row's
        label again (a "#12" or "12" from a link shows its name). Subclasses say how a typed value
        is found (`find`), how a row reads in the box (`label_of`) and what a miss says (`missing`):
    organisations and people here, tasks (`plans.forms.TaskReferenceField`) and registry documents
    (`directives.forms.DocumentReferenceField`) in their apps."""

    widget = SuggestInput

    def __init__(self, *, queryset: QuerySet, **kwargs):
        self.queryset = queryset
        self.resolved: tuple[str, Any] | None = None
        super().__init__(**kwargs)

    def find(self, token: str):
        raise NotImplementedError

    def label_of(self, row) -> str:
        raise NotImplementedError

    def missing(self, token: str) -> str:
        raise NotImplementedError

    def prepare_value(self, value):
        if self.resolved is not None and value == self.resolved[0]:
            return self.label_of(self.resolved[1])
        return value

    def clean(self, value):
        if self.disabled and isinstance(value, Model):
            # A box shown but fixed (the organiser of an event being changed): Django cleans
            # its initial row, which is kept as it is.
            return value
        token = super().clean(value)
        if not token:
            return None
        found = self.find(token)
        if found is None:
            raise ValidationError(self.missing(token))
        self.resolved = (value, found)
        return found


class OrganizationReferenceField(ReferenceField):
    """One organisation of `queryset` (scopes of 20,000): picks read "<name> (<identifier or
    #id>)"; an identifier, "#<id>" or a bare id typed alone is read too."""

    def __init__(self, *, queryset: QuerySet, **kwargs):
        kwargs.setdefault("max_length", 400)
        super().__init__(queryset=queryset, **kwargs)

    def find(self, token: str) -> Organization | None:
        found = resolve_reference(token, self.queryset)
        if found is None and (match := LABELLED_REFERENCE.fullmatch(token)):
            found = resolve_reference(match.group(1), self.queryset)
        return found

    def label_of(self, row: Organization) -> str:
        return reference_label(row)

    def missing(self, token: str) -> str:
        return _t(
            "Không tìm thấy tổ chức «%(code)s» trong phạm vi bạn được chọn: hãy gõ vài "
            "chữ của tên rồi chọn trong danh sách gợi ý, hoặc gõ mã định danh."
        ) % {"code": token}

    def prepare_value(self, value):
        if isinstance(value, Organization):
            return reference_label(value)
        return super().prepare_value(value)


class PersonReferenceField(ReferenceField):
    """One person of `queryset` (everyone who ever changed something in a province), answered
    by `suggestions.people`: picks read "<name> (<user name>)"; a user name, "#<id>" or a bare
    id (a link's `?actor=12`) is read too."""

    def __init__(self, *, queryset: QuerySet, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(queryset=queryset, **kwargs)

    def find(self, token: str) -> User | None:
        return resolve_person(token, self.queryset)

    def label_of(self, row: User) -> str:
        return person_label(row)

    def missing(self, token: str) -> str:
        return _t(
            "Không tìm thấy người «%(name)s» trong danh sách được chọn: hãy gõ vài chữ "
            "của họ tên rồi chọn trong danh sách gợi ý."
        ) % {"name": token}


class OrganizationChoiceField(ModelChoiceField):
    """A <select> of organisations, indented by depth so the tree shows."""

    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class OrganizationListField(forms.CharField):
    """Several organisations (successors), separated by ";"; a pick adds one (SuggestInput)."""

    widget = SuggestInput

    def __init__(self, *, queryset: QuerySet, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "; ".join(reference_for(o) if isinstance(o, Organization) else o for o in value)
        return value

    def clean(self, value):
        raw = super().clean(value)
        found, missing = [], []
        for token in split_references(raw):
            organization = resolve_reference(token, self.queryset)
            if organization is None:
                missing.append(token)
            elif organization not in found:
                found.append(organization)
        if missing:
            raise ValidationError(
                _t("Không tìm thấy tổ chức: %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return found


class AreaCodeField(forms.CharField):
    """An area typed by its official code; must be a current area (or the one already set).
    Typing a name offers matching areas (SuggestInput)."""

    widget = SuggestInput

    def __init__(self, *, keep: Area | None = None, **kwargs):
        self.keep = keep
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, Area) else value

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        if self.keep is not None and self.keep.code == code:
            return self.keep
        area = Area.objects.current().filter(code=code).order_by("level").first()
        if area is None:
            raise ValidationError(
                _t("Không có địa bàn hiện hành nào mang mã «%(code)s».") % {"code": code}
            )
        return area


# Create / edit --------------------------------------------------------------------------------


class OrganizationForm(BootstrapForm):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    abbreviation = forms.CharField(
        label=_("Ký hiệu viết tắt"),
        max_length=30,
        required=False,
        help_text=_("Dùng trong số ký hiệu văn bản, ví dụ BTGDVTU, UBND, SYT."),
    )
    identifier = forms.CharField(
        label=_("Mã định danh"),
        max_length=40,
        required=False,
        help_text=_("Mã duy nhất, dùng để liên kết khi nhập từ bảng tính."),
    )
    kind = forms.ChoiceField(
        label=_("Loại tổ chức"), choices=[("", "—"), *Organization.Kind.choices]
    )
    level = forms.ChoiceField(label=_("Cấp"), choices=[("", "—"), *Organization.Level.choices])
    fields_of_work = ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    valid_from = DateField(
        label=_("Hiệu lực từ"),
        required=False,
    )
    valid_to = DateField(
        label=_("Hiệu lực đến"),
        required=False,
    )

    # Service error keys that are named differently on the form.
    SERVICE_FIELDS = {"fields": "fields_of_work"}

    def __init__(self, *args, user, organization: Organization | None = None, **kwargs):
        self.user = user
        self.organization = organization
        if organization is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(organization)
        super().__init__(*args, **kwargs)
        self.fields["parent"] = self._parent_field()
        self.fields["area"] = AreaCodeField(
            label=_("Mã địa bàn"),
            required=False,
            keep=organization.area if organization else None,
            help_text=_("Mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số); gõ tên để được gợi ý."),
        )
        self.fields["successors"] = OrganizationListField(
            label=_("Tổ chức kế thừa"),
            required=False,
            queryset=self.successor_choices(),
            help_text=_(
                "Khi sáp nhập: mã định danh (hoặc #số hiệu) của tổ chức tiếp nhận, cách nhau "
                "bởi dấu chấm phẩy."
            ),
        )
        self.order_fields(["name", "abbreviation", "identifier", "kind", "level", "parent", "area"])

    def initial_for(self, organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "abbreviation": organization.abbreviation,
            "identifier": organization.identifier or "",
            "kind": organization.kind,
            "level": organization.level,
            "parent": organization.parent,
            "area": organization.area,
            "fields_of_work": list(organization.fields.all()),
            "email": organization.email,
            "phone": organization.phone,
            "address": organization.address,
            "valid_from": organization.valid_from,
            "valid_to": organization.valid_to,
            "successors": list(
                organization.successors.filter(
                    pk__in=Organization.objects.visible_to(self.user).values("pk")
                )
            ),
        }

    def successor_choices(self) -> QuerySet:
        queryset = Organization.objects.visible_to(self.user)
        if self.organization is not None:
            queryset = queryset.exclude(pk=self.organization.pk)
        return queryset

    def parent_choices(self) -> QuerySet:
        """Organisations the user may put this one under (the current parent always stays)."""
        queryset = selectors.changeable_organizations(self.user).filter(archived_at__isnull=True)
        current = self.organization.parent_id if self.organization else None
        if self.organization is not None:
            queryset = queryset.exclude(pk__in=Organization.objects.within(self.organization))
        if current is not None:
            queryset = queryset | Organization.objects.filter(pk=current)
        return queryset.order_by("path")

    def _parent_required(self) -> bool:
        if permissions.is_system_admin(self.user):
            return False
        return self.organization is None or self.organization.parent_id is not None

    def _parent_field(self) -> forms.Field:
        choices = self.parent_choices()
        required = self._parent_required()
        label = _("Tổ chức cấp trên")
        if choices[: PARENT_SELECT_LIMIT + 1].count() <= PARENT_SELECT_LIMIT:
            return OrganizationChoiceField(
                label=label,
                queryset=choices,
                required=required,
                empty_label=_("— Chọn tổ chức cấp trên —")
                if required
                else _("— Không có (tổ chức cấp cao nhất) —"),
            )
        return OrganizationReferenceField(
            label=label,
            queryset=choices,
            required=required,
            help_text=_("Gõ tên để được gợi ý, hoặc mã định danh hay #số hiệu của đơn vị."),
        )

    @property
    def parent_is_select(self) -> bool:
        return isinstance(self.fields["parent"], ModelChoiceField)

    def service_kwargs(self) -> dict[str, Any]:
        """What create_organization / update_organization take, from the cleaned data."""
        data = self.cleaned_data
        attrs = {name: data[name] for name in services.ORGANIZATION_FIELDS}
        attrs["fields"] = list(data["fields_of_work"])
        attrs["successors"] = list(data["successors"]) + self._hidden_successors()
        return attrs

    def _hidden_successors(self) -> list[Organization]:
        """Successors outside the user's view are kept, not silently dropped."""
        if self.organization is None:
            return []
        visible = Organization.objects.visible_to(self.user).values("pk")
        return list(self.organization.successors.exclude(pk__in=visible))


class ArchiveForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Import ---------------------------------------------------------------------------------------


class ImportUploadForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp bảng tính"),
        help_text=_("Tệp .xlsx hoặc .csv (UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportConfirmForm(BootstrapForm):
    token = forms.CharField(widget=forms.HiddenInput)


# List filters ---------------------------------------------------------------------------------


def reference_choices(name: str, rows: QuerySet, value: str = "code") -> list[tuple[str, str]]:
    """(code, name) of reference rows (provinces, fields of work), or (`value`, name), reused
    for LIST_CACHE_SECONDS: they rarely change, and every list page shows them."""

    def read() -> list[tuple[str, str]]:
        return list(rows.values_list(value, "name"))

    key = f"choices|{name}|{timezone.localdate()}"  # which provinces are in force: by date
    return caching.cached("org", key, read, seconds=settings.LIST_CACHE_SECONDS)


class OrganizationFilterForm(BootstrapForm):
    q = forms.CharField(
        label=_("Từ khóa"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Tên, ký hiệu, mã — gõ có dấu hoặc không dấu"),
            }
        ),
    )
    kind = forms.ChoiceField(
        label=_("Loại"), choices=[("", _("Mọi loại")), *Organization.Kind.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("Cấp"), choices=[("", _("Mọi cấp")), *Organization.Level.choices], required=False
    )
    area = ModelChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi tỉnh/thành phố"),
    )
    field = ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Mọi lĩnh vực"),
    )
    at = DateField(label=_("Tại ngày"), required=False)
    include_archived = forms.BooleanField(label=_("Gồm cả tổ chức đã lưu trữ"), required=False)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Area.objects.current().filter(level=Area.Level.PROVINCE)
        self.fields["area"].queryset = provinces
        # The lists shown come from the cache; choosing one still checks it in the database.
        for name, rows in (("area", provinces), ("field", Field.objects.all())):
            field = self.fields[name]
            field.choices = [("", field.empty_label), *reference_choices(name, rows)]

    def criteria(self) -> dict[str, Any]:
        """The filters that parsed; an invalid one is dropped (and shown as an error)."""
        data = self.valid_data()
        return {
            "q": (data.get("q") or "").strip(),
            "kind": data.get("kind") or None,
            "level": data.get("level") or None,
            "area": data.get("area"),
            "field": data.get("field"),
            "at": data.get("at") or timezone.localdate(),
            "include_archived": bool(data.get("include_archived")),
            "parent": data.get("parent"),
        }


class AreaChildrenFilterForm(BootstrapForm):
    """An area's units as they were on a date: the date in use is always in its box (the
    default, `default_at`, when none was typed); a bad one is said and the default used."""

    q = TextFilterField(
        label=_("Tên hoặc mã"),
        placeholder=_("Gõ có dấu hoặc không dấu, ví dụ: thanh hoa"),
        max_length=100,
    )
    at = DateField(
        label=_("Tại ngày"),
        required=False,
        error_messages={"invalid": _("Ngày «%(value)s» không hợp lệ (cần dạng ngày/tháng/năm).")},
    )

    def __init__(self, data, *, default_at: datetime.date):
        self.chose_date = bool(data.get("at", "").strip())
        if not self.chose_date:
            data = data.copy()
            data["at"] = default_at.strftime(DATE_FORMAT)
        super().__init__(data)
        self.default_at = default_at

    def criteria(self) -> dict[str, Any]:
        """The filters in use; `at_value` is the date for links when one was chosen."""
        data = self.valid_data()
        at = data.get("at") or self.default_at
        chosen = self.chose_date and "at" not in self.errors
        return {
            "q": data.get("q", ""),
            "at": at,
            "at_value": at.isoformat() if chosen else "",
            "level": data.get("level") or Area.Level.PROVINCE,
        }


class AreaFilterForm(AreaChildrenFilterForm):
    level = forms.ChoiceField(
        label=_("Cấp"),
        choices=Area.Level.choices,
        required=False,
        error_messages={"invalid_choice": _("Cấp địa bàn «%(value)s» không hợp lệ.")},
    )


# People, members and the audit filter ------------------------------------------------------


class PersonFilterForm(BootstrapForm):
    q = forms.CharField(
        label=_("Họ tên, tên đăng nhập, thư điện tử"), required=False, max_length=200
    )
    organization = OrganizationReferenceField(
        label=_("Tổ chức (gồm đơn vị trực thuộc)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=SuggestInput(attrs={"placeholder": _("Tất cả tổ chức — gõ tên để tìm")}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ExistingMemberForm(BootstrapForm):
    """An account is looked up among the people the administrator may see (visible_to): one
    outside that scope reads exactly like one that does not exist, so the form neither attaches
    nor reveals accounts elsewhere in the country."""

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chỉ tìm trong những người thuộc các tổ chức bạn được xem."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        self.person = (
            User.objects.visible_to(self.by)
            .filter(username__iexact=username, is_active=True)
            .first()
        )
        if self.person is None:
            raise ValidationError(
                _t(
                    "Không tìm thấy tài khoản đang hoạt động «%(username)s» trong phạm vi của "
                    "bạn. Người chưa có tài khoản: hãy dùng mục «Người mới» để tạo tài khoản và "
                    "gửi thư mời qua thư điện tử; người đang công tác ở đơn vị ngoài phạm vi của "
                    "bạn: đề nghị quản trị hệ thống thêm."
                )
                % {"username": username}
            )
        return username


class MemberRoleForm(BootstrapForm):
    """One member's role, changed from the member table (a form a row, posting `role`)."""

    role = forms.ChoiceField(
        label=_("Vai trò"),
        choices=Membership.Role.choices,
        error_messages={"invalid_choice": _("Vai trò không hợp lệ.")},
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    @classmethod
    def of(cls, membership: Membership) -> "MemberRoleForm":
        """The row's form: its ids carry the membership's, so each row's are its own."""
        return cls(initial={"role": membership.role}, auto_id=f"%s-{membership.pk}")


class NewPersonForm(BootstrapForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Chữ không dấu, chữ số và các ký tự @ . + - _"),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Người này sẽ nhận thư có liên kết để tự đặt mật khẩu."),
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Membership.Role.choices)


class ContentTypeChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(capfirst(model._meta.verbose_name)) if model else obj.model


class AuditFilterForm(BootstrapForm):
    actor = PersonReferenceField(
        label=_("Người thực hiện"),
        queryset=User.objects.none(),
        required=False,
        widget=SuggestInput(attrs={"placeholder": _("Tất cả — gõ họ tên để tìm")}),
    )
    organization = OrganizationReferenceField(
        label=_("Tổ chức (gồm đơn vị trực thuộc)"),
        queryset=Organization.objects.none(),
        required=False,
        widget=SuggestInput(attrs={"placeholder": _("Tất cả — gõ tên để tìm")}),
    )
    object_type = ContentTypeChoiceField(
        label=_("Loại đối tượng"),
        queryset=ContentType.objects.none(),
        required=False,
        empty_label=_("Tất cả"),
    )
    action = forms.ChoiceField(
        label=_("Hành động"),
        choices=[("", _("Tất cả")), *AuditEntry.Action.choices],
        required=False,
    )
    date_from = DateField(
        label=_("Từ ngày"),
        required=False,
    )
    date_to = DateField(
        label=_("Đến ngày"),
        required=False,
    )

    def __init__(self, *args, organizations: QuerySet, entries: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who appear in entries the viewer may read: nothing new is revealed.
        self.fields["actor"].queryset = User.objects.filter(
            pk__in=entries.filter(actor__isnull=False).values("actor_id")
        )
        self.fields["organization"].queryset = organizations
        app_labels = [c.label for c in apps.get_app_configs() if c.name.startswith("phoihop.")]
        self.fields["object_type"].queryset = ContentType.objects.filter(
            app_label__in=app_labels
        ).order_by("app_label", "model")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _t("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return cleaned

    def filter(self, entries: QuerySet) -> QuerySet:
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor=data["actor"])
        if data.get("organization"):
            entries = entries.filter(organization_path__startswith=data["organization"].path)
        if data.get("object_type"):
            entries = entries.filter(content_type=data["object_type"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            entries = entries.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Accounts: signing in, passwords, two-factor, profile and API tokens -------------------------


class LoginForm(BootstrapForm, AuthenticationForm):
    column_model = User
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa và "
            "chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ quản trị của đơn vị."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class ResetRequestForm(BootstrapForm, PasswordResetForm):
    column_model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Thư điện tử")

    def get_users(self, email):
        """Active people with this address, including those who never set a password: people
        added by an administrator start without one and set it through this e-mail."""
        wanted = email.casefold()
        for person in User._default_manager.filter(email__iexact=email, is_active=True):
            if (person.email or "").casefold() == wanted:
                yield person


class SetNewPasswordForm(BootstrapForm, SetPasswordForm):
    column_model = User


class ChangePasswordForm(BootstrapForm, PasswordChangeForm):
    column_model = User

    keep_api_tokens = forms.BooleanField(
        label=_("Giữ các mã truy cập API"),
        required=False,
        help_text=_("Nếu không chọn, mọi mã truy cập API của bạn bị thu hồi cùng mật khẩu cũ."),
    )


class CodeForm(BootstrapForm):
    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=twofactor.MAX_CODE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class PasswordConfirmForm(BootstrapForm):
    password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(BootstrapForm):
    column_model = User

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)


class TokenForm(BootstrapForm):
    column_model = ApiToken

    # Days a new token lasts; "" never expires.
    EXPIRY_CHOICES = [
        ("30", _("30 ngày")),
        ("90", _("90 ngày")),
        ("365", _("1 năm")),
        ("", _("Không hết hạn")),
    ]

    name = forms.CharField(
        label=_("Tên mã truy cập"),
        max_length=100,
        help_text=_("Ví dụ: «Bảng tính tổng hợp» — để sau này biết mã dùng ở đâu."),
    )
    scope = forms.ChoiceField(
        label=_("Quyền"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        required=False,  # left out: the least privilege
        help_text=_("Mã chỉ đọc không thể tạo, sửa hay xóa dữ liệu."),
    )
    expires_in = forms.ChoiceField(
        label=_("Thời hạn"), choices=EXPIRY_CHOICES, initial="90", required=False
    )

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + datetime.timedelta(days=int(days)) if days else None
