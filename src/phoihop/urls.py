from django.contrib import admin
from django.urls import include, path, re_path

from phoihop.api import api
from phoihop.core import views as core_views
from phoihop.dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("activities/", dashboard_views.review_counts, name="review_counts"),
    path("activities/export/", dashboard_views.review_counts_export, name="review_counts_export"),
    path("healthz", core_views.healthz, name="healthz"),
    path("search/", core_views.search_page, name="search"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("notifications/read/", core_views.mark_notifications_read, name="notifications_read"),
    path("accounts/", include("phoihop.org.account_urls")),
    path("", include("phoihop.org.urls")),
    path("reviews/", include("phoihop.reviews.urls")),
    path("directives/", include("phoihop.directives.urls")),
    path("plans/", include("phoihop.plans.urls")),
    path("library/", include("phoihop.library.urls")),
    path("reporting/", include("phoihop.reporting.urls")),
    path("cases/", include("phoihop.cases.urls")),
    path("events/", include("phoihop.events.urls")),
    path("portal/", include("phoihop.cases.portal.urls")),
    path("open311/v2/", include("phoihop.cases.open311.urls")),
    path("missions/", include("phoihop.missions.urls")),
    path("models/", include("phoihop.practices.urls")),
    path("press/", include("phoihop.media.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/", core_views.api_not_found),
    path("admin/", admin.site.urls),
]

# A request the server refuses before any view (e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE).
handler400 = "phoihop.core.views.bad_request"
handler403 = "phoihop.core.views.permission_denied"
handler404 = "phoihop.core.views.page_not_found"
handler500 = "phoihop.core.views.server_error"
