"""Forms: input parsing and widgets only; the rules live in services.py."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from phoihop.core import caching
from phoihop.core.forms import (
    BootstrapForm,
    DateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextFilterField,
)
from phoihop.core.uploads import UploadFormField
from phoihop.core.validation import parse_id
from phoihop.org.forms import LABELLED_REFERENCE, ReferenceField, reference_choices
from phoihop.org.models import Field, Organization
from phoihop.reviews.models import Review, add_years

from . import permissions, reference
from .models import Document, DocumentType, System
from .services import Cited, key_of_found, resolve
from .symbols import InvalidSymbol


def document_label(document: Document) -> str:
    """How a one-document box shows its value: "Nghị quyết 57-NQ/TW (#12)"."""
    return f"{document} (#{document.pk})"


class DocumentReferenceField(ReferenceField):
    """One registry document of `queryset` (what the user may see), for forms that link one
    (the decision setting up a mission, the directive an event serves). Picks read as
    `document_label` writes; a symbol typed alone ("57-NQ/TW": the newest of that symbol, read
    as the registry reads symbols, `reference.key_of_text`),
    "#<id>" or a bare id is read too. The page answers its box with
    `directives.views.suggestions.documents`."""

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(queryset=queryset, **kwargs)

    def find(self, token: str) -> Document | None:
        token = token.strip()
        if match := LABELLED_REFERENCE.fullmatch(token):
            token = match.group(1)
        if token.startswith("#"):
            pk = parse_id(token[1:])
            return self.queryset.filter(pk=pk).first() if pk else None
        # The registry's own key ("01-QĐ/…" and "1-QĐ/…" are one symbol), as its list's filter.
        key = reference.key_of_text(token)
        same = {"symbol_key": key} if key else {"symbol__iexact": token}
        found = self.queryset.filter(**same).order_by("-issued_on", "-pk").first()
        if found is None and (pk := parse_id(token)):
            found = self.queryset.filter(pk=pk).first()
        return found

    def label_of(self, row: Document) -> str:
        return document_label(row)

    def missing(self, token: str) -> str:
        return _t(
            "Không tìm thấy văn bản «%(symbol)s» trong danh mục bạn được xem: hãy gõ số, ký "
            "hiệu (ví dụ 57-NQ/TW) hoặc vài chữ của trích yếu rồi chọn trong danh sách gợi ý."
        ) % {"symbol": token}

    def prepare_value(self, value):
        if isinstance(value, Document):
            return document_label(value)
        return super().prepare_value(value)


CENTRAL_HELP = _(
    "Để trống với văn bản Trung ương dùng chung: mọi tỉnh, thành phố đều thấy văn bản này. "
    "Mỗi lần thêm, sửa hoặc chuyển văn bản Trung ương đều được ghi nhật ký."
)
CHOOSE_OWNER = _("Hãy chọn tổ chức sở hữu văn bản.")
PROPOSE_CENTRAL_HELP = _(
    "Văn bản Trung ương dùng chung do quản trị hệ thống hoặc người được giao quyền biên tập "
    "danh mục Trung ương cập nhật. Muốn đề nghị bổ sung một văn bản Trung ương, hãy đăng ký "
    "văn bản đó vào danh mục của tổ chức mình."
)


def editable_organizations(user):
    """Organisations whose documents and reviews `user` may write (for choice lists)."""
    organizations = Organization.objects.filter(archived_at__isnull=True)
    if not permissions.is_registry_editor(user):
        return organizations.none()
    if user.is_superuser:
        return organizations.exclude(level=Organization.Level.COMMUNE).order_by("path")
    editable = organizations.within_scope_of(user, permissions.EDITOR_ROLES)
    kept = organizations.filter(pk__in=permissions.kept_for(user))
    return (editable | kept).order_by("path")


def documents_from_text(text: str, user) -> tuple[list[Document], list[str]]:
    """Documents named by symbols in `text` ("38-CT/TW; 20-NQ/TW ngày 25-10-2017"), resolved like
    citations among what `user` sees; with an error per symbol that names none or several."""
    if not text.strip():
        return [], []
    found = reference.extract(text)
    if not found:
        try:
            reference.parse(text)
        except InvalidSymbol as exc:
            return [], [str(exc)]
    cited = [Cited(c.system, key_of_found(c), c.date) for c in found]
    errors, ids = [], []
    for citation, resolution in zip(
        found, resolve(cited, Document.objects.visible_to(user)), strict=True
    ):
        if resolution.ambiguous:
            message = _("%(symbol)s ứng với nhiều văn bản; hãy ghi thêm ngày ban hành.")
            errors.append(str(message) % {"symbol": citation.symbol})
        elif resolution.document_id is None:
            errors.append(
                str(_("Chưa có văn bản %(symbol)s trong danh mục.")) % {"symbol": citation.symbol}
            )
        else:
            ids.append(resolution.document_id)
    documents = {d.pk: d for d in Document.objects.filter(pk__in=ids)}
    return [documents[pk] for pk in dict.fromkeys(ids)], errors


def symbols_text(documents) -> str:
    return "; ".join(f"{d.symbol} ngày {d.date_label}" for d in documents)


class DocumentForm(BootstrapForm):
    symbol = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=100,
        required=False,
        help_text=_(
            "Gõ nguyên số ký hiệu, ví dụ 238-QĐ/TW, 09/2019/NĐ-CP, 15-KH/TU — hoặc để "
            "trống và ghép từ các phần bên dưới."
        ),
    )
    compose_system = forms.ChoiceField(
        label=_("Hệ thống"), choices=[("", "—"), *System.choices], required=False
    )
    compose_number = forms.CharField(label=_("Số"), max_length=10, required=False)
    compose_type = forms.CharField(label=_("Mã loại"), max_length=10, required=False)
    compose_issuer = forms.CharField(label=_("Ký hiệu cơ quan"), max_length=60, required=False)
    compose_year = forms.IntegerField(label=_("Năm (văn bản QPPL)"), required=False)
    issued_on = DateField(label=_("Ngày ban hành"))
    abstract = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea({"rows": 3}))
    kind_label = forms.CharField(
        label=_("Tên loại (khi số ký hiệu không có mã loại)"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: Luật, Công văn."),
    )
    issuing_body = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    organization = ModelChoiceField(
        label=_("Tổ chức sở hữu"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Văn bản Trung ương dùng chung —"),
    )
    fields = ModelMultipleChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Tình trạng"), choices=Document.Status.choices)
    replaced_by = forms.CharField(
        label=_("Được thay thế bởi"),
        max_length=200,
        required=False,
        help_text=_("Số ký hiệu văn bản thay thế, ví dụ 238-QĐ/TW."),
    )
    amended_by = forms.CharField(
        label=_("Được sửa đổi, bổ sung bởi"),
        max_length=1000,
        required=False,
        help_text=_("Các số ký hiệu, cách nhau bằng dấu chấm phẩy."),
    )
    implements = forms.CharField(
        label=_("Thực hiện văn bản"),
        max_length=1000,
        required=False,
        help_text=_(
            "Văn bản cấp trên mà văn bản này triển khai, ví dụ «38-CT/TW». Khi một số ký "
            "hiệu ứng với nhiều văn bản, ghi thêm ngày: «20-NQ/TW ngày 25-10-2017»."
        ),
    )
    full_text = forms.CharField(
        label=_("Toàn văn"), widget=forms.Textarea({"rows": 8}), required=False
    )
    file = UploadFormField(label=_("Tệp văn bản"), required=False, purpose="directive_document")

    def __init__(self, *args, user, document: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = document
        organizations = editable_organizations(user)
        if document is not None and document.organization_id:
            organizations = organizations | Organization.objects.filter(pk=document.organization_id)
        owner = self.fields["organization"]
        owner.queryset = organizations.distinct()
        if permissions.can_edit_central_catalogue(user):
            owner.help_text = CENTRAL_HELP
        else:  # no "central" choice at all: a proposal goes through the organisation's registry
            owner.required = True
            owner.empty_label = None
            owner.help_text = PROPOSE_CENTRAL_HELP
            owner.error_messages["required"] = CHOOSE_OWNER
        self.related: dict[str, list[Document]] = {}

    @staticmethod
    def initial_for(document: Document) -> dict:
        return {
            "symbol": document.symbol,
            "issued_on": document.issued_on,
            "abstract": document.abstract,
            "kind_label": document.kind_label,
            "issuing_body": document.issuing_body,
            "organization": document.organization_id,
            "fields": list(document.fields.all()),
            "status": document.status,
            "replaced_by": symbols_text([document.replaced_by]) if document.replaced_by_id else "",
            "amended_by": symbols_text(document.amended_by.all()),
            "implements": symbols_text(document.implements.all()),
            "full_text": document.full_text,
        }

    def clean(self):
        data = super().clean()
        data["symbol"] = self._symbol(data)
        organization = data.get("organization")
        central_denied = not permissions.can_edit_central_catalogue(self.user)
        if organization is None and "organization" not in self.errors and central_denied:
            self.add_error("organization", CHOOSE_OWNER)
        for name in ("replaced_by", "amended_by", "implements"):
            documents, errors = documents_from_text(data.get(name) or "", self.user)
            for error in errors:
                self.add_error(name, error)
            self.related[name] = documents
        if len(self.related.get("replaced_by", [])) > 1:
            self.add_error("replaced_by", _("Chỉ ghi một văn bản thay thế."))
        return data

    def _symbol(self, data) -> str:
        typed = (data.get("symbol") or "").strip()
        if typed:
            return typed
        parts = [data.get(f"compose_{name}") for name in ("system", "number", "issuer")]
        if not all(parts):
            self.add_error(
                "symbol",
                _("Hãy gõ số ký hiệu, hoặc chọn hệ thống và nhập số, mã loại, ký hiệu cơ quan."),
            )
            return ""
        return reference.compose(
            system=data["compose_system"],
            number=str(data["compose_number"]),
            type_code=data.get("compose_type") or "",
            issuer=data["compose_issuer"],
            year=data.get("compose_year"),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        replaced = self.related.get("replaced_by") or [None]
        kwargs = {
            "symbol": data["symbol"],
            "issued_on": data["issued_on"],
            "abstract": data["abstract"],
            "kind_label": data.get("kind_label", ""),
            "issuing_body": data.get("issuing_body", ""),
            "organization": data.get("organization"),
            "fields": data.get("fields") or [],
            "status": data["status"],
            "replaced_by": replaced[0],
            "amended_by": self.related.get("amended_by", []),
            "implements": self.related.get("implements", []),
            "full_text": data.get("full_text", ""),
        }
        if data.get("file"):
            kwargs["file"] = data["file"]
        return kwargs


def _type_choices() -> list[tuple[str, str]]:
    """One choice per type code, named in full ("Chỉ thị (CT)"): a code may stand for a type of
    each system, named alike or not ("Quyết định" of the Party and of the State). Reference
    data, reused for LIST_CACHE_SECONDS like the fields of work (every list page shows them)."""

    def read() -> list[tuple[str, str]]:
        names: dict[str, list[str]] = {}
        rows = DocumentType.objects.order_by("code", "system").values_list("code", "name")
        for code, name in rows:
            if name not in names.setdefault(code, []):
                names[code].append(name)
        return [(code, f"{' / '.join(found)} ({code})") for code, found in names.items()]

    return caching.cached("directives", "type_choices", read, seconds=settings.LIST_CACHE_SECONDS)


class DocumentFilterForm(BootstrapForm):
    SCOPES = [("", _("Tất cả")), ("central", _("Trung ương")), ("own", _("Của tổ chức"))]

    q = forms.CharField(
        label=_("Từ khóa hoặc số ký hiệu"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ví dụ: bảo hiểm y tế, 38-CT/TW, giao duc")}
        ),
    )
    system = forms.ChoiceField(
        label=_("Hệ thống"), required=False, choices=[("", _("Tất cả")), *System.choices]
    )
    type = forms.ChoiceField(label=_("Loại"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), required=False, max_length=60)
    year = forms.IntegerField(
        label=_("Năm ban hành"), required=False, min_value=1930, max_value=2100
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *Document.Status.choices]
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    scope = forms.ChoiceField(label=_("Phạm vi"), required=False, choices=SCOPES)
    symbol = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    implements = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tất cả")), *_type_choices()]
        self.fields["field"].choices = [
            ("", _("Tất cả")),
            *reference_choices("field", Field.objects.all()),
        ]


class ReviewForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Loại mốc"), choices=Review.Kind.choices)
    years_after = forms.IntegerField(
        label=_("Sau số năm thực hiện"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Ví dụ 5 (sơ kết), 10 (tổng kết). Ngày đến hạn tính từ ngày ban hành."),
    )
    due_on = DateField(
        label=_("Hoặc ngày đến hạn cụ thể"),
        required=False,
        help_text=_("Để trống để tính tự động từ số năm."),
    )
    title = forms.CharField(label=_("Tên mốc (tùy chọn)"), max_length=300, required=False)
    responsible = ModelChoiceField(
        label=_("Đơn vị chịu trách nhiệm"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, user, review: Review | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = editable_organizations(user)
        if review is not None:
            organizations = organizations | Organization.objects.filter(pk=review.responsible_id)
        self.fields["responsible"].queryset = organizations.distinct()

    @staticmethod
    def initial_for(review: Review) -> dict:
        computed = (
            add_years(review.subject.issued_on, review.years_after) if review.years_after else None
        )
        return {
            "kind": review.kind,
            "years_after": review.years_after,
            # A due date equal to the computed one stays empty, so changing the years moves it.
            "due_on": None if review.due_on == computed else review.due_on,
            "title": review.title,
            "responsible": review.responsible_id,
        }

    def clean(self):
        data = super().clean()
        if not data.get("years_after") and not data.get("due_on") and not self.errors:
            raise forms.ValidationError(_("Hãy nhập số năm thực hiện hoặc ngày đến hạn."))
        return data


class ReviewCompleteForm(BootstrapForm):
    done_on = DateField(label=_("Ngày hoàn thành"))
    report_file = UploadFormField(
        label=_("Tệp báo cáo sơ kết/tổng kết"), required=False, purpose="review_report"
    )
    report_document = forms.CharField(
        label=_("Hoặc số ký hiệu báo cáo trong danh mục"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ 120-BC/TU."),
    )
    report_note = forms.CharField(
        label=_("Ghi chú kết quả"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.report: Document | None = None

    def clean_report_document(self):
        text = self.cleaned_data.get("report_document") or ""
        documents, errors = documents_from_text(text, self.user)
        if errors:
            raise forms.ValidationError(errors)
        if len(documents) > 1:
            raise forms.ValidationError(_("Chỉ ghi một văn bản báo cáo."))
        self.report = documents[0] if documents else None
        return text


class ImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp .xlsx hoặc .csv"),
        help_text=_(
            "Dòng đầu là tiêu đề cột: Số ký hiệu, Ngày ban hành, Trích yếu (bắt buộc); Cơ "
            "quan ban hành, Tên loại, Lĩnh vực, Tình trạng, Tổ chức, Thực hiện văn bản."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class NumberingIndexForm(BootstrapForm):
    q = TextFilterField(
        label=_("Tìm tổ chức"), placeholder=_("Tìm tổ chức, ví dụ ban tuyen giao"), max_length=100
    )


class NumberingForm(BootstrapForm):
    type = ModelChoiceField(
        label=_("Loại văn bản"), queryset=DocumentType.objects.none(), empty_label="—"
    )
    abstract = forms.CharField(label=_("Trích yếu (tùy chọn)"), max_length=500, required=False)

    def __init__(self, *args, system: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = DocumentType.objects.filter(system=system)
