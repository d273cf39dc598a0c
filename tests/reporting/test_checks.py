"""The value checker a submission will call (`checks.check_values`): each value against its
indicator's type, required fields on submitting, rates computed and never typed, and the
form's rules between values, each message next to the field it is about. Pure Python: the
spec is written out here, except in the last tests, which read it from a saved form."""

from decimal import Decimal

import pytest

from phoihop.reporting.checks import (
    FieldSpec,
    FormSpec,
    IndicatorSpec,
    RuleSpec,
    check_values,
    clean_values,
    format_number,
)
from phoihop.reporting.models import FormSection, Indicator
from phoihop.reporting.services import Item, Rule, Section
from tests.factories import make_form, make_indicator


def indicator_field(code, name, value_type="integer", *, required=True, **attrs) -> FieldSpec:
    return FieldSpec(
        key=code,
        label=name,
        section="Số liệu",
        required=required,
        indicator=IndicatorSpec(code=code, name=name, value_type=value_type, **attrs),
    )


SESSIONS = indicator_field("TG.BUOI", "Số buổi tuyên truyền")
POOR = indicator_field("HN.SOHO", "Số hộ nghèo", required=False)
HOUSEHOLDS = indicator_field("DC.TONGSOHO", "Tổng số hộ dân cư", required=False)
RATE = indicator_field(
    "HN.TYLE",
    "Tỷ lệ hộ nghèo",
    "percentage",
    numerator="HN.SOHO",
    denominator="DC.TONGSOHO",
    multiplier=100,
)
SPENDING = indicator_field("CHI.TIEU", "Kinh phí (triệu đồng)", "decimal")
CHANGE = indicator_field("DS.BIENDONG", "Biến động dân số", allow_negative=True)
COVERAGE = indicator_field("BHYT.TYLE", "Tỷ lệ bao phủ bảo hiểm y tế", "percentage")
FOOD_SAFETY = indicator_field("ATTP.DAT", "Đạt tiêu chí an toàn thực phẩm", "yes_no")
MODEL = indicator_field("MH.TIEUBIEU", "Mô hình tiêu biểu", "text", required=False)
DIFFICULTIES = FieldSpec("KHOKHAN", "Khó khăn, vướng mắc", "Khó khăn, vướng mắc", required=True)
PROPOSALS = FieldSpec("DEXUAT", "Đề xuất, kiến nghị", "Đề xuất, kiến nghị", required=False)

SPEC = FormSpec(
    code="XA.THANG",
    name="Báo cáo tháng cấp xã",
    fields=(
        DIFFICULTIES,
        SESSIONS,
        POOR,
        HOUSEHOLDS,
        RATE,
        SPENDING,
        CHANGE,
        COVERAGE,
        FOOD_SAFETY,
        MODEL,
        PROPOSALS,
    ),
    rules=(
        RuleSpec("HN.SOHO", "le", right="DC.TONGSOHO"),
        RuleSpec("CHI.TIEU", "lt", right_value=Decimal("5000")),
    ),
)

COMPLETE = {
    "KHOKHAN": "Kinh phí tuyên truyền còn hạn chế.",
    "TG.BUOI": 4,
    "CHI.TIEU": "12,5",
    "DS.BIENDONG": "-3",
    "BHYT.TYLE": "92,75",
    "ATTP.DAT": "có",
}


def test_a_complete_report_has_no_problems_and_its_values_parse():
    checked = clean_values(SPEC, COMPLETE, complete=True)
    assert checked.errors == {}
    assert checked.values == {
        "KHOKHAN": "Kinh phí tuyên truyền còn hạn chế.",
        "TG.BUOI": 4,
        "CHI.TIEU": Decimal("12.5"),
        "DS.BIENDONG": -3,
        "BHYT.TYLE": Decimal("92.75"),
        "ATTP.DAT": True,
    }


def test_a_draft_may_leave_required_fields_empty_but_not_a_submission():
    assert check_values(SPEC, {"TG.BUOI": "3"}) == {}
    assert check_values(SPEC, {"TG.BUOI": "3", "KHOKHAN": "   "}, complete=True) == {
        "KHOKHAN": ["Chưa viết: phần này bắt buộc."],
        "CHI.TIEU": ["Chưa nhập: chỉ tiêu này bắt buộc."],
        "DS.BIENDONG": ["Chưa nhập: chỉ tiêu này bắt buộc."],
        "BHYT.TYLE": ["Chưa nhập: chỉ tiêu này bắt buộc."],
        "ATTP.DAT": ["Chưa nhập: chỉ tiêu này bắt buộc."],
    }


