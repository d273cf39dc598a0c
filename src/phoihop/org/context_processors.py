from .permissions import can_view_audit


def navigation(request):
    """Flags the base template needs to show only the menu entries a user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_view_audit_page": can_view_audit(user)}
