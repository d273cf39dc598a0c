"""Form pieces shared by every app: Bootstrap styling and mapping service errors onto fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator

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


# Renders like Django's select (and multiple select) with the options in place (see the template).
FAST_SELECT_TEMPLATE = "core/widgets/select.html"


class BootstrapForm(forms.Form):
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
                if widget.template_name == forms.Select.template_name:
                    widget.template_name = FAST_SELECT_TEMPLATE
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
