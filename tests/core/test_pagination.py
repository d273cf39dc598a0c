"""The one pagination path: a page's links keep the filters, on a full page and on the htmx
fragment that replaces the results; a first page with room to spare is not counted again."""

import pytest
from django.urls import reverse

from phoihop.org.models import Organization

from ..factories import OrganizationFactory


def test_the_next_page_link_keeps_the_filters_in_pages_and_fragments(
    client, province_tree, admin_user, monkeypatch
):
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 1)
    client.force_login(admin_user)
    url = reverse("org:organization_list")
    full = client.get(url, {"level": "province"}).content.decode()
    fragment = client.get(url, {"level": "province"}, headers={"HX-Request": "true"})
    second = client.get(url, {"level": "province", "page": 2})
    assert 'href="?level=province&amp;page=2"' in full
    assert 'href="?level=province&amp;page=2"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert 'href="?level=province&amp;page=1"' in second.content.decode()


def test_a_page_number_that_is_not_one_shows_the_first_page(
    client, province_tree, admin_user, monkeypatch
):
    monkeypatch.setattr("django.conf.settings.PAGE_SIZE", 1)
    client.force_login(admin_user)
    response = client.get(reverse("org:organization_list"), {"page": "abc<script>x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trang 1/" in page and 'href="?page=2"' in page
    assert "<script>x" not in page and "abc" not in page


def _pages(rows, page, per_page=3):
    from django.test import RequestFactory

    from phoihop.core.pagination import paginate

    return paginate(RequestFactory().get("/", {"page": page} if page else {}), rows, per_page)


@pytest.mark.django_db
def test_a_first_page_with_room_to_spare_is_the_whole_list_and_is_not_counted(
    django_assert_num_queries,
):
    for n in range(2):
        OrganizationFactory(name=f"Sở {n}")
    rows = Organization.objects.order_by("name").values_list("name", flat=True)
    with django_assert_num_queries(1):  # the page; its length is the total
        page = _pages(rows, None)
        assert list(page) == ["Sở 0", "Sở 1"]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (2, 1, False)
    OrganizationFactory(name="Sở 2")
    with django_assert_num_queries(2):  # a full first page: counted as before
        page = _pages(rows, "1")
        assert len(page) == 3 and page.paginator.count == 3 and not page.has_next()


@pytest.mark.parametrize(
    ("asked", "shown"), [(None, 1), ("1", 1), ("2", 2), ("3", 3), ("abc", 1), ("0", 3), ("99", 3)]
)
def test_any_asked_page_answers_as_django_does(asked, shown):
    page = _pages(list(range(7)), asked)
    assert page.number == shown
    assert list(page) == list(range(7))[(shown - 1) * 3 : shown * 3]
    assert page.paginator.num_pages == 3


def test_an_empty_list_has_one_empty_page():
    page = _pages([], None)
    assert (list(page), page.number, page.paginator.count, page.paginator.num_pages) == (
        [],
        1,
        0,
        1,
    )
