"""The one pagination path: a page's links keep the filters, on a full page and on the htmx
fragment that replaces the results."""

from django.urls import reverse


def test_the_next_page_link_keeps_the_filters_in_pages_and_fragments(
    client, province_tree, admin_user, settings
):
    settings.PAGE_SIZE = 1
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
    client, province_tree, admin_user, settings
):
    settings.PAGE_SIZE = 1
    client.force_login(admin_user)
    response = client.get(reverse("org:organization_list"), {"page": "abc<script>x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trang 1/" in page and 'href="?page=2"' in page
    assert "<script>x" not in page and "abc" not in page
