"""Indicators, report forms and reporting regimes are kept here by system administrators; every
save ends in the app's service (core.admin.ServiceAdmin), which checks the permission and audits
the change, the rows edited inline included (as texts, before and after).

Nothing is deleted from these lists: history is data, and later stages keep reports that point
at them. Inside a form, sections, indicators and rules may be removed as the form is edited (an
audited change of the form); a regime's assignments are ended with their "đến ngày", never
deleted, since past periods still count them.
"""

from django import forms
from django.contrib import admin
from django.db.models import OuterRef
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from phoihop.core.admin import ServiceAdmin
from phoihop.core.forms import BoundaryValidationMixin, ModelChoiceField
from phoihop.core.periods import WorkingCalendar
from phoihop.core.queries import count_of

from . import services, succession
from .models import (
    AreaSuccessionShare,
    FormItem,
    FormRule,
    FormSection,
    Indicator,
    Regime,
    RegimeAssignment,
    ReportForm,
    Target,
    structure_problems,
)

# Indicators ---------------------------------------------------------------------------------


class IndicatorAdminForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = Indicator

    class Meta:
        model = Indicator
        fields = Indicator.AUDITED_FIELDS


@admin.register(Indicator)
class IndicatorAdmin(ServiceAdmin):
    form = IndicatorAdminForm
    saved = staticmethod(services.record_indicator_change)
    audited_fields = Indicator.AUDITED_FIELDS
    list_display = (
        "code",
        "name",
        "unit",
        "value_type",
        "aggregation",
        "direction",
        "field",
        "valid_from",
        "valid_to",
    )
    list_filter = ("value_type", "aggregation", "field")
    search_fields = ("code", "name")
    list_select_related = ("field",)
    autocomplete_fields = ("numerator", "denominator")
    fieldsets = (
        (None, {"fields": ("code", "name", "unit", "field", "description")}),
        (
            _("Kiểu giá trị và cách tổng hợp"),
            {"fields": ("value_type", "aggregation", "direction", "allow_negative")},
        ),
        (_("Tỷ lệ"), {"fields": ("numerator", "denominator", "rate_factor")}),
        (
            _("Điều kiện (đếm số đơn vị đạt điều kiện)"),
            {"fields": ("condition_operator", "condition_value")},
        ),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to")}),
    )


# Report forms -------------------------------------------------------------------------------


class FormStructure:
    """The rows of one form as the admin's three inlines will save them, checked together
    with `structure_problems` once every row is valid on its own. Each inline's formset
    reports the problems of its own part."""

    PARTS = ("sections", "items", "rules")

    def __init__(self):
        self.formsets: dict[str, BaseInlineFormSet] = {}
        self._problems: dict[str, list[str]] | None = None

    def problems(self) -> dict[str, list[str]]:
        if self._problems is None:
            self._problems = self._check()
        return self._problems

    def _check(self) -> dict[str, list[str]]:
        rows = {}
        for part in self.PARTS:
            formset = self.formsets.get(part)
            if formset is None:
                return {}
            rows[part] = []
            for row in formset.forms:
                if not row.is_valid():
                    return {}  # the row's own errors come first
                if row.cleaned_data.get("DELETE") or not (row.instance.pk or row.has_changed()):
                    continue  # removed, or an empty extra row
                rows[part].append(row.instance)
        return structure_problems(rows["sections"], rows["items"], rows["rules"])


