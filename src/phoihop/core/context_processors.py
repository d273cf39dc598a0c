from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .notifications import unread_count


def site(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"SITE_URL": settings.SITE_URL, "unread_notifications": 0}
    # Counted when the menu is drawn: an HTMX fragment (a tree branch, a page of results) has
    # no menu and so no count.
    return {
        "SITE_URL": settings.SITE_URL,
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)),
    }
