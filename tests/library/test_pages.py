"""The library's pages and counts: adding an item with its file, versions, collections, views
and downloads counted once per person per day, the review figures, and the queries each list
and detail page makes."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from phoihop.core.models import AuditEntry
from phoihop.library import counts, services
from phoihop.library.models import Item, Use, Version
from phoihop.org.models import Membership
from tests.conftest import build_province_tree
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, system_admin

from .helpers import docx_bytes, make_item, pdf_bytes, upload

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def tree():
    return build_province_tree()


@pytest.fixture
def keeper(tree):
    user = UserFactory(username="chuyenvien")
    MembershipFactory(user=user, organization=tree["propaganda"], role=Role.SPECIALIST)
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def item_form(tree, **overrides) -> dict:
    return {
        "title": "Đề cương tuyên truyền Nghị quyết 57-NQ/TW",
        "kind": "outline",
        "organization": f"#{tree['propaganda'].pk}",
        "published_on": "05/12/2026",
        "publisher": "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        "edition": "Lần 1",
        "tags": "khoa học, công nghệ, chuyển đổi số, công nghệ",
        "access": "signed_in",
        **overrides,
    }


def test_a_keeper_adds_an_outline_with_its_file(tree, keeper):
    data = item_form(tree, file=upload("Đề cương 57.pdf", pdf_bytes()))
    response = signed_in(keeper).post(reverse("library:item_create"), data)
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.tags == "khoa học, công nghệ, chuyển đổi số"  # cleaned, once each
    assert item.current_version.name == "Đề cương 57.pdf"
    assert item.current_version.number == 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(item.pk))
    assert entry.changes["access"] == [None, "signed_in"]


def test_a_png_renamed_pdf_is_refused_on_the_page(tree, keeper):
    from tests import samples

    data = item_form(tree, file=upload("Đề cương.pdf", samples.png()))
    response = signed_in(keeper).post(reverse("library:item_create"), data)
    assert response.status_code == 400
    assert "Tên tệp có đuôi .pdf nhưng nội dung là tệp PNG" in response.content.decode()
    assert not Item.objects.exists()


def test_a_restricted_item_needs_an_audience_and_audio_needs_a_link(tree, keeper):
    client = signed_in(keeper)
    response = client.post(
        reverse("library:item_create"),
        item_form(tree, access="restricted", file=upload("a.pdf", pdf_bytes())),
    )
    assert "Tài liệu hạn chế cần ít nhất một tổ chức được xem." in response.content.decode()
    response = client.post(reverse("library:item_create"), item_form(tree, kind="audio"))
    assert "Âm thanh, video cần đường dẫn" in response.content.decode()
    response = client.post(
        reverse("library:item_create"),
        item_form(tree, kind="video", link="https://www.youtube.com/watch?v=thanhhoa"),
    )
    assert response.status_code == 302
    assert Item.objects.get().current_version is None


def test_hostile_input_is_a_form_error_never_a_server_error(tree, keeper):
    client = signed_in(keeper)
    response = client.post(
        reverse("library:item_create"),
        item_form(
            tree,
            title="x" * 5000,
            published_on="31/02/2026",
            organization="#999999",
            directive_symbol="99-NQ/TW",
            access="moi-nguoi",
            audience_roles=["vua"],
            kind="<script>",
        ),
    )
    assert response.status_code == 400
    response = client.get(reverse("library:item_list"), {"q": "\x00", "kind": "x", "field": "a"})
    assert response.status_code in (200, 400)  # a NUL is refused before the view, never a 500
    response = client.get(
        reverse("library:item_list"), {"q": "'\"<x>", "kind": "x", "field": "a", "page": "-1"}
    )
    assert response.status_code == 200


def test_a_new_version_replaces_the_file_and_the_old_one_stays_readable(tree, keeper):
    item = make_item(tree["propaganda"], by=keeper)
    client = signed_in(keeper)
    response = client.post(
        reverse("library:version_create", args=[item.pk]),
        {"file": upload("Đề cương (sửa).docx", docx_bytes("Bản sửa: số liệu mới")),
         "note": "Sửa số liệu mục II"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_version.number == 2
    current = client.get(reverse("library:item_file", args=[item.pk]))
    assert "Đề cương (sửa).docx" in current["Content-Disposition"].replace("%20", " ") or (
        "docx" in current["Content-Disposition"]
    )
    old = client.get(reverse("library:version_file", args=[item.pk, 1]))
    assert old.status_code == 200 and old["Content-Type"] == "application/pdf"
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Bản cũ" in page and "Bản hiện hành" in page and "Sửa số liệu mục II" in page
    # The search follows the current version only.
    for version in Version.objects.all():
        services.extract_version_text(version.pk)
    listed = client.get(reverse("library:item_list"), {"q": "so lieu moi"}).content.decode()
    assert item.title in listed
    # Words only the first version's PDF had are no longer found.
    listed = client.get(reverse("library:item_list"), {"q": "neu guong nguoi tot"})
    assert item.title not in listed.content.decode()


def test_views_and_downloads_count_once_per_person_per_day(tree, keeper):
    item = make_item(tree["propaganda"])
    reader = UserFactory()
    MembershipFactory(user=reader, organization=tree["health"], role=Role.FOCAL_POINT)
    client = signed_in(reader)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)):
        for _ in range(3):
            client.get(item.get_absolute_url())
            client.get(reverse("library:item_file", args=[item.pk]))
        client.get(reverse("library:version_file", args=[item.pk, 1]))
        signed_in(keeper).get(item.get_absolute_url())
    # The next day in Vietnam (after 17:00 UTC), the same reader counts again.
    with time_machine.travel(datetime.datetime(2026, 12, 7, 18, tzinfo=datetime.UTC)):
        client.get(item.get_absolute_url())
    item.refresh_from_db()
    assert (item.view_count, item.download_count) == (3, 1)
    assert set(Use.objects.filter(user=reader).values_list("day", "kind")) == {
        (datetime.date(2026, 12, 7), "view"),
        (datetime.date(2026, 12, 7), "download"),
        (datetime.date(2026, 12, 8), "view"),
    }
    # Anonymous visitors are not counted (they cannot open an item's page).
    assert services.record_use(
        item=item, user=Client().get("/").wsgi_request.user, kind="view"
    ) is (False)


def test_the_review_figures_count_what_the_user_may_see(tree, keeper):
    admin = system_admin()
    public = make_item(tree["propaganda"], access="public", published_on=datetime.date(2026, 3, 1))
    make_item(tree["propaganda"], kind="guidance", published_on=datetime.date(2026, 5, 1))
    propagandists = OrganizationFactory(name="Đoàn báo cáo viên", parent=tree["party"])
    make_item(
        tree["propaganda"],
        access="restricted",
        audience_organizations=[propagandists],
        published_on=datetime.date(2026, 6, 1),
    )
    make_item(tree["propaganda"], published_on=datetime.date(2025, 6, 1))  # before the period
    for n in range(4):
        reader = UserFactory()
        services.record_use(
            item=public, user=reader, kind="download", day=datetime.date(2026, 4, n + 1)
        )
    services.record_use(item=public, user=reader, kind="view", day=datetime.date(2026, 4, 1))
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)

    def figures(user, **kwargs):
        return {
            str(f.label): f for f in counts.review_figures(user, start=start, end=end, **kwargs)
        }

    everything = figures(admin)
    assert everything["Tài liệu, ấn phẩm phát hành"].value == 3
    assert everything["Đề cương tuyên truyền"].value == 2
    assert everything["Hướng dẫn"].value == 1
    assert everything["Lượt tải tài liệu"].value == 4
    assert everything["Lượt xem tài liệu"].value == 1
    outsider = UserFactory()
    MembershipFactory(user=outsider, organization=tree["health"], role=Role.FOCAL_POINT)
    assert figures(outsider)["Tài liệu, ấn phẩm phát hành"].value == 2  # not the restricted one
    url = everything["Hướng dẫn"].url
    assert "kind=guidance" in url and "published_from=01%2F01%2F2026" in url
    page = signed_in(admin).get(url).content.decode()
    assert page.count('data-testid="item-row"') == 1
    assert figures(admin, programme=object()) == {}
    health_only = figures(admin, organization=tree["health"])
    assert health_only["Tài liệu, ấn phẩm phát hành"].value == 0


def test_a_collection_gathers_items_for_a_month(tree, keeper):
    items = [make_item(tree["propaganda"], title=f"Tài liệu {n}") for n in range(2)]
    client = signed_in(keeper)
    response = client.post(
        reverse("library:collection_create"),
        {"title": "Tài liệu sinh hoạt chi bộ tháng 12/2026",
         "organization": f"#{tree['propaganda'].pk}",
         "items": [item.pk for item in items]},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Tài liệu sinh hoạt chi bộ tháng 12/2026" in page
    assert all(item.title in page for item in items)
    assert client.get(reverse("library:item_list"), {"collection": "abc"}).status_code == 200


def test_type_ahead_boxes_answer_from_the_allowed_organisations(tree, keeper):
    response = signed_in(keeper).get(
        reverse("library:item_create"),
        {"suggest": "audience_organizations", "audience_organizations": "Sở Y"},
    )
    assert response.status_code == 200


@pytest.fixture
def full_library(tree):
    propagandists = OrganizationFactory(name="Đoàn báo cáo viên", parent=tree["party"])
    for n in range(12):
        make_item(
            tree["propaganda"],
            title=f"Đề cương số {n}",
            access=["public", "signed_in", "restricted"][n % 3],
            audience_organizations=[propagandists],
        )
    services.save_collection(
        collection=None,
        organization=tree["propaganda"],
        title="Tài liệu tháng 12",
        items=list(Item.objects.all()),
        by=system_admin(),
    )
    return tree


@pytest.mark.parametrize(
    ("name", "args", "query", "most"),
    [
        ("library:item_list", [], {}, 16),
        ("library:item_list", [], {"q": "de cuong", "kind": "outline"}, 17),
        ("library:public_list", [], {}, 14),
        ("library:collection_list", [], {}, 14),
    ],
)
def test_list_pages_make_a_bounded_number_of_queries(
    full_library, keeper, name, args, query, most, django_assert_max_num_queries
):
    client = signed_in(keeper)
    client.get(reverse(name, args=args), query)  # warm the per-process caches
    with django_assert_max_num_queries(most):
        assert client.get(reverse(name, args=args), query).status_code == 200


def test_detail_pages_make_a_bounded_number_of_queries(
    full_library, keeper, django_assert_max_num_queries
):
    item = Item.objects.filter(access="restricted").first()
    collection = item.collections.get()
    client = signed_in(keeper)
    client.get(item.get_absolute_url())
    with django_assert_max_num_queries(20):
        assert client.get(item.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(collection.get_absolute_url()).status_code == 200
    # The first download of the day is counted: the use row, the item's counter, and the
    # day's tallies of its organisation and access level and of the level (here created: +3
    # each when they exist).
    with django_assert_max_num_queries(21):
        assert client.get(reverse("library:item_file", args=[item.pk])).status_code == 200


def test_the_public_page_reads_well_without_anything(db):
    page = Client().get(reverse("library:public_list")).content.decode()
    assert "Chưa có tài liệu công khai nào." in page
