"""Collaborators' monthly opinion notes: a collaborator files a note (topics: field, what
people say, mood, commune) and sends it; they read only their own notes; the department reads
sent notes, counts topics by area and month, and takes a topic up as an item (channel
COLLABORATOR) of a new or an existing case; query counts of the three pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from phoihop.cases import services
from phoihop.cases.models import Case, Item, OpinionNote, OpinionTopic
from phoihop.org.models import Membership

pytestmark = pytest.mark.django_db
THIS_MONTH = timezone.localdate().replace(day=1)


def _topic_data(world, **changes):
    return {
        "field": world.field.pk,
        "area": world.commune.code,
        "said": "Bà con phấn khởi vì trạm y tế phường mở thêm giờ khám buổi tối",
        "mood": "positive",
    } | changes


@pytest.fixture
def sent_note(world):
    """A sent note of the world's collaborator with two topics."""
    by = world.people.collaborator
    note = services.create_note(department=world.propaganda, month=THIS_MONTH, by=by)
    for said, mood in (
        ("Người dân lo ngại giá thuốc tại quầy thuốc bệnh viện tăng", "negative"),
        ("Nhiều ý kiến trái chiều về việc sáp nhập trường tiểu học", "mixed"),
    ):
        services.add_topic(
            note=note, field=world.field, said=said, mood=mood, area=world.commune, by=by
        )
    return services.submit_note(note=note, by=by)


def test_a_collaborator_files_and_sends_a_note(client, world):
    client.force_login(world.people.collaborator)
    page = client.get(reverse("cases:note_list")).content.decode()
    assert 'data-testid="note-new-form"' in page
    response = client.post(
        reverse("cases:note_new"),
        {"department": world.propaganda.pk, "month": THIS_MONTH.strftime("%Y-%m")},
    )
    note = OpinionNote.objects.get(collaborator=world.people.collaborator)
    assert response.url == note.get_absolute_url()
    response = client.post(reverse("cases:topic_add", args=[note.pk]), _topic_data(world))
    assert response.status_code == 302
    bad = client.post(
        reverse("cases:topic_add", args=[note.pk]),
        _topic_data(world, area=world.province.code, mood="angry", said="  "),
    )
    assert bad.status_code == 400
    assert note.topics.count() == 1
    assert client.post(reverse("cases:note_submit", args=[note.pk])).status_code == 302
    note.refresh_from_db()
    assert note.status == "submitted" and note.submitted_at is not None
    # Sent, it is no longer theirs to change
    assert (
        client.post(reverse("cases:topic_add", args=[note.pk]), _topic_data(world)).status_code
        == 403
    )


def test_one_note_a_month_and_never_a_future_month(client, world):
    by = world.people.collaborator
    services.create_note(department=world.propaganda, month=THIS_MONTH, by=by)
    client.force_login(by)
    for month in (THIS_MONTH.strftime("%Y-%m"), "2099-01", "abc"):
        client.post(reverse("cases:note_new"), {"department": world.propaganda.pk, "month": month})
    assert OpinionNote.objects.count() == 1


def test_only_collaborators_file_notes(client, world):
    client.force_login(world.people.specialist)
    assert "note-new-form" not in client.get(reverse("cases:note_list")).content.decode()
    response = client.post(
        reverse("cases:note_new"),
        {"department": world.propaganda.pk, "month": THIS_MONTH.strftime("%Y-%m")},
    )
    assert response.status_code == 403


