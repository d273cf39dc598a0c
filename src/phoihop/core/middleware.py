"""Remember where the current request comes from, so the audit trail can say so without every
service taking the request as an argument."""

import re
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, JsonResponse

from .validation import INT64_MAX, text_problem


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    via: str  # "web", "api" or "cli"


_current: ContextVar[RequestContext | None] = ContextVar("phoihop_request", default=None)


def current_request_context() -> RequestContext:
    return _current.get() or RequestContext(ip_address=None, via="cli")


def client_ip(request) -> str | None:
    return client_address(request.META)


def client_address(meta) -> str | None:
    """The client's address from a request's META or a WSGI environ (the same keys)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return meta.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        via = "api" if request.path.startswith("/api/") else "web"
        token = _current.set(RequestContext(ip_address=client_ip(request), via=via))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class BoundaryMiddleware:
    """Refuses, before any view runs, what no view can use.

    - A path segment that is a number beyond a signed 64-bit column (`/plans/99999999999999999999/`)
      is a 404: no object can have that id, and the database would overflow on the lookup.
    - A page's query string with control characters or unpaired surrogates (`?q=%00`) is a 400:
      filters and search boxes are single-line text, and PostgreSQL refuses NUL. The API checks
      its parameters through its schemas (core.api.InputSchema) and answers 422 there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith(API_PREFIX)
        if _has_oversized_number(request.path_info):
            if is_api:
                return JsonResponse({"detail": "Không tìm thấy.", "errors": {}}, status=404)
            raise Http404
        if not is_api and _has_bad_text(request.GET):
            raise BadRequest("control characters in the query string")
        return self.get_response(request)


API_PREFIX = "/api/"
_NUMBER_SEGMENT = re.compile(r"(?<![^/])[0-9]{19,}(?![^/.])")


def _has_oversized_number(path: str) -> bool:
    return any(int(digits) > INT64_MAX for digits in _NUMBER_SEGMENT.findall(path))


def _has_bad_text(query) -> bool:
    return any(
        text_problem(text, multiline=False) is not None
        for key, values in query.lists()
        for text in (key, *values)
    )
