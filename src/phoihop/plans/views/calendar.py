"""The private calendar feed and its settings page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import ical, services
from ..models import CalendarFeed


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        services.rotate_calendar_token(user=request.user, by=request.user)
        messages.success(
            request, _("Đã đổi địa chỉ lịch. Địa chỉ cũ không còn dùng được; hãy đăng ký lại.")
        )
        return redirect("plans:calendar_settings")
    context = {
        "calendar_url": services.calendar_url_for(request.user),
        "review_calendar_url": settings.SITE_URL
        + reverse(
            "plans:review_calendar_feed", args=[services.calendar_feed_for(request.user).token]
        ),
    }
    return TemplateResponse(request, "plans/calendar.html", context)


def _feed_user(token):
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@never_cache
@require_GET
def calendar_feed(request, token):
    """No session: calendar apps authenticate by the secret token in the URL."""
    return _ics(ical.build_calendar(_feed_user(token)), "phoihop.ics")


@never_cache
@require_GET
def review_calendar_feed(request, token):
    """The review calendar's own feed, with the same secret token as the personal one."""
    return _ics(ical.build_review_calendar(_feed_user(token)), "phoihop-so-ket-tong-ket.ics")
