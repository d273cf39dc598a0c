"""The one form path: every form is a BootstrapForm declared in a forms.py, dates are typed and
shown as dd/mm/yyyy, and Django's own messages read as natural Vietnamese whatever the browser
asks for."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import get_resolver
from django.utils import formats, translation

import phoihop
from phoihop.core.forms import (
    BootstrapForm,
    ChecklistSelectMultiple,
    DateField,
    MultipleChoiceField,
    parse_date,
)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _our_forms():
    assert get_resolver().url_patterns  # imports every view, so every form class is defined
    # The Django admin draws its own forms (org/admin.py): only the pages' forms count here.
    return {
        c
        for c in _subclasses(forms.BaseForm)
        if c.__module__.startswith("phoihop.")
        and not c.__module__.startswith("phoihop.core.")
        and not c.__module__.endswith(".admin")
    }


def test_every_form_is_a_bootstrap_form_declared_in_a_forms_module():
    found = _our_forms()
    assert len(found) > 30
    not_bootstrap = sorted(c.__qualname__ for c in found if not issubclass(c, BootstrapForm))
    assert not_bootstrap == []
    outside = sorted(
        f"{c.__module__}.{c.__qualname__}" for c in found if ".forms" not in c.__module__
    )
    assert outside == []


class Dates(BootstrapForm):
    day = DateField(label="Ngày")


# Boxes that are no form's field: the navigation bar's search box (it only opens the search
# page, whose form is core.forms.SearchForm) and read-only addresses and tokens to copy.
NOT_FORM_FIELDS = {
    "core/_navbar.html",
    "plans/calendar.html",
    "org/profile.html",
    "django/forms/widgets/select.html",  # the select widget itself (ADR 0012)
}


def test_no_template_draws_a_field_by_hand():
    """Every input, select and textarea is a form's field drawn by core/_field.html (or the
    form itself): none is written into a template, hidden inputs aside."""
    root = Path(phoihop.__file__).parent
    found = []
    for path in sorted(root.glob("*/templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", path.read_text(), re.S)
        drawn = [t for t in tags if 'type="hidden"' not in t]
        if drawn and name not in NOT_FORM_FIELDS:
            found.append(name)
    assert found == []


def test_a_date_is_typed_as_dd_mm_yyyy():
    form = Dates({"day": "22/12/2024"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2024, 12, 22)
    assert parse_date("1/7/2025") == datetime.date(2025, 7, 1)


def test_an_impossible_date_is_refused_in_vietnamese():
    form = Dates({"day": "31/02/2025"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Ngày không hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 22/12/2024."]
    assert parse_date("31/02/2025") is None


def test_a_date_is_shown_as_dd_mm_yyyy_never_iso():
    assert 'value="01/07/2025"' in str(Dates(initial={"day": datetime.date(2025, 7, 1)})["day"])
    # A link carrying an ISO date still shows dd/mm/yyyy in the box.
    html = str(Dates({"day": "2025-07-01"})["day"])
    assert 'value="01/07/2025"' in html and "2025-07-01" not in html
    assert 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html


def test_dates_are_displayed_as_dd_mm_yyyy():
    day = datetime.date(2025, 7, 1)
    assert formats.date_format(day) == "01/07/2025"
    assert formats.date_format(day, "SHORT_DATE_FORMAT") == "01/07/2025"


class Numbers(BootstrapForm):
    percent = forms.IntegerField(min_value=0, max_value=100)
    name = forms.CharField(max_length=5)
    kind = forms.ChoiceField(choices=[("a", "A")])
    email = forms.EmailField()


def test_djangos_messages_read_naturally_in_vietnamese():
    with translation.override("vi"):
        form = Numbers({"percent": "101", "name": "quá dài", "kind": "x", "email": "a@"})
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    assert errors == {
        "percent": ["Giá trị tối đa là 100."],
        "name": ["Tối đa 5 ký tự (đang có 7)."],
        "kind": ["Lựa chọn không hợp lệ: x không có trong danh sách."],
        "email": ["Địa chỉ thư điện tử không hợp lệ."],
    }
    with translation.override("vi"):
        assert Numbers({"percent": "-1"}).errors["percent"] == ["Giá trị tối thiểu là 0."]
        assert Numbers({}).errors["name"] == ["Hãy nhập trường này."]


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_vietnamese_errors(client):
    response = client.post(
        "/accounts/login/", {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en"
    )
    html = response.content.decode()
    assert "Hãy nhập trường này." in html
    assert "This field is required" not in html


def test_a_file_input_has_a_vietnamese_button():
    class Upload(BootstrapForm):
        file = forms.FileField(label="Tệp")

    html = render_to_string("core/_field.html", {"field": Upload()["file"]})
    assert "Chọn tệp…" in html and "Chưa chọn tệp nào" in html
    assert 'for="id_file"' in html


def test_no_form_asks_for_ctrl_click():
    """A <select multiple> needs Ctrl-click, which nobody finds and no phone has: every multiple
    choice is a checkbox list or the searchable checklist (ChecklistSelectMultiple)."""
    plain = sorted(
        f"{form.__qualname__}.{name}"
        for form in _our_forms()
        for name, field in form.base_fields.items()
        if isinstance(field.widget, forms.SelectMultiple)
        and not isinstance(field.widget, forms.CheckboxSelectMultiple | ChecklistSelectMultiple)
    )
    assert plain == []


def test_a_checklist_is_a_plain_multiple_select_underneath():
    class Fields(BootstrapForm):
        fields = MultipleChoiceField(
            label="Lĩnh vực", choices=[("yte", "Y tế"), ("gd", "Giáo dục")]
        )

    form = Fields({"fields": ["yte", "gd"]})
    html = render_to_string("core/_field.html", {"field": form["fields"]})
    assert re.search(r"<select [^>]*multiple", html) and "data-checklist" in html
    assert html.count(" selected") == 2  # what was sent is shown, and sent again, as before
    assert form.is_valid() and form.cleaned_data["fields"] == ["yte", "gd"]


class _OptionWithAttrs(forms.Select):
    """A select whose options carry attributes of their own (Django allows it)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].update(
            {"data-code": f"<{option['value']}>", "disabled": option["value"] == "b"}
        )
        return option


