"""The audit pages: /audit/ for administrators and the audit tab of one organisation."""

import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from phoihop.core import search
from phoihop.core.models import AuditEntry
from phoihop.org import services
from phoihop.org.models import Membership, Organization, User
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def history(province_tree, make_member, admin_user):
    """Changes made through the services, so the audit trail is real."""
    head = make_member(
        province_tree["propaganda"],
        role=Role.ORG_ADMIN,
        username="hung",
        full_name="Nguyễn Văn Hùng",
    )
    services.update_organization(
        organization=province_tree["propaganda"], by=head, phone="0237 3852 000"
    )
    services.update_organization(
        organization=province_tree["health"], by=admin_user, name="Sở Y tế Thanh Hóa"
    )
    services.add_member(
        organization=province_tree["propaganda"],
        by=head,
        role=Role.SPECIALIST,
        username="duc",
        full_name="Đỗ Minh Đức",
        email="duc@example.gov.vn",
    )
    return {"head": head, **province_tree}


def _objects(response) -> list[str]:
    """Object labels in the audit table, in order."""
    cells = re.findall(
        r'<span class="small text-muted">[^<]*</span><br>\s*(.*?)</td>',
        response.content.decode(),
        re.S,
    )
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


# Who may read what ------------------------------------------------------------------------------


