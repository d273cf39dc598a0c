"""Reads for the good-models registry."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from phoihop.core import search
from phoihop.org.models import Organization

from .models import Commendation, GoodModel, Replication


def models_for(user) -> QuerySet:
    return GoodModel.objects.visible_to(user).select_related(
        "organization", "keeper", "area", "field"
    )


@dataclass
class ModelFilters:
    q: str = ""
    field: int | None = None
    organization: int | None = None
    area: int | None = None
    year: int | None = None
    commended: bool | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    commended_start: datetime.date | None = None
    commended_end: datetime.date | None = None
    replicated_start: datetime.date | None = None
    replicated_end: datetime.date | None = None

    def apply(self, practices: QuerySet) -> QuerySet:
        if self.field:
            practices = practices.filter(field_id=self.field)
        if self.organization:
            organization = Organization.objects.filter(pk=self.organization).first()
            if organization is None:
                return practices.none()
            practices = practices.filter(organization__in=Organization.objects.within(organization))
        if self.area:
            practices = practices.filter(area_id=self.area)
        if self.year:
            practices = practices.filter(started_on__year=self.year)
        if self.commended is not None:
            has = Exists(Commendation.objects.filter(practice=OuterRef("pk")))
            practices = practices.filter(has if self.commended else ~has)
        if self.start:
            practices = practices.filter(started_on__gte=self.start)
        if self.end:
            practices = practices.filter(started_on__lte=self.end)
        if self.commended_start or self.commended_end:
            practices = practices.filter(
                pk__in=_within(
                    Commendation.objects, "conferred_on", self.commended_start, self.commended_end
                ).values("practice_id")
            )
        if self.replicated_start or self.replicated_end:
            practices = practices.filter(
                pk__in=_within(
                    Replication.objects, "started_on", self.replicated_start, self.replicated_end
                ).values("practice_id")
            )
        return search.filter_text(practices, self.q)


def _within(rows, column: str, start, end):
    if start:
        rows = rows.filter(**{f"{column}__gte": start})
    if end:
        rows = rows.filter(**{f"{column}__lte": end})
    return rows
