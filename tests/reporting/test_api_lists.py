"""GET /api/v1/reporting/indicators and /api/v1/reporting/regimes: the usual {"count", "items"}
lists with pages and filters; indicators for everyone signed in, regimes for whoever reads their
receiver in the directory, naming nothing else the caller may not see; hostile parameters are
a 422 in the error shape; a fixed number of queries however many rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.org.models import Membership
from phoihop.org.services import create_api_token
from phoihop.reporting.services import Assignment
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_document,
    make_form,
    make_indicator,
    make_regime,
)

pytestmark = pytest.mark.django_db

INDICATORS = "/api/v1/reporting/indicators"
REGIMES = "/api/v1/reporting/regimes"
D = datetime.date


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user, name='t', by=user)[1]}"}


# Indicators ---------------------------------------------------------------------------------


@pytest.fixture
def indicators():
    poor = make_indicator(code="HN.SOHO", name="Số hộ nghèo", unit="hộ", direction="lower")
    households = make_indicator(code="DC.TONGSOHO", name="Tổng số hộ dân cư", unit="hộ")
    rate = make_indicator(
        code="HN.TYLE",
        name="Tỷ lệ hộ nghèo",
        unit="%",
        value_type="percentage",
        aggregation="rate",
        numerator=poor,
        denominator=households,
        direction="lower",
    )
    standard = make_indicator(
        code="ATTP.DAT",
        name="Xã đạt tiêu chí an toàn thực phẩm",
        unit="xã",
        value_type="yes_no",
        aggregation="count",
        condition_operator="eq",
        condition_value=1,
        valid_to=D(2025, 12, 31),
    )
    return {"poor": poor, "rate": rate, "standard": standard}


def test_anonymous_callers_get_401(client):
    for url in (INDICATORS, REGIMES):
        response = client.get(url)
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}


def test_indicators_are_listed_by_code_with_their_rules(client, indicators):
    client.force_login(UserFactory())
    body = client.get(INDICATORS).json()
    assert body["count"] == 4
    assert [i["code"] for i in body["items"]] == ["ATTP.DAT", "DC.TONGSOHO", "HN.SOHO", "HN.TYLE"]
    by_code = {i["code"]: i for i in body["items"]}
    assert by_code["HN.TYLE"] | {"id": 0} == {
        "id": 0,
        "code": "HN.TYLE",
        "name": "Tỷ lệ hộ nghèo",
        "unit": "%",
        "value_type": "percentage",
        "aggregation": "rate",
        "numerator": "HN.SOHO",
        "denominator": "DC.TONGSOHO",
        "rate_multiplier": 100,
        "condition_operator": None,
        "condition_value": None,
        "direction": "lower",
        "allow_negative": False,
        "field": None,
        "description": "",
        "valid_from": None,
        "valid_to": None,
    }
    assert (by_code["ATTP.DAT"]["condition_operator"], by_code["ATTP.DAT"]["condition_value"]) == (
        "eq",
        1.0,
    )


@pytest.mark.parametrize(
    "query, codes",
    [
        ({"code": "HN.TYLE"}, ["HN.TYLE"]),
        ({"value_type": "yes_no"}, ["ATTP.DAT"]),
        ({"aggregation": "sum"}, ["DC.TONGSOHO", "HN.SOHO"]),
        ({"at": "2026-01-01"}, ["DC.TONGSOHO", "HN.SOHO", "HN.TYLE"]),
        ({"page": 2, "page_size": 3}, ["HN.TYLE"]),
    ],
)
def test_indicator_filters(client, indicators, query, codes):
    client.force_login(UserFactory())
    body = client.get(INDICATORS, query).json()
    assert [i["code"] for i in body["items"]] == codes


@pytest.mark.parametrize(
    "url, query, field",
    [
        (INDICATORS, {"value_type": "số"}, "value_type"),
        (INDICATORS, {"aggregation": "SUM"}, "aggregation"),
        (INDICATORS, {"code": "x" * 41}, "code"),
        (INDICATORS, {"code": "a\x00b"}, "code"),
        (INDICATORS, {"at": "31/12/2025"}, "at"),
        (INDICATORS, {"at": "9999-01-01"}, "at"),
        (INDICATORS, {"field": "y-te"}, "field"),
        (INDICATORS, {"field": str(2**64)}, "field"),
        (REGIMES, {"kind": "monthly"}, "kind"),
        (REGIMES, {"calendar": "lunar"}, "calendar"),
        (REGIMES, {"frequency": "week"}, "frequency"),
        (REGIMES, {"receiver": "-1.5"}, "receiver"),
        (REGIMES, {"reporter": str(2**63)}, "reporter"),
    ],
)
def test_hostile_parameters_are_field_errors(client, url, query, field):
    client.force_login(UserFactory())
    response = client.get(url, query)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and field in body["errors"], body


def test_page_parameters_out_of_range_are_422(client):
    client.force_login(UserFactory())
    for query in ({"page": 0}, {"page_size": 501}):
        response = client.get(REGIMES, query)
        assert response.status_code == 422 and set(response.json()) == {"detail", "errors"}


# Regimes ------------------------------------------------------------------------------------


@pytest.fixture
def thanh_hoa():
    """A Thanh Hóa propaganda department receiving two regimes, a Phú Thọ one receiving its
    own, and the people of each."""
    province = AreaFactory(name="Tỉnh Thanh Hóa", code="38", level="province")
    phu_tho = AreaFactory(name="Tỉnh Phú Thọ", code="25", level="province")
    commune = AreaFactory(name="Phường Hạc Thành", parent=province)
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        kind="propaganda_department",
        area=province,
    )
    health = OrganizationFactory(name="Sở Y tế tỉnh Thanh Hóa", area=province)
    board = OrganizationFactory(
        name="Ban Xây dựng Đảng phường Hạc Thành",
        kind="party_board",
        level="commune",
        area=commune,
        valid_from=D(2025, 7, 1),
    )
    phu_tho_department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Phú Thọ",
        kind="propaganda_department",
        area=phu_tho,
    )
    secret_partner = OrganizationFactory(name="Sở Y tế tỉnh Phú Thọ", area=phu_tho)
    basis = make_document(
        abstract="Quy định về phối hợp giữa ban tuyên giáo cấp ủy với cơ quan nhà nước"
    )
    own_plan = make_document(
        "45-KH/BTGDVTU", D(2025, 3, 20), abstract="Kế hoạch tuyên truyền", organization=department
    )
    monthly = make_regime(
        code="TH.KG.THANG",
        name="Báo cáo tháng kết quả phối hợp",
        receiver=department,
        legal_basis=basis,
        deadline_rule="fixed_day",
        deadline_day=17,
        valid_from=D(2024, 1, 1),
        assignments=[
            Assignment(organization=health, valid_from=D(2024, 1, 1)),
            Assignment(organization=secret_partner),  # a unit the province's people don't see
        ],
    )
    communes = make_regime(
        code="TH.XA.THANG",
        name="Báo cáo tháng cấp xã",
        receiver=department,
        legal_basis=own_plan,
        deadline_working_days=2,
        valid_from=D(2025, 7, 1),
        assignments=[
            Assignment(
                organization_kind="party_board",
                organization_level="commune",
                area=province,
                valid_from=D(2025, 7, 1),
            )
        ],
    )
    phu_tho_regime = make_regime(
        code="PT.XA.THANG",
        receiver=phu_tho_department,
        kind="thematic",
        frequency="year",
    )
    specialist = UserFactory(username="chuyenvien.tgdv")
    MembershipFactory(user=specialist, organization=department, role=Membership.Role.SPECIALIST)
    commune_officer = UserFactory(username="xa.hacthanh")
    MembershipFactory(user=commune_officer, organization=board)
    phu_tho_person = UserFactory(username="chuyenvien.phutho")
    MembershipFactory(user=phu_tho_person, organization=phu_tho_department)
    return {
        "department": department,
        "health": health,
        "board": board,
        "monthly": monthly,
        "communes": communes,
        "phu_tho": phu_tho_regime,
        "specialist": specialist,
        "commune_officer": commune_officer,
        "phu_tho_person": phu_tho_person,
        "partner": secret_partner,
    }


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_a_regime_item_says_who_reports_what_to_whom_and_by_when(client, thanh_hoa, admin_user):
    client.force_login(admin_user)
    body = client.get(REGIMES).json()
    assert body["count"] == 3
    monthly = next(i for i in body["items"] if i["code"] == "TH.KG.THANG")
    regime = thanh_hoa["monthly"]
    assert monthly == {
        "id": regime.pk,
        "code": "TH.KG.THANG",
        "name": "Báo cáo tháng kết quả phối hợp",
        "kind": "periodic",
        "description": "",
        "legal_basis": {
            "id": regime.legal_basis_id,
            "citation": regime.legal_basis.citation_label,
            "url": regime.legal_basis.get_absolute_url(),
        },
        "calendar": "nd09",
        "frequency": "month",
        "deadline_rule": "fixed_day",
        "deadline_day": 17,
        "deadline_month_offset": 0,
        "deadline_working_days": None,
        "deadline_label": "ngày 17 tháng cuối kỳ",
        "receiver": {"id": thanh_hoa["department"].pk, "name": thanh_hoa["department"].name},
        "form": {
            "id": regime.report_form_id,
            "code": regime.report_form.code,
            "name": regime.report_form.name,
        },
        "entry_opens_days_before_cutoff": 5,
        "lock_days_after_deadline": None,
        "reminders": {
            "days_before": None,
            "on_deadline": True,
            "when_overdue": True,
            "escalate_after_days": None,
        },
        "valid_from": "2024-01-01",
        "valid_to": None,
        "assignments": [
            {
                "organization": {"id": thanh_hoa["health"].pk, "name": "Sở Y tế tỉnh Thanh Hóa"},
                "organization_kind": None,
                "organization_level": None,
                "area": None,
                "valid_from": "2024-01-01",
                "valid_to": None,
            },
            {
                "organization": {"id": thanh_hoa["partner"].pk, "name": "Sở Y tế tỉnh Phú Thọ"},
                "organization_kind": None,
                "organization_level": None,
                "area": None,
                "valid_from": None,
                "valid_to": None,
            },
        ],
    }


def test_regimes_are_read_with_their_receiver_and_name_only_what_the_reader_sees(client, thanh_hoa):
    client.force_login(thanh_hoa["specialist"])
    body = client.get(REGIMES).json()
    assert [i["code"] for i in body["items"]] == ["TH.KG.THANG", "TH.XA.THANG"]
    monthly, communes = body["items"]
    # The Phú Thọ department named in an assignment is outside a Thanh Hóa reader's directory.
    assert [a["organization"]["name"] for a in monthly["assignments"]] == ["Sở Y tế tỉnh Thanh Hóa"]
    assert communes["legal_basis"]["citation"].startswith("Kế hoạch 45-KH/BTGDVTU")
    assert communes["assignments"][0]["area"]["name"] == "Tỉnh Thanh Hóa"
    # A commune officer reads their own province's regimes, but not the department's own plan
    # given as a legal basis (outside their scope).
    client.force_login(thanh_hoa["commune_officer"])
    body = client.get(REGIMES).json()
    assert [i["code"] for i in body["items"]] == ["TH.KG.THANG", "TH.XA.THANG"]
    assert body["items"][1]["legal_basis"] is None
    client.force_login(thanh_hoa["phu_tho_person"])
    assert codes(client.get(REGIMES)) == ["PT.XA.THANG"]


def test_a_token_reads_the_same_list(client, thanh_hoa):
    response = client.get(REGIMES, **bearer(thanh_hoa["phu_tho_person"]))
    assert codes(response) == ["PT.XA.THANG"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "thematic"}, ["PT.XA.THANG"]),
        ({"frequency": "month"}, ["TH.KG.THANG", "TH.XA.THANG"]),
        ({"calendar": "calendar"}, []),
        ({"at": "2025-01-01"}, ["PT.XA.THANG", "TH.KG.THANG"]),
        ({"page": 2, "page_size": 2}, ["TH.XA.THANG"]),
    ],
)
def test_regime_filters(client, admin_user, thanh_hoa, query, expected):
    client.force_login(admin_user)
    assert codes(client.get(REGIMES, query)) == expected


def test_the_regimes_an_organisation_reports_under(client, thanh_hoa):
    client.force_login(thanh_hoa["specialist"])
    board, health = thanh_hoa["board"].pk, thanh_hoa["health"].pk
    assert codes(client.get(REGIMES, {"reporter": board, "at": "2025-08-01"})) == ["TH.XA.THANG"]
    assert codes(client.get(REGIMES, {"reporter": board, "at": "2025-06-01"})) == []
    assert codes(client.get(REGIMES, {"reporter": health})) == ["TH.KG.THANG"]
    department = thanh_hoa["department"].pk
    assert codes(client.get(REGIMES, {"receiver": department})) == ["TH.KG.THANG", "TH.XA.THANG"]
    # An organisation outside the reader's directory gives the answer of one that is missing.
    assert codes(client.get(REGIMES, {"reporter": thanh_hoa["partner"].pk})) == []
    assert codes(client.get(REGIMES, {"reporter": 2**62})) == []


@pytest.mark.parametrize("url", [INDICATORS, REGIMES])
def test_lists_read_a_fixed_number_of_queries(client, thanh_hoa, url):
    client.force_login(thanh_hoa["specialist"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    department, form = thanh_hoa["department"], make_form()
    for number in range(6):
        make_indicator()
        make_regime(
            receiver=department,
            report_form=form,
            legal_basis=thanh_hoa["monthly"].legal_basis,
            assignments=[
                Assignment(organization=OrganizationFactory(name=f"Sở thứ {number}")),
                Assignment(organization_kind="department", organization_level="province"),
            ],
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.json()["count"] >= 8
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
