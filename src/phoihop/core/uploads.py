"""The one path every uploaded file takes, in and out.

In: a *purpose* (registered by the app that owns the field, e.g. "task_attachment") names the
kinds of file it accepts and its size limit (`settings.UPLOAD_MAX_MB`). The kind is read from
the bytes (libmagic, through python-magic; ZIP containers are opened to tell a .docx from an
.xlsx from any other ZIP), never from the name or the browser's content type. The file is stored
under a random name; the name the person gave is kept, cleaned, in a column for display.

Out: `serve()` fetches the object through a queryset the caller scoped with `visible_to` (so an
object out of scope is a 404) and answers with the kind detected again from the stored bytes, as
an attachment (raster images may be shown inline), with `nosniff` and a sandboxing
Content-Security-Policy. A stored file of a kind the purpose does not accept (rows from before
this module) is sent as `application/octet-stream`. No uploaded byte is ever served as HTML, SVG
or script from the application's origin.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import quote

import magic
from django import forms
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import File
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a downloaded file may do in the browser, whatever it contains: nothing.
SANDBOX_CSP = "sandbox; default-src 'none'"
# libmagic needs the start of most files; an OLE2 (.doc, .xls) needs its directory, which can be
# anywhere, so those are read whole (they are already within the purpose's size limit).
HEAD_BYTES = 1 << 20
OLE2_MAX_BYTES = 64 << 20
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# Bounds on what is read from inside a ZIP container, so a crafted archive costs nothing.
ZIP_MAX_MEMBERS = 20_000
ZIP_PART_BYTES = 512 * 1024
MAX_NAME_LENGTH = 200
MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    """A kind of file the platform knows how to accept and serve."""

    key: str
    label: str  # as people name it, in error messages: "PDF", "DOCX"
    mime: str
    extensions: tuple[str, ...]
    inline: bool = False  # raster images only: shown in the browser, never able to run script
    # Markup a purpose may take in to read (a press feed, a saved page), never send back as
    # itself: served as bytes (application/octet-stream), whatever the purpose.
    markup: bool = False

    @property
    def served_mime(self) -> str:
        return "application/octet-stream" if self.markup else self.mime

    @property
    def extension(self) -> str:
        return self.extensions[0]

    @property
    def stored_extension(self) -> str:
        """The extension of the stored file: markup is kept as ".bin", so that a web server
        handed the upload folder never sends it as a page."""
        return ".bin" if self.markup else self.extension


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", (".pdf",)),
        FileKind("doc", "DOC", "application/msword", (".doc",)),
        FileKind("docx", "DOCX", f"{_OOXML}.wordprocessingml.document", (".docx",)),
        FileKind("odt", "ODT", f"{_ODF}.text", (".odt",)),
        FileKind("xls", "XLS", "application/vnd.ms-excel", (".xls",)),
        FileKind("xlsx", "XLSX", f"{_OOXML}.spreadsheetml.sheet", (".xlsx",)),
        FileKind("ods", "ODS", f"{_ODF}.spreadsheet", (".ods",)),
        FileKind("ppt", "PPT", "application/vnd.ms-powerpoint", (".ppt",)),
        FileKind("pptx", "PPTX", f"{_OOXML}.presentationml.presentation", (".pptx",)),
        FileKind("odp", "ODP", f"{_ODF}.presentation", (".odp",)),
        FileKind("txt", "TXT", "text/plain", (".txt",)),
        FileKind("png", "PNG", "image/png", (".png",), inline=True),
        FileKind("jpeg", "JPG", "image/jpeg", (".jpg", ".jpeg"), inline=True),
        FileKind("gif", "GIF", "image/gif", (".gif",), inline=True),
        FileKind("webp", "WEBP", "image/webp", (".webp",), inline=True),
        # Read by an importer (press monitoring: feeds, sitemaps, saved article pages).
        FileKind("xml", "XML (RSS, Atom, sitemap)", "text/xml", (".xml", ".rss", ".atom"),
                 markup=True),
        FileKind("html", "HTML", "text/html", (".html", ".htm"), markup=True),
        FileKind("zip", "ZIP", "application/zip", (".zip",)),
    )
}  # fmt: skip
KINDS_BY_MIME = {kind.mime: kind for kind in KINDS.values()}
# What libmagic also answers for XML (by the XML declaration or the root element).
KINDS_BY_MIME |= {
    mime: KINDS["xml"]
    for mime in ("application/xml", "application/rss+xml", "application/atom+xml")
}
# The main part's content type in [Content_Types].xml of each OOXML kind. Macro-enabled files
# (.docm, .xlsm) declare other types and so are not recognised.
OOXML_MAIN_PARTS = {
    f"{_OOXML}.wordprocessingml.document.main+xml": ("docx", "word/"),
    f"{_OOXML}.spreadsheetml.sheet.main+xml": ("xlsx", "xl/"),
    f"{_OOXML}.presentationml.presentation.main+xml": ("pptx", "ppt/"),
}
ODF_KINDS = {KINDS[key].mime: key for key in ("odt", "ods", "odp")}
_CONTENT_TYPE_ATTR = re.compile(rb"""ContentType\s*=\s*["']([^"']{1,200})["']""")

# Office and PDF documents, plain text, and scans as photos.
DOCUMENT_KINDS = ("pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "txt", "png", "jpeg")
# Working files attached to tasks and reports: documents plus slides and any raster image.
ATTACHMENT_KINDS = (*DOCUMENT_KINDS, "ppt", "pptx", "odp", "gif", "webp")


# --- purposes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purpose:
    name: str
    kinds: tuple[str, ...]

    @property
    def max_bytes(self) -> int:
        return self.max_mb * MB

    @property
    def max_mb(self) -> int:
        return settings.UPLOAD_MAX_MB[self.name]

    def max_bytes_for(self, kind: FileKind) -> int:
        """The purpose's limit, or the kind's own when it is lower (settings.UPLOAD_KIND_MAX_MB:
        a photo or a text file is never as large as a book)."""
        return min(self.max_mb, kind_max_mb(kind) or self.max_mb) * MB

    def lower_kind_limits(self) -> dict[int, list[str]]:
        """{megabytes: [labels]} of the accepted kinds whose own limit is below the purpose's."""
        limits: dict[int, list[str]] = {}
        for key in self.kinds:
            limit = kind_max_mb(KINDS[key])
            if limit and limit < self.max_mb and KINDS[key].label not in limits.get(limit, []):
                limits.setdefault(limit, []).append(KINDS[key].label)
        return dict(sorted(limits.items()))

    def accepts(self, kind: FileKind | None) -> bool:
        return kind is not None and kind.key in self.kinds

    def types_label(self) -> str:
        return ", ".join(dict.fromkeys(KINDS[key].label for key in self.kinds))

    def accept_attribute(self) -> str:
        """For <input accept>: a hint to the browser's file picker, not a check."""
        return ",".join(ext for key in self.kinds for ext in KINDS[key].extensions)


