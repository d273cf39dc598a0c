"""System administrators keep indicators, report forms (with their sections, indicators and
rules inline) and regimes (with their assignments inline) in the Django admin: every save goes
through the services and is audited, what the models refuse is said on the page and nothing is
saved, and the list pages read a fixed number of queries however many rows they show."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry
from phoihop.reporting.models import FormItem, FormSection, Indicator, Regime, ReportForm
from phoihop.reporting.services import Assignment, Rule, Section
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    make_form,
    make_indicator,
    make_regime,
)

pytestmark = pytest.mark.django_db

NARRATIVE = FormSection.Kind.NARRATIVE


def inline(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """The POST fields of an admin inline: its management form and its rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def page_errors(response) -> str:
    return response.content.decode()


# Indicators ---------------------------------------------------------------------------------


def indicator_form(**changes) -> dict:
    data = {
        "code": "TG.BUOI",
        "name": "Số buổi tuyên truyền",
        "unit": "buổi",
        "field": "",
        "description": "",
        "value_type": "integer",
        "aggregation": "sum",
        "direction": "higher",
        "numerator": "",
        "denominator": "",
        "rate_factor": "",
        "condition_operator": "",
        "condition_value": "",
        "valid_from": "",
        "valid_to": "",
    }
    return data | changes


def test_an_indicator_added_in_the_admin_is_audited(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:reporting_indicator_add"), indicator_form())
    assert response.status_code == 302, page_errors(response)[:3000]
    indicator = Indicator.objects.get(code="TG.BUOI")
    entry = entries_for(indicator).get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, admin_user)
    url = reverse("admin:reporting_indicator_change", args=[indicator.pk])
    response = client.post(url, indicator_form(unit="buổi tuyên truyền"))
    assert response.status_code == 302
    assert entries_for(indicator).first().changes == {"unit": ["buổi", "buổi tuyên truyền"]}


def test_the_admin_says_what_the_model_refuses(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:reporting_indicator_add"),
        indicator_form(value_type="percentage", aggregation="rate"),
    )
    assert response.status_code == 200
    assert "Tỷ lệ cần chỉ tiêu tử số." in page_errors(response)
    assert not Indicator.objects.exists()


def test_staff_without_system_administration_change_nothing(client, db):
    indicator = make_indicator(code="TG.BUOI", unit="buổi")
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_indicator", "change_indicator"])
    )
    client.force_login(staff)
    url = reverse("admin:reporting_indicator_change", args=[indicator.pk])
    response = client.post(url, indicator_form(name=indicator.name, unit="cuộc"))
    assert response.status_code == 403
    indicator.refresh_from_db()
    assert indicator.unit == "buổi"


# Forms --------------------------------------------------------------------------------------


def form_data(report_form=None, *, sections=(), items=(), rules=(), initial=None) -> dict:
    initial = initial or {}
    data = {
        "code": report_form.code if report_form else "XA.THANG",
        "name": report_form.name if report_form else "Báo cáo tháng cấp xã",
        "description": "",
    }
    data |= inline("sections", list(sections), initial=initial.get("sections", 0))
    data |= inline("items", list(items), initial=initial.get("items", 0))
    data |= inline("rules", list(rules), initial=initial.get("rules", 0))
    return data


def section_row(section=None, **values) -> dict:
    row = {"position": "1", "kind": "indicators", "title": "Số liệu", "code": "", "guidance": ""}
    row |= {"required": "on"}
    if section is not None:
        row |= {
            "id": str(section.pk),
            "report_form": str(section.report_form_id),
            "position": str(section.position),
            "kind": section.kind,
            "title": section.title,
            "code": section.code,
        }
    return row | values


def item_row(item=None, **values) -> dict:
    row = {"position": "1", "required": "on"}
    if item is not None:
        row |= {
            "id": str(item.pk),
            "report_form": str(item.report_form_id),
            "section": str(item.section_id),
            "indicator": str(item.indicator_id),
        }
    return row | values


