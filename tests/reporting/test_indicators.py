"""Indicators (chỉ tiêu): what each value type may aggregate into, rates over two summed
numbers, counts with their condition as data, and changes that would break a rate, a form or a
rule refused with a Vietnamese message; written by system administrators only, audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry
from phoihop.org.models import Field
from phoihop.reporting import services
from phoihop.reporting.models import Indicator
from phoihop.reporting.services import Rule
from tests.factories import UserFactory, make_form, make_indicator, system_admin

pytestmark = pytest.mark.django_db

VT = Indicator.ValueType
AG = Indicator.Aggregation


def refused(**attrs) -> dict[str, list[str]]:
    """The errors make_indicator(**attrs) is refused with."""
    with pytest.raises(ValidationError) as caught:
        make_indicator(**attrs)
    return caught.value.message_dict


@pytest.mark.parametrize(
    "code",
    ["TG.BUOI", "HN_TYLE", "KG.VANDE.DAXULY", "ATTP-2026", "A1"],
)
def test_plain_codes_are_accepted(code):
    assert make_indicator(code=code).code == code


@pytest.mark.parametrize(
    "code",
    ["tg.buoi", "TG BUOI", "TG..BUOI", ".TG", "TG.", "TỶLỆ", "TG,BUOI", "A" * 41],
)
def test_other_codes_are_refused_with_a_vietnamese_message(code):
    errors = refused(code=code)["code"]
    assert errors and all(("chữ in hoa" in e) or ("ký tự" in e) for e in errors), errors


def test_codes_are_unique():
    make_indicator(code="TG.BUOI")
    assert "code" in refused(code="TG.BUOI")


@pytest.mark.parametrize(
    "value_type, aggregation",
    [
        (VT.TEXT, AG.SUM),
        (VT.TEXT, AG.AVERAGE),
        (VT.TEXT, AG.COUNT),
        (VT.YES_NO, AG.SUM),
        (VT.YES_NO, AG.AVERAGE),
        (VT.PERCENTAGE, AG.SUM),
        (VT.INTEGER, AG.RATE),
    ],
)
def test_aggregations_a_value_type_cannot_have(value_type, aggregation):
    errors = refused(value_type=value_type, aggregation=aggregation)
    assert any("không tổng hợp theo cách" in message for message in errors["aggregation"])


def test_text_indicators_are_latest_or_not_aggregated_and_not_compared():
    note = make_indicator(value_type=VT.TEXT, aggregation=AG.NONE, direction="none")
    assert note.get_aggregation_display() == "Không tổng hợp"
    errors = refused(value_type=VT.TEXT, aggregation=AG.LATEST, direction="higher")
    assert errors["direction"] == ["Chỉ tiêu văn bản không so sánh cao thấp: chọn «Không so sánh»."]


def rate_parts():
    return (
        make_indicator(code="HN.SOHO", name="Số hộ nghèo"),
        make_indicator(code="DC.TONGSOHO", name="Tổng số hộ dân cư"),
    )


def test_a_rate_is_its_numerator_over_its_denominator():
    poor, households = rate_parts()
    rate = make_indicator(
        code="HN.TYLE",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
        direction="lower",
    )
    assert (rate.is_rate, rate.is_entered, rate.rate_multiplier) == (True, False, 100)
    per_ten_thousand = make_indicator(
        value_type=VT.DECIMAL,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
        rate_factor=10000,
    )
    assert per_ten_thousand.rate_multiplier == 10000


def test_a_rate_needs_both_parts_of_summed_numbers_and_not_itself():
    poor, households = rate_parts()
    rate = {"value_type": VT.PERCENTAGE, "aggregation": AG.RATE}
    assert refused(**rate) == {
        "numerator": ["Tỷ lệ cần chỉ tiêu tử số."],
        "denominator": ["Tỷ lệ cần chỉ tiêu mẫu số."],
    }
    same = refused(**rate, numerator=poor, denominator=poor)
    assert same["denominator"] == ["Tử số và mẫu số phải là hai chỉ tiêu khác nhau."]
    share = make_indicator(value_type=VT.PERCENTAGE, aggregation=AG.AVERAGE, name="Tỷ lệ che phủ")
    averaged = make_indicator(aggregation=AG.AVERAGE, name="Điểm bình quân")
    for part in (share, averaged):
        errors = refused(**rate, numerator=part, denominator=households)["numerator"]
        assert errors == [
            f"«{part.name}» phải là chỉ tiêu số nguyên hoặc số thập phân, tổng hợp bằng cách "
            "cộng tổng (tỷ lệ của đơn vị cấp trên = tổng tử số ÷ tổng mẫu số)."
        ]
    made = make_indicator(**rate, numerator=poor, denominator=households)
    with pytest.raises(ValidationError) as caught:
        services.update_indicator(indicator=made, numerator=made, by=system_admin())
    assert caught.value.message_dict["numerator"] == [
        "Tỷ lệ không lấy chính nó làm tử số hay mẫu số."
    ]


def test_only_a_rate_has_parts_and_only_a_decimal_rate_a_factor():
    poor, households = rate_parts()
    errors = refused(numerator=poor, rate_factor=100)
    assert errors["numerator"] == ["Chỉ nhập tử số, mẫu số, hệ số nhân khi cách tổng hợp là tỷ lệ."]
    assert "rate_factor" in errors
    errors = refused(
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
        rate_factor=1000,
    )
    assert errors["rate_factor"] == ["Tỷ lệ phần trăm luôn nhân 100: bỏ trống hệ số nhân."]


def test_a_count_of_units_states_its_condition_as_data():
    standard = make_indicator(
        code="ATTP.DAT",
        name="Xã đạt tiêu chí an toàn thực phẩm",
        unit="xã",
        value_type=VT.YES_NO,
        aggregation=AG.COUNT,
        condition_operator="eq",
        condition_value=Decimal(1),
    )
    assert (standard.condition_operator, standard.condition_value) == ("eq", Decimal(1))
    models = make_indicator(
        aggregation=AG.COUNT, condition_operator="ge", condition_value=Decimal(3), unit="xã"
    )
    assert models.get_aggregation_display() == "Đếm số đơn vị đạt điều kiện"
    assert refused(value_type=VT.YES_NO, aggregation=AG.COUNT)["condition_operator"] == [
        "Đếm số đơn vị đạt điều kiện cần nêu điều kiện: phép so sánh và giá trị, ví dụ «≥ 1»."
    ]
    for operator, value in (("ge", 1), ("eq", 2)):
        errors = refused(
            value_type=VT.YES_NO,
            aggregation=AG.COUNT,
            condition_operator=operator,
            condition_value=Decimal(value),
        )
        assert errors["condition_value"] == [
            "Với chỉ tiêu Có/Không, điều kiện là «= 1» (Có) hoặc «= 0» (Không)."
        ]
    errors = refused(
        value_type=VT.PERCENTAGE,
        aggregation=AG.COUNT,
        condition_operator="ge",
        condition_value=Decimal(120),
    )
    assert errors["condition_value"] == ["Giá trị so sánh của tỷ lệ phần trăm phải từ 0 đến 100."]
    assert "condition_operator" in refused(condition_operator="ge", condition_value=Decimal(1))


def test_negative_values_only_for_plain_numbers_and_validity_in_order():
    assert make_indicator(value_type=VT.DECIMAL, allow_negative=True).allow_negative
    assert refused(value_type=VT.PERCENTAGE, aggregation=AG.AVERAGE, allow_negative=True)[
        "allow_negative"
    ] == ["Chỉ số nguyên hoặc số thập phân mới có thể nhận giá trị âm."]
    assert refused(valid_from=datetime.date(2026, 1, 1), valid_to=datetime.date(2025, 1, 1))[
        "valid_to"
    ] == ["Ngày hết hiệu lực phải sau hoặc trùng ngày bắt đầu hiệu lực."]


def test_a_part_of_a_rate_keeps_being_a_summed_number():
    poor, households = rate_parts()
    make_indicator(
        name="Tỷ lệ hộ nghèo",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
    )
    with pytest.raises(ValidationError) as caught:
        services.update_indicator(indicator=poor, aggregation=AG.AVERAGE, by=system_admin())
    assert caught.value.message_dict["aggregation"] == [
        "Chỉ tiêu này là tử số hoặc mẫu số của tỷ lệ «Tỷ lệ hộ nghèo»: phải giữ kiểu số nguyên "
        "hoặc số thập phân và cách tổng hợp cộng tổng."
    ]
    poor.refresh_from_db()
    assert poor.aggregation == AG.SUM


def test_an_indicator_compared_by_a_rule_stays_an_entered_number():
    part, total = make_indicator(name="Đã giải quyết"), make_indicator(name="Tiếp nhận")
    make_form(name="Báo cáo tháng", indicators=[part, total], rules=[Rule(part, "le", total)])
    with pytest.raises(ValidationError) as caught:
        services.update_indicator(
            indicator=total,
            value_type=VT.TEXT,
            aggregation=AG.NONE,
            direction="none",
            by=system_admin(),
        )
    assert caught.value.message_dict["value_type"] == [
        "Chỉ tiêu này có trong quy tắc kiểm tra của biểu mẫu «Báo cáo tháng»: phải giữ kiểu số "
        "và được nhập trực tiếp (không phải tỷ lệ)."
    ]


def test_a_rate_in_a_form_keeps_its_parts_in_that_form():
    poor, households = rate_parts()
    rate = make_indicator(
        value_type=VT.PERCENTAGE, aggregation=AG.RATE, numerator=poor, denominator=households
    )
    make_form(name="Báo cáo xã", indicators=[poor, households, rate])
    other = make_indicator(name="Số hộ cận nghèo")
    with pytest.raises(ValidationError) as caught:
        services.update_indicator(indicator=rate, numerator=other, by=system_admin())
    assert caught.value.message_dict["numerator"] == [
        "Biểu mẫu «Báo cáo xã» có chỉ tiêu này nhưng chưa có đủ tử số và mẫu số mới: hãy thêm "
        "chúng vào biểu mẫu trước."
    ]


def test_services_are_for_system_administrators_and_audited():
    admin = system_admin()
    field = Field.objects.get(code="y-te")
    indicator = services.create_indicator(
        by=admin,
        code="YT.TRAM",
        name="Số trạm y tế xã đạt chuẩn quốc gia",
        unit="trạm",
        value_type=VT.INTEGER,
        aggregation=AG.SUM,
        field=field,
    )
    entry = entries_for(indicator).get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, admin)
    assert entry.changes["code"] == [None, "YT.TRAM"]
    assert entry.changes["field"] == [None, "Y tế"]
    services.update_indicator(indicator=indicator, unit="trạm y tế", by=admin)
    assert entries_for(indicator).first().changes == {"unit": ["trạm", "trạm y tế"]}
    specialist = UserFactory()
    with pytest.raises(PermissionDenied):
        services.create_indicator(by=specialist, code="X1", name="x", value_type=VT.INTEGER)
    with pytest.raises(PermissionDenied):
        services.update_indicator(indicator=indicator, unit="cái", by=specialist)
    indicator.refresh_from_db()
    assert indicator.unit == "trạm y tế"
