"""Report forms: ordered sections of figures and narratives, rules between the form's own
indicators, checked row by row and as a whole before anything is saved; audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.core.audit import entries_for
from phoihop.reporting import services
from phoihop.reporting.models import FormItem, FormSection, Indicator, ReportForm
from phoihop.reporting.services import Item, Rule, Section
from tests.factories import UserFactory, make_form, make_indicator, system_admin

pytestmark = pytest.mark.django_db

NARRATIVE = FormSection.Kind.NARRATIVE
VT, AG = Indicator.ValueType, Indicator.Aggregation


def refused(**attrs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        make_form(code="BM.LOI", **attrs)
    assert not ReportForm.objects.filter(code="BM.LOI").exists()  # nothing half-saved
    return caught.value.message_dict


def test_a_form_keeps_its_sections_and_items_in_order_and_is_audited():
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền")
    people = make_indicator(code="TG.LUOTNGUOI", name="Số lượt người tham dự")
    form = make_form(
        code="XA.THANG",
        name="Báo cáo tháng cấp xã",
        sections=[
            Section("Tình hình tư tưởng, dư luận xã hội", NARRATIVE, code="TUTUONG"),
            Section("Công tác tuyên truyền", items=[sessions, Item(people, required=False)]),
            Section("Đề xuất, kiến nghị", NARRATIVE, code="DEXUAT", required=False),
        ],
        rules=[Rule(people, "ge", sessions)],
    )
    assert [(s.position, s.title, s.kind) for s in form.sections.all()] == [
        (1, "Tình hình tư tưởng, dư luận xã hội", NARRATIVE),
        (2, "Công tác tuyên truyền", FormSection.Kind.INDICATORS),
        (3, "Đề xuất, kiến nghị", NARRATIVE),
    ]
    assert [(i.indicator.code, i.required) for i in form.items.select_related("indicator")] == [
        ("TG.BUOI", True),
        ("TG.LUOTNGUOI", False),
    ]
    entry = entries_for(form).get()
    assert entry.actor == system_admin()
    assert entry.changes["items"] == [
        None,
        [
            "TG.BUOI (bắt buộc) — Công tác tuyên truyền",
            "TG.LUOTNGUOI (không bắt buộc) — Công tác tuyên truyền",
        ],
    ]
    assert entry.changes["rules"] == [None, ["TG.LUOTNGUOI ≥ TG.BUOI"]]
    assert (
        "3. Đề xuất, kiến nghị [DEXUAT, phần viết, không bắt buộc]" in entry.changes["sections"][1]
    )


def test_a_narrative_section_needs_a_code_unique_in_the_form():
    assert refused(sections=[Section("Khó khăn, vướng mắc", NARRATIVE)]) == {
        "code": ["Phần viết cần có mã (dùng làm tên trường khi nhập, xuất số liệu)."]
    }
    twice = [
        Section("Khó khăn", NARRATIVE, code="KHOKHAN"),
        Section("Vướng mắc", NARRATIVE, code="KHOKHAN"),
    ]
    assert refused(sections=twice) == {
        "__all__": ["Mỗi mã phần chỉ dùng một lần trong một biểu mẫu."]
    }


def test_a_section_code_may_not_be_an_indicator_code_of_the_form():
    indicator = make_indicator(code="KHOKHAN")
    sections = [
        Section("Số liệu", items=[indicator]),
        Section("Khó khăn, vướng mắc", NARRATIVE, code="KHOKHAN"),
    ]
    assert refused(sections=sections)["sections"] == [
        "Mã phần «KHOKHAN» trùng mã một chỉ tiêu của biểu mẫu."
    ]


def test_an_indicator_appears_once_and_only_in_a_section_of_figures():
    indicator = make_indicator(name="Số buổi tuyên truyền")
    twice = [Section("A", items=[indicator]), Section("B", items=[indicator])]
    assert refused(sections=twice) == {
        "__all__": ["Mỗi chỉ tiêu chỉ có một lần trong một biểu mẫu."]
    }
    narrative = [Section("Kết quả", NARRATIVE, code="KETQUA", items=[indicator])]
    assert refused(sections=narrative)["items"] == [
        "«Số buổi tuyên truyền» chỉ đặt được trong phần số liệu, không phải «Kết quả»."
    ]


def test_a_rate_comes_with_its_numerator_and_denominator():
    poor = make_indicator(name="Số hộ nghèo")
    households = make_indicator(name="Tổng số hộ dân cư")
    rate = make_indicator(
        name="Tỷ lệ hộ nghèo",
        value_type=VT.PERCENTAGE,
        aggregation=AG.RATE,
        numerator=poor,
        denominator=households,
    )
    assert refused(indicators=[poor, rate])["items"] == [
        "Tỷ lệ «Tỷ lệ hộ nghèo» được tính từ «Số hộ nghèo» và «Tổng số hộ dân cư»: biểu mẫu "
        "cần có cả hai chỉ tiêu này."
    ]
    assert make_form(indicators=[poor, households, rate]).items.count() == 3


def test_rules_compare_entered_numbers_of_the_form():
    part = make_indicator(code="DLXH.DAGIAIQUYET", name="Đã giải quyết")
    total = make_indicator(code="DLXH.KIENNGHI", name="Tiếp nhận")
    note = make_indicator(name="Ghi chú", value_type=VT.TEXT, aggregation=AG.NONE, direction="none")
    assert refused(indicators=[part], rules=[Rule(part, "le", total)])["rules"] == [
        "Quy tắc «DLXH.DAGIAIQUYET ≤ DLXH.KIENNGHI» so sánh «Tiếp nhận», chỉ tiêu không có trong "
        "biểu mẫu."
    ]
    assert refused(indicators=[part, total], rules=[Rule(part, "le")])["right"] == [
        "So sánh với một chỉ tiêu khác hoặc với một giá trị: chọn đúng một trong hai."
    ]
    both = Rule(part, "le", total, right_value=Decimal(3))
    assert "right" in refused(indicators=[part, total], rules=[both])
    assert refused(indicators=[part], rules=[Rule(part, "le", part)])["right"] == [
        "Không so sánh một chỉ tiêu với chính nó."
    ]
    assert refused(indicators=[part, note], rules=[Rule(note, "ne", right_value=Decimal(0))])[
        "left"
    ] == [
        "Quy tắc chỉ so sánh chỉ tiêu kiểu số được nhập trực tiếp (không phải tỷ lệ); «Ghi chú» "
        "không phải."
    ]
    made = make_form(indicators=[part, total], rules=[Rule(part, "le", total)])
    assert str(made.rules.get()) == "DLXH.DAGIAIQUYET ≤ DLXH.KIENNGHI"


def test_only_system_administrators_make_forms():
    with pytest.raises(PermissionDenied):
        services.create_form(by=UserFactory(), code="BM1", name="Biểu mẫu")
    assert not ReportForm.objects.exists()


def test_an_indicator_in_a_form_cannot_be_deleted():
    indicator = make_indicator()
    make_form(indicators=[indicator])
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        indicator.delete()
    assert FormItem.objects.filter(indicator=indicator).exists()
