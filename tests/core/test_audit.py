"""The audit trail itself: entries cannot change, diffs say what changed, context is captured,
and the Django admin shows entries read-only."""

import datetime
import decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from phoihop.core import audit
from phoihop.core.models import AuditEntry
from phoihop.org import services
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(admin_user):
    organization = OrganizationFactory(name="Sở Giáo dục và Đào tạo")
    return audit.record(
        action=AuditEntry.Action.UPDATE,
        obj=organization,
        by=admin_user,
        changes={"name": ["Sở Giáo dục", "Sở Giáo dục và Đào tạo"]},
        organization=organization,
    )


# Immutability -----------------------------------------------------------------------------------


def test_an_entry_cannot_be_saved_again(entry):
    entry.message = "sửa lén"
    with pytest.raises(PermissionDenied):
        entry.save()
    entry.refresh_from_db()
    assert entry.message == ""


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(PermissionDenied):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_or_deleted_in_bulk(entry):
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(message="sửa lén")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.message == ""


def test_the_actor_of_an_entry_cannot_be_deleted(entry, admin_user):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        admin_user.delete()


# Snapshots and diffs ----------------------------------------------------------------------------


def test_snapshot_reads_plain_values_related_names_and_many_to_many(province_tree):
    health = province_tree["health"]
    successor = OrganizationFactory(name="Sở Y tế mới")
    health.successors.add(successor)
    values = audit.snapshot(health, ["name", "parent", "successors", "valid_from"])
    assert values == {
        "name": "Sở Y tế tỉnh Thanh Hóa",
        "parent": "Ủy ban nhân dân tỉnh Thanh Hóa",
        "successors": ["Sở Y tế mới"],
        "valid_from": None,
    }


def test_plain_values_are_json_safe():
    assert audit._plain(datetime.date(2025, 7, 1)) == "2025-07-01"
    assert audit._plain(decimal.Decimal("0.13")) == "0.13"
    assert audit._plain({"b", "a"}) == ["a", "b"]


def test_diff_lists_only_changed_fields_as_old_new_pairs():
    before = {"name": "Sở Y tế", "phone": "", "email": "a@b.vn"}
    after = {"name": "Sở Y tế tỉnh Thanh Hóa", "phone": "", "email": None}
    assert audit.diff(before, after) == {
        "name": ["Sở Y tế", "Sở Y tế tỉnh Thanh Hóa"],
        "email": ["a@b.vn", None],
    }
    assert audit.diff(after, after) == {}


def test_a_service_change_records_exactly_what_changed(admin_user, province_tree):
    health = province_tree["health"]
    services.update_organization(
        organization=health, by=admin_user, name="Sở Y tế Thanh Hóa", phone="0237 3852 111"
    )
    entry = audit.entries_for(health).get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes == {
        "name": ["Sở Y tế tỉnh Thanh Hóa", "Sở Y tế Thanh Hóa"],
        "phone": ["", "0237 3852 111"],
    }
    assert entry.actor == admin_user
    assert entry.actor_name == "Quản Trị Hệ Thống"
    assert entry.organization_path == health.path
    assert entry.object_repr == "Sở Y tế Thanh Hóa"


def test_saving_without_changes_records_nothing(admin_user, province_tree):
    services.update_organization(
        organization=province_tree["health"], by=admin_user, name="Sở Y tế tỉnh Thanh Hóa"
    )
    assert not audit.entries_for(province_tree["health"]).exists()


def test_a_refused_change_leaves_no_entry(admin_user, province_tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.update_organization(organization=province_tree["health"], by=admin_user, name="")
    assert not AuditEntry.objects.exists()


def test_entries_name_where_a_change_came_from(client, province_tree, make_member):
    person = make_member(province_tree["health"], full_name="Lê Văn Tám")
    client.force_login(person)
    client.post(
        reverse("profile"),
        {"full_name": "Lê Văn Tám", "email": "", "position": "Chánh Văn phòng", "phone": ""},
        REMOTE_ADDR="198.51.100.7",
    )
    web = AuditEntry.objects.get(object_id=str(person.pk), action=AuditEntry.Action.UPDATE)
    assert (web.via, web.ip_address, web.actor) == ("web", "198.51.100.7", person)

    services.update_profile(person=person, by=person, phone="0912 345 678")
    cli = AuditEntry.objects.filter(object_id=str(person.pk)).order_by("-id").first()
    assert (cli.via, cli.ip_address) == ("cli", None)


def test_forwarded_addresses_are_only_trusted_when_configured(
    client, settings, province_tree, make_member
):
    person = make_member(province_tree["health"])
    client.force_login(person)
    data = {"full_name": "Tên Mới", "email": "", "position": "", "phone": ""}
    client.post(reverse("profile"), data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AuditEntry.objects.order_by("-id").first().ip_address == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    data["full_name"] = "Tên Mới Hơn"
    client.post(reverse("profile"), data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AuditEntry.objects.order_by("-id").first().ip_address == "1.2.3.4"


# The Django admin -------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_lists_and_shows_entries(admin_client_, entry):
    changelist = admin_client_.get(reverse("admin:core_auditentry_changelist"))
    assert changelist.status_code == 200
    assert "Sở Giáo dục và Đào tạo" in changelist.content.decode()
    detail = admin_client_.get(reverse("admin:core_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_admin_cannot_add_change_or_delete_entries(admin_client_, entry):
    assert admin_client_.get(reverse("admin:core_auditentry_add")).status_code == 403
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])
    admin_client_.post(change_url, {"message": "sửa lén", "action": "delete"})
    entry.refresh_from_db()
    assert entry.message == "" and entry.action == AuditEntry.Action.UPDATE
    delete_url = reverse("admin:core_auditentry_delete", args=[entry.pk])
    assert admin_client_.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = admin_client_.post(
        reverse("admin:core_auditentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_admin_keeps_organisations_and_memberships_read_only(admin_client_, province_tree):
    health = province_tree["health"]
    assert admin_client_.get(reverse("admin:org_organization_add")).status_code == 403
    admin_client_.post(
        reverse("admin:org_organization_change", args=[health.pk]), {"name": "Đổi tên lén"}
    )
    health.refresh_from_db()
    assert health.name == "Sở Y tế tỉnh Thanh Hóa"
    assert admin_client_.get(reverse("admin:org_membership_add")).status_code == 403
    assert admin_client_.get(reverse("admin:org_organization_changelist")).status_code == 200


def test_admin_edits_of_people_are_audited(admin_client_, admin_user):
    person = UserFactory(username="tam", full_name="Lê Văn Tám")
    url = reverse("admin:org_user_change", args=[person.pk])
    assert admin_client_.get(url).status_code == 200
    response = admin_client_.post(
        url,
        {
            "username": "tam",
            "full_name": "Lê Văn Tám",
            "email": "tam@example.gov.vn",
            "position": "Phó phòng",
            "phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_id=str(person.pk))
    assert entry.actor == admin_user
    assert entry.changes == {"position": ["", "Phó phòng"]}
    assert entry.message == "Sửa trong trang quản trị"


def test_admin_can_revoke_tokens_through_the_service(admin_client_, province_tree, make_member):
    person = make_member(province_tree["health"])
    token, _raw = services.create_api_token(user=person, name="Máy chủ", by=person)
    admin_client_.post(
        reverse("admin:org_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(
        object_id=str(token.pk), changes__has_key="revoked_at"
    ).exists()
    detail = admin_client_.get(reverse("admin:org_apitoken_change", args=[token.pk]))
    assert token.key_hash not in detail.content.decode()
