"""Who may do what with the good-models registry (see models.py): every signed-in user reads;
the staff of the keeping organisation or of the organisation behind a model write."""

from phoihop.org.models import Organization
from phoihop.org.scope import grants, holds_role
from phoihop.plans.permissions import OWNER_ROLES

from .models import GoodModel


def can_create_model(user, keeper: Organization | None = None) -> bool:
    if keeper is None:
        return user.is_authenticated and (user.is_superuser or bool(grants(user, OWNER_ROLES)))
    return holds_role(user, keeper, OWNER_ROLES)


def can_change_model(user, practice: GoodModel) -> bool:
    return holds_role(user, practice.keeper, OWNER_ROLES) or holds_role(
        user, practice.organization, OWNER_ROLES
    )
