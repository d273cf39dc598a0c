"""Who reads what: every library route for every access level, and a level change applied at
once (a file URL is a 404 for anyone not allowed, as a missing id)."""

import pytest
from django.test import Client
from django.urls import reverse

from phoihop.library import services
from phoihop.library.models import Item
from phoihop.org.models import Membership
from tests.conftest import build_outsider, build_province_tree
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, system_admin

from .helpers import make_item

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def world():
    tree = build_province_tree()
    propagandists = OrganizationFactory(
        name="Đoàn báo cáo viên Tỉnh ủy Thanh Hóa", kind="other", parent=tree["party"]
    )

    def person(username, organization, role):
        user = UserFactory(username=username)
        MembershipFactory(user=user, organization=organization, role=role)
        return user

    people = {
        "keeper": person("chuyenvien", tree["propaganda"], Role.SPECIALIST),
        "propagandist": person("baocaovien", propagandists, Role.COLLABORATOR),
        "collaborator": person("congtacvien", tree["propaganda"], Role.COLLABORATOR),
        "health": person("daumoi", tree["health"], Role.FOCAL_POINT),
        "outsider": build_outsider(),
        "admin": system_admin(),
    }
    items = {
        access: make_item(
            tree["propaganda"],
            title=f"Tài liệu {access}",
            access=access,
            audience_organizations=[propagandists] if access == Item.Access.RESTRICTED else [],
        )
        for access in Item.Access.values
    }
    collection = services.save_collection(
        collection=None,
        organization=tree["propaganda"],
        title="Tài liệu sinh hoạt chi bộ tháng 12/2026",
        items=list(items.values()),
        by=people["admin"],
    )
    return {"tree": tree, "propagandists": propagandists, "people": people, "items": items,
            "collection": collection}  # fmt: skip


READERS = {
    Item.Access.PUBLIC: {"anonymous", "keeper", "propagandist", "collaborator", "health",
                         "outsider", "admin"},
    Item.Access.SIGNED_IN: {"keeper", "propagandist", "collaborator", "health", "outsider",
                            "admin"},
    Item.Access.RESTRICTED: {"keeper", "propagandist", "admin"},
}  # fmt: skip
VISITORS = ("anonymous", "keeper", "propagandist", "collaborator", "health", "outsider", "admin")


def client_for(world, visitor) -> Client:
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def item_routes(item) -> list[str]:
    return [
        reverse("library:item_detail", args=[item.pk]),
        reverse("library:item_file", args=[item.pk]),
        reverse("library:version_file", args=[item.pk, 1]),
    ]


@pytest.mark.parametrize("access", Item.Access.values)
@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_of_an_item_answers_by_its_access(world, access, visitor):
    item = world["items"][access]
    client = client_for(world, visitor)
    allowed = visitor in READERS[access]
    for url in item_routes(item):
        response = client.get(url)
        if visitor == "anonymous":
            assert response.status_code == 302 and reverse("login") in response["Location"], url
        else:
            assert response.status_code == (200 if allowed else 404), (url, visitor)
    # The API: the same rule; anonymous callers are asked to sign in.
    response = client.get(f"/api/v1/library/items/{item.pk}")
    expected = 401 if visitor == "anonymous" else 200 if allowed else 404
    assert response.status_code == expected
    listed = client.get("/api/v1/library/items?page_size=100")
    if visitor != "anonymous":
        assert (item.pk in {row["id"] for row in listed.json()["items"]}) == allowed
    # The list page, the collection and the public listing show it only to its readers.
    if visitor != "anonymous":
        page = client.get(reverse("library:item_list"))
        assert (item.title in page.content.decode()) == allowed
        shown = client.get(reverse("library:collection_detail", args=[world["collection"].pk]))
        if shown.status_code == 200:
            assert (item.title in shown.content.decode()) == allowed
    public = client.get(reverse("library:public_list")).content.decode()
    assert (item.title in public) == (access == Item.Access.PUBLIC)
    api_public = client.get("/api/v1/library/public-items").json()
    assert (item.pk in {row["id"] for row in api_public["items"]}) == (access == Item.Access.PUBLIC)


