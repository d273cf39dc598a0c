import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ..factories import OrganizationFactory

URL = reverse("org:organization_tree")
NODE_NAME = re.compile(r'class="fw-semibold">([^<]*)</a>')
CHILD_COUNT = re.compile(r'data-testid="child-count">(\d+)<')


def node_names(response) -> list[str]:
    """The names of the tree's nodes, as shown."""
    return [html.unescape(name) for name in NODE_NAME.findall(response.content.decode())]


def child_counts(response) -> list[str]:
    return CHILD_COUNT.findall(response.content.decode())


def test_system_admin_sees_top_level_organisations_with_child_counts(
    client, province_tree, admin_user
):
    client.force_login(admin_user)
    response = client.get(URL)
    assert node_names(response) == ["Tỉnh ủy Thanh Hóa", "Ủy ban nhân dân tỉnh Thanh Hóa"]
    assert [n.child_count for n in response.context["nodes"]] == [1, 1]
    body = response.content.decode()
    assert "Ban Tuyên giáo" not in body  # children are loaded lazily


def test_member_tree_starts_at_the_roots_of_their_scope(client, province_tree, make_member):
    member = make_member(province_tree["health"])
    client.force_login(member)
    response = client.get(URL)
    assert node_names(response) == ["Sở Y tế tỉnh Thanh Hóa"]


def test_nested_memberships_show_only_the_topmost(client, province_tree, make_member):
    from phoihop.org.models import Membership

    member = make_member(province_tree["committee"])
    Membership.objects.create(user=member, organization=province_tree["health"], role="leader")
    client.force_login(member)
    assert node_names(client.get(URL)) == ["Ủy ban nhân dân tỉnh Thanh Hóa"]


def test_expanding_a_node_returns_its_children_fragment(client, province_tree, admin_user):
    client.force_login(admin_user)
    response = client.get(URL, {"parent": province_tree["committee"].pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Sở Y tế tỉnh Thanh Hóa" in body


def test_expanding_without_javascript_gives_a_full_page_with_breadcrumb(
    client, province_tree, admin_user
):
    client.force_login(admin_user)
    response = client.get(URL, {"parent": province_tree["propaganda"].pk})
    body = response.content.decode()
    assert "<html" in body
    assert "Tỉnh ủy Thanh Hóa" in body  # ancestor in the breadcrumb
    assert "chưa có đơn vị trực thuộc" in body


def test_outsider_cannot_expand_a_node_outside_scope(client, province_tree, outsider):
    client.force_login(outsider)
    response = client.get(URL, {"parent": province_tree["committee"].pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_archived_and_historical_are_hidden_unless_asked(client, admin_user):
    root = OrganizationFactory(name="Tỉnh ủy")
    OrganizationFactory(name="Ban đang hoạt động", parent=root)
    OrganizationFactory(name="Ban đã lưu trữ", parent=root, archived_at=timezone.now())
    OrganizationFactory(
        name="Ban Tuyên giáo (cũ)", parent=root, valid_to=datetime.date(2025, 2, 28)
    )
    client.force_login(admin_user)
    assert client.get(URL).context["nodes"][0].child_count == 1
    assert node_names(client.get(URL, {"parent": root.pk})) == ["Ban đang hoạt động"]
    response = client.get(URL, {"parent": root.pk, "all": "1"})
    assert node_names(response) == ["Ban Tuyên giáo (cũ)", "Ban đang hoạt động", "Ban đã lưu trữ"]
    body = response.content.decode()
    assert 'data-testid="badge-archived"' in body
    assert 'data-testid="badge-historical"' in body


@pytest.mark.parametrize("children", [3, 30])
def test_tree_query_count_is_constant(client, admin_user, children, django_assert_max_num_queries):
    root = OrganizationFactory(name="UBND tỉnh")
    for n in range(children):
        child = OrganizationFactory(name=f"Sở {n}", parent=root)
        OrganizationFactory(name=f"Phòng {n}", parent=child)
    client.force_login(admin_user)
    with django_assert_max_num_queries(5):
        client.get(URL)
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"parent": root.pk}, HTTP_HX_REQUEST="true")
    assert len(node_names(response)) == children
    assert child_counts(response) == ["1"] * children


def test_very_large_nodes_link_to_the_filtered_list(client, admin_user, monkeypatch):
    from phoihop.org.views import organizations as views

    monkeypatch.setattr(views, "TREE_CHILD_LIMIT", 3)
    root = OrganizationFactory(name="Tỉnh ủy")
    for n in range(5):
        OrganizationFactory(name=f"Đảng ủy xã {n}", parent=root)
    client.force_login(admin_user)
    response = client.get(URL, {"parent": root.pk}, HTTP_HX_REQUEST="true")
    assert len(node_names(response)) == 3
    assert f"?parent={root.pk}" in response.content.decode()
    assert "xem đầy đủ trong danh sách" in response.content.decode()
