"""Registry files and review reports go through the one upload path: script is refused at the
door, what is stored is served as a sandboxed attachment, and only to those who see the row."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from phoihop.directives.models import Document
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review

from .. import samples

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def login(user):
    client = Client()
    client.force_login(user)
    return client


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def own_document(make_document, tree, editor):
    """A provincial document with a file, read within the province only."""
    return make_document(
        "15-KH/TU",
        D(2024, 3, 1),
        by=editor,
        organization=tree["party"],
        file=SimpleUploadedFile("Kế hoạch số 15.pdf", samples.pdf(), "application/pdf"),
    )


def document_form(tree, upload) -> dict:
    return {
        "symbol": "16-KH/TU",
        "issued_on": "2024-03-02",
        "abstract": "Kế hoạch tuyên truyền",
        "status": "in_force",
        "organization": tree["party"].pk,
        "file": upload,
    }


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.html", samples.SCRIPT_HTML),
        ("bao-cao.pdf", samples.SCRIPT_HTML),
        ("so-do.svg", samples.SCRIPT_SVG),
        ("ke-hoach.pdf", samples.EXE),
    ],
)
def test_a_document_file_with_script_or_code_is_refused(
    make_document, tree, editor, media, name, content
):
    response = login(editor).post(
        reverse("directives:document_create"),
        document_form(tree, SimpleUploadedFile(name, content, "application/pdf")),
    )
    assert response.status_code == 200
    assert "Nội dung tệp không thuộc loại được nhận" in response.content.decode()
    assert not Document.objects.filter(symbol="16-KH/TU").exists()
    assert stored_files(media) == []


def test_the_service_refuses_script_for_callers_other_than_the_form(make_document, tree, editor):
    with pytest.raises(ValidationError) as error:
        make_document(
            "17-KH/TU",
            D(2024, 3, 3),
            by=editor,
            organization=tree["party"],
            file=ContentFile(samples.SCRIPT_SVG, name="so-do.png"),
        )
    assert "file" in error.value.message_dict


def test_an_oversized_document_file_is_refused(make_document, tree, editor, settings):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "directive_document": 1}
    big = SimpleUploadedFile("lon.pdf", samples.pdf() + b"0" * (1024 * 1024))
    response = login(editor).post(reverse("directives:document_create"), document_form(tree, big))
    assert "Tệp vượt quá dung lượng cho phép" in response.content.decode()
    assert "tối đa 1 MB" in response.content.decode()
    assert not Document.objects.filter(symbol="16-KH/TU").exists()


def test_a_document_file_is_stored_under_a_random_name(own_document, media):
    assert own_document.file_name == "Kế hoạch số 15.pdf"
    assert re.fullmatch(r"directives/\d{4}/[0-9a-f]{32}\.pdf", own_document.file.name)
    assert [path.name for path in stored_files(media)] == [own_document.file.name.split("/")[-1]]


def test_a_document_file_downloads_as_a_sandboxed_attachment(own_document, editor):
    response = login(editor).get(reverse("directives:document_file", args=[own_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Ke hoach so 15.pdf"; '
        "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20s%E1%BB%91%2015.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content) == samples.pdf()


def test_a_document_out_of_scope_is_not_found(own_document, outsider):
    response = login(outsider).get(reverse("directives:document_file", args=[own_document.pk]))
    assert response.status_code == 404


def test_a_file_stored_before_the_checks_is_sent_only_as_bytes(own_document, editor):
    """A legacy row whose file is HTML: still downloadable, never rendered."""
    name = default_storage.save("directives/2023/thu-moi.html", ContentFile(samples.SCRIPT_HTML))
    Document.objects.filter(pk=own_document.pk).update(file=name, file_name="")
    response = login(editor).get(reverse("directives:document_file", args=[own_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="thu-moi.html"')
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_row_whose_file_is_gone_is_not_found(own_document, editor):
    default_storage.delete(own_document.file.name)
    response = login(editor).get(reverse("directives:document_file", args=[own_document.pk]))
    assert response.status_code == 404


def test_a_review_report_with_script_is_refused_and_a_pdf_accepted(make_document, tree, editor):
    directive = make_document("38-CT/TW", D(2009, 9, 7), abstract="Về bảo hiểm y tế")
    review = reviews.create_review(
        subject=directive, by=editor, kind="final", years_after=10, responsible=tree["propaganda"]
    )
    client = login(editor)
    url = reverse("directives:review_complete", args=[review.pk])
    svg = SimpleUploadedFile("bao-cao.svg", samples.SCRIPT_SVG, "image/svg+xml")
    response = client.post(url, {"done_on": "2019-10-18", "report_file": svg})
    assert "Nội dung tệp không thuộc loại được nhận" in response.content.decode()
    review.refresh_from_db()
    assert (review.done_on, review.report_file.name) == (None, "")

    docx = SimpleUploadedFile("Báo cáo tổng kết.docx", samples.docx(), "text/html")
    response = client.post(url, {"done_on": "2019-10-18", "report_file": docx})
    assert response.status_code == 302
    review = Review.objects.get(pk=review.pk)
    assert review.report_file_name == "Báo cáo tổng kết.docx"
    download = client.get(reverse("reviews:report", args=[review.pk]))
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