def test_a_form_is_made_in_two_saves_sections_then_their_indicators(client, admin_user):
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền")
    people = make_indicator(code="TG.LUOTNGUOI", name="Số lượt người tham dự")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:reporting_reportform_add"),
        form_data(
            sections=[
                section_row(title="Công tác tuyên truyền"),
                section_row(position="2", kind=NARRATIVE, title="Khó khăn", code="KHOKHAN"),
            ]
        ),
    )
    assert response.status_code == 302, page_errors(response)[:3000]
    report_form = ReportForm.objects.get(code="XA.THANG")
    figures, difficulties = report_form.sections.all()
    url = reverse("admin:reporting_reportform_change", args=[report_form.pk])
    page = client.get(url).content.decode()
    assert "Công tác tuyên truyền" in page and "TG.BUOI — Số buổi tuyên truyền" in page
    response = client.post(
        url,
        form_data(
            report_form,
            sections=[section_row(figures), section_row(difficulties)],
            items=[
                item_row(section=figures.pk, indicator=sessions.pk),
                item_row(section=figures.pk, indicator=people.pk, position="2"),
            ],
            rules=[
                {
                    "position": "1",
                    "left": people.pk,
                    "operator": "ge",
                    "right": sessions.pk,
                    "right_value": "",
                    "message": "",
                }
            ],
            initial={"sections": 2},
        ),
    )
    assert response.status_code == 302, page_errors(response)[:3000]
    assert [i.indicator.code for i in report_form.items.select_related("indicator")] == [
        "TG.BUOI",
        "TG.LUOTNGUOI",
    ]
    entry = entries_for(report_form).first()
    assert entry.actor == admin_user
    assert entry.changes == {
        "items": [
            [],
            [
                "TG.BUOI (bắt buộc) — Công tác tuyên truyền",
                "TG.LUOTNGUOI (bắt buộc) — Công tác tuyên truyền",
            ],
        ],
        "rules": [[], ["TG.LUOTNGUOI ≥ TG.BUOI"]],
    }


@pytest.fixture
def saved_form():
    poor = make_indicator(code="HN.SOHO", name="Số hộ nghèo")
    households = make_indicator(code="DC.TONGSOHO", name="Tổng số hộ dân cư")
    rate = make_indicator(
        code="HN.TYLE",
        name="Tỷ lệ hộ nghèo",
        value_type="percentage",
        aggregation="rate",
        numerator=poor,
        denominator=households,
    )
    report_form = make_form(
        sections=[
            Section("Văn hóa, xã hội", items=[poor, households]),
            Section("Khó khăn", NARRATIVE, code="KHOKHAN"),
        ]
    )
    return report_form, rate


def test_what_spans_the_inlines_is_refused_on_the_page_and_nothing_changes(
    client, admin_user, saved_form
):
    report_form, rate = saved_form
    figures, difficulties = report_form.sections.all()
    poor_item, households_item = report_form.items.all()
    url = reverse("admin:reporting_reportform_change", args=[report_form.pk])
    client.force_login(admin_user)
    # The rate without its denominator (removed in the same save).
    response = client.post(
        url,
        form_data(
            report_form,
            sections=[section_row(figures), section_row(difficulties)],
            items=[
                item_row(poor_item),
                item_row(households_item, DELETE="on"),
                item_row(section=figures.pk, indicator=rate.pk, position="3"),
            ],
            initial={"sections": 2, "items": 2},
        ),
    )
    assert response.status_code == 200
    assert (
        "Tỷ lệ «Tỷ lệ hộ nghèo» được tính từ «Số hộ nghèo» và «Tổng số hộ dân cư»: biểu mẫu cần "
        "có cả hai chỉ tiêu này."
    ) in page_errors(response)
    # A section removed while it still holds indicators.
    response = client.post(
        url,
        form_data(
            report_form,
            sections=[section_row(figures, DELETE="on"), section_row(difficulties)],
            items=[item_row(poor_item), item_row(households_item)],
            initial={"sections": 2, "items": 2},
        ),
    )
    assert response.status_code == 200
    assert "«Số hộ nghèo» thuộc một phần không còn trong biểu mẫu" in page_errors(response)
    # A section turned into a narrative while it holds indicators; a duplicate code.
    response = client.post(
        url,
        form_data(
            report_form,
            sections=[
                section_row(figures, kind=NARRATIVE, code="KHOKHAN"),
                section_row(difficulties),
            ],
            items=[item_row(poor_item), item_row(households_item)],
            initial={"sections": 2, "items": 2},
        ),
    )
    assert response.status_code == 200
    page = page_errors(response)
    assert "«Số hộ nghèo» chỉ đặt được trong phần số liệu, không phải «Văn hóa, xã hội»." in page
    assert "Mã phần «KHOKHAN» bị trùng." in page
    assert report_form.items.count() == 2 and report_form.sections.count() == 2
    assert entries_for(report_form).count() == 1  # only its creation


def test_an_indicator_once_per_form_and_a_section_of_this_form_only(client, admin_user, saved_form):
    report_form, _rate = saved_form
    figures, difficulties = report_form.sections.all()
    poor_item, households_item = report_form.items.all()
    other = make_form()
    url = reverse("admin:reporting_reportform_change", args=[report_form.pk])
    client.force_login(admin_user)
    for section, message in (
        (figures, "Mỗi chỉ tiêu chỉ có một lần trong một biểu mẫu."),
        (other.sections.first(), "Lựa chọn không hợp lệ: giá trị này không có trong danh sách."),
    ):
        response = client.post(
            url,
            form_data(
                report_form,
                sections=[section_row(figures), section_row(difficulties)],
                items=[
                    item_row(poor_item),
                    item_row(households_item),
                    item_row(section=section.pk, indicator=poor_item.indicator_id),
                ],
                initial={"sections": 2, "items": 2},
            ),
        )
        assert response.status_code == 200
        assert message in page_errors(response)
    assert report_form.items.count() == 2
    assert not FormItem.objects.filter(section__report_form=other, report_form=report_form)


