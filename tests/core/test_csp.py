"""Content-Security-Policy (ADR 0004): every kind of response carries the policy, no rendered
page holds a script, handler or style the policy would refuse, a policy a view set itself is
kept, and the API docs page loads nothing from outside."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse

from phoihop.core import uploads
from tests import test_url_permissions as table
from tests.factories import MembershipFactory
from tests.test_url_permissions import ROUTES, _request

# The permission table's world (an object of every kind, a visitor of every kind), built once
# for this module too, so that every page it lists is checked here.
built_world = table.built_world
world = table.world

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    """The response's policy as {directive: [sources]}; fails when there is none."""
    assert CSP in response, f"no {CSP} header"
    policy = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_strict_policy(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


# What the policy refuses in a page ------------------------------------------------------------

EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class InlineCodeFinder(HTMLParser):
    """Collects everything in a page that the policy would block or that would need
    'unsafe-inline': inline scripts and styles without the response's nonce, on*= handlers,
    hx-on attributes, style attributes, javascript: URLs, and scripts or styles from elsewhere."""

    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or re.match(r"(data-)?hx-on", name):
                self.problems.append(f"<{tag} {name}=…> handler")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script(attributes)
        elif tag == "style" and attributes.get("nonce") != self.nonce:
            self.problems.append("<style> without the nonce")
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self._local(tag, attributes.get("href"))

    def _script(self, attributes):
        if "src" in attributes:
            self._local("script", attributes["src"])
        elif (attributes.get("type") or "").lower() in EXECUTABLE_SCRIPT_TYPES:
            self.inline_scripts += 1
            if not self.nonce or attributes.get("nonce") != self.nonce:
                self.problems.append("inline <script> without the response's nonce")

    def _local(self, tag, url):
        if not url or not url.startswith("/") or url.startswith("//"):
            self.problems.append(f"<{tag}> from elsewhere: {url!r}")


def response_nonce(response) -> str | None:
    sources = directives(response).get("script-src", [])
    nonces = [s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-")]
    return nonces[0] if nonces else None


def inline_code_problems(response) -> list[str]:
    finder = InlineCodeFinder(response_nonce(response))
    finder.feed(response.content.decode())
    return finder.problems


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def test_the_finder_sees_what_the_policy_refuses():
    """The page check below can fail: each forbidden construct is reported."""
    html = (
        '<script>alert(1)</script><script nonce="abc">ok()</script>'
        '<script type="application/json">{"data": 1}</script>'
        '<button onclick="x()" hx-on:click="y()">b</button><div style="color:red"></div>'
        '<a href=" JavaScript:alert(1)">a</a><style>p{}</style>'
        '<script src="https://cdn.example.com/x.js"></script>'
    )
    finder = InlineCodeFinder("abc")
    finder.feed(html)
    assert len(finder.problems) == 7, finder.problems
    assert finder.inline_scripts == 2


# Every kind of response ------------------------------------------------------------------------


def test_a_page_carries_the_policy_and_the_other_security_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert inline_code_problems(response) == []


def test_an_htmx_fragment_carries_the_policy(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:organization_list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content  # a fragment, not the whole page
    assert_strict_policy(response)


def test_api_answers_carry_the_policy(client, admin_user):
    client.force_login(admin_user)
    assert_strict_policy(client.get("/api/v1/me"))
    assert_strict_policy(client.get("/api/v1/openapi.json"))
    unauthenticated = Client().get("/api/v1/me")
    assert unauthenticated.status_code == 401
    assert_strict_policy(unauthenticated)


def test_error_pages_carry_the_policy(client, admin_user):
    assert_strict_policy(client.get("/no-such-page/"))
    assert client.get("/no-such-page/").status_code == 404
    client.force_login(admin_user)
    assert_strict_policy(client.get("/api/v1/no-such-thing"))


def test_static_files_carry_the_policy(client):
    response = client.get("/static/core/phoihop.css")
    assert response.status_code == 200
    assert_strict_policy(response)


def test_the_admin_login_carries_the_policy_and_no_inline_code(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert inline_code_problems(response) == []


# A policy a view set itself wins ---------------------------------------------------------------


def sandboxed_download(request):
    response = HttpResponse(b"<script>alert(1)</script>", content_type="text/html")
    response[CSP] = "sandbox; default-src 'none'"
    response["Content-Disposition"] = 'attachment; filename="x.html"'
    return response


urlpatterns = [path("download/", sandboxed_download)]


@pytest.mark.urls(__name__)
def test_a_policy_set_by_the_view_is_not_replaced(client):
    response = client.get("/download/")
    assert response[CSP] == "sandbox; default-src 'none'"


# The API docs page -----------------------------------------------------------------------------


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.viewport = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "link", "img"}:
            self.urls += [attributes[a] for a in ("src", "href") if attributes.get(a)]
        if tag == "meta" and attributes.get("name") == "viewport":
            self.viewport = True


def test_the_api_docs_page_uses_only_local_files_under_the_policy(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_strict_policy(response)
    assert inline_code_problems(response) == []
    resources = Resources()
    resources.feed(response.content.decode())
    assert resources.viewport
    assert any(url.endswith("swagger-ui-bundle.js") for url in resources.urls)
    for url in resources.urls:
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200, url


# Every page of every app, as the people who see the most buttons --------------------------------


def pages(world) -> list[tuple[str, str]]:
    """(route, url) of every page in the permission table that a system administrator opens."""
    found = []
    for route, checks in ROUTES.items():
        for check in checks:
            if check.method == "GET" and not check.api and check.expect["admin"] == 200:
                found.append((route, check))
    return found


@pytest.mark.parametrize("role", ["admin", "org_admin"])
def test_no_page_holds_code_the_policy_would_refuse(world, role):
    # A second membership puts the organisation picker on the dashboard.
    MembershipFactory(user=world.users[role], organization=world.health)
    checked, problems = 0, {}
    for route, check in pages(world):
        response = _request(world, role, check)
        if response.get(CSP) == uploads.SANDBOX_CSP:
            continue  # a stored file: the upload path's stricter sandbox (core/uploads.py)
        assert_strict_policy(response)
        if response.status_code == 200 and is_html(response):
            problems[route] = inline_code_problems(response)
            checked += 1
    refused = [f"{route}: {found}" for route, found in problems.items() if found]
    assert not refused, f"as {role}:\n" + "\n".join(refused)
    assert checked > 40  # the table lists every page; this is not an empty loop


def test_every_answer_in_the_permission_table_carries_the_policy(world):
    """POSTs, redirects, 403s, 404s and API errors included, for a specialist."""
    for route, checks in ROUTES.items():
        for check in checks:
            response = _request(world, "member", check)
            assert CSP in response, f"{check.method} {route}: {response.status_code}"


def test_no_admin_page_holds_code_the_policy_would_refuse(world, client):
    client.force_login(world.users["admin"])
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_AdminRequest(world.users["admin"])):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert inline_code_problems(response) == [], url


class _AdminRequest:
    """Just enough of a request for ModelAdmin.has_add_permission."""

    def __init__(self, user):
        self.user = user


def test_the_timeline_geometry_is_written_with_a_decimal_point(world):
    """The bars are SVG attributes (no style attribute to allow); Vietnamese number formatting
    ("12,5") must not reach them, or the browser drops the bar."""
    task_timeline = next(c for r, cs in ROUTES.items() for c in cs if r == "plans/tasks/timeline/")
    html = _request(world, "admin", task_timeline).content.decode()
    values = re.findall(r'\b(?:x|x1|width)="([^"]*)%"', html)
    assert values, "no bar on the timeline"
    for value in values:
        float(value)  # "12,5" would raise