def test_a_collaborator_reads_only_their_own_notes(client, world, make_member, sent_note):
    other = make_member(world.propaganda, Membership.Role.COLLABORATOR)
    draft = services.create_note(department=world.propaganda, month=THIS_MONTH, by=other)
    client.force_login(other)
    assert client.get(sent_note.get_absolute_url()).status_code == 404
    listed = client.get(reverse("cases:note_list")).content.decode()
    assert listed.count('data-testid="note-row"') == 1
    assert client.get(reverse("cases:topic_summary")).status_code == 403
    client.force_login(world.people.collaborator)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(sent_note.get_absolute_url()).status_code == 200
    # The department reads sent notes, not drafts; other provinces nothing
    client.force_login(world.people.specialist)
    assert client.get(sent_note.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(world.people.outsider)
    assert client.get(sent_note.get_absolute_url()).status_code == 404
    client.force_login(world.people.health_specialist)
    assert client.get(sent_note.get_absolute_url()).status_code == 404


def test_the_department_turns_a_topic_into_a_case_then_adds_another(client, world, sent_note):
    first, second = sent_note.topics.order_by("id")
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("cases:topic_take_up", args=[first.pk]),
        {"title": "Giá thuốc tại quầy thuốc bệnh viện", "kind": "signal", "urgency": "normal"},
    )
    first.refresh_from_db()
    item = first.item
    case = item.case
    assert response.url == case.get_absolute_url()
    assert (item.channel, item.text, item.area) == ("collaborator", first.said, world.commune)
    assert item.anonymous and "cộng tác viên" in item.source
    assert world.people.collaborator.full_name not in item.source
    assert (case.kind, case.field, case.department) == ("signal", world.field, world.propaganda)
    # The second topic joins the case by its number
    response = client.post(
        reverse("cases:topic_take_up", args=[second.pk]),
        {"case_number": case.number.lower(), "kind": "signal", "urgency": "normal"},
    )
    assert response.status_code == 302
    assert case.items.count() == 2
    assert Case.objects.count() == 1
    # Once only
    response = client.post(
        reverse("cases:topic_take_up", args=[second.pk]),
        {"title": "Lại", "kind": "signal", "urgency": "normal"},
    )
    assert response.status_code == 403
    page = client.get(sent_note.get_absolute_url()).content.decode()
    assert page.count('data-testid="topic-case"') == 2


def test_a_take_up_without_title_or_number_is_refused_on_the_page(client, world, sent_note):
    topic = sent_note.topics.first()
    client.force_login(world.people.specialist)
    for data in (
        {"kind": "signal", "urgency": "normal"},
        {"case_number": "PA-2026-999999", "kind": "signal", "urgency": "normal"},
    ):
        response = client.post(reverse("cases:topic_take_up", args=[topic.pk]), data)
        assert response.status_code == 400
    assert Item.objects.count() == 0


def test_a_collaborator_cannot_take_a_topic_up(client, world, sent_note):
    client.force_login(world.people.collaborator)
    topic = sent_note.topics.first()
    response = client.post(
        reverse("cases:topic_take_up", args=[topic.pk]),
        {"title": "Tự lập", "kind": "signal", "urgency": "normal"},
    )
    assert response.status_code == 403


def test_topics_by_area_and_month_link_to_their_list(client, world, sent_note):
    client.force_login(world.people.specialist)
    page = client.get(reverse("cases:topic_summary")).content.decode()
    link = f"?area={world.commune.code}&amp;month={THIS_MONTH.strftime('%Y-%m')}"
    assert f'href="{link}" data-testid="summary-count">2</a>' in page
    listed = client.get(
        reverse("cases:topic_summary"),
        {"area": world.commune.code, "month": THIS_MONTH.strftime("%Y-%m"), "mood": "mixed"},
    ).content.decode()
    assert listed.count('data-testid="topic-row"') == 1
    hostile = client.get(reverse("cases:topic_summary"), {"month": "x' OR 1=1", "field": "abc"})
    assert hostile.status_code == 200


def test_the_pages_read_a_fixed_number_of_queries(
    client, world, make_member, django_assert_max_num_queries
):
    for n in range(6):
        by = make_member(world.propaganda, Membership.Role.COLLABORATOR)
        note = services.create_note(department=world.propaganda, month=THIS_MONTH, by=by)
        for k in range(4):
            services.add_topic(
                note=note,
                field=world.field,
                said=f"Ý kiến {n}.{k}",
                mood="mixed",
                area=world.commune if k % 2 else world.other_commune,
                by=by,
            )
        services.submit_note(note=note, by=by)
    note = OpinionNote.objects.first()
    topic = note.topics.first()
    services.take_up_topic(
        topic=topic,
        by=world.people.specialist,
        new_case=services.NewCase(title="Một vụ việc", kind="signal"),
    )
    client.force_login(world.people.specialist)
    assert OpinionTopic.objects.count() == 24
    for url, limit in (
        (reverse("cases:note_list"), 12),
        (note.get_absolute_url(), 12),
        (reverse("cases:topic_summary"), 14),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
