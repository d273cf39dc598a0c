"""Reads for missions: what one user may see of a mission (whole, or their own visits)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from phoihop.core import search
from phoihop.plans.models import Task

from . import permissions
from .models import Finding, Mission, Recommendation, Visit


def missions_for(user) -> QuerySet:
    return Mission.objects.visible_to(user).select_related("organization", "decision", "leader")


@dataclass
class MissionFilters:
    q: str = ""
    kind: str = ""
    organization: int | None = None
    year: int | None = None

    def apply(self, missions: QuerySet) -> QuerySet:
        if self.kind:
            missions = missions.filter(kind=self.kind)
        if self.organization:
            missions = missions.filter(organization_id=self.organization)
        if self.year:
            missions = missions.filter(starts_on__year=self.year)
        return search.filter_text(missions, self.q)


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
    from phoihop.org.models import Organization

    return Organization.objects.within_scope_of(user).values("pk")