_purposes: dict[str, Purpose] = {}


def kind_max_mb(kind: FileKind) -> int | None:
    return getattr(settings, "UPLOAD_KIND_MAX_MB", {}).get(kind.key)


def register_purpose(name: str, *, kinds: tuple[str, ...]) -> Purpose:
    """An app declares what one of its upload fields accepts (in `AppConfig.ready()`); the
    size limit is `settings.UPLOAD_MAX_MB[name]`."""
    unknown = [key for key in kinds if key not in KINDS]
    if unknown:
        raise ImproperlyConfigured(f"Upload purpose {name!r}: unknown kinds {unknown}")
    limit = getattr(settings, "UPLOAD_MAX_MB", {}).get(name)
    if not isinstance(limit, int) or limit <= 0:
        raise ImproperlyConfigured(
            f"settings.UPLOAD_MAX_MB[{name!r}] must be a positive number of megabytes"
        )
    _purposes[name] = Purpose(name, tuple(kinds))
    return _purposes[name]


def get_purpose(name: str) -> Purpose:
    try:
        return _purposes[name]
    except KeyError:
        raise ImproperlyConfigured(f"No upload purpose {name!r} is registered") from None


# --- detection ---------------------------------------------------------------------------------


def detect(file) -> FileKind | None:
    """The kind of a file from its bytes, or None for anything the platform does not serve.
    Leaves the file at its start."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    try:
        if head.startswith(ZIP_SIGNATURE):
            return _zip_kind(file)
        if head.startswith(OLE2_SIGNATURE):
            file.seek(0)
            head = file.read(OLE2_MAX_BYTES)
        return _magic_kind(head)
    finally:
        file.seek(0)


def _magic_kind(data: bytes) -> FileKind | None:
    try:
        mime = magic.from_buffer(data, mime=True)
    except magic.MagicException:  # libmagic gave up on the bytes: nothing we accept
        return None
    kind = KINDS_BY_MIME.get(mime)
    if kind is not None and kind.key == "txt" and _looks_like_markup(data):
        return None
    return kind


def _looks_like_markup(data: bytes) -> bool:
    """libmagic calls some HTML fragments plain text (`<img src=x onerror=…>`). Served as text
    they would be harmless, but a "plain text" file that opens with a tag is not one."""
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n\f")
    return start.startswith(b"<")


def _zip_kind(file) -> FileKind | None:
    """OOXML by its main part in [Content_Types].xml, ODF by its `mimetype` member; a plain
    archive (neither, no macro parts) is "zip", which only a purpose that opens archives
    accepts; a broken one is nothing."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > ZIP_MAX_MEMBERS:
                return None
            names = {member.filename for member in members}
            if any(_is_macro_part(name) for name in names):
                return None
            if "mimetype" in names:
                key = ODF_KINDS.get(_read_member(archive, "mimetype").strip().decode("ascii"))
                return KINDS[key] if key and "content.xml" in names else None
            if "[Content_Types].xml" in names:
                return _ooxml_kind(_read_member(archive, "[Content_Types].xml"), names)
            return KINDS["zip"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    except (NotImplementedError, RuntimeError, UnicodeDecodeError):  # encrypted, odd methods
        return None
    return None


def _is_macro_part(name: str) -> bool:
    """VBA in OOXML, Basic and scripts in ODF."""
    lowered = name.lower()
    return lowered.endswith("vbaproject.bin") or lowered.startswith(("basic/", "scripts/"))


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(ZIP_PART_BYTES)


def _ooxml_kind(content_types: bytes, names: set[str]) -> FileKind | None:
    declared = {
        match.decode("ascii", "replace") for match in _CONTENT_TYPE_ATTR.findall(content_types)
    }
    found = [OOXML_MAIN_PARTS[t] for t in declared if t in OOXML_MAIN_PARTS]
    if len(found) != 1:
        return None
    key, folder = found[0]
    return KINDS[key] if any(name.startswith(folder) for name in names) else None


# --- checking an upload ------------------------------------------------------------------------


def check(upload, purpose: str | Purpose) -> FileKind:
    """The upload's kind if `purpose` accepts it; otherwise a ValidationError whose Vietnamese
    message names the accepted types and the size limit."""
    purpose = purpose if isinstance(purpose, Purpose) else get_purpose(purpose)
    size = upload.size
    if size is not None and size > purpose.max_bytes:
        raise ValidationError(_refusal(purpose, "size"), code="file_too_large")
    if not size:
        raise ValidationError(_("Tệp không có nội dung."), code="empty")
    kind = detect(upload)
    if not purpose.accepts(kind):
        reason = "active" if _is_active_content(upload) else "kind"
        raise ValidationError(_refusal(purpose, reason), code="file_type")
    named = kind_named(getattr(upload, "name", "") or "")
    if named is not None and not _same_family(named, kind):
        values = {"extension": PurePath(upload.name).suffix.lower(), "kind": kind.label}
        raise ValidationError(
            _(
                "Tên tệp có đuôi %(extension)s nhưng nội dung là tệp %(kind)s. Hãy chọn đúng "
                "tệp, hoặc đổi đuôi tên tệp cho khớp với nội dung."
            )
            % values,
            code="file_name_mismatch",
        )
    if size is not None and size > purpose.max_bytes_for(kind):
        values = {"kind": kind.label, "limit": purpose.max_bytes_for(kind) // MB}
        raise ValidationError(
            _("Tệp %(kind)s vượt quá dung lượng cho phép: tối đa %(limit)s MB với loại tệp này.")
            % values,
            code="file_too_large",
        )
    return kind


# Kinds whose extensions libmagic cannot tell apart from each other's contents reliably (the
# OLE2 formats), and those a name says little about (plain text, markup): no name check.
_OLE2_FAMILY = frozenset({"doc", "xls", "ppt"})
_UNCHECKED_NAMES = frozenset({"txt", "xml", "html"})


def kind_named(name: str) -> FileKind | None:
    """The kind a file's name claims by its extension, if it is one the platform knows."""
    extension = PurePath(str(name)).suffix.lower()
    if not extension:
        return None
    return next((kind for kind in KINDS.values() if extension in kind.extensions), None)


def _same_family(named: FileKind, found: FileKind) -> bool:
    if named.key == found.key or named.key in _UNCHECKED_NAMES:
        return True
    return named.key in _OLE2_FAMILY and found.key in _OLE2_FAMILY


_ACTIVE_MARKERS = (b"<svg", b"<script", b"<html", b"<!doctype html", b"<iframe", b"javascript:")


def _is_active_content(upload) -> bool:
    """SVG, HTML or script: refused with a message that says why (they could run in a
    browser), not only that the kind is not accepted."""
    upload.seek(0)
    head = upload.read(64 * 1024).lower()
    upload.seek(0)
    return any(marker in head for marker in _ACTIVE_MARKERS)


def accepted_text(purpose: str | Purpose) -> str:
    """What a purpose accepts, for help text under a file input."""
    purpose = purpose if isinstance(purpose, Purpose) else get_purpose(purpose)
    values = {"types": purpose.types_label(), "limit": purpose.max_mb}
    text = _("Nhận tệp %(types)s, tối đa %(limit)s MB.") % values
    for limit, labels in purpose.lower_kind_limits().items():
        text += " " + _("Tệp %(types)s tối đa %(limit)s MB.") % {
            "types": ", ".join(labels),
            "limit": limit,
        }
    return text


def _refusal(purpose: Purpose, reason: str) -> str:
    values = {"types": purpose.types_label(), "limit": purpose.max_mb}
    if reason == "active":
        return (
            _(
                "Nội dung tệp không thuộc loại được nhận: tệp SVG, HTML hoặc có mã lệnh có thể "
                "chạy trong trình duyệt. Chỉ nhận tệp %(types)s, tối đa %(limit)s MB."
            )
            % values
        )
    if reason == "size":
        return (
            _("Tệp vượt quá dung lượng cho phép. Chỉ nhận tệp %(types)s, tối đa %(limit)s MB.")
            % values
        )
    return (
        _("Nội dung tệp không thuộc loại được nhận. Chỉ nhận tệp %(types)s, tối đa %(limit)s MB.")
        % values
    )


@deconstructible
class UploadValidator:
    """Django validator form of `check`, for form and model fields."""

    def __init__(self, purpose: str):
        self.purpose = purpose

    def __call__(self, upload) -> None:
        if upload and not _already_stored(upload):
            check(upload, self.purpose)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and other.purpose == self.purpose


_UNSAFE_NAME_CHARS = re.compile(
    r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|;\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]'
)
_SPACES = re.compile(r"\s+")


def clean_name(name: str | None) -> str:
    """A person's file name made safe to show and to put in Content-Disposition: no folders,
    no control or bidirectional-override characters (which make "gpj.exe" look like
    "exe.jpg"), no quotes, NFC, at most 200 characters with the extension kept."""
    name = unicodedata.normalize("NFC", PurePath(str(name or "").replace("\\", "/")).name)
    name = _UNSAFE_NAME_CHARS.sub("", _SPACES.sub(" ", name)).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        _stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(keep) - 1].rstrip() + (f".{keep}" if keep else "")
    return name


