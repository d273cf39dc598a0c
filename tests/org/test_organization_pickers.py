"""The organisation filters of the people and audit pages are type-ahead boxes, not a <select>
of every organisation in scope (20,000 for a system administrator): the page lists none, typing
asks the page for suggestions from the scope, and the picked value is checked again."""

import re

import pytest
from django.urls import reverse

from phoihop.org import services
from phoihop.org.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role

PEOPLE = reverse("org:person_list")
AUDIT = reverse("org:audit_list")
HOSTILE = [
    "#99999999999999999999999",
    "99999999999999999999",
    "#-1",
    "#١٢",
    "#0",
    "' OR 1=1 --",
    "Sở Y tế (#99999999999999999999999)",
    "()",
    "(" * 300,
]


@pytest.fixture
def members(province_tree, make_member):
    """A propaganda head (administers the Party tree), a health focal point, and changes in
    both trees so the audit trail has entries scoped to each."""
    head = make_member(province_tree["propaganda"], role=Role.ORG_ADMIN, full_name="Nguyễn Hùng")
    doctor = make_member(province_tree["health"], role=Role.FOCAL_POINT, full_name="Phạm Thủy")
    province_tree["health"].identifier = "38.SYT"
    province_tree["health"].save()
    return {"head": head, "doctor": doctor, **province_tree}


def _names(response) -> list[str]:
    return re.findall(r'href="/people/\d+/">([^<]+)</a>', response.content.decode())


def _box(response) -> str:
    """The organisation box as drawn: its <input> tag."""
    return re.search(r'<input[^>]*name="organization"[^>]*>', response.content.decode()).group(0)


@pytest.mark.parametrize("url", [PEOPLE, AUDIT])
def test_the_page_lists_no_organisations_and_draws_a_type_ahead_box(
    client, admin_user, members, url
):
    OrganizationFactory(name="Trung tâm Truyền thông tỉnh Thanh Hóa", parent=members["committee"])
    client.force_login(admin_user)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="organization"' in page
    assert '<select name="organization"' not in page
    box = _box(response)
    assert 'hx-get="?suggest=organization"' in box and "data-suggest" in box
    assert "Trung tâm Truyền thông" not in page  # no organisation is listed


@pytest.mark.parametrize("url", [PEOPLE, AUDIT])
def test_page_queries_do_not_grow_with_the_organisations_in_scope(
    client, admin_user, members, url, django_assert_num_queries
):
    client.force_login(admin_user)
    client.get(url)  # sessions, content types: read once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(40):
        OrganizationFactory(name=f"Ủy ban nhân dân xã Thử {n}", parent=members["committee"])
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("url", [PEOPLE, AUDIT])
def test_suggestions_come_from_the_scope_only(client, members, outsider, url):
    client.force_login(members["head"])  # administers the Party tree, not the committee's
    answer = client.get(url, {"suggest": "organization", "organization": "tuyen giao"})
    page = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in page
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in page
    assert 'data-pick-suggestion data-target="id_organization"' in page
    for elsewhere in ("y te", "nghe an"):
        page = client.get(url, {"suggest": "organization", "organization": elsewhere})
        assert "data-pick-suggestion" not in page.content.decode()


def test_system_admins_are_offered_any_organisation_with_its_reference(client, admin_user, members):
    client.force_login(admin_user)
    page = client.get(PEOPLE, {"suggest": "organization", "organization": "so y te"})
    assert 'data-value="Sở Y tế tỉnh Thanh Hóa (38.SYT)"' in page.content.decode()


def test_people_without_the_audit_page_get_no_suggestions_either(client, members):
    client.force_login(members["doctor"])
    answer = client.get(AUDIT, {"suggest": "organization", "organization": "y te"})
    assert answer.status_code == 404


@pytest.mark.parametrize(
    "value",
    ["Sở Y tế tỉnh Thanh Hóa (38.SYT)", "38.SYT", "#{pk}", "{pk}", "  Sở Y tế (38.SYT)  "],
)
def test_a_picked_or_typed_organisation_filters_and_shows_its_name(
    client, admin_user, members, value
):
    client.force_login(admin_user)
    response = client.get(PEOPLE, {"organization": value.format(pk=members["health"].pk)})
    assert _names(response) == ["Phạm Thủy"]
    assert 'value="Sở Y tế tỉnh Thanh Hóa (38.SYT)"' in _box(response)


def test_the_audit_filter_reads_a_picked_organisation(client, admin_user, members):
    services.update_organization(organization=members["health"], by=admin_user, phone="1")
    services.update_organization(organization=members["propaganda"], by=admin_user, phone="2")
    client.force_login(admin_user)
    response = client.get(
        AUDIT, {"organization": f"Ủy ban nhân dân tỉnh Thanh Hóa (#{members['committee'].pk})"}
    )
    page = response.content.decode()
    assert "Sở Y tế tỉnh Thanh Hóa" in page
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" not in page.split('id="audit-results"')[1]
    assert f'value="Ủy ban nhân dân tỉnh Thanh Hóa (#{members["committee"].pk})"' in _box(response)


@pytest.mark.parametrize("url", [PEOPLE, AUDIT])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_a_form_error_never_a_server_error(
    client, admin_user, members, url, value
):
    client.force_login(admin_user)
    response = client.get(url, {"organization": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-organization"' in page
    assert "Không tìm thấy tổ chức" in page
    answer = client.get(url, {"suggest": "organization", "organization": value})
    assert answer.status_code == 200


@pytest.mark.parametrize("url", [PEOPLE, AUDIT])
def test_an_organisation_outside_the_scope_reads_like_one_that_does_not_exist(
    client, members, outsider, url
):
    client.force_login(members["head"])
    health = members["health"]
    for value in (f"#{health.pk}", "38.SYT", f"Sở Y tế tỉnh Thanh Hóa (#{health.pk})"):
        response = client.get(url, {"organization": value})
        page = response.content.decode()
        assert response.status_code == 200
        assert 'data-testid="error-organization"' in page
        assert "Phạm Thủy" not in page
    outside = _error(client.get(url, {"organization": f"#{health.pk}"}))
    missing = _error(client.get(url, {"organization": "#987654"}))
    assert outside.replace(f"#{health.pk}", "#987654") == missing  # the same answer


def _error(response) -> str:
    return re.search(r'data-testid="error-organization">([^<]*)<', response.content.decode())[1]


def test_members_of_the_committee_are_found_from_a_unit_below(client, admin_user, members):
    MembershipFactory(organization=members["committee"], user__full_name="Lê Ủy Ban")
    client.force_login(admin_user)
    response = client.get(PEOPLE, {"organization": f"#{members['committee'].pk}"})
    assert set(_names(response)) == {"Lê Ủy Ban", "Phạm Thủy"}
