"""The HTTP API under /api/v1/: one NinjaAPI, each app contributes a router."""

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from phoihop.core.api import document_error_responses, install_error_handlers, session_or_token

api = NinjaAPI(
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
