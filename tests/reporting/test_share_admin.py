"""System administrators set the shares of a divided commune in the Django admin: each save
and deletion is audited, a successor that is not one or shares over 100% are refused on the
page, and the roll-ups follow at once."""

import datetime

import pytest
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry
from phoihop.core.periods import Period
from phoihop.reporting import analytics
from phoihop.reporting.models import AreaSuccessionShare
from tests.factories import make_indicator

from .rollup_world import accept, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world([make_indicator(code="TG.BUOI")])


def share_form(world, successor="p2", share="60"):
    return {
        "predecessor": world.areas["a2"].pk,
        "successor": world.areas[successor].pk,
        "share": share,
    }


def per_commune(world) -> list:
    indicator = world.regime.report_form.items.get().indicator
    june = Period.from_code("2025-06")
    result = analytics.series(
        indicator, [world.areas["P"]], [june], as_of=datetime.date(2026, 1, 1), level="commune"
    )
    return [result.value(area.pk, june.code) for area in result.areas]


def test_a_share_set_in_the_admin_is_audited_and_splits_the_figures(client, admin_user, world):
    indicator = world.regime.report_form.items.get().indicator
    accept(world.regime, world.units["a2"], "2025-06", {indicator: 10})
    assert per_commune(world) == [10, None]
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:reporting_areasuccessionshare_add"), share_form(world, "p2", "60")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    row = AreaSuccessionShare.objects.get()
    assert entries_for(row).get().action == AuditEntry.Action.CREATE
    # Only p2 has a share: the whole of a2 goes to it.
    assert per_commune(world) == [None, 10]
    client.post(reverse("admin:reporting_areasuccessionshare_add"), share_form(world, "p1", "40"))
    assert per_commune(world) == [4, 6]

    url = reverse("admin:reporting_areasuccessionshare_delete", args=[row.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert entries_for(row).first().action == AuditEntry.Action.DELETE
    assert per_commune(world) == [10, None]


def test_the_admin_says_what_the_model_refuses(client, admin_user, world):
    client.force_login(admin_user)
    add = reverse("admin:reporting_areasuccessionshare_add")
    wrong = share_form(world) | {"predecessor": world.areas["a1"].pk}
    response = client.post(add, wrong)
    assert response.status_code == 200
    assert "không phải địa bàn kế thừa" in response.content.decode()
    client.post(add, share_form(world, "p1", "70"))
    response = client.post(add, share_form(world, "p2", "31"))
    assert "vượt quá 100%" in response.content.decode()
    assert AreaSuccessionShare.objects.count() == 1