@pytest.mark.parametrize(
    "field, raw, message",
    [
        ("TG.BUOI", "2,5", "Nhập một số nguyên, ví dụ 12."),
        ("TG.BUOI", "1.234", "Nhập một số nguyên, ví dụ 12."),
        ("TG.BUOI", "mười", "Nhập một số nguyên, ví dụ 12."),
        ("TG.BUOI", True, "Nhập một số nguyên, ví dụ 12."),
        ("TG.BUOI", 2.5, "Nhập một số nguyên, ví dụ 12."),
        ("TG.BUOI", "-1", "Không nhận giá trị âm."),
        ("TG.BUOI", "99999999999999999", "Số quá lớn."),
        ("TG.BUOI", ["3"], "Nhập một số nguyên, ví dụ 12."),
        ("CHI.TIEU", "1.234,5", "Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5."),
        ("CHI.TIEU", "1e3", "Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5."),
        ("CHI.TIEU", "NaN", "Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5."),
        ("CHI.TIEU", Decimal("Infinity"), "Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5."),
        ("CHI.TIEU", float("nan"), "Nhập một số; phần thập phân sau dấu phẩy, ví dụ 12,5."),
        ("CHI.TIEU", "0,12345", "Tối đa 4 chữ số sau dấu phẩy."),
        ("BHYT.TYLE", "100,5", "Tỷ lệ phần trăm phải từ 0 đến 100."),
        ("BHYT.TYLE", "-0,5", "Không nhận giá trị âm."),
        ("ATTP.DAT", "đạt", "Chọn Có hoặc Không."),
        ("ATTP.DAT", 2, "Chọn Có hoặc Không."),
        ("MH.TIEUBIEU", 12, "Nhập văn bản."),
        ("MH.TIEUBIEU", "x" * 2001, "Tối đa 2.000 ký tự."),
        ("MH.TIEUBIEU", "a\x00b", "Văn bản chứa ký tự điều khiển không được phép (mã U+0000)."),
        ("KHOKHAN", "a\ud800b", "Văn bản chứa ký tự Unicode không hợp lệ."),
        ("HN.TYLE", "3,5", "Tỷ lệ được tính từ tử số và mẫu số, không nhập trực tiếp."),
    ],
)
def test_each_bad_value_is_said_next_to_its_field(field, raw, message):
    assert check_values(SPEC, {field: raw}) == {field: [message]}


@pytest.mark.parametrize(
    "raw, value",
    [
        ("12", 12),
        (" 12 ", 12),
        (12, 12),
        (Decimal("12.000"), 12),
        ("+7", 7),
    ],
)
def test_whole_numbers_typed_in_several_ways(raw, value):
    assert clean_values(SPEC, {"TG.BUOI": raw}).values["TG.BUOI"] == value


