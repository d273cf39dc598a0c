"""Sources and feeds kept by the propaganda department's staff, with audit; press files
uploaded from the browser and imported by the worker, with a result page."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.core.models import AuditEntry, ImportRun
from phoihop.core.tasks import run_import
from phoihop.media.models import Article, Cluster, Feed, Source
from phoihop.org.models import Field, Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).resolve().parents[2] / "src/phoihop/media/corpus"


@pytest.fixture
def department_staff(db):
    user = UserFactory(username="chuyenvien.btg")
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind=Organization.Kind.PROPAGANDA_DEPARTMENT
    )
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    return user


@pytest.fixture
def other_staff(db):
    user = UserFactory(username="chuyenvien.syt")
    MembershipFactory(
        user=user, organization=OrganizationFactory(), role=Membership.Role.SPECIALIST
    )
    return user


@pytest.fixture
def press_agency(places):
    return OrganizationFactory(
        name="Báo và Phát thanh, Truyền hình Thanh Hóa", kind=Organization.Kind.PRESS,
        area=places["thanh_hoa"],
    )  # fmt: skip


def test_the_department_adds_a_source_with_its_fields_and_it_is_audited(
    client, department_staff, press_agency, places
):
    client.force_login(department_staff)
    health = Field.objects.get(code="y-te")
    response = client.post(
        reverse("media:source_create"),
        {
            "name": "Báo Thanh Hóa",
            "organization": press_agency.pk,
            "level": "provincial",
            "home_area": places["thanh_hoa"].pk,
            "fields": [health.pk],
            "enabled": "on",
        },
    )
    source = Source.objects.get(name="Báo Thanh Hóa")
    assert response.status_code == 302 and response.url == reverse("media:source_list")
    assert source.organization == press_agency and source.home_area == places["thanh_hoa"]
    assert list(source.fields.all()) == [health]
    entry = AuditEntry.objects.get(object_id=str(source.pk))
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, department_staff)

    response = client.post(
        reverse("media:source_edit", args=[source.pk]),
        {"name": "Báo Thanh Hóa", "level": "provincial", "fields": []},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert not source.enabled and source.organization is None and not source.fields.exists()
    change = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert change.changes["enabled"] == [True, False]
    assert change.changes["fields"] == [["y-te"], []]


def test_a_source_name_taken_is_said_on_the_form(client, department_staff):
    Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    client.force_login(department_staff)
    response = client.post(reverse("media:source_create"), {"name": "Báo A", "level": "central"})
    assert response.status_code == 400
    assert "tên" in response.content.decode().lower() and Source.objects.count() == 1


def test_feeds_are_added_and_edited_and_a_new_address_forgets_the_old_server(
    client, department_staff
):
    source = Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    client.force_login(department_staff)
    response = client.post(
        reverse("media:feed_create", args=[source.pk]),
        {"kind": "rss", "url": "https://baoa.example/rss", "poll_minutes": 15, "enabled": "on"},
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert (feed.source, feed.poll_minutes, feed.enabled) == (source, 15, True)
    Feed.objects.filter(pk=feed.pk).update(etag='"x"', consecutive_failures=3)
    response = client.post(
        reverse("media:feed_edit", args=[feed.pk]),
        {"kind": "atom", "url": "https://baoa.example/atom", "poll_minutes": 60, "enabled": "on"},
    )
    feed.refresh_from_db()
    assert (feed.kind, feed.etag, feed.consecutive_failures) == ("atom", "", 0)
    assert AuditEntry.objects.filter(object_id=str(feed.pk)).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "rss", "url": "file:///etc/passwd", "poll_minutes": 30}, "url"),
        ({"kind": "rss", "url": "javascript:alert(1)", "poll_minutes": 30}, "url"),
        ({"kind": "rss", "url": "https://a.example/rss", "poll_minutes": 1}, "poll_minutes"),
        ({"kind": "gopher", "url": "https://a.example/rss", "poll_minutes": 30}, "kind"),
    ],
)
def test_bad_feed_values_are_said(client, department_staff, values, field):
    source = Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    client.force_login(department_staff)
    response = client.post(reverse("media:feed_create", args=[source.pk]), values)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Feed.objects.exists()


def test_only_the_department_and_system_administrators_keep_sources(client, other_staff):
    source = Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    feed = Feed.objects.create(source=source, kind="rss", url="https://a.example/rss")
    client.force_login(other_staff)
    assert client.get(reverse("media:source_detail", args=[source.pk])).status_code == 200
    for url in (
        reverse("media:source_create"),
        reverse("media:source_edit", args=[source.pk]),
        reverse("media:feed_create", args=[source.pk]),
        reverse("media:feed_edit", args=[feed.pk]),
        reverse("media:press_import"),
    ):
        assert client.get(url).status_code == 403, url
    page = client.get(reverse("media:source_detail", args=[source.pk])).content.decode()
    assert reverse("media:source_edit", args=[source.pk]) not in page


def test_unknown_ids_are_404(client, department_staff):
    client.force_login(department_staff)
    assert client.get(reverse("media:source_edit", args=[999])).status_code == 404
    assert client.get(reverse("media:feed_edit", args=[999])).status_code == 404


# Upload -----------------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, user, name: str, content: bytes):
    client.force_login(user)
    return client.post(reverse("media:press_import"), {"file": SimpleUploadedFile(name, content)})


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_uploaded_zip_is_imported_by_the_worker_with_its_result_page(
    client, department_staff, media_root, places, press_orgs
):
    data = zipped(
        {
            "thanhhoa.rss": (CORPUS / "thanhhoa.rss").read_bytes(),
            "suckhoe.rss": (CORPUS / "suckhoe.rss").read_bytes(),
            "trang/gia-lua.html": (CORPUS / "pages/nongthon-gia-lua.html").read_bytes(),
            "hong.rss": b"<rss><channel><item><title>",
        }
    )
    response = upload(client, department_staff, "bao-chi.zip", data)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("media:press_import_run", args=[run.pk])
    assert (run.kind, run.total, run.file_name) == ("media.press_files", 4, "bao-chi.zip")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in page

    assert run_import.call(str(run.pk)) == "done"
    assert Article.objects.count() == 7
    food = Cluster.objects.get(headline__startswith="Hơn 40 học sinh tiểu học")
    assert food.article_count == 2  # the syndicated copy met its story
    html = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "Đã nhập 7 bài báo mới." in html and "every 2s" not in html
    assert "hong.rss: Tệp RSS/Atom hỏng, không đọc được bài nào." in html

    # the same file again: nothing new, and said so
    response = upload(client, department_staff, "bao-chi.zip", data)
    again = ImportRun.objects.exclude(pk=run.pk).get()
    assert run_import.call(str(again.pk)) == "done"
    assert Article.objects.count() == 7
    html = client.get(response.url).content.decode()
    assert "Đã nhập 0 bài báo mới." in html and "7 bài đã có từ trước" in html


def test_a_file_with_nothing_to_read_fails_in_words(client, department_staff, media_root):
    response = upload(
        client, department_staff, "trang.html", b"<!DOCTYPE html><html><body></body></html>"
    )
    run = ImportRun.objects.get()
    assert run_import.call(str(run.pk)) == "failed"
    html = client.get(response.url).content.decode()
    assert "Không nhập được bài nào từ tệp này." in html
    assert "Trang không có bài viết" in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("bao-cao.pdf", b"%PDF-1.4 not a feed"),
        ("tai-lieu.docx", b"PK\x03\x04 broken archive"),
        ("rong.rss", b""),
    ],
)
def test_other_files_are_refused_on_the_page(client, department_staff, media_root, name, content):
    response = upload(client, department_staff, name, content)
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_only_the_uploader_sees_the_run(client, department_staff, media_root):
    upload(client, department_staff, "suckhoe.rss", (CORPUS / "suckhoe.rss").read_bytes())
    run = ImportRun.objects.get()
    other = UserFactory(username="khac")
    MembershipFactory(
        user=other,
        organization=OrganizationFactory(kind=Organization.Kind.PROPAGANDA_DEPARTMENT),
        role=Membership.Role.SPECIALIST,
    )
    client.force_login(other)
    assert client.get(reverse("media:press_import_run", args=[run.pk])).status_code == 404


def test_the_forms_read_a_fixed_number_of_queries(
    client, department_staff, media_root, django_assert_max_num_queries
):
    source = Source.objects.create(name="Báo A", level=Source.Level.CENTRAL)
    feed = Feed.objects.create(source=source, kind="rss", url="https://a.example/rss")
    upload(client, department_staff, "suckhoe.rss", (CORPUS / "suckhoe.rss").read_bytes())
    run = ImportRun.objects.get()
    for url, most in (
        (reverse("media:source_create"), 10),
        (reverse("media:source_edit", args=[source.pk]), 12),
        (reverse("media:feed_create", args=[source.pk]), 9),
        (reverse("media:feed_edit", args=[feed.pk]), 9),
        (reverse("media:press_import"), 8),
        (reverse("media:press_import_run", args=[run.pk]), 8),
    ):
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url