def _already_stored(file) -> bool:
    """A file already in storage (a model's current file, unchanged by the form) is not an
    upload to check again."""
    return isinstance(file, FieldFile) and file._committed


def random_name(kind: FileKind | None) -> str:
    """A stored name that says nothing about the person's file and cannot collide."""
    return secrets.token_hex(16) + (kind.stored_extension if kind else ".bin")


# --- model and form fields ---------------------------------------------------------------------


class UploadFormField(forms.FileField):
    """A form's file field for a purpose: the purpose's check runs in `clean()`."""

    def __init__(self, *, purpose: str, **kwargs):
        self.purpose = purpose
        kwargs["validators"] = [*kwargs.get("validators", ()), UploadValidator(purpose)]
        kwargs.setdefault("help_text", lazy(accepted_text, str)(purpose))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput):
            attrs["accept"] = get_purpose(self.purpose).accept_attribute()
        return attrs


class UploadField(models.FileField):
    """A model's file field for a purpose. Files are stored under random names; `name_field`
    names the column that keeps the person's own file name (cleaned) for display."""

    def __init__(self, *args, purpose: str = "", name_field: str = "", **kwargs):
        self.purpose = purpose
        self.name_field = name_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        if self.name_field:
            kwargs["name_field"] = self.name_field
        return name, path, args, kwargs

    @property
    def validators(self):
        return [*super().validators, UploadValidator(self.purpose)]

    def generate_filename(self, instance, filename):
        # Whatever name the file arrived with, only a known kind's extension survives, and
        # never a markup one (see FileKind.stored_extension).
        extension = PurePath(filename).suffix.lower()
        known = any(extension in kind.extensions for kind in KINDS.values() if not kind.markup)
        return super().generate_filename(
            instance, secrets.token_hex(16) + (extension if known else ".bin")
        )

    def save_form_data(self, instance, data):
        # A ModelForm (the admin) goes through here: keep the person's name, store under ours.
        if data and not _already_stored(data):
            if self.name_field:
                setattr(instance, self.name_field, clean_name(data.name))
            data = File(data, name=random_name(detect(data)))
        super().save_form_data(instance, data)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": UploadFormField, "purpose": self.purpose, **kwargs}
        )

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_purpose()]

    def _check_purpose(self) -> list[checks.Error]:
        if self.purpose in _purposes:
            return []
        return [
            checks.Error(
                f"Upload purpose {self.purpose!r} is not registered.",
                hint="Call core.uploads.register_purpose() in the app's ready().",
                obj=self,
                id="core.E101",
            )
        ]


