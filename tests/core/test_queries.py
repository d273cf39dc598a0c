"""Shared query expressions, on the real database (SQLite and PostgreSQL)."""

import pytest
from django.db.models import Q

from phoihop.org.models import Organization


@pytest.fixture
def organizations(db):
    return [
        Organization.objects.create(name=f"Ban {n}", kind=Organization.Kind.PARTY_COMMITTEE)
        for n in range(5)
    ]


def test_any_of_finds_the_same_rows_as_in(organizations):
    wanted = [organizations[0].pk, organizations[3].pk, 10**9]
    found = Organization.objects.filter(pk__any_of=wanted)
    assert sorted(found.values_list("pk", flat=True)) == [organizations[0].pk, organizations[3].pk]


def test_any_of_an_empty_list_matches_nothing_even_inside_an_or(organizations):
    assert not Organization.objects.filter(pk__any_of=[]).exists()
    either = Organization.objects.filter(Q(pk__any_of=[]) | Q(pk=organizations[1].pk))
    assert list(either) == [organizations[1]]


def test_any_of_works_across_a_relation(organizations):
    child = Organization.objects.create(
        name="Phòng", kind=Organization.Kind.PARTY_COMMITTEE, parent=organizations[2]
    )
    assert list(Organization.objects.filter(parent__any_of=[organizations[2].pk])) == [child]


def test_any_of_refuses_what_is_not_an_id(organizations):
    with pytest.raises((ValueError, TypeError)):
        list(Organization.objects.filter(pk__any_of=["1}", "{2"]))
