"""core.search on the database in use (run once on SQLite, once with DATABASE_URL on PostgreSQL),
the search page and GET /api/v1/search."""

import pytest
from django.db import connection
from django.urls import reverse

from phoihop.core import search
from phoihop.core.models import SearchDocument
from phoihop.org import services
from phoihop.org.models import Area, Membership, Organization
from tests.factories import AreaFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def indexed(province_tree):
    """The Thanh Hóa tree plus a commune Party committee, all in the index."""
    commune = OrganizationFactory(
        name="Đảng ủy phường Đông Sơn",
        kind="party_committee",
        level="commune",
        parent=province_tree["party"],
    )
    search.index_many([*province_tree.values(), commune])
    return {**province_tree, "commune": commune}


# Other apps seed searchable data of their own (e.g. central directives); these tests look at
# the kinds the org app registers.
ORG_KINDS = ("area", "organization", "person")


def titles(user, query, kinds=ORG_KINDS, **kwargs) -> list[str]:
    return [hit.title for hit in search.search(user, query, kinds=kinds, **kwargs)]


def test_the_database_under_test_is_reported(indexed):
    # Makes the run's database visible in the test output (-v) and guards the fixture.
    assert connection.vendor in {"sqlite", "postgresql"}
    assert SearchDocument.objects.filter(kind__in=ORG_KINDS).count() == 5


# Folding ----------------------------------------------------------------------------------------


def test_query_without_diacritics_finds_the_vietnamese_name(indexed, admin_user):
    assert titles(admin_user, "so y te thanh hoa") == ["Sở Y tế tỉnh Thanh Hóa"]


def test_d_stroke_is_folded_to_d(indexed, admin_user):
    # Every Party committee matches through its kind ("Cấp ủy Đảng"); the name ranks first.
    assert titles(admin_user, "dang uy")[0] == "Đảng ủy phường Đông Sơn"
    assert titles(admin_user, "DONG SON") == ["Đảng ủy phường Đông Sơn"]


def test_query_with_diacritics_and_odd_spacing_or_case_still_matches(indexed, admin_user):
    assert titles(admin_user, "  SỞ   y TẾ ") == ["Sở Y tế tỉnh Thanh Hóa"]


def test_decomposed_unicode_input_matches_composed_names(indexed, admin_user):
    import unicodedata

    query = unicodedata.normalize("NFD", "Sở Y tế")
    assert titles(admin_user, query) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_words_match_as_prefixes_in_any_order(indexed, admin_user):
    assert titles(admin_user, "thanh hoa syt") == ["Sở Y tế tỉnh Thanh Hóa"]  # abbreviation
    assert titles(admin_user, "tuyen gia") == ["Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"]


def test_every_word_must_match(indexed, admin_user):
    assert titles(admin_user, "so y te nghe an") == []


def test_empty_or_punctuation_only_queries_find_nothing(indexed, admin_user):
    assert titles(admin_user, "") == []
    assert titles(admin_user, " -- !! ") == []


def test_queries_with_fts_syntax_are_treated_as_words(indexed, admin_user):
    assert titles(admin_user, 'so" OR * NEAR(y') == []
    assert titles(admin_user, "sở & y | tế:*") == ["Sở Y tế tỉnh Thanh Hóa"]


# Ranking ----------------------------------------------------------------------------------------


def test_exact_diacritics_rank_above_folded_only_matches(admin_user):
    folded_only = AreaFactory(name="Xã Hóa Quỳ")
    exact = AreaFactory(name="Xã Hòa Bình Thượng")  # longer, so length alone would lose
    search.index_many([folded_only, exact])
    assert titles(admin_user, "Hòa") == ["Xã Hòa Bình Thượng", "Xã Hóa Quỳ"]
    assert titles(admin_user, "Hóa")[0] == "Xã Hóa Quỳ"


def test_current_units_rank_above_historical_ones_at_equal_closeness(admin_user):
    import datetime

    old = AreaFactory(name="Xã Quảng Hưng", valid_to=datetime.date(2025, 6, 30))
    new = AreaFactory(name="Xã Quảng Hưng")
    search.index_many([old, new])
    hits = search.search(admin_user, "quang hung", kinds=ORG_KINDS)
    assert [hit.id for hit in hits] == [new.pk, old.pk]


