"""Who may do what with reporting regimes, forms, indicators and submissions.

Indicators, forms and regimes are kept by system administrators, in the Django admin (the
services below it check this predicate). A propaganda department receives most regimes, but
nothing in the platform yet gives a receiving department's staff the right to change what
other organisations must report; that stays a decision for the system administrators who keep
the reference data (docs/architecture.md, "Reporting regimes, forms and indicators").

Submissions (issue 16, item 4): a reporting unit's people (its administrators, leaders,
specialists and focal points, or those of an organisation above it: rights cascade down the
tree) fill and send its reports; the receiver's administrators, leaders and specialists return,
accept and reopen them. Whoever may see a submission (`Submission.objects.visible_to`: any role
in the unit or the receiver) may comment on its values.
"""

from phoihop.org.models import Membership
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import holds_role

Role = Membership.Role
FILLER_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST, Role.FOCAL_POINT})
RECEIVER_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST})


def can_manage_reporting(user) -> bool:
    """Create or change indicators, report forms and reporting regimes."""
    return is_system_admin(user)


def can_fill_for(user, organization) -> bool:
    """Enter and send the reports of `organization`."""
    return holds_role(user, organization, FILLER_ROLES)


def can_fill(user, submission) -> bool:
    return can_fill_for(user, submission.organization)


def can_decide(user, submission) -> bool:
    """Return, accept or reopen a submission: its receiver's people."""
    return holds_role(user, submission.regime.receiver, RECEIVER_ROLES)


def can_receive(user, regime) -> bool:
    """See the received reports of `regime` as their receiver (and compile them)."""
    return holds_role(user, regime.receiver, RECEIVER_ROLES)


def can_comment(user, submission) -> bool:
    """Whoever may see the submission discusses its values: the unit and the receiver."""
    return holds_role(user, submission.organization) or holds_role(user, submission.regime.receiver)


def can_attach(user, submission) -> bool:
    return can_fill(user, submission) and submission.is_editable


def can_set_targets(user, owner) -> bool:
    """Set, change or import the targets an organisation gives (itself or the units that
    report to it): its administrators, leaders and specialists, and system administrators."""
    return is_system_admin(user) or holds_role(user, owner, RECEIVER_ROLES)
