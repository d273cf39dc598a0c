import pytest
from django.db import connection
from django.db.models import Q

from phoihop.org.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def memberships():
    inside, outside = OrganizationFactory(), OrganizationFactory()
    return {
        "inside": MembershipFactory(organization=inside, user=UserFactory()),
        "outside": MembershipFactory(organization=outside, user=UserFactory()),
        "inside_organization": inside,
    }


def test_in_subquery_selects_the_same_rows_as_in(memberships):
    chosen = Organization.objects.filter(pk=memberships["inside_organization"].pk).values("pk")

    by_lookup = Membership.objects.filter(organization__in_subquery=chosen)

    assert list(by_lookup) == list(Membership.objects.filter(organization__in=chosen))
    assert list(by_lookup) == [memberships["inside"]]


def test_in_subquery_as_one_arm_of_an_or(memberships):
    chosen = Organization.objects.filter(pk=memberships["inside_organization"].pk).values("pk")
    either = Membership.objects.filter(
        Q(organization__in_subquery=chosen) | Q(pk=memberships["outside"].pk)
    )

    assert set(either) == {memberships["inside"], memberships["outside"]}


def test_in_subquery_ignores_the_default_ordering_of_the_subquery(memberships):
    """Organisations are ordered by default; an ORDER BY inside the array would sort for
    nothing."""
    chosen = Organization.objects.values("pk")

    sql = str(Membership.objects.order_by().filter(organization__in_subquery=chosen).query)

    assert "ORDER BY" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANY(ARRAY(…)) is PostgreSQL's")
def test_in_subquery_is_an_array_on_postgresql(memberships):
    chosen = Organization.objects.values("pk")

    sql = str(Membership.objects.filter(organization__in_subquery=chosen).query)

    assert "= ANY(ARRAY(SELECT" in sql
