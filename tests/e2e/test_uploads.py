"""A script inside an uploaded file never runs in the application's origin: the attack of issue
13 (an HTML file attached to a registry document, clicked by a system administrator) replayed
in a real browser, against a file stored before uploads were checked and one that passes the
checks today."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from phoihop.directives import catalogue, reference, services
from phoihop.directives.models import Document, DocumentType

from ..factories import OrganizationFactory, UserFactory
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

# What the attacker's file would do in the administrator's session: mark the page, say so, and
# leave a trace the test can look for on the server side too.
PAYLOAD = (
    b"<script>document.title='pwned';document.body.innerHTML='pwned';"
    b"alert('pwned');fetch('/api/v1/me')</script>"
)


@pytest.fixture
def document(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if not DocumentType.objects.exists():
        catalogue.load_reference_data(django_apps)
    reference.clear_codes_cache()  # the live server shares this process and its code cache
    party = OrganizationFactory(name="Tỉnh ủy Thanh Hóa", kind="party_committee", abbreviation="TU")
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    document = services.create_document(
        by=admin,
        symbol="15-KH/TU",
        issued_on=datetime.date(2024, 3, 1),
        abstract="Kế hoạch tuyên truyền",
        organization=party,
    )
    yield document
    reference.clear_codes_cache()


def store_legacy_file(document: Document, name: str, content: bytes) -> None:
    """As an upload made before this issue left it: any name, any bytes, straight to storage."""
    stored = default_storage.save(f"directives/2023/{name}", ContentFile(content))
    Document.objects.filter(pk=document.pk).update(file=stored, file_name=name)


def watch_dialogs(page) -> list[str]:
    seen: list[str] = []

    def dismiss(dialog):
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def test_an_html_file_with_script_is_downloaded_never_rendered(page, document):
    store_legacy_file(document, "thu-moi.html", b"<!DOCTYPE html><html><body>" + PAYLOAD)
    dialogs = watch_dialogs(page)
    login(page, "quantri")
    detail = page.base_url + document.get_absolute_url()
    page.goto(detail)
    title = page.title()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về").click()
    download = download_info.value
    assert download.suggested_filename == "thu-moi.html"
    expect(page).to_have_url(detail)
    expect(page).to_have_title(title)
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Typing the address in the location bar downloads it too: nothing is rendered.
    url = page.base_url + reverse("directives:document_file", args=[document.pk])
    with page.expect_download():
        try:
            page.goto(url)
        except PlaywrightError as exc:  # Chromium reports a navigation that became a download
            assert "Download is starting" in exc.message
    assert dialogs == []


def test_even_a_response_relabelled_as_html_cannot_run_its_script(page, document):
    """The second wall: were the attachment header lost on the way (a proxy rewriting it), the
    sandboxing policy still keeps the script from running in the application's origin."""
    store_legacy_file(document, "thu-moi.html", b"<!DOCTYPE html><html><body><p>tep</p>" + PAYLOAD)
    dialogs = watch_dialogs(page)
    login(page, "quantri")
    url = page.base_url + reverse("directives:document_file", args=[document.pk])

    def relabel(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k != "content-disposition"}
        route.fulfill(response=response, headers={**headers, "content-type": "text/html"})

    api_calls: list[str] = []
    page.on(
        "request", lambda request: api_calls.append(request.url) if "/api/" in request.url else None
    )
    page.route(url, relabel)
    page.goto(url)
    expect(page.locator("p")).to_have_text("tep")  # rendered, in a sandbox
    assert page.title() != "pwned"
    assert page.locator("body").inner_text() != "pwned"
    assert dialogs == []
    assert api_calls == []


def test_a_file_that_passes_the_checks_but_carries_script_is_only_downloaded(page, document):
    """A real PDF may carry HTML and script inside it; it is accepted as a PDF and still only
    ever leaves as an attachment."""
    dialogs = watch_dialogs(page)
    login(page, "quantri")
    page.goto(page.base_url + reverse("directives:document_edit", args=[document.pk]))
    polyglot = b"%PDF-1.4\n<html><body>" + PAYLOAD + b"\n%%EOF\n"
    page.get_by_label("Tệp văn bản").set_input_files(
        files=[{"name": "Kế hoạch.html", "mimeType": "text/html", "buffer": polyglot}]
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(page.base_url + document.get_absolute_url())

    document.refresh_from_db()
    assert document.file_name == "Kế hoạch.html"
    assert not document.file.name.endswith(".html")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải về").click()
    assert download_info.value.suggested_filename == "Kế hoạch.pdf"
    assert page.title() != "pwned"
    assert dialogs == []