def test_the_form_page_reads_its_choices_once_however_many_rows(client, admin_user):
    indicators = [make_indicator() for _ in range(12)]
    small = make_form(indicators=indicators[:1])
    rules = [Rule(a, "le", b) for a, b in zip(indicators[1:6], indicators[6:11], strict=True)]
    large = make_form(indicators=indicators, rules=rules)
    client.force_login(admin_user)
    counts = []
    for report_form in (small, large):
        url = reverse("admin:reporting_reportform_change", args=[report_form.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# Regimes ------------------------------------------------------------------------------------


def regime_data(receiver, report_form, **changes) -> dict:
    data = {
        "code": "TH.KG.THANG",
        "name": "Báo cáo tháng kết quả phối hợp công tác tuyên truyền khoa giáo",
        "kind": "periodic",
        "description": "",
        "legal_basis": "",
        "receiver": str(receiver.pk),
        "report_form": str(report_form.pk),
        "valid_from": "01/01/2024",
        "valid_to": "",
        "calendar": "nd09",
        "frequency": "month",
        "deadline_rule": "fixed_day",
        "deadline_day": "17",
        "deadline_month_offset": "0",
        "deadline_working_days": "",
        "entry_opens_days_before_cutoff": "5",
        "lock_days_after_deadline": "10",
        "remind_days_before": "2",
        "remind_on_deadline": "on",
        "remind_when_overdue": "on",
        "escalate_after_days": "5",
    }
    return data | changes


def assignment_row(**values) -> dict:
    row = {
        "organization": "",
        "organization_kind": "",
        "organization_level": "",
        "area": "",
        "valid_from": "",
        "valid_to": "",
    }
    return row | values


def test_a_regime_added_with_its_assignments_is_audited_for_its_receiver(client, admin_user):
    receiver = OrganizationFactory(name="Ban Tuyên giáo và Dân vận", kind="propaganda_department")
    health = OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa")
    report_form = make_form()
    client.force_login(admin_user)
    data = regime_data(receiver, report_form) | inline(
        "assignments",
        [
            assignment_row(organization=str(health.pk), valid_from="01/01/2024"),
            assignment_row(organization_kind="party_board", organization_level="commune"),
        ],
    )
    response = client.post(reverse("admin:reporting_regime_add"), data)
    assert response.status_code == 302, page_errors(response)[:3000]
    regime = Regime.objects.get(code="TH.KG.THANG")
    assert regime.assignments.count() == 2
    entry = entries_for(regime).get()
    assert entry.organization_path == receiver.path
    assert entry.changes["assignments"][1] == [
        "Cơ quan tham mưu của cấp ủy, Cấp xã, trên địa bàn cả nước",
        "Sở Y tế tỉnh Thanh Hóa (từ 01/01/2024)",
    ]
    page = client.get(reverse("admin:reporting_regime_change", args=[regime.pk])).content
    page = page.decode()
    assert "hạn nộp các kỳ năm nay" in page.lower()
    assert "assignments-0-DELETE" not in page  # ended with a date, never deleted


def test_a_deadline_on_the_cut_off_is_refused_on_the_page(client, admin_user):
    receiver = OrganizationFactory(kind="propaganda_department")
    client.force_login(admin_user)
    data = regime_data(receiver, make_form(), deadline_day="10") | inline("assignments", [])
    response = client.post(reverse("admin:reporting_regime_add"), data)
    assert response.status_code == 200
    assert "Hạn nộp phải sau ngày chốt số liệu ít nhất một ngày làm việc" in page_errors(response)
    data = regime_data(receiver, make_form()) | inline(
        "assignments", [assignment_row(organization_kind="department")]
    )
    response = client.post(reverse("admin:reporting_regime_add"), data)
    assert response.status_code == 200
    assert "hoặc cả loại và cấp của các tổ chức phải báo cáo" in page_errors(response)
    assert not Regime.objects.exists()


# List pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["reporting_indicator", "reporting_reportform", "reporting_regime"]
)
def test_list_pages_read_a_fixed_number_of_queries(client, admin_user, url_name):
    url = reverse(f"admin:{url_name}_changelist")
    receiver = OrganizationFactory(kind="propaganda_department")
    client.force_login(admin_user)

    def add_rows(count):
        for _ in range(count):
            make_regime(
                receiver=receiver,
                assignments=[Assignment(organization=OrganizationFactory())],
                valid_from=datetime.date(2025, 1, 1),
            )

    add_rows(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(6)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.context["cl"].result_count >= 7
