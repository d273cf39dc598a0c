"""Shared pieces of the HTTP API: authentication, the one error shape, pagination.

The NinjaAPI object itself lives in phoihop/api.py, which mounts each app's router.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from .throttle import Throttled, retry_minutes

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def validation_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("__all__" if field == "__all__" else field): [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def _ninja_field(location: list[Any]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error answers {"detail", "errors"}: never a bare 500 for bad input."""

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request, exc):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(_ninja_field(list(err.get("loc", []))), []).append(err.get("msg", ""))
        return api.create_response(request, error_body("Dữ liệu không hợp lệ.", errors), status=422)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return api.create_response(
            request, error_body("Dữ liệu không hợp lệ.", validation_errors(exc)), status=400
        )

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, error_body("Không tìm thấy."), status=404)

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return api.create_response(
            request, error_body("Bạn không có quyền thực hiện thao tác này."), status=403
        )

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(
            request, error_body("Cần đăng nhập hoặc mã truy cập hợp lệ."), status=401
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        detail = _("Quá nhiều yêu cầu. Hãy thử lại sau %(minutes)s phút.") % {
            "minutes": retry_minutes(exc.retry_after)
        }
        response = api.create_response(request, error_body(detail), status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>. Tokens are looked up by hash, never stored raw.

    The resolver (the user model's `user_for_api_token`) answers None for an unknown, revoked or
    expired token, and marks the user `api_token_read_only` for a read-only one: this is the one
    place where such a token is refused every write, whatever the endpoint.
    """

    def authenticate(self, request: HttpRequest, token: str):
        from django.contrib.auth import get_user_model

        resolver = getattr(get_user_model(), "user_for_api_token", None)
        user = resolver(token) if resolver else None
        if user is None:
            return None
        request.user = user
        request.api_token_read_only = getattr(user, "api_token_read_only", False)
        if request.api_token_read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, "Mã truy cập này chỉ có quyền đọc: không thể ghi dữ liệu.")
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session, with Django's CSRF check for unsafe methods.

    Without a session there is nothing to protect, so the CSRF check is skipped and the caller
    gets the 401 it deserves (e.g. a wrong bearer token) rather than a misleading CSRF 403.
    """

    def __call__(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as exc:
            if exc.status_code == 403:
                raise HttpError(
                    403, "Thiếu hoặc sai mã CSRF: tải lại trang, hoặc dùng mã truy cập (Bearer)."
                ) from exc
            raise


def session_or_token():
    """Browser sessions (with CSRF) and bearer tokens both authenticate API calls."""
    return [BearerToken(), BrowserSession()]


class PageParams(Schema):
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def paginate(queryset, page: int, page_size: int, *, serialize, prepare=None) -> dict[str, Any]:
    """The one list shape: {"count": N, "items": [...]}, with page/page_size parameters.
    `prepare(rows)` may load what `serialize` needs for the whole page at once."""
    if page < 1:
        raise HttpError(422, "Tham số page phải lớn hơn hoặc bằng 1.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise HttpError(422, f"Tham số page_size phải từ 1 đến {MAX_PAGE_SIZE}.")
    count = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    items = [serialize(obj) for obj in (prepare(rows) if prepare else rows)]
    return {"count": count, "items": items}