class FormPartFormSet(BaseInlineFormSet):
    """One part (sections, items or rules) of a form's rows. The choices of its rows (the
    form's sections, the indicators) are read once for the whole formset: `choices()` gives
    {field name: (queryset, rows)}, the queryset checking a posted value, the rows listed."""

    part = ""
    duplicate_message = ""  # two rows that a unique constraint of the model forbids

    def __init__(self, *args, structure: FormStructure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        if structure is not None:
            structure.formsets[self.part] = self
        self._choices: dict | None = None

    def choices(self) -> dict:
        return {}

    def get_form_kwargs(self, index):
        if self._choices is None:
            self._choices = self.choices()
        return {**super().get_form_kwargs(index), "choices": self._choices}

    def get_unique_error_message(self, unique_check):
        return self.duplicate_message or super().get_unique_error_message(unique_check)

    def clean(self):
        super().clean()
        if self.structure is not None:
            problems = self.structure.problems().get(self.part)
            if problems:
                raise forms.ValidationError(problems)


class FormPartForm(BoundaryValidationMixin, forms.ModelForm):
    """A row whose choice fields list the rows its formset read once."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (queryset, rows) in (choices or {}).items():
            self.fields[name].queryset = queryset
            self.fields[name].rows = rows


def _indicators() -> tuple:
    queryset = Indicator.objects.order_by("code")
    return queryset, list(queryset)


def _indicator_choice(label, required=True) -> ModelChoiceField:
    return ModelChoiceField(
        queryset=Indicator.objects.order_by("code"), label=label, required=required
    )


class SectionForm(FormPartForm):
    column_model = FormSection

    class Meta:
        model = FormSection
        fields = ("position", "kind", "title", "code", "guidance", "required")
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2, "cols": 40})}


class SectionFormSet(FormPartFormSet):
    part = "sections"


class ItemForm(FormPartForm):
    column_model = FormItem
    section = ModelChoiceField(queryset=FormSection.objects.all(), label=_("thuộc phần"))
    indicator = _indicator_choice(_("chỉ tiêu"))

    class Meta:
        model = FormItem
        fields = ("section", "indicator", "position", "required")


class ItemFormSet(FormPartFormSet):
    part = "items"
    duplicate_message = _("Mỗi chỉ tiêu chỉ có một lần trong một biểu mẫu.")

    def choices(self) -> dict:
        # Only this form's saved sections: a section added now takes items after it is saved.
        sections = FormSection.objects.filter(report_form_id=self.instance.pk)
        return {
            "section": (sections, list(sections) if self.instance.pk else []),
            "indicator": _indicators(),
        }


class RuleForm(FormPartForm):
    column_model = FormRule
    left = _indicator_choice(_("chỉ tiêu được kiểm tra"))
    right = _indicator_choice(_("so với chỉ tiêu"), required=False)

    class Meta:
        model = FormRule
        fields = ("position", "left", "operator", "right", "right_value", "message")


class RuleFormSet(FormPartFormSet):
    part = "rules"

    def choices(self) -> dict:
        indicators = _indicators()
        return {"left": indicators, "right": indicators}


class SectionInline(admin.TabularInline):
    model = FormSection
    form = SectionForm
    formset = SectionFormSet
    extra = 0


class ItemInline(admin.TabularInline):
    model = FormItem
    form = ItemForm
    formset = ItemFormSet
    fk_name = "report_form"
    extra = 0
    verbose_name_plural = _(
        "Các chỉ tiêu trong biểu mẫu (chọn phần đã lưu; phần mới thêm nhận chỉ tiêu sau khi lưu)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*FormItem.AUDIT_SELECT_RELATED)


class RuleInline(admin.TabularInline):
    model = FormRule
    form = RuleForm
    formset = RuleFormSet
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*FormRule.AUDIT_SELECT_RELATED)


class ReportFormAdminForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = ReportForm

    class Meta:
        model = ReportForm
        fields = ("code", "name", "description")


@admin.register(ReportForm)
class ReportFormAdmin(ServiceAdmin):
    form = ReportFormAdminForm
    saved = staticmethod(services.record_form_change)
    audited_fields = ReportForm.AUDITED_FIELDS
    inlines = (SectionInline, ItemInline, RuleInline)
    list_display = ("code", "name", "section_count", "item_count", "rule_count")
    search_fields = ("code", "name")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                sections_n=count_of(FormSection.objects.filter(report_form=OuterRef("pk"))),
                items_n=count_of(FormItem.objects.filter(report_form=OuterRef("pk"))),
                rules_n=count_of(FormRule.objects.filter(report_form=OuterRef("pk"))),
            )
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The three inlines of one request share a FormStructure, so each can report what is
        wrong across them."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        structure = request.__dict__.setdefault("_report_form_structure", FormStructure())
        return {**kwargs, "structure": structure}

    @admin.display(description=_("số phần"))
    def section_count(self, obj):
        return obj.sections_n

    @admin.display(description=_("số chỉ tiêu"))
    def item_count(self, obj):
        return obj.items_n

    @admin.display(description=_("số quy tắc"))
    def rule_count(self, obj):
        return obj.rules_n


# Regimes ------------------------------------------------------------------------------------


class AssignmentForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = RegimeAssignment

    class Meta:
        model = RegimeAssignment
        fields = (
            "organization",
            "organization_kind",
            "organization_level",
            "area",
            "valid_from",
            "valid_to",
        )


class AssignmentInline(admin.TabularInline):
    model = RegimeAssignment
    form = AssignmentForm
    extra = 0
    can_delete = False  # ended with "đến ngày": past periods still count the assignment
    autocomplete_fields = ("organization", "area")


class RegimeAdminForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = Regime

    class Meta:
        model = Regime
        fields = tuple(name for name in Regime.AUDITED_FIELDS if name != "assignments")


@admin.register(Regime)
class RegimeAdmin(ServiceAdmin):
    form = RegimeAdminForm
    saved = staticmethod(services.record_regime_change)
    audited_fields = Regime.AUDITED_FIELDS
    inlines = (AssignmentInline,)
    list_display = (
        "code",
        "name",
        "kind",
        "frequency",
        "calendar",
        "deadline",
        "receiver",
        "report_form",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind", "frequency", "calendar")
    search_fields = ("code", "name")
    list_select_related = ("receiver", "report_form")
    autocomplete_fields = ("legal_basis", "receiver")
    readonly_fields = ("deadlines_this_year",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "kind",
                    "description",
                    "legal_basis",
                    "receiver",
                    "report_form",
                    "valid_from",
                    "valid_to",
                )
            },
        ),
        (
            _("Kỳ báo cáo và hạn nộp"),
            {
                "fields": (
                    "calendar",
                    "frequency",
                    "deadline_rule",
                    "deadline_day",
                    "deadline_month_offset",
                    "deadline_working_days",
                    "deadlines_this_year",
                )
            },
        ),
        (
            _("Mở và khóa nhập số liệu"),
            {"fields": ("entry_opens_days_before_cutoff", "lock_days_after_deadline")},
        ),
        (
            _("Nhắc hạn"),
            {
                "fields": (
                    "remind_days_before",
                    "remind_on_deadline",
                    "remind_when_overdue",
                    "escalate_after_days",
                )
            },
        ),
    )

    @admin.display(description=_("hạn nộp"))
    def deadline(self, obj):
        return obj.deadline_label

    @admin.display(description=_("hạn nộp các kỳ năm nay"))
    def deadlines_this_year(self, obj):
        """The saved rule applied to this year's periods, with the working-day calendar."""
        if obj is None or not obj.pk or not obj.frequency:
            return "—"
        periods = obj.periods_of_year(timezone.localdate().year)
        working = WorkingCalendar.load(periods[0].window_end)
        rows = ((p.name, f"{obj.deadline(p, working):%d/%m/%Y}") for p in periods)
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))


