"""An event's documents and slides from the library, and the materials a person has read (issue
19, items 1 and 2): written only through the events service, each shown only to a viewer who may
read the item."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from phoihop.core.audit import AuditEntry
from phoihop.events import services
from phoihop.library import selectors as library
from phoihop.library import services as library_services
from phoihop.library.models import Item, Use
from phoihop.org.models import Membership
from tests.factories import OrganizationFactory
from tests.library.helpers import make_item

PUBLIC = "Video hướng dẫn tuyên truyền kỷ niệm 80 năm Ngày Tổng tuyển cử"
RESTRICTED = "Tài liệu nội bộ ngành y tế về phòng chống dịch"
FOREIGN = "Đề cương nội bộ của Tỉnh ủy Nghệ An"


def _video(organization, title, **attrs) -> Item:
    return make_item(
        organization,
        file=False,
        kind=Item.Kind.VIDEO,
        link="https://video.example.vn/xem/1",
        title=title,
        **attrs,
    )


@pytest.fixture
def items(world):
    """A public item of the propaganda department; one restricted to the health department's
    specialists (the department's officer keeps it, the teacher may not read it); one of another
    province's committee that nobody here may read."""
    nghe_an = OrganizationFactory(name="Tỉnh ủy Nghệ An", kind="party_committee")
    return SimpleNamespace(
        public=_video(world.propaganda, PUBLIC, access=Item.Access.PUBLIC),
        restricted=_video(
            world.propaganda,
            RESTRICTED,
            access=Item.Access.RESTRICTED,
            audience_organizations=[world.health],
            audience_roles=[Membership.Role.SPECIALIST],
        ),
        foreign=_video(
            nghe_an, FOREIGN, access=Item.Access.RESTRICTED, audience_organizations=[nghe_an]
        ),
    )


@pytest.fixture
def briefing(world, make_event):
    event = make_event()
    services.invite(
        event=event,
        by=world.people.officer,
        people=[world.people.teacher, world.people.health_staff],
        email=False,
    )
    return event


def _audits(event) -> int:
    return AuditEntry.objects.filter(object_id=str(event.pk)).count()


def test_add_and_remove_a_material_with_one_audit_entry_each(world, items, briefing):
    officer = world.people.officer
    before = _audits(briefing)
    services.add_material(event=briefing, by=officer, item=items.restricted)
    assert list(briefing.materials.all()) == [items.restricted]
    assert _audits(briefing) == before + 1
    with pytest.raises(ValidationError):  # once only
        services.add_material(event=briefing, by=officer, item=items.restricted)
    services.remove_material(event=briefing, by=officer, item=items.restricted)
    assert not briefing.materials.exists()
    assert _audits(briefing) == before + 2
    with pytest.raises(ValidationError):
        services.remove_material(event=briefing, by=officer, item=items.restricted)


def test_only_the_organiser_staff_add_and_only_items_they_may_read(world, items, briefing):
    # Invited, reads the public item, but does not manage the event.
    for person in (world.people.teacher, world.people.health_staff, world.people.outsider):
        with pytest.raises(PermissionDenied):
            services.add_material(event=briefing, by=person, item=items.public)
    # Manages the event, but may not read another province's restricted item.
    with pytest.raises(ValidationError) as refused:
        services.add_material(event=briefing, by=world.people.officer, item=items.foreign)
    assert FOREIGN not in str(refused.value)
    assert not briefing.materials.exists()
    services.add_material(event=briefing, by=world.people.officer, item=items.public)
    with pytest.raises(PermissionDenied):
        services.remove_material(event=briefing, by=world.people.teacher, item=items.public)


def test_the_event_page_names_a_material_only_to_who_may_read_it(client, world, items, briefing):
    officer = world.people.officer
    client.force_login(officer)
    url = reverse("events:event_detail", args=[briefing.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="materials-empty"' in page
    assert 'data-testid="material-form"' in page
    assert PUBLIC in page and RESTRICTED in page  # offered
    assert FOREIGN not in page
    add = reverse("events:material_add", args=[briefing.pk])
    for item in (items.public, items.restricted):
        assert client.post(add, {"item": item.pk}).status_code == 302
    # Someone else's item: refused with a message, nothing added, nothing named.
    response = client.post(add, {"item": items.foreign.pk}, follow=True)
    assert FOREIGN not in response.content.decode()
    assert set(briefing.materials.all()) == {items.public, items.restricted}
    for hostile in ("abc", "99999999999999999999", ""):
        assert client.post(add, {"item": hostile}).status_code == 302
    page = client.get(url).content.decode()
    assert items.restricted.get_absolute_url() in page
    assert "Thư viện của đơn vị tổ chức chưa có tài liệu nào khác để thêm." in page

    client.force_login(world.people.health_staff)  # the restricted item's audience
    page = client.get(url).content.decode()
    assert PUBLIC in page and RESTRICTED in page
    assert 'data-testid="material-form"' not in page
    client.force_login(world.people.teacher)  # invited, outside the audience
    page = client.get(url).content.decode()
    assert PUBLIC in page
    assert RESTRICTED not in page and items.restricted.get_absolute_url() not in page
    # A reader who does not manage the event: refused; the hidden item is a 404 to remove.
    assert client.post(add, {"item": items.public.pk}).status_code == 403
    remove = reverse("events:material_remove", args=[briefing.pk, items.restricted.pk])
    assert client.post(remove).status_code == 403
    client.force_login(officer)
    assert client.post(remove).status_code == 302
    assert list(briefing.materials.all()) == [items.public]
    stranger = reverse("events:material_remove", args=[briefing.pk, items.foreign.pk])
    assert client.post(stranger).status_code == 404


def test_the_api_lists_the_material_ids_the_caller_may_read(client, world, items, briefing):
    for item in (items.public, items.restricted):
        services.add_material(event=briefing, by=world.people.officer, item=item)
    url = f"/api/v1/events/{briefing.pk}"
    client.force_login(world.people.health_staff)
    assert client.get(url).json()["materials"] == sorted([items.public.pk, items.restricted.pk])
    client.force_login(world.people.teacher)
    assert client.get(url).json()["materials"] == [items.public.pk]


def test_the_training_page_lists_what_the_person_read_as_the_viewer_may_see_it(
    client, world, items
):
    person = world.people.health_staff
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=40)
    library_services.record_use(item=items.public, user=person, kind=Use.Kind.VIEW, day=earlier)
    library_services.record_use(item=items.public, user=person, kind=Use.Kind.DOWNLOAD, day=today)
    library_services.record_use(item=items.restricted, user=person, kind=Use.Kind.VIEW, day=earlier)
    # Someone else's reading is not the person's.
    library_services.record_use(item=items.public, user=world.people.teacher, kind="view")

    read = library.read_by(person, person)
    assert [(i.pk, i.last_read) for i in read] == [
        (items.public.pk, today),
        (items.restricted.pk, earlier),
    ]
    client.force_login(person)
    page = client.get(reverse("events:my_training")).content.decode()
    assert "Tài liệu đã đọc" in page
    assert PUBLIC in page and RESTRICTED in page
    assert f"đọc lần cuối {today:%d/%m/%Y}" in page

    # The department's leader may see the person's training record but is not in the
    # restricted item's audience (specialists only): that item is not named.
    leader = world.people.health_leader
    assert [i.pk for i in library.read_by(person, leader)] == [items.public.pk]
    client.force_login(leader)
    page = client.get(reverse("events:training", args=[person.pk])).content.decode()
    assert PUBLIC in page
    assert RESTRICTED not in page and items.restricted.get_absolute_url() not in page

    client.force_login(world.people.teacher)
    page = client.get(reverse("events:my_training")).content.decode()
    assert PUBLIC in page and RESTRICTED not in page


def test_the_read_list_stops_at_fifty(world):
    person = world.people.teacher
    today = timezone.localdate()
    for n in range(52):
        item = _video(world.propaganda, f"Video số {n}", access=Item.Access.PUBLIC)
        Use.objects.create(
            item=item, user=person, day=today - datetime.timedelta(days=n), kind="view"
        )
    read = library.read_by(person, person)
    assert len(read) == 50
    assert read[0].title == "Video số 0" and read[-1].title == "Video số 49"