WIDGETS = [
    forms.TextInput(attrs={"placeholder": 'Tên "cơ quan" & <mã>', "required": True, "x": False}),
    forms.TextInput(attrs={"maxlength": 200, "data-empty": "", "data-none": None}),
    forms.Textarea(attrs={"rows": 3}),
    forms.CheckboxInput(),
    forms.Select(choices=[("", "Mọi loại"), ("a", "Sở & ban"), (1, 1)]),
    forms.Select(choices=[("Nhóm <1>", [("a", "A"), ("b", "B")]), ("c", "C")]),
    _OptionWithAttrs(choices=[("a", "A"), ("b", "B")]),
    forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("c", "C")]),
    ChecklistSelectMultiple(choices=[("yte", "Y tế"), ("gd", "Giáo dục")]),
    forms.NullBooleanSelect(),
]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (widget, value)
        for widget in WIDGETS
        for value in (None, "a", ["a", "b"], True)
        if not (isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list))
    ],
    ids=lambda param: type(param).__name__,
)
def test_widgets_draw_djangos_own_markup(widget, value):
    """core/templates/django/forms/widgets/{attrs,select}.html hand Django's loops to
    core.templatetags.widget_html: the markup stays Django's (whitespace between tags aside)."""
    from django.template import Context, Engine

    djangos = Engine(dirs=[Path(forms.__file__).parent / "templates"])
    context = widget.get_context("choice", value, {"id": "id_choice", "class": "form-select"})
    expected = djangos.get_template(widget.template_name).render(Context(context))
    drawn = widget.render("choice", value, {"id": "id_choice", "class": "form-select"})

    def tags(html):
        return re.sub(r">\s+<", "><", html.strip())

    assert tags(drawn) == tags(expected)
