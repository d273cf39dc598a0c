from django.urls import reverse
from django.utils import timezone

from phoihop.core.models import AuditEntry
from phoihop.org.models import Membership

from ..factories import OrganizationFactory


def archive(organization):
    return reverse("org:organization_archive", args=[organization.pk])


def restore(organization):
    return reverse("org:organization_restore", args=[organization.pk])


def test_archive_asks_for_confirmation_first(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(archive(province_tree["health"]))
    assert response.status_code == 200
    assert "Xác nhận lưu trữ" in response.content.decode()
    province_tree["health"].refresh_from_db()
    assert province_tree["health"].archived_at is None


def test_archive_with_reason_is_audited(client, province_tree, make_member):
    health = province_tree["health"]
    admin = make_member(health, role=Membership.Role.ORG_ADMIN)
    client.force_login(admin)
    response = client.post(archive(health), {"reason": "Sáp nhập theo Nghị quyết 60"})
    assert response.status_code == 302
    health.refresh_from_db()
    assert health.archived_at is not None
    entry = AuditEntry.objects.get(object_id=str(health.pk), action="archive")
    assert entry.message == "Sáp nhập theo Nghị quyết 60"


def test_archive_refuses_while_children_are_active(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.post(archive(province_tree["committee"]), {"reason": ""})
    assert response.status_code == 400
    assert "Sở Y tế tỉnh Thanh Hóa" in response.content.decode()
    province_tree["committee"].refresh_from_db()
    assert province_tree["committee"].archived_at is None


def test_restore_brings_an_organisation_back(client, admin_user):
    gone = OrganizationFactory(name="Ban cũ", archived_at=timezone.now())
    client.force_login(admin_user)
    assert client.get(restore(gone)).status_code == 200
    assert client.post(restore(gone)).status_code == 302
    gone.refresh_from_db()
    assert gone.archived_at is None
    assert AuditEntry.objects.filter(object_id=str(gone.pk), action="restore").exists()


def test_restore_under_an_archived_parent_is_explained(client, admin_user):
    parent = OrganizationFactory(name="Cấp trên", archived_at=timezone.now())
    child = OrganizationFactory(name="Cấp dưới", parent=parent, archived_at=timezone.now())
    client.force_login(admin_user)
    response = client.post(restore(child))
    assert response.status_code == 400
    assert "Cần khôi phục tổ chức cấp trên trước." in response.content.decode()


def test_plain_member_gets_403_and_outsider_404(client, province_tree, make_member, outsider):
    client.force_login(make_member(province_tree["health"]))
    assert client.post(archive(province_tree["health"])).status_code == 403
    client.force_login(outsider)
    assert client.post(archive(province_tree["health"])).status_code == 404
    assert client.post(restore(province_tree["health"])).status_code == 404


def test_confirmation_page_explains_why_archiving_is_blocked(client, province_tree, admin_user):
    client.force_login(admin_user)
    body = client.get(archive(province_tree["committee"])).content.decode()
    assert 'data-testid="archive-blocked"' in body
    assert "Sở Y tế tỉnh Thanh Hóa" in body
    assert "disabled" in body
