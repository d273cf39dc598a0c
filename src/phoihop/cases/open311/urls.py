from django.urls import path, re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", views.discovery, {"fmt": "json"}, name="root"),
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w\-]{1,100})" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[\w\-]{1,40})" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w\-]{1,40})" + FMT, views.token_detail, name="token"),
]
