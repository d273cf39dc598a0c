"""Form pieces shared by every app: Bootstrap styling and mapping service errors onto fields."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from . import search
from .validation import (
    TextValidator,
    validate_date_in_range,
    validate_integer_in_range,
)


class ChoicesReadOnce(ModelChoiceIterator):
    """Model choices read with one plain query per form, then reused.

    Django's iterator opens a server-side cursor (DECLARE, FETCH, CLOSE on PostgreSQL) every time
    the choices are listed, and a select lists them more than once; choice lists here are short.
    The forms of one formset (the rows of an admin inline) may share one read: a field whose
    `rows` is set lists those rows instead of its queryset (the formset reads them once).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._rows():  # the field's own queryset keeps the rows after the first read
            yield self.choice(obj)

    def _rows(self):
        rows = getattr(self.field, "rows", None)
        return self.queryset if rows is None else rows

    def __len__(self):
        return len(self._rows()) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._rows())


class BootstrapBoundField(BoundField):
    """Bootstrap's classes for each kind of widget, and `is-invalid` with `aria-invalid` on a
    field with errors: added when the field is drawn, so no form restyles its widgets."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = attrs.get("class") or widget.attrs.get("class") or widget_css(widget)
        if self.errors and not widget.is_hidden:
            css = f"{css} is-invalid".strip()
            attrs["aria-invalid"] = "true"
        if css:
            attrs["class"] = css
        return attrs


def widget_css(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget ("" for hidden inputs and lists of boxes)."""
    if widget.is_hidden or isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class ChecklistSelectMultiple(forms.SelectMultiple):
    """Several choices as a searchable checklist: phoihop.js turns `select[data-checklist]` into
    a vendored Tom Select (type to narrow the list, tick several, remove one with its ×), so
    nobody needs Ctrl-click. Without JavaScript it stays the plain <select multiple>, and both
    submit the same values."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-checklist": "", **(attrs or {})}, choices)


class SuggestInput(forms.TextInput):
    """A text box with type-ahead, for a choice among too many rows to list (organisations of a
    scope of 20,000, areas): typing asks the same page for `?suggest=<field name>` (htmx, the
    box's own value sent along) and shows the answer, a list of `data-pick-suggestion` buttons
    (phoihop.js puts the picked value in the box), under it. The view answers that request from
    the rows the user may pick; the field checks the value again. Without JavaScript the box is
    typed in (a code, "#id")."""

    template_name = "core/widgets/suggest_input.html"
    input_type = "search"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-suggestions"
        widget["attrs"].update(
            {
                "autocomplete": "off",
                "data-suggest": "",
                "hx-get": f"?suggest={name}",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{list_id}",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                "hx-push-url": "false",  # inside a filter form that pushes its own URL
            }
        )
        widget["suggestions_id"] = list_id
        return context


# Model choices read once per form (see ChoicesReadOnce); single selects are Django's own widget,
# multiple choices the searchable checklist.


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesReadOnce


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ChoicesReadOnce
    widget = ChecklistSelectMultiple


class MultipleChoiceField(forms.MultipleChoiceField):
    widget = ChecklistSelectMultiple


# Dates: typed and shown as dd/mm/yyyy whatever the browser's language (a native date input
# shows mm/dd/yyyy in an English browser). ISO is still read, for links and bookmarks.
DATE_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = [DATE_FORMAT, "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy; `data-date-input` lets phoihop.js add the calendar picker."""

    input_type = "text"

    def format_value(self, value):
        if isinstance(value, str):  # a bound form shows what was sent: ISO as dd/mm/yyyy too
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value or None
        return super().format_value(value)

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "autocomplete": "off",
            "maxlength": "10",
            "data-date-input": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)


def parse_date(raw: str | None) -> datetime.date | None:
    """A date typed as dd/mm/yyyy (or ISO), or None when it is empty or no real date."""
    try:
        return DateField(required=False).to_python((raw or "").strip())
    except ValidationError:
        return None


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy; an "invalid" message may name what was typed, %(value)s."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 22/12/2024."),
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as exc:
            exc.params = {"value": value}
            raise


def column_max_length(model, name: str) -> int | None:
    """The maximum length of `model`'s column `name`, or None (no such column, or no limit)."""
    try:
        return model._meta.get_field(name).max_length
    except Exception:  # FieldDoesNotExist, or a relation without max_length
        return None


