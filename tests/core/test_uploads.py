"""The one upload path (core/uploads.py): kinds read from the bytes, size limits, clean names,
random stored names, and the form and model fields every app uses."""

import re

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory

from phoihop.core import uploads
from phoihop.plans.models import Programme

from .. import samples


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    """The browser's content type is whatever the sender says; it must not matter."""
    return SimpleUploadedFile(name, content, content_type)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Kế hoạch.pdf", samples.pdf(), "pdf"),
        ("Báo cáo.docx", samples.docx(), "docx"),
        ("Số liệu.xlsx", samples.xlsx(), "xlsx"),
        ("Ảnh chụp.png", samples.png(), "png"),
        ("Tờ trình.odt", samples.odt(), "odt"),
        ("Ghi chú.txt", "Nội dung cuộc họp\r\nngày 5/6".encode(), "txt"),
    ],
)
def test_allowed_files_are_accepted_by_their_content(name, content, kind):
    assert uploads.check(upload(name, content), "directive_document").key == kind


def test_the_kind_comes_from_the_bytes_not_the_name():
    # A name without a known extension says nothing; the browser's content type neither.
    assert uploads.check(upload("scan", samples.pdf(), "image/png"), "task_attachment").key == (
        "pdf"
    )
    assert uploads.check(upload("bien-ban.scan", samples.pdf()), "task_attachment").key == "pdf"


@pytest.mark.parametrize(
    ("name", "content", "extension", "kind"),
    [
        ("De cuong.pdf", samples.png(), ".pdf", "PNG"),  # a PNG renamed .pdf
        ("scan.png", samples.pdf(), ".png", "PDF"),
        ("Bao cao.docx", samples.xlsx(), ".docx", "XLSX"),
    ],
)
def test_a_name_that_contradicts_the_content_is_refused(name, content, extension, kind):
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(name, content), "task_attachment")
    assert error.value.code == "file_name_mismatch"
    message = error.value.messages[0]
    assert f"Tên tệp có đuôi {extension} nhưng nội dung là tệp {kind}" in message


def test_an_upper_case_or_alternative_extension_of_the_same_kind_is_fine():
    assert uploads.check(upload("ANH.PNG", samples.png()), "task_attachment").key == "png"
    assert uploads.check(upload("Ke hoach.PDF", samples.pdf()), "task_attachment").key == "pdf"


@pytest.mark.parametrize("name", ["logo.svg", "logo.png", "logo"])
def test_an_svg_with_a_script_is_refused_saying_why(name):
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(name, samples.SCRIPT_SVG), "task_attachment")
    assert error.value.code == "file_type"
    assert "tệp SVG, HTML hoặc có mã lệnh có thể chạy trong trình duyệt" in error.value.messages[0]


def test_a_kind_has_its_own_size_limit_under_the_purposes(settings):
    settings.UPLOAD_KIND_MAX_MB = {"png": 1}
    big_png = upload("anh.png", samples.png() + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.check(big_png, "task_attachment")
    assert error.value.code == "file_too_large"
    assert error.value.messages[0] == (
        "Tệp PNG vượt quá dung lượng cho phép: tối đa 1 MB với loại tệp này."
    )
    # A PDF of the same size is within the purpose's limit (20 MB).
    assert uploads.check(upload("lon.pdf", samples.pdf() + b"0" * (1024 * 1024)),
                         "task_attachment").key == "pdf"  # fmt: skip
    assert "Tệp PNG, JPG, GIF, WEBP" not in uploads.accepted_text("task_attachment")
    assert "Tệp PNG tối đa 1 MB." in uploads.accepted_text("task_attachment")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.html", samples.SCRIPT_HTML),
        ("bao-cao.pdf", samples.SCRIPT_HTML),  # HTML renamed to .pdf
        ("logo.svg", samples.SCRIPT_SVG),
        ("logo.png", samples.SCRIPT_SVG),
        ("hop-dong.pdf", samples.EXE),  # an executable renamed to .pdf
        ("ghi-chu.txt", b"<img src=x onerror=alert(1)>"),  # markup passed off as text
        ("tai-lieu.docx", samples.plain_zip()),  # any other ZIP
        ("tai-lieu.docx", samples.docm()),  # macros
        ("to-trinh.odt", samples.odt_with_macro()),
        ("hong.docx", b"PK\x03\x04 broken archive"),
        ("du-lieu.pdf", bytes(range(256)) * 4),
    ],
)
def test_other_kinds_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.check(upload(name, content), "task_attachment")
    assert error.value.code == "file_type"


def test_the_refusal_names_the_accepted_types_and_the_limit():
    with pytest.raises(ValidationError) as error:
        uploads.check(upload("x.pdf", samples.SCRIPT_HTML), "directive_document")
    message = error.value.messages[0]
    assert "PDF, DOC, DOCX, ODT, XLS, XLSX, ODS, TXT, PNG, JPG" in message
    assert "tối đa 20 MB" in message


