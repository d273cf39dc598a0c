"""The routing table: field × area → responsible organisation, with history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import RoutingRule
from phoihop.cases.routing import proposed_lead
from phoihop.core.audit import entries_for

from ..factories import system_admin

pytestmark = pytest.mark.django_db
D = datetime.date
AFTER_THE_REFORM = D(2025, 7, 1)


def _rule(world, organization, *, area=None, valid_from=AFTER_THE_REFORM, valid_to=None):
    return services.create_routing_rule(
        by=system_admin(),
        field=world.field,
        area=area or world.province,
        organization=organization,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def test_the_province_rule_proposes_the_lead(new_case, world):
    _rule(world, world.health)
    assert proposed_lead(new_case()) == world.health


def test_a_commune_rule_wins_over_the_province(new_case, world):
    _rule(world, world.health)
    _rule(world, world.education, area=world.commune)
    assert proposed_lead(new_case()) == world.education
    assert proposed_lead(new_case(area=world.other_commune)) == world.health


def test_history_answers_by_the_day(new_case, world):
    old = _rule(world, world.education)
    services.end_routing_rule(rule=old, by=system_admin(), valid_to=D(2026, 6, 30))
    _rule(world, world.health, valid_from=D(2026, 7, 1))
    case = new_case()
    assert proposed_lead(case, D(2026, 3, 1)) == world.education
    assert proposed_lead(case, D(2026, 8, 1)) == world.health
    assert RoutingRule.objects.count() == 2  # nothing deleted
    assert entries_for(old).count() == 2


def test_overlapping_rules_are_refused(world):
    _rule(world, world.health)
    with pytest.raises(ValidationError):
        _rule(world, world.education, valid_from=D(2026, 1, 1))


def test_no_rule_or_no_field_proposes_nothing(new_case, world):
    assert proposed_lead(new_case()) is None
    _rule(world, world.health)
    assert proposed_lead(new_case(field=None)) is None


def test_an_archived_organisation_is_not_proposed(new_case, world):
    _rule(world, world.health)
    world.health.archived_at = timezone.now()
    world.health.save(update_fields=["archived_at"])
    assert proposed_lead(new_case()) is None


def test_only_system_administrators_keep_the_table(world):
    with pytest.raises(PermissionDenied):
        services.create_routing_rule(
            by=world.people.leader,
            field=world.field,
            area=world.province,
            organization=world.health,
            valid_from=D(2026, 1, 1),
        )


def test_the_admin_page_saves_through_the_audited_service(client, world):
    admin = system_admin()
    client.force_login(admin)
    response = client.post(
        reverse("admin:cases_routingrule_add"),
        {
            "field": world.field.pk,
            "area": world.province.pk,
            "organization": world.health.pk,
            "valid_from": "2026-01-01",
            "valid_to": "",
            "note": "Quyết định phân công",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = RoutingRule.objects.get()
    entry = entries_for(rule).get()
    assert entry.actor == admin
    assert entry.changes["organization"] == [None, world.health.name]
