from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.db.models import Q
from django.db.utils import DatabaseError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import search
from .forms import SearchForm
from .htmx import render_page


@require_GET
@never_cache
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def search_page(request):
    form = SearchForm(request.GET)
    data = form.valid_data()
    query, kind = data.get("q", ""), data.get("kind")
    hits = search.search(request.user, query, kinds=[kind] if kind else None, limit=50)
    context = {"form": form, "query": query, "hits": hits}
    return render_page(request, "core/search.html", context, fragment="results")


@login_required
@require_GET
def notifications(request):
    """Two lists: "Cần xử lý" (asked to act, not done yet: all of them, oldest first, since each
    waits for someone) and "Thông tin" (everything else, newest first)."""
    mine = request.user.notifications
    open_actions = Q(needs_action=True, done_at__isnull=True)
    context = {
        "actions": list(mine.filter(open_actions).order_by("created_at", "id")[:200]),
        "items": list(mine.exclude(open_actions)[:100]),
    }
    return render(request, "core/notifications.html", context)


@login_required
@require_POST
def mark_notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


def api_not_found(request, *args, **kwargs):
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return JsonResponse({"detail": "Không tìm thấy.", "errors": {}}, status=404)


def error_response(request, status: int, detail: str, hint: str = ""):
    """An error in the API's shape under /api/, and a Vietnamese page in the site's layout
    elsewhere (Django's own error pages are English and unstyled)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": detail, "errors": {}}, status=status)
    context = {"status": status, "detail": detail, "hint": hint}
    return render(request, "core/error.html", context, status=status)


def bad_request(request, exception=None):
    """400 for a request no view could use, and 413 when its body was too large."""
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413, _("Dữ liệu gửi lên quá lớn."))
    return error_response(request, 400, _("Yêu cầu không hợp lệ."))


def permission_denied(request, exception=None):
    return error_response(
        request,
        403,
        _("Bạn không có quyền thực hiện thao tác này."),
        _("Nếu bạn cần quyền này, hãy liên hệ quản trị của đơn vị."),
    )


def page_not_found(request, exception=None):
    return error_response(
        request,
        404,
        _("Không tìm thấy trang này."),
        _("Địa chỉ có thể đã sai, hoặc nội dung đã chuyển đi hay không thuộc phạm vi của bạn."),
    )


def csrf_failure(request, reason=""):
    return error_response(
        request,
        403,
        _("Biểu mẫu đã hết hạn."),
        _("Trang đã mở quá lâu hoặc phiên đăng nhập đã thay đổi. Hãy tải lại trang rồi gửi lại."),
    )


def server_error(request):
    """Rendered without a request context: the menu and notification count read the database,
    which may be what failed."""
    return HttpResponseServerError(get_template("core/500.html").render())
