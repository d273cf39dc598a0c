import pytest
from django.core.exceptions import ValidationError

from phoihop.org import services


def test_service_refuses_too_long_name_and_bad_email_with_field_errors(admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_organization(
            by=admin_user, name="S" * 300, kind="department", level="province", email="khong-hop-le"
        )
    errors = caught.value.message_dict
    assert errors["name"] == ["Tối đa 255 ký tự."]
    assert errors["email"] == ["Thư điện tử không hợp lệ."]


def test_restore_records_the_reason_in_the_audit(admin_user):
    organization = services.create_organization(
        by=admin_user, name="Sở Thông tin và Truyền thông", kind="department", level="province"
    )
    services.archive_organization(organization=organization, by=admin_user)
    services.restore_organization(organization=organization, by=admin_user, reason="Nhập nhầm")
    from phoihop.core.audit import entries_for

    assert entries_for(organization).first().message == "Nhập nhầm"


def test_moving_an_organisation_moves_its_subtree_paths(admin_user):
    top = services.create_organization(
        by=admin_user, name="UBND tỉnh", kind="peoples_committee", level="province"
    )
    other = services.create_organization(
        by=admin_user, name="Tỉnh ủy", kind="party_committee", level="province"
    )
    middle = services.create_organization(
        by=admin_user, name="Sở Y tế", kind="department", level="province", parent=top
    )
    leaf = services.create_organization(
        by=admin_user, name="Bệnh viện", kind="other", level="province", parent=middle
    )
    services.update_organization(organization=middle, by=admin_user, parent=other)
    leaf.refresh_from_db()
    assert leaf.path == f"/{other.pk}/{middle.pk}/{leaf.pk}/"
    assert leaf.depth == 2


def test_an_organisation_cannot_become_its_own_descendant(admin_user):
    top = services.create_organization(
        by=admin_user, name="Tỉnh ủy", kind="party_committee", level="province"
    )
    child = services.create_organization(
        by=admin_user, name="Ban", kind="party_board", level="province", parent=top
    )
    with pytest.raises(ValidationError) as caught:
        services.update_organization(organization=top, by=admin_user, parent=child)
    assert "parent" in caught.value.message_dict


def test_the_last_admin_of_an_organisation_cannot_be_demoted_or_removed(province_tree, make_member):
    from phoihop.org.models import Membership

    health = province_tree["health"]
    boss = make_member(province_tree["committee"], role="org_admin")
    last = make_member(health, role="org_admin")
    membership = Membership.objects.get(user=last, organization=health)
    with pytest.raises(ValidationError, match="ít nhất một người quản trị"):
        services.change_member_role(membership=membership, role="specialist", by=boss)
    with pytest.raises(ValidationError, match="ít nhất một người quản trị"):
        services.remove_member(membership=membership, by=boss)
    assert Membership.objects.get(pk=membership.pk).role == "org_admin"


def test_an_admin_cannot_demote_themself(province_tree, make_member):
    from phoihop.org.models import Membership

    health = province_tree["health"]
    admin = make_member(health, role="org_admin")
    make_member(health, role="org_admin")
    membership = Membership.objects.get(user=admin, organization=health)
    with pytest.raises(ValidationError, match="tự gỡ quyền quản trị"):
        services.change_member_role(membership=membership, role="leader", by=admin)
