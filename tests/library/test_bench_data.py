"""The benchmark's bulk generator (benchmarks/bench_library.py) writes what the services would:
items with their text, search documents found without diacritics, audience rows, unique uses
and the counters summed from them. PostgreSQL only (the generator's SQL is)."""

import datetime
import io

import pytest
from django.db import connection

from phoihop.library import counts, selectors
from phoihop.library.models import Item, LevelTally, Use, UseTally
from tests.conftest import build_province_tree
from tests.factories import UserFactory, system_admin

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator's SQL is PostgreSQL")
def test_the_generator_writes_searchable_counted_items():
    from benchmarks import bench_library

    build_province_tree()
    UserFactory.create_batch(5)
    admin = system_admin()
    bench_library.fill(60, io.StringIO())
    assert Item.objects.count() == 60
    assert Item.objects.filter(current_version__isnull=True).count() == 0
    found = selectors.items_for(admin, {"q": bench_library.SEARCH})
    assert 0 < found.count() < 60
    assert (
        Item.objects.filter(access="restricted").count()
        == Item.objects.filter(audience__isnull=False).count()
    )
    uses = Use.objects.count()
    assert uses > 0
    totals = sum(i.view_count + i.download_count for i in Item.objects.all())
    assert totals == uses
    # The day tallies the review counts read hold the same uses (services.record_use's).
    assert sum(UseTally.objects.values_list("count", flat=True)) == uses
    assert sum(LevelTally.objects.values_list("count", flat=True)) == uses
    assert counts.use_totals(admin, start=datetime.date(2000, 1, 1), end=datetime.date.today()) == {
        kind: Use.objects.filter(kind=kind).count() for kind in Use.Kind.values
    }