# Visibility -------------------------------------------------------------------------------------


def test_outsiders_do_not_find_organisations_outside_their_scope(indexed, outsider):
    assert titles(outsider, "thanh hoa", kinds=["organization"]) == []
    assert titles(outsider, "nghe an", kinds=["organization"]) == ["Tỉnh ủy Nghệ An"]


def test_members_find_their_subtree_only(indexed, make_member):
    member = make_member(indexed["committee"])
    found = titles(member, "thanh hoa", kinds=["organization"])
    assert set(found) == {"Ủy ban nhân dân tỉnh Thanh Hóa", "Sở Y tế tỉnh Thanh Hóa"}


def test_people_are_found_only_by_those_who_may_see_them(indexed, make_member, outsider):
    doctor = make_member(indexed["health"], full_name="Phạm Thị Thủy")
    search.index(doctor)
    colleague = make_member(indexed["committee"])
    assert titles(colleague, "pham thi thuy") == ["Phạm Thị Thủy"]
    assert titles(outsider, "pham thi thuy") == []


def test_anonymous_users_find_nothing(indexed):
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser(), "thanh hoa") == []


def test_kinds_restrict_the_search(indexed, admin_user):
    area = AreaFactory(name="Tỉnh Thanh Hóa", level="province", type="tỉnh")
    search.index(area)
    assert titles(admin_user, "thanh hoa", kinds=["area"]) == ["Tỉnh Thanh Hóa"]
    assert "Tỉnh Thanh Hóa" not in titles(admin_user, "thanh hoa", kinds=["organization"])


def test_limit_caps_the_number_of_hits(admin_user):
    search.index_many(AreaFactory(name=f"Xã Hòa {i}") for i in range(8))
    assert len(search.search(admin_user, "hoa", kinds=["area"], limit=5)) == 5


# The text filter of lists (search.filter_text) --------------------------------------------------


def test_a_list_text_filter_matches_as_the_search_box_within_the_lists_own_scope(
    indexed, make_member, outsider
):
    member = make_member(indexed["committee"])
    visible = Organization.objects.visible_to(member).order_by("name")
    assert [o.name for o in search.filter_text(visible, "so y te thanh ho")] == [
        "Sở Y tế tỉnh Thanh Hóa"
    ]
    assert list(search.filter_text(visible, "tuyen giao")) == []  # matches, but out of scope
    assert list(search.filter_text(Organization.objects.visible_to(outsider), "thanh hoa")) == []


def test_a_blank_text_filter_keeps_the_list_and_punctuation_alone_matches_nothing(indexed):
    everything = Organization.objects.order_by("pk")
    assert search.filter_text(everything, "  ").count() == everything.count()
    assert search.filter_text(everything, " -- !! ").count() == 0


def test_a_ranked_text_filter_orders_as_the_search_box_then_by_the_lists_order(admin_user):
    folded_only = AreaFactory(name="Xã Hóa Quỳ", code="00002")
    exact = AreaFactory(name="Xã Hòa Bình Thượng", code="00003")
    unrelated = AreaFactory(name="Xã Đông Sơn", code="00001")
    areas = Area.objects.filter(pk__in=[folded_only.pk, exact.pk, unrelated.pk]).order_by("code")
    assert [a.name for a in search.filter_text(areas, "Hòa", ranked=True)] == [
        "Xã Hòa Bình Thượng",
        "Xã Hóa Quỳ",
    ]
    assert [a.name for a in search.filter_text(areas, "hoa")] == [
        "Xã Hóa Quỳ",
        "Xã Hòa Bình Thượng",
    ]


# Keeping the index current ----------------------------------------------------------------------


def test_renaming_through_the_service_updates_the_index(indexed, admin_user):
    services.update_organization(
        organization=indexed["health"], by=admin_user, name="Sở Y tế và Dân số tỉnh Thanh Hóa"
    )
    assert titles(admin_user, "dan so")[0] == "Sở Y tế và Dân số tỉnh Thanh Hóa"
    assert titles(admin_user, "so y te tinh thanh") == ["Sở Y tế và Dân số tỉnh Thanh Hóa"]
    assert (
        SearchDocument.objects.filter(kind="organization", object_id=indexed["health"].pk).count()
        == 1
    )


