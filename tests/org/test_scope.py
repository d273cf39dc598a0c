"""The one scope API (org.scope, ADR 0010): where a user holds a role, and whether they hold one
on an organisation, with the rule for memberships in archived organisations."""

import pytest
from django.utils import timezone

from phoihop.directives import permissions as directive_permissions
from phoihop.org import permissions, scope
from phoihop.org.models import Membership, Organization, User
from phoihop.plans import permissions as plan_permissions
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
PARTY_SUBTREE = {"Tỉnh ủy Thanh Hóa", "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"}


def _fresh(user):
    """The user as the next request loads it (the grants are read once per request)."""
    return User.objects.get(pk=user.pk)


def _in_scope(user, roles=None) -> set[str]:
    return set(Organization.objects.within_scope_of(user, roles).values_list("name", flat=True))


def test_a_role_reaches_the_organisation_and_everything_below_it(province_tree, make_member):
    specialist = make_member(province_tree["party"])
    assert _in_scope(specialist) == PARTY_SUBTREE
    assert scope.holds_role(specialist, province_tree["propaganda"])
    assert scope.holds_role(specialist, province_tree["party"])
    assert not scope.holds_role(specialist, province_tree["health"])


def test_a_role_below_does_not_reach_up_unless_asked(province_tree, make_member):
    specialist = make_member(province_tree["propaganda"])
    assert not scope.holds_role(specialist, province_tree["party"])
    assert scope.holds_role(specialist, province_tree["party"], or_below=True)
    assert "Tỉnh ủy Thanh Hóa" not in _in_scope(specialist)
    with_above = Organization.objects.within_scope_of(specialist, with_ancestors=True)
    assert province_tree["party"] in with_above
    assert province_tree["health"] not in with_above


def test_only_the_roles_asked_for_count(province_tree):
    user = UserFactory()
    MembershipFactory(user=user, organization=province_tree["party"], role=Role.SPECIALIST)
    MembershipFactory(user=user, organization=province_tree["health"], role=Role.ORG_ADMIN)
    assert _in_scope(user, {Role.ORG_ADMIN}) == {"Sở Y tế tỉnh Thanh Hóa"}
    assert scope.holds_role(user, province_tree["propaganda"], {Role.SPECIALIST})
    assert not scope.holds_role(user, province_tree["propaganda"], {Role.ORG_ADMIN})
    assert not permissions.can_change_organization(user, province_tree["propaganda"])
    assert permissions.can_change_organization(user, province_tree["health"])


def test_system_administrators_hold_every_role_and_anonymous_visitors_none(province_tree):
    from django.contrib.auth.models import AnonymousUser

    admin = UserFactory(is_superuser=True)
    assert Organization.objects.within_scope_of(admin, {Role.ORG_ADMIN}).count() == 4
    assert scope.holds_role(admin, province_tree["health"], {Role.ORG_ADMIN})
    nobody = AnonymousUser()
    assert not Organization.objects.within_scope_of(nobody).exists()
    assert not scope.holds_role(nobody, province_tree["health"])
    assert not Organization.objects.within_scope_of(UserFactory()).exists()


def test_an_inactive_account_holds_nothing(province_tree, make_member):
    specialist = make_member(province_tree["party"], is_active=False)
    assert not scope.holds_role(specialist, province_tree["party"])


def test_the_grants_are_read_once_per_request(
    province_tree, make_member, django_assert_num_queries
):
    specialist = _fresh(make_member(province_tree["party"], role=Role.ORG_ADMIN))
    with django_assert_num_queries(1):
        scope.holds_role(specialist, province_tree["party"])
        permissions.can_change_organization(specialist, province_tree["propaganda"])
        directive_permissions.can_edit_for(specialist, province_tree["party"])
        plan_permissions.can_create_programme(specialist)


# Memberships in archived organisations ---------------------------------------------------------


def _archive(organization):
    Organization.objects.filter(pk=organization.pk).update(archived_at=timezone.now())
    organization.refresh_from_db()


def test_a_membership_in_an_archived_organisation_grants_nothing(province_tree, make_member):
    admin = make_member(province_tree["health"], role=Role.ORG_ADMIN)
    _archive(province_tree["health"])
    admin = _fresh(admin)
    health = province_tree["health"]
    assert not Organization.objects.within_scope_of(admin).exists()
    assert not scope.holds_role(admin, health)
    assert not permissions.can_change_organization(admin, health)  # not even restoring it
    assert not permissions.can_view_audit(admin)
    assert not directive_permissions.can_edit_for(admin, health)
    assert not plan_permissions.can_create_programme(admin)
    assert list(User.objects.visible_to(admin)) == [admin]  # their own account only


def test_the_organisations_and_modules_agree_on_an_archived_membership(province_tree, make_member):
    """The organisation pages and the registry used to disagree (two caches): one counted the
    archived membership, the other did not."""
    editor = make_member(province_tree["propaganda"], role=Role.ORG_ADMIN)
    _archive(province_tree["propaganda"])
    editor = _fresh(editor)
    org_side = permissions.can_change_organization(editor, province_tree["propaganda"])
    registry_side = directive_permissions.can_edit_for(editor, province_tree["propaganda"])
    assert org_side is registry_side is False


def test_those_above_an_archived_organisation_keep_their_rights_over_it(province_tree, make_member):
    admin = make_member(province_tree["committee"], role=Role.ORG_ADMIN)
    _archive(province_tree["health"])
    admin = _fresh(admin)
    assert scope.holds_role(admin, province_tree["health"], {Role.ORG_ADMIN})
    assert province_tree["health"] in Organization.objects.within_scope_of(admin)
    assert permissions.can_change_organization(admin, province_tree["health"])


def test_other_memberships_still_count_when_one_organisation_is_archived(province_tree):
    user = UserFactory()
    MembershipFactory(user=user, organization=province_tree["health"], role=Role.ORG_ADMIN)
    MembershipFactory(user=user, organization=province_tree["party"], role=Role.SPECIALIST)
    _archive(province_tree["health"])
    user = _fresh(user)
    assert _in_scope(user) == PARTY_SUBTREE
    assert not permissions.administers_somewhere(user)


def test_within_and_is_within_follow_the_tree(province_tree):
    party, propaganda, health = (province_tree[k] for k in ("party", "propaganda", "health"))
    assert set(Organization.objects.within(party)) == {party, propaganda}
    assert set(Organization.objects.within(propaganda, health)) == {propaganda, health}
    assert not Organization.objects.within().exists()
    assert propaganda.is_within(party) and propaganda.is_within(health, propaganda)
    assert not party.is_within(propaganda)
    assert OrganizationFactory(parent=health) in Organization.objects.same_tree_as(health)
