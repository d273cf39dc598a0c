"""Reads for missions: what one user may see of a mission (whole, or their own visits)."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet

from phoihop.core import search
from phoihop.org.models import Organization
from phoihop.plans.models import Task

from . import permissions
from .models import Finding, Mission, Recommendation, Visit


def missions_for(user) -> QuerySet:
    return Mission.objects.visible_to(user).select_related("organization", "decision", "leader")


@dataclass
class MissionFilters:
    """The filters of the mission list, the API and the review counts' links. `organization`:
    missions conducted by it or its units; `start`/`end`: missions that began in the period;
    `programme`: missions whose recommendations are followed in a plan of the programme."""

    q: str = ""
    kind: str = ""
    organization: int | None = None
    year: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    programme: int | None = None

    def apply(self, missions: QuerySet) -> QuerySet:
        if self.kind:
            missions = missions.filter(kind=self.kind)
        if self.organization:
            organization = Organization.objects.filter(pk=self.organization).first()
            if organization is None:
                return missions.none()
            missions = missions.filter(organization__in=Organization.objects.within(organization))
        if self.year:
            missions = missions.filter(starts_on__year=self.year)
        if self.start:
            missions = missions.filter(starts_on__gte=self.start)
        if self.end:
            missions = missions.filter(starts_on__lte=self.end)
        if self.programme:
            missions = missions.filter(follow_up_plan__programme_id=self.programme)
        return search.filter_text(missions, self.q)

    def as_query(self) -> str:
        values = {
            "kind": self.kind,
            "organization": self.organization,
            "start": self.start.strftime("%d/%m/%Y") if self.start else "",
            "end": self.end.strftime("%d/%m/%Y") if self.end else "",
            "programme": self.programme,
        }
        return urlencode({k: v for k, v in values.items() if v})


def recommendations_for(user, filters: MissionFilters, bucket: str = "") -> QuerySet:
    """The recommendations `user` may see of the missions `filters` keeps, each with its task's
    bucket (`task__bucket` is not a column: read `recommendation.task.bucket`)."""
    missions = filters.apply(Mission.objects.visible_to(user))
    recommendations = Recommendation.objects.visible_to(user).filter(mission__in=missions)
    if bucket:
        recommendations = recommendations.filter(
            task__in=Task.objects.in_bucket(bucket).values("pk")
        )
    return recommendations.select_related("organization", "mission", "task").order_by(
        "deadline", "id"
    )


@dataclass
class MissionView:
    """What `user` reads of one mission: every visit, finding and recommendation for the
    conducting side; their own for a visited organisation."""

    mission: Mission
    whole: bool
    visits: list[Visit] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)


def mission_view(user, mission: Mission) -> MissionView:
    whole = permissions.sees_whole_mission(user, mission)
    findings = (
        Finding.objects.visible_to(user).filter(mission=mission).select_related("answered_by")
    )
    visits = Visit.objects.filter(mission=mission).select_related("organization", "area")
    if not whole:
        visits = visits.filter(pk__in=findings.values("visit_id")) | visits.filter(
            organization__in=_own_organizations(user)
        )
    visits = visits.prefetch_related(Prefetch("findings", findings.order_by("id")))
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(mission=mission)
        .select_related("organization", "finding")
        .prefetch_related(Prefetch("task", Task.objects.with_bucket()))
    )
    return MissionView(
        mission=mission,
        whole=whole,
        visits=list(visits.order_by("visited_on", "id").distinct()),
        recommendations=list(recommendations),
    )


def _own_organizations(user):
    return Organization.objects.within_scope_of(user).values("pk")