def test_a_renamed_word_is_no_longer_found(indexed, admin_user):
    services.update_organization(
        organization=indexed["commune"], by=admin_user, name="Đảng ủy xã Hoằng Hóa"
    )
    assert titles(admin_user, "dong son") == []
    assert titles(admin_user, "hoang hoa") == ["Đảng ủy xã Hoằng Hóa"]


def test_profile_changes_update_the_index(make_member, indexed, admin_user):
    person = make_member(indexed["health"], full_name="Lê Văn Tám")
    search.index(person)
    services.update_profile(person=person, by=person, full_name="Lê Văn Chín")
    assert titles(admin_user, "le van chin") == ["Lê Văn Chín"]
    assert titles(admin_user, "le van tam") == []


def test_rebuild_indexes_everything_again(indexed, admin_user):
    SearchDocument.objects.all().delete()
    counts = search.rebuild(["organization"])
    assert counts["organization"] >= 5
    assert titles(admin_user, "so y te") == ["Sở Y tế tỉnh Thanh Hóa"]


# The search page --------------------------------------------------------------------------------


def test_search_page_needs_login(client):
    response = client.get(reverse("search"), {"q": "thanh hoa"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_page_lists_hits_with_their_kind(client, indexed, make_member):
    member = make_member(indexed["committee"])
    client.force_login(member)
    page = client.get(reverse("search"), {"q": "so y te thanh hoa"}).content.decode()
    assert 'data-testid="search-results"' in page
    assert f'<a href="{indexed["health"].get_absolute_url()}">Sở Y tế tỉnh Thanh Hóa</a>' in page
    assert "Tổ chức" in page


def test_search_page_explains_when_nothing_is_found(client, indexed, outsider):
    client.force_login(outsider)
    page = client.get(reverse("search"), {"q": "so y te thanh hoa"}).content.decode()
    assert 'data-testid="search-empty"' in page
    assert "Sở Y tế tỉnh Thanh Hóa" not in page


def test_search_page_without_query_shows_a_hint(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("search")).content.decode()
    assert "Có thể gõ không dấu." in page


def test_search_page_filters_by_kind(client, indexed, admin_user):
    search.index(AreaFactory(name="Tỉnh Thanh Hóa", level="province", type="tỉnh"))
    client.force_login(admin_user)
    page = client.get(reverse("search"), {"q": "thanh hoa", "kind": "area"}).content.decode()
    assert "Tỉnh Thanh Hóa" in page
    assert "Sở Y tế tỉnh Thanh Hóa" not in page
    assert '<option value="area" selected>' in page  # the kinds come from the registry


@pytest.mark.parametrize("kind", ["<script>alert(1)</script>", "organisation", "x" * 300])
def test_an_unknown_kind_is_ignored_and_said(client, indexed, admin_user, kind):
    client.force_login(admin_user)
    response = client.get(reverse("search"), {"q": "so y te thanh hoa", "kind": kind})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in page and "<script>alert" not in page
    assert "Sở Y tế tỉnh Thanh Hóa" in page  # searched every kind instead


def test_words_too_long_for_the_box_are_said_not_cut(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("search"), {"q": "thanh hoa " * 30}).content.decode()
    assert 'data-testid="filter-errors"' in page
    assert 'data-testid="search-results"' not in page


def test_search_page_answers_htmx_with_the_results_only(client, indexed, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("search"), {"q": "dang uy"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Đảng ủy phường Đông Sơn" in page


def test_search_page_queries_do_not_grow_with_hits(
    client, province_tree, make_member, django_assert_max_num_queries
):
    member = make_member(province_tree["committee"], role=Role.ORG_ADMIN)
    search.index_many(
        OrganizationFactory(name=f"Phòng Y tế số {i}", parent=province_tree["committee"])
        for i in range(30)
    )
    client.force_login(member)
    # 10 whatever the hits: session, user, the costly kinds' matches, the content types of the
    # kinds (first request of the process), the scope, the editor scope of the library's
    # visibility, the organisations, the hits, the bell.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("search"), {"q": "phong y te"})
    assert response.content.decode().count("Phòng Y tế số") == 30


def test_scoped_search_skips_costly_kinds_without_matches(indexed, make_member):
    """Plans' and tasks' visibility subqueries are neither built nor sent when none matched."""
    from django.test.utils import CaptureQueriesContext

    member = make_member(indexed["party"], role=Role.SPECIALIST)
    with CaptureQueriesContext(connection) as captured:
        hits = search.search(member, "dang uy")
    assert "Đảng ủy phường Đông Sơn" in [hit.title for hit in hits]
    sent = " ".join(query["sql"] for query in captured.captured_queries)
    assert "plans_task" not in sent
    assert "plans_plan" not in sent


@pytest.mark.parametrize("query", ["thanh hoa", "so y te", "dang uy", "nguyen"])
def test_a_scoped_search_finds_the_same_with_few_or_many_matches(
    indexed, make_member, monkeypatch, query
):
    """Up to SEARCH_IDS_LIMIT matches, each kind's visibility is asked about the matching ids
    only; beyond it, about every visible object. Both paths find the same hits in the same order."""
    member = make_member(indexed["committee"], role=Role.SPECIALIST)
    few = [(hit.kind, hit.id) for hit in search.search(member, query)]
    monkeypatch.setattr(search, "SEARCH_IDS_LIMIT", 0)
    many = [(hit.kind, hit.id) for hit in search.search(member, query)]
    assert few and few == many


# GET /api/v1/search -----------------------------------------------------------------------------


def test_api_search_returns_typed_hits(client, indexed, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/search", {"q": "so y te thanh hoa", "kind": "organization"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "type": "organization",
                "id": indexed["health"].pk,
                "title": "Sở Y tế tỉnh Thanh Hóa",
                "subtitle": "SYT",
                "label": "Tổ chức",
                "url": indexed["health"].get_absolute_url(),
            }
        ],
    }


def test_api_search_respects_visibility(client, indexed, outsider):
    client.force_login(outsider)
    response = client.get("/api/v1/search", {"q": "thanh hoa", "kind": "organization"})
    assert response.json() == {"count": 0, "items": []}


def test_api_search_filters_by_kind_and_limits(client, admin_user):
    search.index_many(AreaFactory(name=f"Xã Hòa {i}") for i in range(5))
    client.force_login(admin_user)
    body = client.get("/api/v1/search", {"q": "hoa", "kind": "area", "limit": 3}).json()
    assert body["count"] == 3
    assert {item["type"] for item in body["items"]} == {"area"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "hoa", "limit": 0}, "limit"),
        ({"q": "hoa", "limit": "nhiều"}, "limit"),
        ({"q": "hoa", "kind": "planet"}, "kind"),
    ],
)
def test_api_search_rejects_bad_parameters_with_field_errors(client, admin_user, params, field):
    client.force_login(admin_user)
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert field in body["errors"]


def test_api_search_needs_authentication(client):
    response = client.get("/api/v1/search", {"q": "hoa"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Cần đăng nhập hoặc mã truy cập hợp lệ.", "errors": {}}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index options are PostgreSQL's")
def test_search_index_keeps_no_pending_list(indexed, admin_user):
    # With GIN "fastupdate", new documents pile up in an unsorted list that every search scans
    # until autovacuum merges it (13 ms instead of 2 ms per search at national scale).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'core_searchdocument_vector'"
        )
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in options


def test_an_identifier_is_found_as_typed(indexed, admin_user):
    # "38.14797.DU" is split into the words 38, 14797 and du on both databases.
    commune = indexed["commune"]
    commune.identifier = "38.14797.DU"
    search.index(commune)
    assert titles(admin_user, "38.14797.du") == ["Đảng ủy phường Đông Sơn"]


def test_the_last_word_may_still_be_typed(indexed, admin_user):
    assert titles(admin_user, "so y te thanh ho") == ["Sở Y tế tỉnh Thanh Hóa"]
