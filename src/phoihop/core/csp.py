"""Security headers beyond Django's own: the Content-Security-Policy itself comes from
django-csp (settings.CONTENT_SECURITY_POLICY, ADR 0004); this adds Permissions-Policy."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Switch off browser features (camera, location, payment …) that no page uses, so a
    script that slipped in could not ask for them either. A view's own header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
