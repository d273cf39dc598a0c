"""Who may do what with reporting regimes, forms and indicators.

Indicators, forms and regimes are kept by system administrators, in the Django admin (the
services below it check this predicate). A propaganda department receives most regimes, but
nothing in the platform yet gives a receiving department's staff the right to change what
other organisations must report; that stays a decision for the system administrators who keep
the reference data (docs/architecture.md, "Reporting regimes, forms and indicators").
"""

from phoihop.org.permissions import is_system_admin


def can_manage_reporting(user) -> bool:
    """Create or change indicators, report forms and reporting regimes."""
    return is_system_admin(user)
