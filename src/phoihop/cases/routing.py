"""Which organisation the routing table proposes as the lead of a case (a read; the writes to
the table are services.reference)."""

import datetime

from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.utils import timezone

from phoihop.org.models import Area, Organization

from .models import Case, RoutingRule


def proposed_lead(case: Case, day: datetime.date | None = None) -> Organization | None:
    """The organisation responsible for the case's field in its commune, else in the commune's
    province, on `day` (today); None when the table has no rule or it names an organisation
    that has stopped working."""
    if case.field_id is None or case.area_id is None:
        return None
    day = day or timezone.localdate()
    areas = [case.area_id]
    if case.area.level == Area.Level.COMMUNE and case.area.parent_id:
        areas.append(case.area.parent_id)
    rule = (
        RoutingRule.objects.valid_on(day)
        .filter(field_id=case.field_id, area_id__in=areas, organization__archived_at__isnull=True)
        .annotate(
            nearest=SqlCase(
                When(area_id=case.area_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("organization")
        .order_by("nearest", "-valid_from")
        .first()
    )
    return rule.organization if rule else None