# Shares of divided areas ----------------------------------------------------------------------


class AreaSuccessionShareAdminForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = AreaSuccessionShare

    class Meta:
        model = AreaSuccessionShare
        fields = AreaSuccessionShare.AUDITED_FIELDS


@admin.register(AreaSuccessionShare)
class AreaSuccessionShareAdmin(ServiceAdmin):
    """Where an old commune was divided in 2025, the share of its figures each successor takes
    in the roll-ups (the model checks that the successor is one and that the shares of one old
    area stay within 100%). Without a row, all of it goes to the principal successor; deleting
    the rows of an area brings that default back, so deletion is allowed (audited)."""

    form = AreaSuccessionShareAdminForm
    saved = staticmethod(succession.record_share_change)
    deleted = staticmethod(succession.delete_share)
    audited_fields = AreaSuccessionShare.AUDITED_FIELDS
    list_display = ("predecessor", "successor", "share", "updated_at")
    search_fields = ("predecessor__name", "predecessor__code", "successor__name")
    list_select_related = ("predecessor", "successor")
    raw_id_fields = ("predecessor", "successor")


class TargetAdminForm(BoundaryValidationMixin, forms.ModelForm):
    column_model = Target

    class Meta:
        model = Target
        fields = Target.AUDITED_FIELDS


@admin.register(Target)
class TargetAdmin(ServiceAdmin):
    """Targets kept by system administrators; the givers' people import theirs from .xlsx
    (reporting/imports.py). Both end in the services, with one audit entry."""

    form = TargetAdminForm
    saved = staticmethod(services.record_target_change)
    deleted = staticmethod(services.delete_target)
    audited_fields = Target.AUDITED_FIELDS
    list_display = ("indicator", "organization", "area", "start_year", "end_year", "value", "owner")
    list_filter = ("start_year", "end_year")
    search_fields = ("indicator__code", "indicator__name", "organization__name", "area__name")
    list_select_related = ("indicator", "organization", "area", "owner")
    autocomplete_fields = ("indicator", "owner", "organization", "area")
