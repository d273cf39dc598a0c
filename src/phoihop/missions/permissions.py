"""Who may do what with missions.

- The conducting organisation's staff (administrators, leaders, specialists, at it or above)
  set a mission up, record its visits, findings and recommendations and attach its report.
- The mission's leader and members read all of it.
- A visited organisation's staff (focal points included) read their own findings and
  recommendations and answer their findings; never another visited organisation's.
"""

from phoihop.org.models import Organization
from phoihop.org.scope import grants, holds_role
from phoihop.plans.permissions import OWNER_ROLES, REPORTER_ROLES

from .models import Finding, Mission


def can_create_mission(user, organization: Organization | None = None) -> bool:
    if organization is None:
        return user.is_authenticated and (user.is_superuser or bool(grants(user, OWNER_ROLES)))
    return holds_role(user, organization, OWNER_ROLES)


def can_manage_mission(user, mission: Mission) -> bool:
    return holds_role(user, mission.organization, OWNER_ROLES)


def sees_whole_mission(user, mission: Mission) -> bool:
    """The conducting side: its people (any role), the leader and the members."""
    if not user.is_authenticated or not user.is_active:
        return False
    if holds_role(user, mission.organization):
        return True
    if mission.leader_id == user.pk:
        return True
    return mission.members.filter(pk=user.pk).exists()


def can_answer_finding(user, finding: Finding) -> bool:
    return holds_role(user, finding.organization, REPORTER_ROLES)
