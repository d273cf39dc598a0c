"""Remember where the current request comes from, so the audit trail can say so without every
service taking the request as an argument."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    via: str  # "web", "api" or "cli"


_current: ContextVar[RequestContext | None] = ContextVar("phoihop_request", default=None)


def current_request_context() -> RequestContext:
    return _current.get() or RequestContext(ip_address=None, via="cli")


def client_ip(request) -> str | None:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


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
