import datetime

from django.urls import reverse
from django.utils import timezone

from phoihop.org.models import Field, Membership

from ..factories import AreaFactory, OrganizationFactory


def detail(organization):
    return reverse("org:organization_detail", args=[organization.pk])


def test_member_reads_all_attributes(client, province_tree, make_member):
    health = province_tree["health"]
    health.identifier = "SYT-38"
    health.email = "syt@example.gov.vn"
    health.phone = "0237 385 0000"
    health.address = "Số 101 Nguyễn Trãi"
    health.area = AreaFactory(code="38", name="Thanh Hóa", level="province")
    health.valid_from = datetime.date(2025, 7, 1)
    health.save()
    health.fields.add(Field.objects.get(code="y-te"))
    client.force_login(make_member(health))
    body = client.get(detail(health)).content.decode()
    for text in (
        "SYT-38",
        "syt@example.gov.vn",
        "0237 385 0000",
        "Số 101 Nguyễn Trãi",
        "Thanh Hóa",
        "01/07/2025",
        "Y tế",
        "Sở, ban, ngành",
    ):
        assert text in body


def test_breadcrumb_lists_visible_ancestors(client, province_tree, admin_user):
    room = OrganizationFactory(name="Phòng Nghiệp vụ Y", parent=province_tree["health"])
    client.force_login(admin_user)
    response = client.get(detail(room))
    assert [a.name for a in response.context["ancestors"]] == [
        "Ủy ban nhân dân tỉnh Thanh Hóa",
        "Sở Y tế tỉnh Thanh Hóa",
    ]


def test_breadcrumb_stops_at_the_member_scope(client, province_tree, make_member):
    room = OrganizationFactory(name="Phòng Nghiệp vụ Y", parent=province_tree["health"])
    client.force_login(make_member(province_tree["health"]))
    response = client.get(detail(room))
    assert [a.name for a in response.context["ancestors"]] == ["Sở Y tế tỉnh Thanh Hóa"]
    assert "Ủy ban nhân dân tỉnh Thanh Hóa" not in response.content.decode()


def test_outsider_gets_404(client, province_tree, outsider):
    client.force_login(outsider)
    assert client.get(detail(province_tree["health"])).status_code == 404


def test_member_cannot_read_a_sibling_branch(client, province_tree, make_member):
    client.force_login(make_member(province_tree["health"]))
    assert client.get(detail(province_tree["committee"])).status_code == 404


def test_merged_organisation_points_to_its_successor(client, admin_user):
    old = OrganizationFactory(
        name="Sở Thông tin và Truyền thông", valid_to=datetime.date(2025, 2, 28)
    )
    new = OrganizationFactory(name="Sở Khoa học và Công nghệ")
    old.successors.add(new)
    client.force_login(admin_user)
    body = client.get(detail(old)).content.decode()
    assert "đã sáp nhập vào" in body
    assert "Sở Khoa học và Công nghệ" in body
    assert "28/02/2025" in body
    assert "Sở Thông tin và Truyền thông" in client.get(detail(new)).content.decode()


def test_plain_member_sees_no_action_buttons(client, province_tree, make_member):
    health = province_tree["health"]
    client.force_login(make_member(health))
    body = client.get(detail(health)).content.decode()
    for url in (
        reverse("org:organization_edit", args=[health.pk]),
        reverse("org:organization_archive", args=[health.pk]),
        reverse("org:organization_create"),
        reverse("org:organization_import"),
        reverse("org:organization_audit", args=[health.pk]),
    ):
        assert url not in body


def test_org_admin_sees_buttons_within_subtree_but_not_above(client, province_tree, make_member):
    admin = make_member(province_tree["health"], role=Membership.Role.ORG_ADMIN)
    Membership.objects.create(
        user=admin, organization=province_tree["party"], role=Membership.Role.SPECIALIST
    )
    client.force_login(admin)
    own = client.get(detail(province_tree["health"])).context
    assert own["can_change"] and own["can_archive"] and own["can_add_child"]
    assert own["can_view_audit"]
    above = client.get(detail(province_tree["party"])).context
    assert not (above["can_change"] or above["can_archive"] or above["can_add_child"])


def test_archived_organisation_offers_restore_not_archive(client, admin_user):
    archived = OrganizationFactory(name="Ban cũ", archived_at=timezone.now())
    client.force_login(admin_user)
    body = client.get(detail(archived)).content.decode()
    assert reverse("org:organization_restore", args=[archived.pk]) in body
    assert reverse("org:organization_archive", args=[archived.pk]) not in body
    assert "Thêm đơn vị trực thuộc" not in body


def test_members_count_and_link(client, province_tree, make_member):
    member = make_member(province_tree["health"])
    make_member(province_tree["health"])
    client.force_login(member)
    response = client.get(detail(province_tree["health"]))
    assert response.context["member_count"] == 2
    assert reverse("org:member_list", args=[province_tree["health"].pk]) in (
        response.content.decode()
    )


def test_detail_query_count_does_not_grow_with_children(
    client, admin_user, django_assert_max_num_queries
):
    root = OrganizationFactory(name="UBND tỉnh")
    middle = OrganizationFactory(name="Sở Y tế", parent=root)
    for n in range(25):
        OrganizationFactory(name=f"Phòng {n}", parent=middle)
    middle.fields.add(*Field.objects.all()[:3])
    client.force_login(admin_user)
    with django_assert_max_num_queries(11):
        response = client.get(detail(middle))
    assert response.context["child_total"] == 25


def test_many_children_are_cut_short_with_a_link_to_the_list(client, admin_user, monkeypatch):
    from phoihop.org.views import organizations as views

    monkeypatch.setattr(views, "DETAIL_CHILD_LIMIT", 2)
    root = OrganizationFactory(name="UBND tỉnh")
    for n in range(4):
        OrganizationFactory(name=f"Sở {n}", parent=root)
    client.force_login(admin_user)
    response = client.get(detail(root))
    assert len(response.context["children"]) == 2
    assert response.context["child_total"] == 4
    assert "Xem tất cả 4 đơn vị" in response.content.decode()