def test_the_public_page_and_listing_need_no_sign_in(world):
    client = Client()
    assert client.get(reverse("library:public_list")).status_code == 200
    assert client.get("/api/v1/library/public-items").status_code == 200
    assert client.get(reverse("library:item_list")).status_code == 302


def test_a_file_is_served_as_an_attachment_that_cannot_run(world):
    item = world["items"][Item.Access.SIGNED_IN]
    response = client_for(world, "collaborator").get(reverse("library:item_file", args=[item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_level_change_applies_at_once_to_the_file_urls(world):
    item = world["items"][Item.Access.SIGNED_IN]
    collaborator = client_for(world, "collaborator")
    propagandist = client_for(world, "propagandist")
    urls = item_routes(item)
    assert all(collaborator.get(url).status_code == 200 for url in urls)
    services.update_item(
        item=item,
        organization=item.organization,
        kind=item.kind,
        title=item.title,
        published_on=item.published_on,
        access=Item.Access.RESTRICTED,
        audience_organizations=[world["propagandists"]],
        by=world["people"]["keeper"],
    )
    assert all(collaborator.get(url).status_code == 404 for url in urls)
    assert all(propagandist.get(url).status_code == 200 for url in urls)
    # And back to the signed-in level through the API (audited).
    response = client_for(world, "keeper").put(
        f"/api/v1/library/items/{item.pk}/access",
        {"access": "signed_in"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["access"] == "signed_in"
    assert all(collaborator.get(url).status_code == 200 for url in urls)


def test_an_audience_role_narrows_the_organisation(world):
    item = world["items"][Item.Access.RESTRICTED]
    services.update_item(
        item=item,
        organization=item.organization,
        kind=item.kind,
        title=item.title,
        published_on=item.published_on,
        access=Item.Access.RESTRICTED,
        audience_organizations=[world["tree"]["propaganda"]],
        audience_roles=[Role.COLLABORATOR],
        by=world["people"]["admin"],
    )
    url = reverse("library:item_file", args=[item.pk])
    assert client_for(world, "collaborator").get(url).status_code == 200
    assert client_for(world, "propagandist").get(url).status_code == 404  # another organisation
    assert client_for(world, "health").get(url).status_code == 404


def test_members_of_units_below_an_audience_organisation_are_in_it(world):
    team = OrganizationFactory(name="Tổ báo cáo viên xã Đông Sơn", parent=world["propagandists"])
    user = UserFactory(username="bcv.dongson")
    MembershipFactory(user=user, organization=team, role=Role.COLLABORATOR)
    client = Client()
    client.force_login(user)
    item = world["items"][Item.Access.RESTRICTED]
    assert client.get(reverse("library:item_detail", args=[item.pk])).status_code == 200


@pytest.mark.parametrize("visitor", ["propagandist", "collaborator", "health", "outsider"])
def test_only_keepers_change_items(world, visitor):
    item = world["items"][Item.Access.PUBLIC]
    client = client_for(world, visitor)
    for url in (
        reverse("library:item_edit", args=[item.pk]),
        reverse("library:version_create", args=[item.pk]),
        reverse("library:collection_edit", args=[world["collection"].pk]),
    ):
        assert client.get(url).status_code in (403, 404), (url, visitor)
    response = client.put(
        f"/api/v1/library/items/{item.pk}/access",
        {"access": "restricted"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "errors"}


def test_keepers_change_their_items_and_errors_have_the_api_shape(world):
    item = world["items"][Item.Access.PUBLIC]
    client = client_for(world, "keeper")
    assert client.get(reverse("library:item_edit", args=[item.pk])).status_code == 200
    response = client.put(
        f"/api/v1/library/items/{item.pk}/access",
        {"access": "restricted"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "audience_organizations" in response.json()["errors"]
    bad = client.put(
        f"/api/v1/library/items/{item.pk}/access", {"access": "ai"}, content_type="application/json"
    )
    assert bad.status_code == 422 and set(bad.json()) == {"detail", "errors"}
