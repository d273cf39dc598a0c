"""/api/v1/reporting/submissions and /api/v1/reporting/values: the same services, permissions
and audit as the pages; values written in JSON or CSV all or nothing with an error per bad
value; hostile bodies answered in the error shape, never a 500."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.core.audit import entries_for
from phoihop.org.services import create_api_token
from phoihop.reporting import submissions as services
from phoihop.reporting.models import Submission
from tests.factories import make_submission
from tests.reporting.submission_world import COMPLETE, PERIOD, D, State, at, commune

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/reporting/submissions"
VALUES = "/api/v1/reporting/values"


@pytest.fixture(autouse=True)
def on_entry_day():
    with at(D(2026, 3, 12)):
        yield


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user, name='t', by=user)[1]}"}


def post(client, user, url, body=None, **extra):
    return client.post(
        url, json.dumps(body or {}), content_type="application/json", **bearer(user), **extra
    )


def stored(submission) -> dict:
    return services.stored_values(submission, submission.regime.report_form.spec())


def test_the_list_shows_each_caller_what_it_may_see_with_filters(client, world):
    mine = make_submission(regime=world["regime"], organization=world["a"], values=COMPLETE)
    theirs = make_submission(
        regime=world["regime"], organization=world["b"], values=COMPLETE, state=State.SUBMITTED
    )
    ids = lambda user, query="": [  # noqa: E731
        item["id"] for item in client.get(SUBMISSIONS + query, **bearer(user)).json()["items"]
    ]
    assert ids(world["clerk"]) == [mine.pk]
    assert sorted(ids(world["officer"])) == sorted([mine.pk, theirs.pk])
    assert ids(world["officer"], "?state=submitted") == [theirs.pk]
    assert ids(world["officer"], f"?organization={world['a'].pk}&period={PERIOD}") == [mine.pk]
    assert ids(world["outsider"]) == []
    response = client.get(SUBMISSIONS + "?state=nope&period=x'", **bearer(world["officer"]))
    assert response.status_code == 422 and set(response.json()["errors"]) == {"state", "period"}
    item = client.get(f"{SUBMISSIONS}/{mine.pk}", **bearer(world["clerk"])).json()
    assert item["state"] == "draft" and item["deadline"] == "2026-03-18"
    assert item["period"]["name"] == "Tháng 3/2026 (15/02–14/03/2026)"
    assert client.get(f"{SUBMISSIONS}/{mine.pk}", **bearer(world["clerk_b"])).status_code == 404


def test_the_workflow_through_the_api(client, world):
    response = post(
        client,
        world["clerk"],
        SUBMISSIONS,
        {"regime": world["regime"].pk, "period": PERIOD, "organization": world["a"].pk},
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = post(client, world["clerk"], f"{SUBMISSIONS}/{pk}/submit")
    assert response.status_code == 400
    assert "BUOI" in response.json()["errors"]
    body = {"submission": pk, "values": [{"key": k, "value": v} for k, v in COMPLETE.items()]}
    assert post(client, world["clerk"], VALUES, body).status_code == 200
    assert post(client, world["clerk"], f"{SUBMISSIONS}/{pk}/submit").json()["state"] == "submitted"
    response = post(client, world["clerk"], f"{SUBMISSIONS}/{pk}/accept")
    assert response.status_code == 403
    response = post(client, world["officer"], f"{SUBMISSIONS}/{pk}/return", {"reason": " "})
    assert response.json()["errors"] == {"reason": ["Hãy ghi lý do."]}
    response = post(client, world["officer"], f"{SUBMISSIONS}/{pk}/return", {"reason": "Sửa"})
    assert response.json()["state"] == "returned"
    post(client, world["clerk"], f"{SUBMISSIONS}/{pk}/submit")
    assert (
        post(client, world["officer"], f"{SUBMISSIONS}/{pk}/accept").json()["state"] == "accepted"
    )
    response = post(client, world["officer"], f"{SUBMISSIONS}/{pk}/reopen", {"reason": "Sai"})
    assert response.json()["state"] == "returned"
    assert post(client, world["outsider"], f"{SUBMISSIONS}/{pk}/accept").status_code == 404
    via = {entry.via for entry in entries_for(Submission.objects.get(pk=pk))}
    assert via == {"api"}


def test_values_are_written_all_or_nothing_with_an_error_per_bad_value(client, world):
    submission = make_submission(
        regime=world["regime"], organization=world["a"], values={"BUOI": "4"}
    )
    body = {
        "submission": submission.pk,
        "values": [
            {"key": "BUOI", "value": 5},
            {"key": "NGUOI", "value": "mười"},
            {"key": "NU", "value": -1},
            {"key": "DATCHUAN", "value": True},
            {"key": "KHAC", "value": "1"},
        ],
    }
    response = post(client, world["clerk"], VALUES, body)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "KHAC": ["Không có trong biểu mẫu này."],
        "NGUOI": ["Nhập một số nguyên, ví dụ 12."],
        "NU": ["Không nhận giá trị âm."],
    }
    assert stored(submission) == {"BUOI": 4}
    body["values"] = [v for v in body["values"] if v["key"] in ("BUOI", "DATCHUAN")]
    body["values"].append({"key": "NGUOI", "value": 12.0})
    response = post(client, world["clerk"], VALUES, body)
    assert response.status_code == 200 and response.json()["saved"] == 3
    assert stored(submission) == {"BUOI": 5, "NGUOI": 12, "DATCHUAN": True}
    # By regime, period and organisation: the report is started if need be.
    body = {
        "regime": world["regime"].pk,
        "period": PERIOD,
        "organization": world["b"].pk,
        "values": [{"key": "BUOI", "value": "2"}],
    }
    assert post(client, world["clerk"], VALUES, body).status_code == 404  # not its own
    assert post(client, world["clerk_b"], VALUES, body).status_code == 200
    read = client.get(f"{VALUES}?organization={world['b'].pk}", **bearer(world["officer"])).json()
    assert read["items"] == [
        {
            "submission": read["items"][0]["submission"],
            "regime": world["regime"].code,
            "period": PERIOD,
            "organization": world["b"].pk,
            "key": "BUOI",
            "value": "2",
        }
    ]


def test_values_in_csv_both_ways(client, world):
    make_submission(regime=world["regime"], organization=world["a"], values=COMPLETE)
    code = world["regime"].code
    response = client.get(
        f"{VALUES}?format=csv&organization={world['a'].pk}", **bearer(world["clerk"])
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "regime,period,organization,key,value"
    assert f"{code},{PERIOD},{world['a'].pk},DATCHUAN,có" in lines
    assert f"{code},{PERIOD},{world['a'].pk},KETQUA,Đã tổ chức." in lines

    rows = [
        "regime,period,organization,key,value",
        f"{code},{PERIOD},{world['b'].pk},BUOI,3",
        f"{code},{PERIOD},{world['b'].pk},NGUOI,ba mươi",
        f"{code},{PERIOD},{world['b'].pk},NU,",
    ]
    response = client.post(
        VALUES, "\n".join(rows), content_type="text/csv", **bearer(world["clerk_b"])
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        f"{PERIOD}/{world['b'].pk}:NGUOI": ["Nhập một số nguyên, ví dụ 12."]
    }
    assert not Submission.objects.filter(organization=world["b"]).exists()
    rows[2] = f"{code},{PERIOD},{world['b'].pk},NGUOI,30"
    response = client.post(
        VALUES, "\n".join(rows), content_type="text/csv", **bearer(world["clerk_b"])
    )
    assert response.status_code == 200
    assert stored(Submission.objects.get(organization=world["b"])) == {"BUOI": 3, "NGUOI": 30}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/json"),
        (b"[1,2]", "application/json"),
        (b'{"values": "x"}', "application/json"),
        (b'{"values": [{"key": 1}]}', "application/json"),
        (b'{"values": [{"key": "BUOI", "value": 1e999}]}', "application/json"),
        (b'{"values": [{"key": "BUOI\\u0000", "value": 1}], "submission": 1}', "application/json"),
        (b'{"values": [], "regime": 1}', "application/json"),
        (b"\xff\xfe", "text/csv"),
        (b"a,b\n1,2", "text/csv"),
        (b"regime,period,organization,key,value\nX,2026-13,1,BUOI,1", "text/csv"),
        (b"regime,period,organization,key,value\n", "text/csv"),
    ],
)
def test_hostile_bodies_are_refused_in_the_error_shape(client, world, body, content_type):
    response = client.post(VALUES, body, content_type=content_type, **bearer(world["clerk"]))
    assert response.status_code in (400, 404, 422), response.content
    assert set(response.json()) == {"detail", "errors"}


def test_reading_values_costs_a_fixed_number_of_queries(client, world):
    headers = bearer(world["officer"])
    make_submission(regime=world["regime"], organization=world["a"], values=COMPLETE)
    client.get(VALUES, **headers)
    with CaptureQueriesContext(connection) as few:
        client.get(VALUES, **headers)
    for n in range(5):
        extra = commune(f"Xã Thêm {n}")
        world["regime"].assignments.create(organization=extra)
        make_submission(regime=world["regime"], organization=extra, values=COMPLETE)
    with CaptureQueriesContext(connection) as many:
        response = client.get(VALUES, **headers)
    assert response.json()["count"] == 30
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as listed:
        client.get(SUBMISSIONS, **headers)
    assert len(listed) <= len(few) + 2


def test_the_values_body_is_documented_in_json_and_csv_without_dangling_references():
    from phoihop.api import api

    document = api.get_openapi_schema()
    body = document["paths"][VALUES]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "text/csv"}
    assert "#/$defs/" not in json.dumps(document)