@pytest.mark.parametrize(
    "raw, value",
    [("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), (3, Decimal(3)), (0.1, Decimal("0.1"))],
)
def test_decimals_take_a_comma_or_a_point(raw, value):
    assert clean_values(SPEC, {"CHI.TIEU": raw}).values["CHI.TIEU"] == value


@pytest.mark.parametrize(
    "raw, value",
    [
        *[("có", True), ("Có", True), ("co", True), ("1", True), (1, True), (True, True)],
        *[("không", False), ("KHÔNG", False), ("0", False), (0, False), (False, False)],
    ],
)
def test_yes_and_no(raw, value):
    assert clean_values(SPEC, {"ATTP.DAT": raw}).values["ATTP.DAT"] is value


def test_a_value_for_a_field_the_form_does_not_have_is_refused():
    assert check_values(SPEC, {"TG.BUOII": 3, "TG.BUOI": 3}) == {
        "TG.BUOII": ["Không có trong biểu mẫu này."]
    }


def test_a_part_larger_than_its_total_is_said_next_to_the_part():
    errors = check_values(SPEC, {"HN.SOHO": "1520", "DC.TONGSOHO": 1500})
    assert errors == {"HN.SOHO": ["«Số hộ nghèo» phải nhỏ hơn hoặc bằng «Tổng số hộ dân cư»."]}
    assert check_values(SPEC, {"HN.SOHO": 1500, "DC.TONGSOHO": 1500}) == {}


def test_a_rule_against_a_constant_names_it_the_vietnamese_way():
    assert check_values(SPEC, {"CHI.TIEU": "5000"}) == {
        "CHI.TIEU": ["«Kinh phí (triệu đồng)» phải nhỏ hơn 5.000."]
    }


def test_a_rule_waits_for_both_values_and_skips_bad_ones():
    assert check_values(SPEC, {"HN.SOHO": 20}) == {}
    assert check_values(SPEC, {"HN.SOHO": 20, "DC.TONGSOHO": "mười"}) == {
        "DC.TONGSOHO": ["Nhập một số nguyên, ví dụ 12."]
    }


def test_a_rules_own_message_wins():
    spec = FormSpec(
        code="F",
        name="F",
        fields=(POOR, HOUSEHOLDS),
        rules=(
            RuleSpec(
                "HN.SOHO",
                "le",
                right="DC.TONGSOHO",
                message="Số hộ nghèo không thể lớn hơn tổng số hộ dân cư.",
            ),
        ),
    )
    assert check_values(spec, {"HN.SOHO": 9, "DC.TONGSOHO": 8}) == {
        "HN.SOHO": ["Số hộ nghèo không thể lớn hơn tổng số hộ dân cư."]
    }


@pytest.mark.parametrize(
    "operator, left, right, holds",
    [
        ("lt", 1, 2, True),
        ("lt", 2, 2, False),
        ("le", 2, 2, True),
        ("eq", 2, 2, True),
        ("eq", 2, 3, False),
        ("ne", 2, 3, True),
        ("ge", 2, 2, True),
        ("gt", 2, 2, False),
        ("gt", 3, 2, True),
    ],
)
def test_every_comparison(operator, left, right, holds):
    spec = FormSpec("F", "F", (POOR, HOUSEHOLDS), (RuleSpec("HN.SOHO", operator, "DC.TONGSOHO"),))
    errors = check_values(spec, {"HN.SOHO": left, "DC.TONGSOHO": right})
    assert (errors == {}) is holds


def test_a_rate_is_computed_from_its_parts_never_averaged():
    checked = clean_values(SPEC, {"HN.SOHO": "12", "DC.TONGSOHO": "1500"})
    assert checked.computed == {"HN.TYLE": Decimal("0.8000")}
    assert clean_values(SPEC, {"HN.SOHO": 3, "DC.TONGSOHO": 0}).computed == {"HN.TYLE": None}
    assert clean_values(SPEC, {"HN.SOHO": 3}).computed == {"HN.TYLE": None}
    # Not required to be typed, even on submitting: it is computed.
    assert "HN.TYLE" not in check_values(SPEC, COMPLETE, complete=True)


def test_errors_follow_the_order_of_the_form():
    errors = check_values(
        SPEC, {"ATTP.DAT": "?", "TG.BUOI": "?", "KHOKHAN": 1, "HN.SOHO": 9, "DC.TONGSOHO": 1}
    )
    assert list(errors) == ["KHOKHAN", "TG.BUOI", "HN.SOHO", "ATTP.DAT"]


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (1234, "1.234"),
        (Decimal("1234567.5"), "1.234.567,5"),
        (Decimal("-0.25"), "-0,25"),
        (Decimal("5000.0000"), "5.000"),
        (None, ""),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, text):
    assert format_number(value) == text


# From a saved form ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_forms_spec_checks_as_written(django_assert_num_queries):
    VT, AG = Indicator.ValueType, Indicator.Aggregation
    poor = make_indicator(code="HN.SOHO", name="Số hộ nghèo")
    households = make_indicator(code="DC.TONGSOHO", name="Tổng số hộ dân cư")
    rate = make_indicator(
        code="HN.TYLE",
        name="Tỷ lệ hộ nghèo",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
    )
    standard = make_indicator(
        code="ATTP.DAT",
        name="Đạt tiêu chí an toàn thực phẩm",
        value_type=VT.YES_NO,
        aggregation=AG.COUNT,
        condition_operator="eq",
        condition_value=1,
    )
    form = make_form(
        sections=[
            Section(
                "Tình hình tư tưởng, dư luận xã hội",
                FormSection.Kind.NARRATIVE,
                code="TUTUONG",
            ),
            Section(
                "Văn hóa, xã hội",
                items=[standard, Item(poor, required=False), Item(households, False), rate],
            ),
        ],
        rules=[Rule(poor, "le", households)],
    )
    with django_assert_num_queries(3):
        spec = form.spec()
    assert [f.key for f in spec.fields] == [
        "TUTUONG",
        "ATTP.DAT",
        "HN.SOHO",
        "DC.TONGSOHO",
        "HN.TYLE",
    ]
    assert spec.field("HN.TYLE").indicator.multiplier == 100
    checked = clean_values(spec, {"HN.SOHO": 30, "DC.TONGSOHO": 20}, complete=True)
    assert checked.errors == {
        "TUTUONG": ["Chưa viết: phần này bắt buộc."],
        "ATTP.DAT": ["Chưa nhập: chỉ tiêu này bắt buộc."],
        "HN.SOHO": ["«Số hộ nghèo» phải nhỏ hơn hoặc bằng «Tổng số hộ dân cư»."],
    }
    assert checked.computed == {"HN.TYLE": Decimal("150.0000")}