def test_a_file_over_the_purposes_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "task_attachment": 1}
    big = upload("lon.pdf", samples.pdf() + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.check(big, "task_attachment")
    assert error.value.code == "file_too_large"
    assert "tối đa 1 MB" in error.value.messages[0]
    # Another purpose keeps its own limit.
    assert uploads.check(big, "directive_document").key == "pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="không có nội dung"):
        uploads.check(upload("rong.pdf", b""), "task_attachment")


def test_an_unregistered_purpose_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        uploads.check(upload("a.pdf", samples.pdf()), "no_such_purpose")


def test_a_purpose_without_a_size_setting_cannot_be_registered():
    with pytest.raises(ImproperlyConfigured, match="UPLOAD_MAX_MB"):
        uploads.register_purpose("unconfigured", kinds=("pdf",))


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("Báo cáo quý 1.pdf", "Báo cáo quý 1.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\cb\\Kế hoạch.docx", "Kế hoạch.docx"),
        ('a"b;c\r\nd.pdf', "abc d.pdf"),
        ("hoa-don\u202egpj.exe", "hoa-dongpj.exe"),  # right-to-left override removed
        ("Ba\u0301o ca\u0301o.pdf", "Báo cáo.pdf"),  # decomposed marks composed (NFC)
        ("..", ""),
    ],
)
def test_names_are_cleaned_for_display(given, shown):
    assert uploads.clean_name(given) == shown


def test_long_names_keep_their_extension():
    name = uploads.clean_name("Nghị quyết " * 40 + ".docx")
    assert len(name) <= 200
    assert name.endswith(".docx")


def test_content_disposition_carries_the_vietnamese_name_and_an_ascii_fallback():
    header = uploads.content_disposition("Báo cáo đợt 1.pdf")
    assert header.startswith('attachment; filename="Bao cao dot 1.pdf"; ')
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%C4%91%E1%BB%A3t%201.pdf" in header
    assert uploads.content_disposition("anh.png", inline=True).startswith("inline;")


def test_the_download_name_says_what_the_file_really_is():
    pdf = uploads.KINDS["pdf"]
    assert uploads.download_name("scan.png", pdf) == "scan.pdf"
    assert uploads.download_name("Báo cáo", pdf) == "Báo cáo.pdf"
    assert uploads.download_name("Báo cáo.PDF", pdf) == "Báo cáo.PDF"
    assert uploads.download_name("cu.html", None) == "cu.html"


def test_stored_names_are_random_and_carry_the_detected_extension():
    names = {uploads.random_name(uploads.KINDS["docx"]) for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}\.docx", name) for name in names)
    assert uploads.random_name(None).endswith(".bin")


class ReportForm(forms.Form):
    file = uploads.UploadFormField(label="Tệp", purpose="progress_attachment")


def test_the_form_field_refuses_script_with_a_vietnamese_message():
    form = ReportForm(files={"file": upload("bao-cao.pdf", samples.SCRIPT_SVG)})
    assert not form.is_valid()
    assert "Nội dung tệp không thuộc loại được nhận" in form.errors["file"][0]
    assert "có thể chạy trong trình duyệt" in form.errors["file"][0]


def test_the_form_field_accepts_an_allowed_file_and_hints_the_picker():
    form = ReportForm(files={"file": upload("bao-cao.pdf", samples.pdf())})
    assert form.is_valid(), form.errors
    html = str(form["file"])
    assert 'accept=".pdf,.doc,.docx' in html
    assert "tối đa 20 MB" in str(form.fields["file"].help_text)


@pytest.mark.django_db
def test_a_model_form_such_as_the_admins_goes_through_the_same_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ProgrammeFileForm = modelform_factory(Programme, fields=["signed_document"])
    refused = ProgrammeFileForm(files={"signed_document": upload("ky.pdf", samples.SCRIPT_HTML)})
    assert not refused.is_valid()
    assert isinstance(ProgrammeFileForm.base_fields["signed_document"], uploads.UploadFormField)

    accepted = ProgrammeFileForm(
        files={"signed_document": upload("Chương trình đã ký.pdf", samples.pdf())}
    )
    assert accepted.is_valid(), accepted.errors
    programme = accepted.save(commit=False)
    assert programme.signed_document_name == "Chương trình đã ký.pdf"
    stored = Programme._meta.get_field("signed_document").pre_save(programme, add=True)
    assert re.fullmatch(r"plans/programmes/\d{4}/[0-9a-f]{32}\.pdf", stored.name)
    assert (tmp_path / stored.name).read_bytes() == samples.pdf()


def test_an_upload_field_must_name_a_registered_purpose():
    assert [e.id for e in uploads.UploadField(purpose="nowhere")._check_purpose()] == ["core.E101"]
    assert Programme._meta.get_field("signed_document")._check_purpose() == []
