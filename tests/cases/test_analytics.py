"""The case analytics page, the list's new filters, the .xlsx export and the landing page's
two case figures: every number shown is the count of the list its link opens."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from phoihop.cases import analytics, services
from phoihop.cases.models import Case, ConsentText
from phoihop.cases.selectors import CaseFilters, narrowed_cases, visible_parts
from phoihop.cases.services import CitizenDetails, ParticipantSpec

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC)
LONG_AGO = NOW - datetime.timedelta(days=60)


def _assign(case, world, lead=None, co=None):
    case = services.verify_case(case=case, by=world.people.specialist)
    parts = [ParticipantSpec(lead or world.health, "lead")]
    if co is not None:
        parts.append(ParticipantSpec(co, "co"))
    return services.assign_case(case=case, by=world.people.specialist, parts=parts)


def _answer(case, world, days_after_received: int):
    day = case.received_on + datetime.timedelta(days=days_after_received)
    return services.answer_case(
        case=case, by=world.people.specialist, answer="Đã trả lời", answered_on=day
    )


@pytest.fixture
def cases(world, new_case):
    """Cases of every shape: fields, communes, channels, leads, hot spots, answered early and
    late, open on track and overdue, one without a field and one without an area."""
    with time_machine.travel(NOW, tick=False):
        made = {
            "overdue_hot": _assign(
                new_case(title="Ngập úng", hot_spot=True, received_at=LONG_AGO), world
            ),
            "overdue_letter": _assign(
                new_case(title="Đơn thư", channel="letter", received_at=LONG_AGO),
                world,
                lead=world.education,
                co=world.health,
            ),
            "hot_open": new_case(title="Tụ tập đông người", hot_spot=True),
            "other_commune": new_case(
                title="Ô nhiễm", area=world.other_commune, field=world.other_field
            ),
            "no_field": new_case(title="Không rõ lĩnh vực", field=None, channel="web"),
            "no_area": new_case(title="Không rõ địa bàn", area=None, channel="press"),
            "answered_fast": _answer(
                _assign(new_case(title="Trả lời nhanh", received_at=LONG_AGO), world), world, 3
            ),
            "answered_slow": _answer(
                _assign(new_case(title="Trả lời chậm", received_at=LONG_AGO), world), world, 40
            ),
        }
        services.record_item(
            by=world.people.specialist,
            department=world.propaganda,
            channel="voters",
            received_at=timezone.now(),
            text="Cử tri nêu lại việc ngập úng",
            case=made["overdue_hot"],
        )
    return made


def _list_count(client, query: str) -> int:
    response = client.get(f"{reverse('cases:case_list')}?{query}")
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


def _every_link(figures) -> list:
    rows = [
        *figures["buckets"],
        *figures["by_field"],
        *figures["by_area"],
        *figures["by_channel"],
        *figures["by_lead"],
        *figures["overdue"],
    ]
    for response_row in figures["response"]:
        rows += response_row.bins
    return rows


@time_machine.travel(NOW, tick=False)
def test_every_number_on_the_page_is_the_count_of_its_list(client, world, cases):
    client.force_login(world.people.specialist)
    response = client.get(reverse("cases:case_analytics"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["total"] == len(cases) == _list_count(client, "")
    links = _every_link(figures)
    assert len(links) > 15
    for row in links:
        assert _list_count(client, row.query) == row.count, (row.label, row.query)
    for row in figures["response"]:
        answered = _list_count(client, row.query)
        assert answered == row.answered, row.label
    assert _list_count(client, figures["hot_spots_query"]) == figures["hot_spots"] == 2
    page = response.content.decode()
    assert page.count('data-testid="count-link"') == len(links) + len(figures["response"]) + 1


@time_machine.travel(NOW, tick=False)
def test_the_figures_say_what_was_recorded(client, world, cases):
    client.force_login(world.people.specialist)
    figures = client.get(reverse("cases:case_analytics")).context["figures"]
    channels = {row.label: row.count for row in figures["by_channel"]}
    # the hot spot heard by hotline and again from voters counts under both
    assert channels == {
        "Đường dây nóng": 5,
        "Thư, đơn": 1,
        "Cổng thông tin": 1,
        "Báo chí": 1,
        "Tiếp xúc cử tri": 1,
    }
    leads = {row.label: row.count for row in figures["by_lead"]}
    assert leads[world.health.name] == 3 and leads[world.education.name] == 1
    assert leads["Chưa giao đơn vị chủ trì"] == 4
    overdue = {row.label: row.count for row in figures["overdue"]}
    assert overdue == {world.health.name: 1, world.education.name: 1}
    fields = {row.label: row.count for row in figures["by_field"]}
    assert fields == {"Y tế": 6, world.other_field.name: 1, "Chưa có lĩnh vực": 1}
    areas = {row.label: row.count for row in figures["by_area"]}
    assert areas == {"Tỉnh Thanh Hóa": 7, "Chưa có địa bàn": 1}
    (health,) = [row for row in figures["response"] if row.lead_id == world.health.pk]
    assert health.answered == 2 and health.median_days == 21.5
    assert [cell.count for cell in health.bins] == [1, 0, 0, 1]


@time_machine.travel(NOW, tick=False)
def test_a_province_is_counted_by_commune_and_a_commune_filters_the_list(client, world, cases):
    client.force_login(world.people.specialist)
    response = client.get(reverse("cases:case_analytics"), {"area": world.province.code})
    areas = {row.label: row for row in response.context["figures"]["by_area"]}
    assert areas["Phường Hạc Thành"].count == 6 and areas["Xã Quảng Phú"].count == 1
    listed = client.get(
        reverse("cases:case_list"),
        {"area": world.province.code, "commune": world.other_commune.code},
    )
    assert [c.title for c in listed.context["cases"]] == ["Ô nhiễm"]
    # a commune of another province than the one asked for lists nothing, and no error
    elsewhere = client.get(reverse("cases:case_list"), {"area": "99", "commune": "15010"})
    assert elsewhere.status_code == 200


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"channel": "letter"}, {"Đơn thư"}),
        ({"channel": "voters"}, {"Ngập úng"}),
        ({"hot_spot": "on"}, {"Ngập úng", "Tụ tập đông người"}),
        ({"bucket": "open_overdue"}, {"Ngập úng", "Đơn thư"}),
        ({"missing": "field"}, {"Không rõ lĩnh vực"}),
        ({"missing": "area"}, {"Không rõ địa bàn"}),
        ({"response": "gt28"}, {"Trả lời chậm"}),
        ({"response": "le7"}, {"Trả lời nhanh"}),
    ],
)
def test_the_list_filters(client, world, cases, query, titles):
    client.force_login(world.people.specialist)
    response = client.get(reverse("cases:case_list"), query)
    assert {c.title for c in response.context["cases"]} == titles


@time_machine.travel(NOW, tick=False)
def test_lead_and_period_filters(client, world, cases):
    client.force_login(world.people.specialist)
    led = client.get(reverse("cases:case_list"), {"lead": world.education.pk})
    assert [c.title for c in led.context["cases"]] == ["Đơn thư"]
    recent = client.get(
        reverse("cases:case_list"), {"received_from": NOW.date().isoformat()}
    ).context["cases"]
    assert {c.title for c in recent} == {
        "Tụ tập đông người",
        "Ô nhiễm",
        "Không rõ lĩnh vực",
        "Không rõ địa bàn",
    }
    backwards = {"received_from": "10/11/2026", "received_to": "01/11/2026"}
    backwards = client.get(reverse("cases:case_analytics"), backwards)
    assert backwards.status_code == 200
    assert "Ngày cuối phải sau ngày đầu." in backwards.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("value", ["x", "-1", "99999999999999999999999", "'; drop"])
def test_hostile_filter_values_are_ignored(client, world, cases, value):
    client.force_login(world.people.specialist)
    for name in ("channel", "commune", "missing", "response", "organization", "received_from"):
        for page in ("cases:case_list", "cases:case_analytics", "cases:case_export"):
            assert client.get(reverse(page), {name: value, "area": value}).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_page_counts_only_what_the_user_sees(client, world, cases):
    client.force_login(world.people.outsider)
    figures = client.get(reverse("cases:case_analytics")).context["figures"]
    assert figures["total"] == 0 and figures["by_lead"] == []
    client.force_login(world.people.education_specialist)  # a co-agency and a lead: two cases
    figures = client.get(reverse("cases:case_analytics")).context["figures"]
    assert figures["total"] == 1


@time_machine.travel(NOW, tick=False)
def test_the_analytics_page_reads_a_fixed_number_of_queries(
    client, world, cases, new_case, django_assert_max_num_queries
):
    for n in range(10):
        _assign(new_case(title=f"Thêm {n}", hot_spot=n % 2 == 0), world, lead=world.education)
    client.force_login(world.people.specialist)
    # session, user, memberships, the scope's ids, the form's choices; then each figure once
    # per visibility part (received; taken part in): buckets, hot spots (count, ids), field,
    # area, channel, lead, response times, overdue (PostgreSQL: one GROUPING SETS query per
    # part in one transaction, and the hot spots' ids); and the few names of each table by id
    # (fields, areas, provinces, organisations, the hot spots' rows): none per case or row
    with django_assert_max_num_queries(33):
        assert client.get(reverse("cases:case_analytics")).status_code == 200


@time_machine.travel(NOW, tick=False)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="GROUPING SETS: PostgreSQL")
@pytest.mark.parametrize("who", ["specialist", "education_specialist", "admin"])
def test_the_one_pass_tallies_are_the_per_figure_tallies(world, cases, who, admin_user):
    user = admin_user if who == "admin" else getattr(world.people, who)
    today = timezone.localdate()
    for filters in (CaseFilters(), CaseFilters(area=world.province), CaseFilters(hot_spot=True)):
        parts = visible_parts(user, narrowed_cases(filters, today))
        one_pass = analytics._one_pass(parts, today)
        assert one_pass == analytics._per_figure(parts, today)
    assert one_pass.open_hot_spots == 2 or who == "education_specialist"


# The export -------------------------------------------------------------------------------------


def _sheet_values(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@time_machine.travel(NOW, tick=False)
def test_the_export_holds_the_filtered_list_on_every_page(client, world, new_case):
    for n in range(30):
        new_case(title=f"Vụ việc {n:02d}", hot_spot=n % 3 == 0)
    client.force_login(world.people.specialist)
    response = client.get(reverse("cases:case_export"), {"hot_spot": "on"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_values(response.content)
    header, data = rows[2], rows[3:]
    assert header[:3] == ["STT", "Số vụ việc", "Tiêu đề"]
    assert len(data) == 10  # more than a page's 25 when unfiltered; here the ten hot spots
    assert {row[2] for row in data} == {f"Vụ việc {n:02d}" for n in range(0, 30, 3)}
    everything = _sheet_values(client.get(reverse("cases:case_export")).content)[3:]
    assert len(everything) == 30


@time_machine.travel(NOW, tick=False)
def test_the_export_never_holds_a_contact_detail(client, world, new_case):
    consent, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    citizen = CitizenDetails(
        name="Lê Thị Thử",
        phone="0912000111",
        email="thu@example.vn",
        address="Số 9 phố Thử",
        consent_text=consent,
        consent=True,
    )
    new_case(title='=HYPERLINK("x")', citizen=citizen)
    client.force_login(world.people.leader)  # may see the identity: still not exported
    content = client.get(reverse("cases:case_export")).content
    text = repr(_sheet_values(content))
    for detail in ("Lê Thị Thử", "0912000111", "thu@example.vn", "Số 9 phố Thử"):
        assert detail not in text
    assert '=HYPERLINK("x")' in text  # a title starting with "=" stays text, not a formula
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["C4"].data_type == "s"


@time_machine.travel(NOW, tick=False)
def test_the_export_reads_a_fixed_number_of_queries(
    client, world, new_case, django_assert_max_num_queries
):
    for n in range(20):
        case = new_case(title=f"Vụ việc {n}")
        if n % 2:
            _assign(case, world, co=world.education)
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("cases:case_export")).status_code == 200


# The landing page -------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_counts_open_hot_spots_and_overdue_cases_with_their_lists(
    client, world, cases
):
    client.force_login(world.people.specialist)
    page = client.get(reverse("home"))
    figures = page.context["cases"]
    assert figures["hot_spots"] == 2 and figures["overdue"] == 2
    assert _list_count(client, figures["hot_spots_query"]) == 2
    assert _list_count(client, figures["overdue_query"]) == 2
    html = page.content.decode()
    assert 'data-testid="dashboard-hot-spots"' in html
    assert f"organization={world.propaganda.pk}" in figures["overdue_query"]


@time_machine.travel(NOW, tick=False)
def test_the_dashboard_counts_the_cases_of_the_chosen_organisation(client, world, cases):
    client.force_login(world.people.health_focal)  # leads three cases, one of them overdue
    figures = client.get(reverse("home")).context["cases"]
    assert figures["overdue"] == 2  # its own and the one it helps with
    assert figures["hot_spots"] == 1
    assert _list_count(client, figures["overdue_query"]) == 2


def test_an_answered_case_leaves_the_open_figures(client, world, cases):
    with time_machine.travel(NOW, tick=False):
        case = Case.objects.get(title="Ngập úng")
        _answer(case, world, 50)
        client.force_login(world.people.specialist)
        figures = client.get(reverse("home")).context["cases"]
    assert figures == figures | {"hot_spots": 1, "overdue": 1}
