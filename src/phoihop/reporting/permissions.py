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

from phoihop.org.models import Area, Membership, Organization
from phoihop.org.permissions import is_system_admin
from phoihop.org.scope import grants, holds_role, kept_for_the_request

Role = Membership.Role
FILLER_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST, Role.FOCAL_POINT})
RECEIVER_ROLES = frozenset({Role.ORG_ADMIN, Role.LEADER, Role.SPECIALIST})


def can_manage_reporting(user) -> bool:
    """Create or change indicators, report forms and reporting regimes."""
    return is_system_admin(user)


# Roll-ups -------------------------------------------------------------------------------------
#
# The figures of accepted reports, added up, are for the officials of the areas concerned:
# system administrators and the people of central-level organisations read the whole country;
# anyone else signed in reads the provinces their organisations work in (an organisation's
# area, or the province above it), with those provinces' predecessors and successors across the
# 2025 reorganisation, and every district and commune within them. A person with no membership
# reads none (the pages say so). Submissions themselves stay with their sender and receiver
# (`Submission.objects.visible_to`).


def analytics_provinces(user) -> frozenset[int] | None:
    """The provinces (ids, old and new) whose roll-ups `user` reads; None: the whole country.
    Kept on the user object for the request."""
    return kept_for_the_request(user, "_phoihop_analytics_provinces", lambda: _provinces(user))


def _provinces(user) -> frozenset[int] | None:
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    memberships = grants(user)
    if not memberships:
        return frozenset()
    central = Organization.objects.filter(
        pk__in=[g.organization_id for g in memberships], level=Organization.Level.CENTRAL
    ).exists()
    if central:
        return None
    provinces = {g.province_id for g in memberships if g.province_id is not None}
    if not provinces:
        return frozenset()
    through = Area.successors.through
    links = through.objects.filter(
        from_area__level=Area.Level.PROVINCE, to_area__level=Area.Level.PROVINCE
    )
    related = links.filter(from_area_id__in=provinces).values_list("to_area_id", flat=True)
    related = set(related) | provinces
    earlier = links.filter(to_area_id__in=related).values_list("from_area_id", flat=True)
    return frozenset(related | set(earlier))


def province_of(area) -> int | None:
    """The id of the province an area lies in (itself for a province)."""
    while area is not None and area.level != Area.Level.PROVINCE:
        area = area.parent
    return area.pk if area is not None else None


def can_read_rollups(user, area) -> bool:
    """May `user` read the roll-ups of `area` (and of the areas within it)?"""
    provinces = analytics_provinces(user)
    if provinces is None:
        return True
    return province_of(area) in provinces


def shows_rollups_menu(user) -> bool:
    """The menu entry, drawn on every page, is said from the memberships already read for the
    request (`grants`), without a query of its own: system administrators and the people of
    organisations located in a province. The people of central bodies read the page and the
    API too (`can_read_any_rollups`), reached from its address: telling a central body from a
    body without an area would cost every page of theirs a query."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(g.province_id is not None for g in grants(user))


def can_read_any_rollups(user) -> bool:
    provinces = analytics_provinces(user)
    return provinces is None or bool(provinces)


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
