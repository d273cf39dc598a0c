"""The review's views and downloads come from day tallies (UseTally per organisation,
LevelTally per access level): whoever asks, for any period and organisation, they equal the
use rows of the items that person may read, also after an item changes access level or owner."""

import datetime

import pytest
from django.db.models import Count, Sum

from phoihop.library import counts, services
from phoihop.library.models import Item, LevelTally, Use, UseTally
from phoihop.org.models import Membership
from tests.conftest import build_province_tree
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, system_admin

pytestmark = pytest.mark.django_db
Role = Membership.Role
START = datetime.date(2026, 1, 1)


def _item(organization, access, audience=()):
    item = Item.objects.create(
        organization=organization,
        kind=Item.Kind.VIDEO,  # a link, no file to make
        link="https://video.example.vn/bai-giang",
        title=f"Tài liệu {access}",
        published_on=START,
        access=access,
    )
    services._set_audience(item, audience, [])
    return item


def _counted_from_rows(user, start, end, organization=None) -> dict[str, int]:
    items = Item.objects.visible_to(user)
    if organization is not None:
        from phoihop.org.models import Organization

        items = items.filter(organization__in=Organization.objects.within(organization))
    rows = Use.objects.filter(item__in=items.values("pk"), day__gte=start, day__lte=end)
    found = dict(rows.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {kind: found.get(kind, 0) for kind in Use.Kind.values}


@pytest.fixture
def world():
    tree = build_province_tree()
    propagandists = OrganizationFactory(name="Đoàn báo cáo viên", parent=tree["party"])
    items = [
        _item(tree["propaganda"], "public"),
        _item(tree["propaganda"], "signed_in"),
        _item(tree["propaganda"], "restricted", [propagandists]),
        _item(tree["health"], "restricted", [propagandists]),
        _item(tree["health"], "restricted", [tree["committee"]]),
    ]
    readers = UserFactory.create_batch(3)
    for n, item in enumerate(items):
        for k, reader in enumerate(readers):
            for day in range(1 + (n + k) % 4):
                kind = "view" if (day + k) % 2 else "download"
                services.record_use(
                    item=item, user=reader, kind=kind, day=START + datetime.timedelta(days=day * 9)
                )
    keeper = UserFactory()
    MembershipFactory(user=keeper, organization=tree["propaganda"], role=Role.SPECIALIST)
    member = UserFactory()
    MembershipFactory(user=member, organization=propagandists, role=Role.COLLABORATOR)
    health = UserFactory()
    MembershipFactory(user=health, organization=tree["health"], role=Role.FOCAL_POINT)
    people = {
        "admin": system_admin(),
        "keeper": keeper,
        "propagandist": member,
        "health": health,
        "anyone": UserFactory(),
    }
    return tree, items, people


def _check_everyone(tree, people):
    spans = [(START, START + datetime.timedelta(days=40)), (START + datetime.timedelta(days=10),
             START + datetime.timedelta(days=20))]  # fmt: skip
    for user in people.values():
        for start, end in spans:
            for organization in (None, tree["propaganda"], tree["committee"]):
                expected = _counted_from_rows(user, start, end, organization)
                found = counts.use_totals(user, start=start, end=end, organization=organization)
                assert found == expected, (user.username, start, end, organization)


def _check_tallies():
    """Each tally holds every use once: the level tallies are the organisations' summed."""
    assert sum(UseTally.objects.values_list("count", flat=True)) == Use.objects.count()
    by_level = {
        (row["day"], row["access"], row["kind"]): row["n"]
        for row in UseTally.objects.values("day", "access", "kind").annotate(n=Sum("count"))
        if row["n"]
    }
    levels = {
        (row.day, row.access, row.kind): row.count for row in LevelTally.objects.all() if row.count
    }
    assert levels == by_level


def test_tallies_equal_the_readable_use_rows_for_everyone(world):
    tree, _items, people = world
    assert UseTally.objects.exists()
    _check_everyone(tree, people)
    _check_tallies()


def test_a_level_or_owner_change_moves_the_item_tallies(world):
    tree, items, people = world
    admin = people["admin"]
    for item, organization, access in (
        (items[0], tree["health"], "restricted"),
        (items[2], tree["propaganda"], "public"),
        (items[4], tree["propaganda"], "signed_in"),
        (items[1], tree["health"], "signed_in"),  # the owner only
    ):
        services.update_item(
            item=item,
            organization=organization,
            kind=item.kind,
            title=item.title,
            published_on=item.published_on,
            link=item.link,
            access=access,
            audience_organizations=[tree["committee"]] if access == "restricted" else [],
            by=admin,
        )
    _check_everyone(tree, people)
    _check_tallies()


def test_a_second_use_the_same_day_adds_nothing(world):
    _tree, items, people = world
    before = sum(UseTally.objects.values_list("count", flat=True))
    assert services.record_use(item=items[1], user=people["keeper"], kind="view", day=START)
    assert not services.record_use(item=items[1], user=people["keeper"], kind="view", day=START)
    assert sum(UseTally.objects.values_list("count", flat=True)) == before + 1
    _check_tallies()
