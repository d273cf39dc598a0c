"""GET /api/v1/reporting/periods: the periods of a year in either calendar."""

import pytest
import time_machine

from phoihop.org.services import create_api_token
from tests.factories import UserFactory

URL = "/api/v1/reporting/periods"


@pytest.fixture
def api(client, db):
    client.force_login(UserFactory())
    return client


def test_anonymous_callers_get_401_with_the_error_shape(client, db):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}


def test_a_read_only_token_may_list_periods(client, db):
    user = UserFactory()
    raw = create_api_token(user=user, name="Báo cáo", by=user, scope="read")[1]
    response = client.get(URL, {"year": 2026}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["count"] == 20


def test_the_months_of_decree_09_carry_their_span_and_data_window(api):
    body = api.get(URL, {"calendar": "nd09", "type": "month", "year": 2026}).json()
    assert body["count"] == 12
    assert [item["code"] for item in body["items"]] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert body["items"][0] == {
        "code": "2026-01",
        "calendar": "nd09",
        "type": "month",
        "name": "Tháng 1/2026 (15/12/2025\u201314/01/2026)",
        "start": "2026-01-01",
        "end": "2026-01-31",
        "window_start": "2025-12-15",
        "window_end": "2026-01-14",
    }
    assert body["items"][2]["name"] == "Tháng 3/2026 (15/02\u201314/03/2026)"


def test_calendar_periods_have_the_window_of_their_span(api):
    body = api.get(URL, {"calendar": "calendar", "type": "quarter", "year": 2028}).json()
    assert [
        (i["code"], i["name"], i["start"], i["end"], i["window_start"], i["window_end"])
        for i in body["items"]
    ] == [
        ("2028-Q1", "Quý I/2028", "2028-01-01", "2028-03-31", "2028-01-01", "2028-03-31"),
        ("2028-Q2", "Quý II/2028", "2028-04-01", "2028-06-30", "2028-04-01", "2028-06-30"),
        ("2028-Q3", "Quý III/2028", "2028-07-01", "2028-09-30", "2028-07-01", "2028-09-30"),
        ("2028-Q4", "Quý IV/2028", "2028-10-01", "2028-12-31", "2028-10-01", "2028-12-31"),
    ]


def test_without_a_type_or_year_every_period_of_this_year_is_listed_by_type(
    client, db, django_assert_max_num_queries
):
    with time_machine.travel("2027-03-10 09:00 +0700", tick=False):
        client.force_login(UserFactory())
        with django_assert_max_num_queries(3):  # the session and the user; periods need none
            body = client.get(URL).json()
    codes = [item["code"] for item in body["items"]]
    assert body["count"] == len(codes) == 20
    assert codes[:12] == [f"2027-{month:02d}" for month in range(1, 13)]
    assert codes[12:] == [
        *("2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"),
        *("2027-H1", "2027-H2", "2027-9M", "2027"),
    ]
    assert {item["calendar"] for item in body["items"]} == {"nd09"}
    assert body["items"][-1]["name"] == "Năm 2027 (15/12/2026\u201314/12/2027)"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"calendar": "lunar"}, "calendar"),
        ({"calendar": ""}, "calendar"),
        ({"type": "week"}, "type"),
        ({"type": "MONTH"}, "type"),
        ({"type": "month\x00"}, "type"),
        ({"year": 99999}, "year"),
        ({"year": -1}, "year"),
        ({"year": 0}, "year"),
        ({"year": "2026abc"}, "year"),
        ({"year": 10**30}, "year"),
    ],
)
def test_bad_parameters_are_field_errors_in_the_error_shape(api, params, field):
    response = api.get(URL, params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert list(body["errors"]) == [field]


def test_an_unknown_choice_names_the_choices_in_vietnamese(api):
    body = api.get(URL, {"type": "week"}).json()
    assert body["errors"]["type"] == ["Phải là một trong: month, quarter, half, nine_months, year."]
