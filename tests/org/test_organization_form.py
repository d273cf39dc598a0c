import datetime

import pytest
from django.urls import reverse

from phoihop.core.models import AuditEntry, SearchDocument
from phoihop.org import forms as org_forms
from phoihop.org.models import Area, Field, Membership, Organization

from ..factories import AreaFactory, OrganizationFactory

CREATE = reverse("org:organization_create")


def edit(organization):
    return reverse("org:organization_edit", args=[organization.pk])


def form_data(**overrides):
    data = {
        "name": "Sở Giáo dục và Đào tạo tỉnh Thanh Hóa",
        "abbreviation": "SGDDT",
        "identifier": "",
        "kind": "department",
        "level": "province",
        "parent": "",
        "area": "",
        "email": "",
        "phone": "",
        "address": "",
        "valid_from": "",
        "valid_to": "",
        "successors": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def health_admin(province_tree, make_member):
    return make_member(province_tree["health"], role=Membership.Role.ORG_ADMIN)


@pytest.fixture
def committee_admin(province_tree, make_member):
    return make_member(province_tree["committee"], role=Membership.Role.ORG_ADMIN)


# Create ---------------------------------------------------------------------------------------


def test_org_admin_creates_a_child_with_audit_and_search(client, province_tree, committee_admin):
    area = AreaFactory(code="38", name="Thanh Hóa", level=Area.Level.PROVINCE)
    committee = province_tree["committee"]
    client.force_login(committee_admin)
    page = client.get(CREATE, {"parent": committee.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["parent"] == committee
    data = form_data(
        parent=committee.pk,
        area="38",
        identifier="SGDDT-38",
        fields_of_work=[Field.objects.get(code="giao-duc").pk],
        valid_from="2025-07-01",
    )
    response = client.post(f"{CREATE}?parent={committee.pk}", data)
    created = Organization.objects.get(identifier="SGDDT-38")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.parent == committee and created.area == area
    assert created.path == f"{committee.path}{created.pk}/"
    assert [f.code for f in created.fields.all()] == ["giao-duc"]
    assert created.valid_from == datetime.date(2025, 7, 1)
    entry = AuditEntry.objects.get(object_id=str(created.pk), action="create")
    assert entry.actor == committee_admin and entry.via == "web"
    assert SearchDocument.objects.filter(object_id=created.pk, kind="organization").exists()


def test_missing_name_is_reported_and_input_kept(client, province_tree, committee_admin):
    client.force_login(committee_admin)
    response = client.post(
        CREATE, form_data(name="", phone="0237 999", parent=province_tree["committee"].pk)
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert 'value="0237 999"' in response.content.decode()
    assert not Organization.objects.filter(phone="0237 999").exists()


def test_service_errors_land_on_their_fields(client, province_tree, committee_admin):
    OrganizationFactory(name="Khác", identifier="TRUNG")
    client.force_login(committee_admin)
    response = client.post(
        CREATE,
        form_data(
            parent=province_tree["committee"].pk,
            identifier="TRUNG",
            abbreviation="sở gd",
            valid_from="2025-07-01",
            valid_to="2025-01-01",
        ),
    )
    errors = response.context["form"].errors
    assert errors["identifier"] == ["Mã định danh này đã được dùng cho tổ chức khác."]
    assert "Ký hiệu chỉ gồm chữ in hoa" in errors["abbreviation"][0]
    assert errors["valid_to"] == ["Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."]
    body = response.content.decode()
    assert 'value="TRUNG"' in body and "is-invalid" in body


def test_unknown_area_code_is_a_field_error(client, province_tree, committee_admin):
    client.force_login(committee_admin)
    response = client.post(CREATE, form_data(parent=province_tree["committee"].pk, area="99"))
    assert "Không có địa bàn hiện hành" in response.context["form"].errors["area"][0]


def test_org_admin_must_choose_a_parent(client, committee_admin):
    client.force_login(committee_admin)
    response = client.post(CREATE, form_data())
    assert "parent" in response.context["form"].errors
    assert not Organization.objects.filter(abbreviation="SGDDT").exists()


def test_parent_choices_are_limited_to_what_the_user_can_change(
    client, province_tree, health_admin
):
    client.force_login(health_admin)
    form = client.get(CREATE).context["form"]
    assert list(form.fields["parent"].queryset) == [province_tree["health"]]
    response = client.post(CREATE, form_data(parent=province_tree["committee"].pk))
    assert "parent" in response.context["form"].errors


def test_plain_member_cannot_open_the_create_form(client, province_tree, make_member):
    client.force_login(make_member(province_tree["health"]))
    assert client.get(CREATE).status_code == 403
    assert client.get(CREATE, {"parent": province_tree["health"].pk}).status_code == 403


def test_outsider_gets_404_for_a_parent_outside_scope(client, province_tree, outsider):
    client.force_login(outsider)
    assert client.get(CREATE, {"parent": province_tree["health"].pk}).status_code == 404


def test_system_admin_creates_a_top_level_organisation(client, admin_user):
    client.force_login(admin_user)
    response = client.post(CREATE, form_data(name="Tỉnh ủy Nghệ An", kind="party_committee"))
    assert response.status_code == 302
    created = Organization.objects.get(name="Tỉnh ủy Nghệ An")
    assert created.parent is None and created.depth == 0


def test_large_scopes_type_the_parent_as_identifier_or_id(client, admin_user, monkeypatch):
    monkeypatch.setattr(org_forms, "PARENT_SELECT_LIMIT", 1)
    committee = OrganizationFactory(name="UBND tỉnh", identifier="UBND-38")
    other = OrganizationFactory(name="Tỉnh ủy")
    client.force_login(admin_user)
    assert not client.get(CREATE).context["form"].parent_is_select
    client.post(CREATE, form_data(name="Sở A", parent="UBND-38"))
    client.post(CREATE, form_data(name="Sở B", parent=f"#{other.pk}"))
    assert Organization.objects.get(name="Sở A").parent == committee
    assert Organization.objects.get(name="Sở B").parent == other
    response = client.post(CREATE, form_data(name="Sở C", parent="KHONG-CO"))
    assert "Không tìm thấy tổ chức" in response.context["form"].errors["parent"][0]


def test_area_suggestions_match_without_diacritics(client, committee_admin):
    from phoihop.core import search

    AreaFactory(code="38", name="Thanh Hóa", level=Area.Level.PROVINCE)
    search.rebuild(["area"])
    client.force_login(committee_admin)
    response = client.get(CREATE, {"suggest": "area", "area": "thanh hoa"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Thanh Hóa" in body and 'data-value="38"' in body


# Edit -----------------------------------------------------------------------------------------


def test_edit_records_an_audit_entry_with_field_diffs(client, province_tree, health_admin):
    health = province_tree["health"]
    client.force_login(health_admin)
    page = client.get(edit(health))
    assert page.context["form"].initial["name"] == "Sở Y tế tỉnh Thanh Hóa"
    data = form_data(
        name="Sở Y tế Thanh Hóa",
        abbreviation="SYT",
        parent=province_tree["committee"].pk,  # unchanged, although not theirs to change
        phone="0237 385 2222",
    )
    response = client.post(edit(health), data)
    assert response.status_code == 302
    health.refresh_from_db()
    assert health.name == "Sở Y tế Thanh Hóa"
    entry = AuditEntry.objects.get(object_id=str(health.pk), action="update")
    assert entry.changes["name"] == ["Sở Y tế tỉnh Thanh Hóa", "Sở Y tế Thanh Hóa"]
    assert entry.changes["phone"] == ["", "0237 385 2222"]
    assert "kind" not in entry.changes


def test_org_admin_cannot_edit_above_their_subtree(client, province_tree, health_admin):
    Membership.objects.create(
        user=health_admin, organization=province_tree["committee"], role=Membership.Role.SPECIALIST
    )
    client.force_login(health_admin)
    assert client.get(edit(province_tree["committee"])).status_code == 403
    assert client.post(edit(province_tree["committee"]), form_data()).status_code == 403


def test_outsider_gets_404_on_edit(client, province_tree, outsider):
    client.force_login(outsider)
    assert client.get(edit(province_tree["health"])).status_code == 404


def test_cannot_move_an_organisation_under_its_own_child(client, province_tree, admin_user):
    committee, health = province_tree["committee"], province_tree["health"]
    client.force_login(admin_user)
    response = client.post(
        edit(committee), form_data(name=committee.name, kind="peoples_committee", parent=health.pk)
    )
    assert "parent" in response.context["form"].errors
    committee.refresh_from_db()
    assert committee.parent is None


def test_system_admin_moves_a_subtree(client, province_tree, admin_user):
    party, health = province_tree["party"], province_tree["health"]
    room = OrganizationFactory(name="Phòng", parent=health)
    client.force_login(admin_user)
    client.post(edit(health), form_data(name=health.name, abbreviation="SYT", parent=party.pk))
    room.refresh_from_db()
    assert room.path == f"{party.path}{health.pk}/{room.pk}/"


def test_successors_are_set_by_identifier(client, province_tree, admin_user):
    new = OrganizationFactory(name="Sở Khoa học và Công nghệ", identifier="SKHCN")
    old = OrganizationFactory(name="Sở Thông tin và Truyền thông")
    client.force_login(admin_user)
    response = client.post(
        edit(old),
        form_data(name=old.name, abbreviation="", valid_to="28/02/2025", successors="SKHCN"),
    )
    assert response.status_code == 302
    assert list(old.successors.all()) == [new]
    assert old.successors.model.objects.get(pk=old.pk).valid_to == datetime.date(2025, 2, 28)


def test_edit_form_query_count(client, province_tree, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        client.get(edit(province_tree["health"]))


def test_no_children_under_an_archived_organisation(client, admin_user):
    from django.utils import timezone

    archived = OrganizationFactory(name="Ban cũ", archived_at=timezone.now())
    client.force_login(admin_user)
    assert client.get(CREATE, {"parent": archived.pk}).status_code == 403
