"""The pivot page: an indicator's accepted figures per province (or a province's communes) and
period, with its total, a line over time and bars across units, drill-down, the .xlsx export
and the tile map; the officials of a province read that province only; bad choices are said on
the page, never a 500; the same number of queries however many communes and figures."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.core.contributions import menu_entries
from phoihop.org.models import Area, Membership
from phoihop.reporting import analytics, charts
from tests.factories import (
    AreaFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    make_indicator,
)

from .rollup_world import accept, build_world

pytestmark = pytest.mark.django_db

URL = reverse("reporting:analysis")
EXPORT = reverse("reporting:analysis_export")


@pytest.fixture
def world():
    sessions = make_indicator(code="TG.BUOI", name="Số buổi tuyên truyền", unit="buổi")
    world = build_world([sessions])
    for unit, number in (("a1", 1), ("a2", 2), ("b1", 4)):
        accept(world.regime, world.units[unit], "2025-06", {sessions: number})
    for unit, number in (("p1", 10), ("p2", 20)):
        accept(world.regime, world.units[unit], "2025-07", {sessions: number})
    world.sessions = sessions
    return world


def query(world, **params):
    return {"indicators": world.sessions.pk, "year_from": 2025, "year_to": 2025} | params


def official_of(area):
    user = UserFactory()
    MembershipFactory(
        user=user, organization=OrganizationFactory(area=area), role=Membership.Role.SPECIALIST
    )
    return user


def test_the_country_by_province_with_its_total_and_charts(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, query(world))
    assert response.status_code == 200
    page = response.content.decode()
    table = response.context["tables"][0]
    assert [row.area.pk for row in table.rows] == [world.areas["P"].pk]
    june, july = 5, 6
    assert table.rows[0].cells[june] == "7" and table.rows[0].cells[july] == "30"
    assert 'data-testid="pivot-line"' in page and 'data-testid="pivot-bars"' in page
    assert "Tháng 7/2025" in page
    assert table.bars_period.code == "2025-07"


def test_drilling_down_into_a_province_shows_its_communes_and_total(client, world, admin_user):
    client.force_login(admin_user)
    country = client.get(URL, query(world))
    drill = country.context["tables"][0].rows[0].drill_query
    response = client.get(f"{URL}?{drill}")
    table = response.context["tables"][0]
    assert [row.area.name for row in table.rows] == ["Địa bàn mới P1", "Địa bàn mới P2"]
    assert [row.cells[5] for row in table.rows] == ["3", "4"]  # June 2025, rolled forward
    assert table.total.cells[5] == "7"
    assert "Toàn tỉnh" in response.content.decode()


def test_the_structure_of_an_earlier_date(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, query(world, as_of="2025-06-01"))
    table = response.context["tables"][0]
    assert {row.area.code: row.cells[5] for row in table.rows} == {"01": "3", "02": "4"}
    assert table.total.cells[5] == "7"


def test_the_export_holds_the_table(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(EXPORT, query(world, area=world.areas["P"].pk))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "TG.BUOI — Số buổi tuyên truyền"
    header = rows[4]
    assert header[:3] == ["Mã", "Địa bàn", "Tháng 1/2025"]
    assert rows[5][:2] == ["00010", "Địa bàn mới P1"] and rows[5][2 + 5] == 3
    assert rows[-1][1] == "Tổng" and rows[-1][2 + 6] == 30


def test_officials_read_their_province_and_nothing_else(client, world):
    official = official_of(world.areas["p2"])
    client.force_login(official)
    elsewhere = AreaFactory(code="99", name="Tỉnh Khác", level="province")
    response = client.get(URL, query(world, area=elsewhere.pk))
    # Their own province instead, and the choice they may not make said on the page.
    assert response.context["choice"].area == world.areas["P"]
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert "Toàn quốc (các tỉnh" not in response.content.decode()
    assert [e.url_name for e in menu_entries(official)].count("reporting:analysis") == 1

    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(URL).status_code == 403
    assert "reporting:analysis" not in [e.url_name for e in menu_entries(stranger)]
    client.logout()
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize(
    "params",
    [
        {"indicators": "abc"},
        {"indicators": ["1", "2", "3", "4", "5", "6"]},
        {"area": "99999999999999999999"},
        {"year_from": "-5", "year_to": "1e9"},
        {"year_from": "2030", "year_to": "2020"},
        {"year_from": "2000", "year_to": "2030"},
        {"kind": "fortnight", "calendar": "lunar"},
        {"as_of": "31/02/2025"},
    ],
)
def test_bad_choices_are_said_on_the_page(client, world, admin_user, params):
    client.force_login(admin_user)
    response = client.get(URL, query(world) | params)
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert client.get(EXPORT, query(world) | params).status_code == 200


def test_control_characters_are_a_bad_request(client, world, admin_user):
    client.force_login(admin_user)
    assert client.get(URL, query(world, as_of="\x00")).status_code == 400


def test_too_large_a_table_is_refused_on_the_page(client, world, admin_user, monkeypatch):
    monkeypatch.setattr(analytics, "MAX_CELLS", 20)  # 2 communes × 12 months is over it
    client.force_login(admin_user)
    response = client.get(URL, query(world, area=world.areas["P"].pk))
    assert response.status_code == 200
    assert response.context["tables"] == []
    assert "Bảng quá lớn (2 địa bàn × 12 kỳ)" in response.content.decode()


def test_a_fixed_number_of_queries_however_many_communes_and_figures(
    client, world, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    params = query(world, area=world.areas["P"].pk)
    client.get(URL, params)
    for n in range(5):
        commune = AreaFactory(
            level="commune", parent=world.areas["P"], valid_from=datetime.date(2025, 7, 1)
        )
        unit = OrganizationFactory(area=commune)
        accept(world.regime, unit, "2025-08", {world.sessions: n + 1})
    with django_assert_max_num_queries(16) as captured:
        response = client.get(URL, params)
    assert len(response.context["tables"][0].rows) == 7
    few = len(captured)
    second = make_indicator(code="TG.NGUOI", name="Số lượt người tham dự")
    with django_assert_max_num_queries(few + 1):
        client.get(URL, params | {"indicators": [world.sessions.pk, second.pk]})


def test_the_tile_map_places_the_34_provinces():
    provinces = [
        Area(pk=n, code=code, name=f"Tỉnh {code}", short_name=code, level="province")
        for n, code in enumerate(charts.TILES, start=1)
    ]
    values = {p.pk: Decimal(p.pk) for p in provinces}
    values[1] = None
    drawn = charts.tile_map(provinces, values, {p.pk: f"area={p.pk}" for p in provinces})
    assert len(drawn["tiles"]) == 34
    assert len({(t.x, t.y) for t in drawn["tiles"]}) == 34  # no two on one square
    shades = {t.area_id: t.shade for t in drawn["tiles"]}
    assert shades[1] == "none" and shades[34] == "4" and shades[2] == "0"
    assert charts.tile_map(provinces[:10], values, {}) is None
