"""Text read from PDF, DOCX and XLSX files with Vietnamese text (in the worker), kept with its
diacritics and found with or without them."""

import unicodedata

import pytest

from phoihop.core import search
from phoihop.library import extraction, services
from phoihop.library.models import Item, Version

from .helpers import docx_bytes, make_item, pdf_bytes, upload, xlsx_bytes


def test_pdf_text_keeps_its_diacritics():
    text = extraction.extract_text(pdf_bytes("Nghị quyết về phát triển khoa học, công nghệ"), "pdf")
    assert "Nghị quyết về phát triển khoa học, công nghệ" in text
    assert unicodedata.is_normalized("NFC", text)


def test_docx_text_reads_paragraphs_and_tables():
    data = docx_bytes(
        "Hướng dẫn tuyên truyền chuyển đổi số",
        table=[["Xã", "Số buổi"], ["Xã Đông Sơn", "12"]],
    )
    text = extraction.extract_text(data, "docx")
    assert "Hướng dẫn tuyên truyền chuyển đổi số" in text
    assert "Xã Đông Sơn 12" in text


def test_xlsx_text_reads_every_cell():
    data = xlsx_bytes([["Chỉ tiêu", "Kết quả"], ["Xã đạt chuẩn an toàn thực phẩm", 34]])
    text = extraction.extract_text(data, "xlsx")
    assert "Xã đạt chuẩn an toàn thực phẩm 34" in text
    assert "Số liệu" in text  # the sheet's name


def test_decomposed_marks_come_out_composed():
    decomposed = unicodedata.normalize("NFD", "Tuyên truyền")
    assert extraction.extract_text(decomposed.encode(), "txt") == "Tuyên truyền"


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"%PDF-1.4 hong", "pdf"), (b"PK\x03\x04 hong", "docx"), (b"PK hong", "xlsx"), (b"", "png")],
)
def test_a_broken_file_or_a_kind_without_text_is_unreadable_not_a_crash(data, kind):
    with pytest.raises(extraction.Unreadable):
        extraction.extract_text(data, kind)


def test_the_text_is_capped(monkeypatch):
    monkeypatch.setattr(extraction, "TEXT_MAX_CHARS", 50)
    assert len(extraction.extract_text(("chữ " * 100).encode(), "txt")) <= 50


@pytest.mark.django_db
def test_the_job_reads_the_file_indexes_the_item_and_is_idempotent(province_tree):
    item = make_item(province_tree["propaganda"], title="Đề cương tháng 12")
    version = item.current_version
    assert version.text_status == Version.TextStatus.PENDING
    assert services.extract_version_text(version.pk) == Version.TextStatus.DONE
    assert services.extract_version_text(version.pk) == "skipped"  # run twice: nothing more
    version.refresh_from_db()
    assert "Tổng tuyển cử" in version.text
    found = search.filter_text(Item.objects.all(), "tong tuyen cu")  # without diacritics
    assert list(found) == [item]
    assert list(search.filter_text(Item.objects.all(), "Tổng tuyển cử")) == [item]
    assert services.extract_version_text(10**9) == "missing"


@pytest.mark.django_db
def test_an_image_scan_has_no_text_and_says_so(province_tree):
    from tests import samples

    item = make_item(province_tree["propaganda"], file=upload("Ảnh chụp.png", samples.png()))
    assert services.extract_version_text(item.current_version_id) == Version.TextStatus.NONE


@pytest.mark.django_db
def test_the_job_is_queued_after_the_commit(province_tree, django_capture_on_commit_callbacks):
    from unittest import mock

    with (
        mock.patch("phoihop.library.services._enqueue_extraction") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        item = make_item(province_tree["propaganda"])
    enqueue.assert_called_once_with(item.current_version_id)
