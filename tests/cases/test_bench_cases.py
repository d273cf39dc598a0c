"""The case benchmark's generator (benchmarks/bench_cases.py) at a tiny scale: it writes what
the pages read, every bucket is there, and the pages it measures answer. PostgreSQL only, like
the benchmarks (the generator is SQL over generate_series)."""

import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from benchmarks import bench_cases
from phoihop.cases import selectors
from phoihop.cases.models import Case, CaseParticipant, Channel, Item
from phoihop.org.models import Membership

from ..conftest import build_province_tree
from ..factories import AreaFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [
    # The generator ends with VACUUM (no transaction). serialized_rollback: see test_backup.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the benchmark generator needs PostgreSQL"
    ),
]

SCALE = 0.0005  # 300 cases, 500 items


@pytest.fixture
def bench_world():
    province = AreaFactory(code="38", name="Tỉnh Thanh Hóa", type="tỉnh", level="province")
    tree = build_province_tree(area=province)
    for code in ("14947", "15010", "15013"):
        commune = AreaFactory(
            code=code, name=f"Xã {code}", type="xã", level="commune", parent=province
        )
        for suffix in ("UBND", "MTTQ"):
            OrganizationFactory(identifier=f"38.{code}.{suffix}", name=f"{suffix} {commune.name}")
    specialist = UserFactory(username="cv.bench")
    MembershipFactory(
        user=specialist, organization=tree["propaganda"], role=Membership.Role.SPECIALIST
    )
    return tree, specialist


def test_the_generator_makes_cases_in_every_bucket_and_the_pages_answer(bench_world, client):
    tree, specialist = bench_world
    out = io.StringIO()
    bench_cases.generate_cases(scale=SCALE, out=out)
    assert bench_cases.already_generated(SCALE)
    assert Case.objects.count() == bench_cases.case_count(SCALE) == 300
    assert Item.objects.count() == 500  # one item each, a second for two cases in three
    for case in Case.objects.prefetch_related("items"):  # the channels kept on the case
        assert case.channels == Channel.bits(item.channel for item in case.items.all())
    assert set(Case.objects.values_list("department", flat=True)) == {tree["propaganda"].pk}
    leads = CaseParticipant.objects.filter(role="lead").count()
    assert leads == Case.objects.filter(lead_organization__isnull=False).count() > 0
    counts = selectors.bucket_counts(Case.objects.all(), timezone.localdate())
    assert all(counts[bucket] for bucket in ("done_on_time", "done_late", "open_overdue"))
    assert Case.objects.filter(hot_spot=True).exists()
    sizes = bench_cases.data_sizes()
    assert sizes["cases"] == 300 and sizes["items"] == 500

    client.force_login(specialist)
    for scenario, _user in bench_cases.scenarios():
        assert client.get(scenario.path).status_code == 200, scenario.path
    analytics = client.get(reverse("cases:case_analytics"), {"received_from": ""})
    assert analytics.context["figures"]["total"] == 300
