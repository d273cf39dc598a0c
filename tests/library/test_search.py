"""The library's search ranks a capped set of matches (core.search.rank_capped): a query with
no more matches than the cap lists what `filter_text(ranked=True)` lists, in its order; a
broader one finds the same items, the newest `cap` of them ranked first, the others newest
first after them, and the page says "more than"."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from phoihop.core import search
from phoihop.library import selectors
from phoihop.library.models import Item
from tests.conftest import build_province_tree
from tests.factories import UserFactory, system_admin

pytestmark = pytest.mark.django_db

TEXTS = (
    "Tuyên truyền, nêu gương người tốt việc tốt ở cơ sở.",
    "Người tốt trong việc làm tốt của khu dân cư.",  # every word, not the phrase
    "Bảo hiểm y tế cho người dân tộc thiểu số.",
    "Chuyển đổi số ở cơ sở, tổ công nghệ số cộng đồng.",
)
TITLES = (
    "Đề cương tuyên truyền người tốt việc tốt",
    "Tài liệu sinh hoạt chi bộ",
    "Sổ tay người tốt việc tốt",
    "Hướng dẫn tuyên truyền chuyển đổi số",
    "Tài liệu",
)


@pytest.fixture
def library():
    tree = build_province_tree()
    for n in range(40):
        item = Item.objects.create(
            organization=tree["propaganda"],
            kind=Item.Kind.OUTLINE,
            title=f"{TITLES[n % len(TITLES)]} (số {n})",
            summary=TEXTS[n % len(TEXTS)],
            published_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=(n * 7) % 30),
            access=[Item.Access.PUBLIC, Item.Access.SIGNED_IN, Item.Access.RESTRICTED][n % 3],
        )
        search.index(item)
    return tree


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


QUERIES = ["nguoi tot viec tot", "người tốt việc tốt", "tot", "so", "sổ tay", "tai lieu", "zzz"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("who", ["admin", "reader"])
def test_a_query_within_the_cap_is_ranked_as_filter_text_ranks(library, query, who):
    user = system_admin() if who == "admin" else UserFactory()
    visible = Item.objects.visible_to(user).for_list()
    expected = _ids(search.filter_text(visible, query, ranked=True))
    found = selectors.items_for(user, {"q": query})
    assert _ids(found[:100]) == expected
    assert found.count() == len(expected)
    assert found.known_count() == (len(expected), False)


@pytest.mark.parametrize("walk_from", [1001, 3])  # the ids read first, or the list walked
@pytest.mark.parametrize("query", ["tot", "tai lieu", "so"])
def test_a_broad_query_ranks_the_newest_matches_and_finds_the_same_items(
    library, query, walk_from, monkeypatch
):
    monkeypatch.setattr(search, "WALK_FROM", walk_from)
    admin = system_admin()
    visible = Item.objects.visible_to(admin).for_list()
    every = _ids(search.filter_text(visible, query, ranked=True))
    newest = _ids(search.filter_text(visible, query).order_by("-published_on", "-pk", "pk"))
    cap = 5
    assert len(every) > cap
    found = search.rank_capped(visible, query, cap=cap)
    rows = _ids(found[: len(every) + 5])
    assert sorted(rows) == sorted(every)  # the same items found
    head = newest[:cap]
    ranked_head = _ids(search.filter_text(visible.filter(pk__in=head), query, ranked=True))
    assert rows[:cap] == ranked_head  # the newest `cap` matches, best first
    assert rows[cap:] == newest[cap:]  # then the others, newest first
    assert found.count() == len(every)
    assert found.known_count() == (cap + 1, True)
    # a page that starts inside the ranked ones and ends past them
    assert _ids(found[cap - 2 : cap + 3]) == rows[cap - 2 : cap + 3]


def test_the_page_says_more_than_past_the_cap(library, monkeypatch):
    monkeypatch.setattr(search, "RANK_CAP", 5)
    client = Client()
    client.force_login(system_admin())
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 2)
    page = client.get(reverse("library:item_list"), {"q": "tot"}).content.decode()
    assert "Trang 1/hơn 3" in page
    last = client.get(reverse("library:item_list"), {"q": "tot", "page": 99}).content.decode()
    assert "Trang " in last and "/hơn" not in last


@pytest.mark.parametrize("walk_from", [1001, 3])
def test_the_api_counts_every_match_of_a_broad_query(library, monkeypatch, walk_from):
    monkeypatch.setattr(search, "RANK_CAP", 5)
    monkeypatch.setattr(search, "WALK_FROM", walk_from)
    admin = system_admin()
    client = Client()
    client.force_login(admin)
    every = search.filter_text(Item.objects.all(), "tot").count()
    answer = client.get("/api/v1/library/items", {"q": "tot", "page_size": 100}).json()
    assert answer["count"] == every > 5
    assert len({row["id"] for row in answer["items"]}) == every


def test_public_search_lists_only_public_items(library):
    page = Client().get(reverse("library:public_list"), {"q": "tot"})
    assert page.status_code == 200
    public = set(Item.objects.filter(access="public").values_list("title", flat=True))
    shown = [title for title in Item.objects.values_list("title", flat=True)
             if title in page.content.decode()]  # fmt: skip
    assert shown and set(shown) <= public


@pytest.mark.parametrize("walk_from", [1001, 3])
def test_a_narrow_list_of_a_broad_query_is_ranked_whole(library, walk_from, monkeypatch):
    """More documents match than the cap, but the list (here narrowed to a few items, as a
    reader's access or a filter narrows it) holds fewer matches: ranked as filter_text."""
    monkeypatch.setattr(search, "WALK_FROM", walk_from)
    few = Item.objects.for_list().filter(pk__in=Item.objects.order_by("pk")[:6].values("pk"))
    expected = _ids(search.filter_text(few, "tot", ranked=True))
    assert 0 < len(expected) <= 5 < search.filter_text(Item.objects.all(), "tot").count()
    found = search.rank_capped(few, "tot", cap=5)
    assert _ids(found[:25]) == expected
    assert found.known_count() == (len(expected), False)
