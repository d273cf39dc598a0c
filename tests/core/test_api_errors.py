"""The API's one error shape {"detail", "errors"}: 422 for bad parameters, 400 for refused data,
401, 403, 404 — and never a 500, on a test API and on every route of the real one."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.testing import TestClient

from phoihop.api import api as real_api
from phoihop.core.api import (
    BearerToken,
    PageParams,
    install_error_handlers,
    paginate,
    session_or_token,
)
from phoihop.org import services
from phoihop.org.models import Organization

pytestmark = pytest.mark.django_db


def _build_api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="error-shape-test", auth=None)
    install_error_handlers(api)

    @api.get("/not-found")
    def not_found(request):
        raise Http404("chi tiết nội bộ")

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied

    @api.post("/refused")
    def refused(request):
        raise ValidationError({"name": ["Tên không được để trống."], "__all__": ["Trùng."]})

    @api.post("/refused-plain")
    def refused_plain(request):
        raise ValidationError("Không hợp lệ.")

    @api.get("/typed")
    def typed(request, n: int, day: str = "x"):
        return {"n": n}

    @api.get("/teapot")
    def teapot(request):
        raise HttpError(418, "Tôi là ấm trà.")

    @api.get("/private", auth=session_or_token())
    def private(request):
        return {"ok": True}

    @api.get("/page")
    def page(request, params: Query[PageParams]):
        return paginate(
            Organization.objects.order_by("pk"),
            params.page,
            params.page_size,
            serialize=lambda o: {"id": o.pk},
        )

    return api


@pytest.fixture(scope="module")
def test_client():
    return TestClient(_build_api())


def test_404_hides_details(test_client):
    response = test_client.get("/not-found")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_403_says_so_in_vietnamese(test_client):
    response = test_client.get("/forbidden")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền thực hiện thao tác này.", "errors": {}}


def test_refused_data_is_400_with_field_errors(test_client):
    response = test_client.post("/refused")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"name": ["Tên không được để trống."], "__all__": ["Trùng."]},
    }
    plain = test_client.post("/refused-plain")
    assert plain.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"__all__": ["Không hợp lệ."]},
    }


def test_bad_parameters_are_422_naming_the_field(test_client):
    response = test_client.get("/typed?n=mot")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert list(body["errors"]) == ["n"]
    assert test_client.get("/typed").json()["errors"].keys() == {"n"}


def test_http_errors_keep_their_status_and_message(test_client):
    response = test_client.get("/teapot")
    assert response.status_code == 418
    assert response.json() == {"detail": "Tôi là ấm trà.", "errors": {}}


def test_missing_credentials_are_401(test_client):
    response = test_client.get("/private")
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=501", "page=mot"])
def test_bad_pagination_is_422(test_client, query):
    response = test_client.get(f"/page?{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


def test_pagination_shape(test_client, province_tree):
    body = test_client.get("/page?page=2&page_size=3").json()
    assert body["count"] == 4
    assert len(body["items"]) == 1


def test_bearer_token_class_is_the_first_authenticator():
    assert isinstance(session_or_token()[0], BearerToken)


# Every route of the real API -------------------------------------------------------------------


def _operations():
    """(method, url) for every operation of the real API, path parameters filled with ids that
    do not exist."""
    for bound in real_api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            url = "/api/v1/" + "/".join(p.strip("/") for p in (bound.prefix, path) if p.strip("/"))
            url = re.sub(r"\{[^}]*\}", "987654321", url)
            for operation in path_view.operations:
                for method in operation.methods:
                    yield method, url, bool(operation.auth_callbacks)


OPERATIONS = sorted(set(_operations()))


@pytest.fixture
def token_client(province_tree, make_member):
    member = make_member(province_tree["propaganda"])
    raw = services.create_api_token(user=member, name="sweep", by=member)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize(("method", "url", "needs_auth"), OPERATIONS)
def test_no_route_answers_500_to_junk(token_client, client, method, url, needs_auth):
    junk = {"page": "-1", "page_size": "x", "q": "'\"%_\\", "limit": "x", "date": "32/13/2025"}
    call = getattr(token_client, method.lower())
    if method == "GET":
        response = call(url, junk)
    else:
        response = call(url, '{"gì": ', content_type="application/json")
    assert response.status_code < 500, (method, url, response.content[:300])
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}, (method, url, response.json())
    if needs_auth:
        anonymous = getattr(client, method.lower())(url)
        assert anonymous.status_code == 401, (method, url)
        assert set(anonymous.json()) == {"detail", "errors"}