def test_system_admins_see_every_entry(client, history, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"))
    assert response.status_code == 200
    objects = _objects(response)
    assert "Sở Y tế Thanh Hóa" in objects
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in objects


def test_organisation_admins_see_only_their_subtree(client, history):
    client.force_login(history["head"])
    objects = _objects(client.get(reverse("org:audit_list")))
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in objects
    assert "Đỗ Minh Đức" in objects
    assert "Sở Y tế Thanh Hóa" not in objects


def test_people_who_administer_nothing_get_not_found(client, history):
    specialist = User.objects.get(username="duc")
    client.force_login(specialist)
    assert client.get(reverse("org:audit_list")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("org:audit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_there_is_no_way_to_change_entries_through_the_app(client, history, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse("org:audit_list")).status_code == 405
    organization = history["propaganda"]
    assert client.post(reverse("org:organization_audit", args=[organization.pk])).status_code == 405


# What a row shows -------------------------------------------------------------------------------


def test_rows_show_time_actor_ip_channel_action_and_changes(client, history):
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).first()
    client.force_login(history["head"])
    page = client.get(reverse("org:audit_list")).content.decode()
    assert "Nguyễn Văn Hùng" in page
    assert "Địa chỉ IP" in page
    assert "Lệnh" in page  # made outside a web request, so through the command line
    assert "Cập nhật" in page
    assert 'Điện thoại: <span class="text-muted">∅</span> → 0237 3852 000' in page
    local = entry.at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert local.strftime("%d/%m/%Y %H:%M") in page


def test_rows_link_to_objects_the_viewer_can_open(client, history):
    client.force_login(history["head"])
    page = client.get(reverse("org:audit_list")).content.decode()
    propaganda = history["propaganda"]
    assert f'<a href="{propaganda.get_absolute_url()}">{propaganda.name}</a>' in page
    assert '<a href="/people/' in page  # the actor


def test_changes_show_labels_of_choices(client, admin_user, province_tree):
    services.update_organization(
        organization=province_tree["health"], by=admin_user, kind=Organization.Kind.OTHER
    )
    client.force_login(admin_user)
    page = client.get(reverse("org:audit_list")).content.decode()
    assert 'Loại tổ chức: <span class="text-muted">Sở, ban, ngành</span> → Khác' in page


def test_changes_made_on_the_web_record_ip_and_channel(client, history):
    client.force_login(history["head"])
    client.post(
        reverse(
            "org:member_change_role",
            args=[history["propaganda"].pk, Membership.objects.get(user__username="duc").pk],
        ),
        {"role": Role.LEADER},
        REMOTE_ADDR="203.0.113.9",
    )
    page = client.get(reverse("org:audit_list")).content.decode()
    assert "203.0.113.9" in page
    assert "Chuyên viên</span> → Lãnh đạo" in page


# Filters ----------------------------------------------------------------------------------------


def test_filter_by_actor(client, history, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"), {"actor": admin_user.pk})
    assert _objects(response) == ["Sở Y tế Thanh Hóa"]


def test_filter_by_organisation_includes_units_below(client, history, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"), {"organization": history["committee"].pk})
    assert _objects(response) == ["Sở Y tế Thanh Hóa"]
    response = client.get(reverse("org:audit_list"), {"organization": history["party"].pk})
    assert "Sở Y tế Thanh Hóa" not in _objects(response)
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in _objects(response)


def test_organisation_admins_cannot_filter_outside_their_scope(client, history):
    client.force_login(history["head"])
    response = client.get(reverse("org:audit_list"), {"organization": history["committee"].pk})
    assert response.status_code == 200
    assert _objects(response) == []
    assert "Điều kiện lọc chưa hợp lệ" in response.content.decode()


def test_filter_by_object_type(client, history, admin_user):
    client.force_login(admin_user)
    user_type = ContentType.objects.get_for_model(User)
    response = client.get(reverse("org:audit_list"), {"object_type": user_type.pk})
    assert _objects(response) == ["Đỗ Minh Đức"]


def test_filter_by_dates(client, admin_user, province_tree):
    with time_machine.travel(datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        services.update_organization(organization=province_tree["health"], by=admin_user, phone="1")
    with time_machine.travel(datetime.datetime(2025, 6, 20, 9, 0, tzinfo=datetime.UTC), tick=False):
        services.update_organization(organization=province_tree["party"], by=admin_user, phone="2")
    client.force_login(admin_user)
    url = reverse("org:audit_list")
    assert _objects(client.get(url, {"date_from": "2025-06-01"})) == ["Tỉnh ủy Thanh Hóa"]
    assert _objects(client.get(url, {"date_to": "10/03/2025"})) == ["Sở Y tế tỉnh Thanh Hóa"]
    assert _objects(client.get(url, {"date_from": "2025-03-10", "date_to": "2025-03-10"})) == [
        "Sở Y tế tỉnh Thanh Hóa"
    ]
    bad = client.get(url, {"date_from": "2025-06-01", "date_to": "2025-03-01"})
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in bad.content.decode()


def test_filtering_with_htmx_returns_only_the_table(client, history, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"), {"action": "update"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert 'data-testid="audit"' in page


def test_audit_list_is_paginated(client, admin_user, province_tree, settings):
    settings.PAGE_SIZE = 3
    for i in range(7):
        services.update_organization(
            organization=province_tree["health"], by=admin_user, phone=str(i)
        )
    client.force_login(admin_user)
    page = client.get(reverse("org:audit_list"), {"page": 3}).content.decode()
    assert "Trang 3/3" in page


def test_audit_list_queries_do_not_grow_with_entries(
    client, admin_user, province_tree, make_member, django_assert_max_num_queries
):
    head = make_member(province_tree["party"], role=Role.ORG_ADMIN)
    for i in range(20):
        organization = services.create_organization(
            by=admin_user,
            name=f"Đảng ủy xã {i}",
            kind="party_committee",
            level="commune",
            parent=province_tree["party"],
        )
        services.update_organization(organization=organization, by=head, phone=str(i))
        services.add_member(
            organization=organization,
            by=head,
            role=Role.LEADER,
            username=f"bithu{i}",
            full_name=f"Bí thư {i}",
        )
    client.force_login(head)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("org:audit_list"))
    assert response.status_code == 200
    assert len(_objects(response)) == settings.PAGE_SIZE


# The audit tab of one organisation --------------------------------------------------------------


def test_organisation_tab_shows_that_organisations_entries(client, history):
    client.force_login(history["head"])
    response = client.get(reverse("org:organization_audit", args=[history["propaganda"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "0237 3852 000" in page
    assert "Đỗ Minh Đức" not in page  # the new member is another object


def test_members_see_the_tab_without_ip_addresses(client, history):
    specialist = User.objects.get(username="duc")
    client.force_login(specialist)
    response = client.get(reverse("org:organization_audit", args=[history["propaganda"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "0237 3852 000" in page
    assert "Địa chỉ IP" not in page


def test_admins_see_ip_addresses_on_the_tab(client, history):
    client.force_login(history["head"])
    page = client.get(
        reverse("org:organization_audit", args=[history["propaganda"].pk])
    ).content.decode()
    assert "Địa chỉ IP" in page


def test_outsiders_cannot_open_the_tab(client, history, outsider):
    client.force_login(outsider)
    url = reverse("org:organization_audit", args=[history["propaganda"].pk])
    assert client.get(url).status_code == 404


def test_organisation_tab_queries_do_not_grow(
    client, history, admin_user, django_assert_max_num_queries
):
    for i in range(30):
        services.update_organization(
            organization=history["propaganda"], by=admin_user, phone=str(i)
        )
    client.force_login(history["head"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("org:organization_audit", args=[history["propaganda"].pk]))
    assert response.status_code == 200


def test_entries_of_deleted_objects_still_show_without_a_link(client, history, admin_user):
    membership = Membership.objects.get(user__username="duc")
    services.remove_member(membership=membership, by=history["head"])
    client.force_login(admin_user)
    page = client.get(reverse("org:audit_list"), {"action": "delete"}).content.decode()
    assert "Xóa" in page
    assert "Đỗ Minh Đức — Chuyên viên" in page


def test_an_empty_audit_explains_itself(client, make_member):
    organization = OrganizationFactory()
    head = make_member(organization, role=Role.ORG_ADMIN)
    client.force_login(head)
    page = client.get(reverse("org:audit_list")).content.decode()
    assert 'data-testid="audit-empty"' in page


def test_the_object_type_filter_names_every_kind_in_vietnamese(client, admin_user):
    """Filter choices show full Vietnamese names: no "Task comment" or "Import run" left from
    Django's default names, and abbreviations keep their capitals."""
    client.force_login(admin_user)
    form = client.get(reverse("org:audit_list")).context["form"]
    labels = [label for value, label in form.fields["object_type"].choices if value]
    english = [
        label
        for label in labels
        if label.lower() in {m.__name__.lower() for m in apps.get_models()}
        or re.fullmatch(r"[A-Z][a-z]+( [a-z]+)+", label)
    ]
    assert english == []
    assert {"Ý kiến về nhiệm vụ", "Tệp đính kèm nhiệm vụ", "Mã truy cập API"} <= set(labels)


def test_the_actor_is_found_by_typing_and_read_back_by_name(client, history, admin_user):
    """Everyone who ever changed something in a province is too many for a <select>: the actor
    box suggests people by name and reads the pick ("<name> (<user name>)") back."""
    search.index(admin_user)  # as the people services do; the factory writes rows directly
    client.force_login(admin_user)
    typed = admin_user.full_name or admin_user.username
    answer = client.get(reverse("org:audit_list"), {"suggest": "actor", "actor": typed[:4]})
    assert f"({admin_user.username})" in answer.content.decode()
    picked = f"{admin_user} ({admin_user.username})"
    response = client.get(reverse("org:audit_list"), {"actor": picked})
    assert _objects(response) == ["Sở Y tế Thanh Hóa"]
    assert f'value="{picked}"' in response.content.decode()


@pytest.mark.parametrize("typed", ["không-ai-cả", "#99999999999999999999", "'; drop table--"])
def test_an_unknown_actor_is_a_form_error(client, history, admin_user, typed):
    client.force_login(admin_user)
    response = client.get(reverse("org:audit_list"), {"actor": typed})
    assert response.status_code == 200
    assert "Không tìm thấy người" in response.content.decode()
