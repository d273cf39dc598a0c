"""Form pieces shared by every app: Bootstrap styling and mapping service errors onto fields."""

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator

from .validation import (
    TextValidator,
    validate_date_in_range,
    validate_integer_in_range,
)

# Dates as officials type them: ISO from <input type=date>, or dd/mm/yyyy by hand.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class ChoicesReadOnce(ModelChoiceIterator):
    """Model choices read with one plain query per form, then reused.

    Django's iterator opens a server-side cursor (DECLARE, FETCH, CLOSE on PostgreSQL) every time
    the choices are listed, and a select lists them more than once; choice lists here are short.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the field's own queryset keeps the rows after the first read
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesReadOnce


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ChoicesReadOnce


class BootstrapBoundField(BoundField):
    """Adds Bootstrap's `is-invalid` class to a widget whose field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            base = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{base} is-invalid".strip()
            attrs["aria-invalid"] = "true"
        return attrs


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
    """Every form of the platform has this (through ValidatedForm or BootstrapForm, or mixed
    into Django's own auth forms): the boundary rules are declared here once, not per field.
    A form backed by one model names it in `column_model` so texts get its column lengths."""

    column_model = None
    column_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_boundary_rules(self, self.column_model, self.column_names)


class ValidatedForm(BoundaryValidationMixin, forms.Form):
    """A plain form with the boundary rules; BootstrapForm adds the styling."""


class BootstrapForm(ValidatedForm):
    """A form whose widgets carry Bootstrap classes and which can show a service's errors.

    Services raise ValidationError keyed by model field names; `SERVICE_FIELDS` maps those to
    form field names where they differ. Unknown keys land on the form as a whole.
    """

    bound_field_class = BootstrapBoundField
    SERVICE_FIELDS: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

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


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
