"""The Django admin changes domain data only through the services (which audit the change and
keep search rows current), or not at all."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse

from phoihop.core import search
from phoihop.core.admin import ReadOnlyAdmin, ServiceAdmin
from phoihop.core.audit import entries_for
from phoihop.org.models import Area
from tests.factories import AreaFactory, OrganizationFactory, UserFactory


def _domain_admins():
    return [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model.__module__.startswith("phoihop.")
    ]


def test_every_admin_that_can_change_domain_data_saves_and_deletes_through_a_service(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model_admin in _domain_admins():
        writes = model_admin.has_add_permission(request) or model_admin.has_change_permission(
            request
        )
        kind = ServiceAdmin if writes else ReadOnlyAdmin
        assert isinstance(model_admin, kind), type(model_admin).__name__
        # A deletion goes through the app's service too, where the admin names one.
        deletes = model_admin.has_delete_permission(request)
        assert not deletes or model_admin.deleted is not None, type(model_admin).__name__


def _area_form(area: Area, **changes) -> dict:
    data = {
        "code": area.code,
        "name": area.name,
        "short_name": area.short_name,
        "type": area.type,
        "level": area.level,
        "parent": area.parent_id or "",
        "valid_from": area.valid_from or "",
        "valid_to": area.valid_to or "",
        "successors": "",
    }
    return data | changes


def test_renaming_an_area_in_the_admin_is_audited_and_refreshes_search_rows(client, admin_user):
    province = AreaFactory(code="38", name="Tỉnh Thanh Hoá", level=Area.Level.PROVINCE)
    commune = AreaFactory(code="14797", name="Phường Hạc Thành", parent=province)
    OrganizationFactory(name="Sở Y tế", area=province)
    client.force_login(admin_user)
    url = reverse("admin:org_area_change", args=[province.pk])
    response = client.post(url, _area_form(province, name="Tỉnh Thanh Hóa"))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(province).first()
    assert entry.actor == admin_user
    assert entry.changes == {"name": ["Tỉnh Thanh Hoá", "Tỉnh Thanh Hóa"]}
    hits = {hit.title: hit.subtitle for hit in search.search(admin_user, "thanh hoa")}
    assert "Tỉnh Thanh Hóa" in hits
    assert hits["Sở Y tế"] == "Tỉnh Thanh Hóa"  # the organisation's row names its area
    assert hits[commune.name] == "Tỉnh Thanh Hóa"


def test_staff_without_system_administration_are_refused_and_nothing_changes(client, db):
    area = AreaFactory(name="Xã Đông Sơn")
    staff = UserFactory(is_staff=True)
    rights = Permission.objects.filter(codename__in=["view_area", "change_area"])
    staff.user_permissions.add(*rights)
    client.force_login(staff)
    url = reverse("admin:org_area_change", args=[area.pk])
    response = client.post(url, _area_form(area, name="Xã Đổi Tên"))
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.name == "Xã Đông Sơn"
    assert not entries_for(area).exists()


@pytest.mark.parametrize("model_name", ["organization", "membership", "apitoken"])
def test_organisations_memberships_and_tokens_cannot_be_added_in_the_admin(
    client, admin_user, model_name
):
    client.force_login(admin_user)
    assert client.get(f"/admin/org/{model_name}/add/").status_code == 403