def attach(instance: models.Model, field_name: str, upload) -> FileKind:
    """Check `upload` for the field's purpose and put it on `instance` (saved with the instance),
    keeping the person's file name in the field's name column. Services call this for every file
    they store. Raises ValidationError({field_name: [...]})."""
    field = _upload_field(instance, field_name)
    try:
        kind = check(upload, field.purpose)
    except ValidationError as exc:
        raise ValidationError({field_name: exc.messages}) from exc
    if field.name_field:
        setattr(instance, field.name_field, clean_name(upload.name))
    setattr(instance, field_name, File(upload, name=random_name(kind)))
    return kind


def _upload_field(instance: models.Model, field_name: str) -> UploadField:
    field = instance._meta.get_field(field_name)
    if not isinstance(field, UploadField):
        raise ImproperlyConfigured(f"{field} is not an UploadField")
    return field


class AttachedFile(models.Model):
    """The columns every attachment row shares (a task's, a report's, a citizen's item's): the
    person's file name (kept there by `attach`), its size, who uploaded it and when. Each model
    adds its owner and its `file = UploadField(..., purpose=..., name_field="name")`."""

    name = models.CharField(gettext_lazy("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


# --- serving -----------------------------------------------------------------------------------


def serve(queryset: models.QuerySet, *, pk, field: str) -> FileResponse:
    """The one download view body: `queryset` is the caller's `visible_to(user)` scope, so an
    object the person may not see, or one without a file, is a 404."""
    return file_response(get_object_or_404(queryset, pk=pk), field)


def file_response(instance: models.Model, field_name: str) -> FileResponse:
    """A stored file as a response that cannot run in the application's origin."""
    field = _upload_field(instance, field_name)
    stored = getattr(instance, field_name)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except OSError as exc:  # the row outlived its file
        raise Http404 from exc
    kind = detect(handle)
    if not get_purpose(field.purpose).accepts(kind):
        kind = None  # stored before uploads were checked: bytes only, never rendered
    shown = getattr(instance, field.name_field, "") if field.name_field else ""
    filename = download_name(shown or PurePath(stored.name).name, kind)
    response = FileResponse(
        handle, content_type=kind.served_mime if kind else "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(
        filename, inline=bool(kind and kind.inline)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-cache"
    return response


def download_name(name: str, kind: FileKind | None) -> str:
    """The person's name, with the extension of what the file really is."""
    name = clean_name(name) or "tep"
    if kind is None:
        return name
    path = PurePath(name)
    if path.suffix.lower() in kind.extensions:
        return name
    return (path.stem if path.suffix else name) + kind.extension


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: an ASCII fallback for old clients and the exact UTF-8 name in filename*."""
    decomposed = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    fallback = "".join(ch for ch in decomposed if ch.isascii() and ch.isprintable())
    fallback = fallback.replace('"', "").replace("\\", "").strip() or "download"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
