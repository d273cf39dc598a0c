"""core.forms.Select writes the same markup as Django's select template, faster."""

from django import forms

from phoihop.core.forms import (
    BootstrapForm,
    ChoiceField,
    MultipleChoiceField,
    Select,
    SelectMultiple,
)

PROVINCES = [("", "Mọi tỉnh/thành phố"), ("38", "Thanh Hóa"), ("25", "Phú Thọ")]
GROUPED = [("Cấp tỉnh", [("tu", "Tỉnh ủy"), ("ubnd", "UBND")]), ("xa", "Cấp xã <mới>")]


class Filters(BootstrapForm):
    area = ChoiceField(choices=PROVINCES, required=False)
    kinds = MultipleChoiceField(choices=GROUPED, required=False)


def django_html(widget_class, name, value, choices, attrs=None) -> str:
    """What Django's own widget and template write."""
    return widget_class(choices=choices).render(name, value, attrs)


def test_the_choice_fields_declare_the_fast_widgets():
    form = Filters()
    assert type(form.fields["area"].widget) is Select
    assert type(form.fields["kinds"].widget) is SelectMultiple
    assert 'class="form-select"' in str(form["area"])


def test_a_select_renders_like_djangos():
    for value in ("", "25", None, "99"):
        attrs = {"id": "id_area", "class": "form-select", "required": True, "disabled": False}
        fast = Select(choices=PROVINCES).render("area", value, attrs)
        assert fast == django_html(forms.Select, "area", value, PROVINCES, attrs)
    assert '<option value="25" selected>Phú Thọ</option>' in Select(choices=PROVINCES).render(
        "area", "25"
    )


def test_groups_several_selected_and_escaping_render_like_djangos():
    for value in (["tu", "xa"], [], None):
        attrs = {"id": "id_kinds"}
        fast = SelectMultiple(choices=GROUPED).render("kinds", value, attrs)
        assert fast == django_html(forms.SelectMultiple, "kinds", value, GROUPED, attrs)
    html = SelectMultiple(choices=GROUPED).render("kinds", ["tu", "xa"])
    assert '<optgroup label="Cấp tỉnh">' in html and " multiple" in html
    assert html.count(" selected>") == 2
    assert "Cấp xã &lt;mới&gt;" in html


def test_a_single_select_marks_only_the_first_match():
    twice = [("38", "Thanh Hóa"), ("38", "Thanh Hóa (bản cũ)")]
    assert Select(choices=twice).render("area", "38").count(" selected>") == 1
