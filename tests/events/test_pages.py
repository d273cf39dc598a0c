"""The events pages: the list and its filters, creating an event through the form, the
event's page, invitations, attendance, the door's QR code, conclusions into tasks, and the
number of queries of each list and detail page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from phoihop.events import codes, services
from phoihop.events.models import Event
from phoihop.org.forms import reference_label

from .conftest import kind, today_at

pytestmark = pytest.mark.django_db


def _errors(response) -> list[str]:
    text = response.content.decode()
    return re.findall(r'(?:invalid-feedback[^>]*|role="alert"[^>]*)>\s*([^<]+)', text)


def test_creating_an_event_through_the_form(client, world):
    client.force_login(world.people.officer)
    today = timezone.localdate()
    form = {
        "kind": kind("giao-ban").pk,
        "title": "Giao ban khối khoa giáo 6 tháng cuối năm",
        "organizer": reference_label(world.propaganda),
        "co_organizers": f"#{world.education.pk}",
        "start_date": f"{today:%d/%m/%Y}",
        "start_time": "08:00",
        "end_time": "11:30",
        "place": "Hội trường A, Tỉnh ủy Thanh Hóa",
        "online_url": "",
        "plan": world.plan.pk,
    }
    response = client.post(reverse("events:event_create"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.local_start.hour == 8 and event.local_end.minute == 30
    assert event.plan == world.plan
    assert event.organizations.get().organization == world.education
    page = client.get(response["Location"]).content.decode()
    assert "Giao ban khối khoa giáo 6 tháng cuối năm" in page
    assert f"{today:%d/%m/%Y} 08:00" in page


def test_the_form_says_what_is_wrong_in_vietnamese(client, world):
    client.force_login(world.people.officer)
    response = client.post(
        reverse("events:event_create"),
        {
            "kind": kind("hoi-nghi").pk,
            "title": "Hội nghị",
            "organizer": reference_label(world.propaganda),
            "start_date": "31/02/2026",
            "start_time": "25:00",
            "end_time": "08:00",
            "online_url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ngày không hợp lệ" in text
    assert "https://" in text


def test_a_member_of_no_organiser_cannot_create(client, world):
    client.force_login(world.people.outsider)
    assert client.get(reverse("events:event_create")).status_code == 200  # admin elsewhere
    response = client.post(
        reverse("events:event_create"),
        {"organizer": reference_label(world.propaganda), "title": "X"},
    )
    assert "Không tìm thấy tổ chức" in response.content.decode()


def test_the_bloc_briefing_journey_by_page(client, world, make_event):
    event = make_event(plan=world.plan)
    client.force_login(world.people.officer)
    detail = reverse("events:event_detail", args=[event.pk])
    client.post(
        reverse("events:agenda_add", args=[event.pk]),
        {"starts_at": "08:00", "title": "Khai mạc", "presenter": "Phó Trưởng Ban Thường trực"},
    )
    response = client.post(
        reverse("events:invite", args=[event.pk]),
        {
            "organizations": f"#{world.health.pk}; #{world.education.pk}",
            "people": [world.people.teacher.pk],
        },
    )
    assert response.status_code == 302, _errors(response)
    participant = event.participants.get(person=world.people.teacher)
    client.post(reverse("events:check_in", args=[event.pk, participant.pk]), {"present": "1"})
    participant.refresh_from_db()
    assert participant.attended
    client.post(
        reverse("events:conclusion_add", args=[event.pk]),
        {"text": "Sở Y tế chủ trì truyền thông về tiêm chủng mở rộng."},
    )
    conclusion = event.conclusions.get()
    url = reverse("events:conclusion_task", args=[event.pk, conclusion.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "plan": world.plan.pk,
            "title": "Truyền thông về tiêm chủng mở rộng",
            "lead": reference_label(world.health),
            "co": "",
            "deadline": f"30/11/{world.plan.year}",
        },
    )
    assert response.status_code == 302, _errors(response)
    conclusion.refresh_from_db()
    assert conclusion.task.title == "Truyền thông về tiêm chủng mở rộng"
    page = client.get(detail).content.decode()
    assert "Khai mạc" in page and "Đã giao nhiệm vụ:" in page
    assert "Mời 1 người; 1 sẽ dự; 1 có mặt." in page


def test_scanning_the_door_code_and_confirming(client, world, make_event):
    event = make_event()
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    client.force_login(world.people.officer)
    door = client.get(reverse("events:door", args=[event.pk])).content.decode()
    assert 'src="data:image/svg+xml;base64,' in door
    url = reverse("events:door_check_in", args=[event.pk, codes.door_code(event)])
    client.force_login(world.people.teacher)
    assert client.get(url).status_code == 200
    assert not event.participants.get().attended  # a GET writes nothing
    assert client.post(url).status_code == 302
    assert event.participants.get().attended
    other = make_event(title="Tọa đàm")
    wrong = reverse("events:door_check_in", args=[other.pk, codes.door_code(event)])
    assert client.get(wrong).status_code == 404
    assert client.post(wrong).status_code == 404


def test_the_pass_page_and_the_organisers_scan(client, world, make_event):
    event = make_event()
    services.invite(event=event, by=world.people.officer, people=[world.people.teacher])
    client.force_login(world.people.teacher)
    page = client.get(reverse("events:my_pass", args=[event.pk])).content.decode()
    code = re.search(r'data-testid="pass-code">([^<]+)<', page).group(1)
    url = reverse("events:pass_check_in", args=[event.pk, code])
    assert client.get(url).status_code == 403  # only the organiser scans
    client.force_login(world.people.officer)
    assert client.post(url, {"code": code}).status_code == 302
    assert event.participants.get().attended


def test_hostile_ids_and_codes_are_404s_not_500s(client, world, make_event):
    event = make_event()
    client.force_login(world.people.officer)
    for url in (
        f"/events/{event.pk}/door/%00%ff/",
        f"/events/{event.pk}/pass/abc/",
        "/events/99999999999999999999/",
        f"/events/{event.pk}/conclusions/999999/task/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.get(reverse("events:event_list"), {"start": "99/99/9999", "kind": "x"})
    assert response.status_code == 200


def test_pages_use_a_bounded_number_of_queries(
    client, world, make_event, django_assert_max_num_queries
):
    for day in range(12):
        event = make_event(
            title=f"Hội nghị {day}",
            starts_at=today_at(8, days=-day),
            ends_at=today_at(9, days=-day),
        )
        services.invite(
            event=event,
            by=world.people.officer,
            people=[world.people.teacher, world.people.health_staff],
        )
        services.add_conclusion(event=event, by=world.people.officer, text=f"Kết luận {day}")
        services.add_agenda_item(event=event, by=world.people.officer, title="Khai mạc")
    # Library materials on the page, and materials read by the trainee (issue 19, items 1, 2).
    from phoihop.library.models import Item, Use
    from tests.library.helpers import make_item

    for n in range(6):
        item = make_item(
            world.propaganda,
            file=False,
            kind=Item.Kind.VIDEO,
            link="https://video.example.vn/xem/1",
            title=f"Video tuyên truyền số {n}",
            access=Item.Access.PUBLIC if n % 2 else Item.Access.SIGNED_IN,
        )
        if n < 4:
            services.add_material(event=event, by=world.people.officer, item=item)
        Use.objects.create(
            item=item, user=world.people.teacher, day=today_at(8).date(), kind="view"
        )
    client.force_login(world.people.officer)
    urls = [
        reverse("events:event_list"),
        reverse("events:event_detail", args=[event.pk]),
        reverse("events:attendance", args=[event.pk]),
        reverse("events:invite", args=[event.pk]),
        reverse("events:my_training"),
    ]
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200, url
    client.force_login(world.people.officer)
    with django_assert_max_num_queries(16):  # the event page with its four materials
        response = client.get(reverse("events:event_detail", args=[event.pk]))
    assert all(
        f'href="{item.get_absolute_url()}"' in response.content.decode()
        for item in event.materials.all()
    )
    assert event.materials.count() == 4
    client.force_login(world.people.teacher)
    url = reverse("events:training", args=[world.people.teacher.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Video tuyên truyền số") == 6  # the reads, in the bound
