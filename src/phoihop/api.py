"""The HTTP API under /api/v1/: one NinjaAPI, each app contributes a router."""

import copy

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from phoihop.core.api import document_error_responses, install_error_handlers, session_or_token


class PhoihopAPI(NinjaAPI):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._schemas: dict[str, dict] = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Built once per process and prefix: the operations are fixed once the apps are loaded,
        and the whole schema (every app's operations, ~250 KB) takes about 2 s to build, which
        the docs page and every Schemathesis run would otherwise pay on each request."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            self._schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return copy.deepcopy(self._schemas[path_prefix])  # a caller may change its copy


api = PhoihopAPI(
    title="phoihop API",
    version="1",
    description="API của phoihop: địa bàn, tổ chức, tìm kiếm và các nghiệp vụ phối hợp.",
    auth=session_or_token(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

# (prefix, dotted path of the router). An app joins the API by adding one line here.
ROUTERS = [
    ("/", "phoihop.org.api.router"),
    ("/", "phoihop.directives.api.router"),
    ("/", "phoihop.plans.api.router"),
    ("/", "phoihop.reporting.api.router"),
    ("/", "phoihop.cases.api.router"),
    ("/", "phoihop.missions.api.router"),
    ("/", "phoihop.practices.api.router"),
    ("/", "phoihop.events.api.router"),
    ("/", "phoihop.media.api.router"),
    ("/", "phoihop.library.api.router"),
]

for prefix, dotted in ROUTERS:
    api.add_router(prefix, import_string(dotted))

document_error_responses(api)
