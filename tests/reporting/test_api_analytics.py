"""GET /api/v1/reporting/analytics: an indicator's accepted figures per area and period, rolled
through the area history as the pivot page shows them; `level=commune` breaks an area into its
communes; officials read their own provinces only; hostile parameters are refused (4xx), never
a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.org.models import Membership
from phoihop.org.services import create_api_token
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_indicator,
)

from .rollup_world import accept, build_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/reporting/analytics"


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user=user, name='t', by=user)[1]}"}


@pytest.fixture
def world():
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền")
    world = build_world([sessions])
    for unit, number in (("a1", 1), ("a2", 2), ("b1", 4)):
        accept(world.regime, world.units[unit], "2025-06", {sessions: number})
    for unit, number in (("p1", 10), ("p2", 20)):
        accept(world.regime, world.units[unit], "2025-07", {sessions: number})
    return world


def official_of(area):
    user = UserFactory()
    MembershipFactory(
        user=user,
        organization=OrganizationFactory(area=area),
        role=Membership.Role.SPECIALIST,
    )
    return user


def get(client, user, **params):
    return client.get(URL, params, **bearer(user))


def test_a_province_series_across_the_merger(client, world, admin_user):
    response = get(
        client, admin_user, indicator="TG.BUOI", area=world.areas["P"].pk, period="2025-06,2025-07"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    assert [(i["period"], i["value"], i["units"]) for i in body["items"]] == [
        ("2025-06", 7, 3),
        ("2025-07", 30, 2),
    ]
    assert body["items"][0]["indicator"] == "TG.BUOI"
    assert body["items"][0]["area"]["id"] == world.areas["P"].pk


def test_level_commune_breaks_an_area_into_its_communes(client, world, admin_user):
    response = get(
        client,
        admin_user,
        indicator="TG.BUOI",
        area=world.areas["P"].pk,
        period="2025-06",
        level="commune",
    )
    items = response.json()["items"]
    assert [(i["area"]["code"], i["value"]) for i in items] == [("00010", 3), ("00030", 4)]


def test_the_whole_country_by_commune(client, world, admin_user):
    response = get(client, admin_user, indicator="TG.BUOI", period="2025-06", level="commune")
    items = response.json()["items"]
    assert [(i["area"]["code"], i["value"]) for i in items] == [("00010", 3), ("00030", 4)]


def test_the_structure_as_of_an_earlier_date(client, world, admin_user):
    response = get(client, admin_user, indicator="TG.BUOI", period="2025-06", as_of="2025-06-01")
    items = response.json()["items"]
    assert {(i["area"]["code"], i["value"]) for i in items} == {("01", 3), ("02", 4)}


def test_officials_read_their_own_provinces_and_nothing_else(client, world):
    commune_official = official_of(world.areas["p1"])
    response = get(client, commune_official, indicator="TG.BUOI", period="2025-07")
    assert [i["area"]["code"] for i in response.json()["items"]] == ["01"]
    # The old provinces of their province, across the reorganisation, too.
    response = get(
        client,
        commune_official,
        indicator="TG.BUOI",
        area=world.areas["B"].pk,
        period="2025-06",
        as_of="2025-06-01",
    )
    assert response.json()["items"][0]["value"] == 4

    elsewhere = AreaFactory(code="99", name="Tỉnh Khác", level="province")
    stranger = official_of(elsewhere)
    response = get(
        client, stranger, indicator="TG.BUOI", area=world.areas["P"].pk, period="2025-07"
    )
    assert response.status_code == 403
    assert get(client, UserFactory(), indicator="TG.BUOI", period="2025-07").status_code == 403
    assert client.get(URL, {"indicator": "TG.BUOI", "period": "2025-07"}).status_code == 401


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"indicator": "KHONGCO", "period": "2025-06"}, 400),
        ({"indicator": "TG.BUOI", "period": "2025-13"}, 400),
        ({"indicator": "TG.BUOI", "period": "2025-06,2025"}, 400),
        ({"indicator": "TG.BUOI", "period": ","}, 400),
        ({"indicator": "TG.BUOI", "period": ",".join(["2025-06"] * 241)}, 400),
        ({"indicator": "TG.BUOI", "period": "2025-06", "area": "99999999"}, 404),
        ({"indicator": "TG.BUOI", "period": "2025-06", "area": "abc"}, 422),
        ({"indicator": "TG.BUOI", "period": "2025-06", "area": str(2**70)}, 422),
        ({"indicator": "TG.BUOI", "period": "2025-06", "level": "village"}, 422),
        ({"indicator": "TG.BUOI", "period": "2025-06", "calendar": "lunar"}, 422),
        ({"indicator": "TG.BUOI", "period": "2025-06", "as_of": "99999-01-01"}, 422),
        ({"indicator": "TG\x00", "period": "2025-06"}, 422),
        ({"indicator": "TG.BUOI"}, 422),
    ],
)
def test_hostile_parameters_are_refused_in_the_error_shape(
    client, world, admin_user, params, status
):
    response = client.get(URL, params, **bearer(admin_user))
    assert response.status_code == status, response.content
    assert "detail" in response.json()


def test_a_fixed_number_of_queries_however_many_communes(client, world, admin_user):
    params = {"indicator": "TG.BUOI", "area": world.areas["P"].pk, "period": "2025-06,2025-07"}
    headers = bearer(admin_user)
    client.get(URL, params | {"level": "commune"}, **headers)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params | {"level": "commune"}, **headers)
    sessions = world.regime.report_form.items.get().indicator
    for n in range(3):
        extra = OrganizationFactory(area=world.areas["p1"])
        accept(world.regime, extra, "2025-07", {sessions: n})
    with CaptureQueriesContext(connection) as more:
        response = client.get(URL, params | {"level": "commune"}, **headers)
    assert response.json()["items"][1]["value"] == 13
    assert len(more) == len(few) <= 16