def apply_boundary_rules(form: forms.BaseForm, column_model=None, column_names=None) -> None:
    """The boundary rules (core.validation) on every field of `form`.

    Text fields refuse control characters and lone surrogates (line breaks only in a Textarea)
    and get a maximum length: the model column's when `column_model` is given (`column_names`
    maps form fields named differently), else settings.TEXT_MAX_LENGTH. Date fields keep to
    DATE_MIN..DATE_MAX; integer fields to 64 bits. Safe to call twice on the same form.
    """
    if getattr(form, "_boundary_rules_applied", False):
        return
    form._boundary_rules_applied = True
    for name, field in form.fields.items():
        column = (column_names or {}).get(name, name)
        limit = column_model and column_max_length(column_model, column)
        _add_boundary_validators(field, limit or settings.TEXT_MAX_LENGTH)


def _add_boundary_validators(field: forms.Field, max_length: int) -> None:
    if isinstance(field, forms.CharField):
        field.validators.append(TextValidator(multiline=isinstance(field.widget, forms.Textarea)))
        if field.max_length is None:
            field.max_length = max_length
            field.validators.append(validators.MaxLengthValidator(max_length))
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(max_length))
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(validate_date_in_range)
    elif isinstance(field, forms.IntegerField):
        field.validators.append(validate_integer_in_range)


class BoundaryValidationMixin:
    """Every form of the platform has this (through BootstrapForm): the boundary rules are
    declared here once, not per field. A form backed by one model names it in `column_model` so
    texts get its column lengths."""

    column_model = None
    column_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_boundary_rules(self, self.column_model, self.column_names)


class BootstrapForm(BoundaryValidationMixin, forms.Form):
    """Every form of the platform: the boundary rules, Bootstrap's classes when drawn
    (`templates/core/_field.html` draws a field), and a service's errors shown on the form.

    Services raise ValidationError keyed by model field names; `SERVICE_FIELDS` maps those to
    form field names where they differ. Unknown keys land on the form as a whole. Django's own
    forms (sign-in, passwords) take it as their first base: `class LoginForm(BootstrapForm,
    AuthenticationForm)`.
    """

    bound_field_class = BootstrapBoundField
    SERVICE_FIELDS: dict[str, str] = {}

    def valid_data(self) -> dict:
        """The values that parsed; one that did not is left out and its error stays on the form
        (a list's filters: a bad value is ignored and said, `core/_filter_errors.html`)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}

    def add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for field, errors in exc.error_dict.items():
            name = self.SERVICE_FIELDS.get(field, field)
            for error in errors:
                for message in error.messages:
                    self.add_error(name if name in self.fields else None, message)


class ConfirmForm(BootstrapForm):
    """A button's POST (delete, …): nothing to fill in, the service decides; its refusal lands
    on the form like any other (`submitted`)."""


class TextFilterField(forms.CharField):
    """The words of a list's filters (read with `core.search.filter_text`): optional, drawn as
    a search box."""

    def __init__(self, *, label=None, placeholder="", max_length=200, attrs=None):
        attrs = {"placeholder": placeholder, **(attrs or {})} if placeholder else attrs
        super().__init__(
            label=label or _("Từ khóa"),
            required=False,
            max_length=max_length,
            widget=forms.SearchInput(attrs=attrs),
        )


class SearchForm(BootstrapForm):
    """The search page: words, and one of the kinds registered with `core.search.register`."""

    q = TextFilterField(
        placeholder=_("Gõ có dấu hoặc không dấu, ví dụ: so y te thanh hoa"),
        attrs={"autofocus": True},
    )
    kind = forms.ChoiceField(label=_("Loại"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [(entry.kind, entry.label) for entry in search.registered_kinds()]
        self.fields["kind"].choices = [("", _("Tất cả")), *kinds]


def call_service(form: BootstrapForm, function, **kwargs):
    """Run a service; its ValidationError lands on the form. Returns the service's result, or
    None when it refused (then `form.errors` says why)."""
    try:
        return function(**kwargs)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


def submitted(request, form: BootstrapForm, service, *, arguments, done: str = "") -> bool:
    """A page's POST handler: when `form` is valid, run `service` with what
    `arguments(cleaned_data)` gives and the acting user (`by`), its ValidationError landing on
    the form (`call_service`). True when the service ran, after saying `done`; False when the
    page must be shown again with the form's errors."""
    if not form.is_valid():
        return False
    if call_service(form, service, by=request.user, **arguments(form.cleaned_data)) is None:
        return False
    if done:
        messages.success(request, done)
    return True
