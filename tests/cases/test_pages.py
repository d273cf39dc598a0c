"""The staff pages: the list and its filters, a case and its actions, recording an item with
duplicate suggestions, the contact page; query counts of the list and the case page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from phoihop.cases import selectors, services
from phoihop.cases.models import Case, Citizen, ConsentText, Item
from phoihop.cases.services import CitizenDetails, ParticipantSpec
from phoihop.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(db):
    text, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    return text


def _item_form(world, **changes):
    data = {
        "department": world.propaganda.pk,
        "channel": "hotline",
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "received_time": "00:00",  # never later than now, whatever the hour the suite runs
        "area": world.commune.code,
        "text": "Nước sinh hoạt ở khu phố 3 bị đục nhiều ngày, bà con lo ngại",
        "title": "Nước sinh hoạt bị đục ở khu phố 3",
        "kind": "complaint",
        "field": world.field.pk,
        "urgency": "normal",
    }
    return data | changes


def _assigned(case, world):
    case = services.verify_case(case=case, by=world.people.specialist)
    return services.assign_case(
        case=case,
        by=world.people.specialist,
        parts=[ParticipantSpec(world.health, "lead"), ParticipantSpec(world.education, "co")],
    )


def test_recording_an_item_makes_a_case(client, world, consent):
    client.force_login(world.people.specialist)
    attachment = SimpleUploadedFile("don.pdf", b"%PDF-1.4 don thu", "application/pdf")
    response = client.post(
        reverse("cases:item_new"),
        _item_form(
            world,
            name="Lê Thị Thử",
            phone="0912000111",
            consent="on",
            consent_version="2026-01",
            attachment=attachment,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert response["Location"] == case.get_absolute_url()
    item = case.items.get()
    assert item.citizen.consent_text == consent
    assert item.attachments.get().name == "don.pdf"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Nước sinh hoạt ở khu phố 3" in page
    assert "Lê Thị Thử" not in page  # the identity is behind its own, audited page


def test_contact_without_consent_is_refused_on_the_form(client, world, consent):
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("cases:item_new"), _item_form(world, name="Lê Thị Thử", consent_version="2026-01")
    )
    assert response.status_code == 400
    assert "im lặng không phải là đồng ý" in response.content.decode()
    assert not Case.objects.exists()


def test_a_likely_duplicate_is_suggested_without_diacritics(client, world, new_case):
    earlier = new_case(
        title="Nước sinh hoạt bị đục ở khu phố 3",
        text="Nước máy khu phố 3 đục, có mùi",
    )
    client.force_login(world.people.specialist)
    typed = _item_form(world, title="nuoc sinh hoat bi duc khu pho 3", text="nuoc duc khu pho 3")
    response = client.post(reverse("cases:item_new"), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="duplicates"' in page and earlier.number in page
    assert Case.objects.count() == 1
    joined = client.post(reverse("cases:item_new"), typed | {"join": earlier.number})
    assert joined.status_code == 302
    assert earlier.items.count() == 2
    fresh = client.post(reverse("cases:item_new"), typed | {"new_anyway": "1"})
    assert fresh.status_code == 302
    assert Case.objects.count() == 2


def test_the_list_filters_by_bucket_status_field_area_lead_and_hot_spot(client, world, new_case):
    hot = new_case(title="Sạt lở bờ sông", hot_spot=True)
    assigned = _assigned(new_case(title="Học phí tăng", field=world.other_field), world)
    other_place = new_case(title="Đèn đường hỏng", area=world.other_commune)
    client.force_login(world.people.specialist)
    url = reverse("cases:case_list")

    def listed(**query):
        page = client.get(url, query).content.decode()
        return {c.number for c in (hot, assigned, other_place) if c.number in page}

    assert listed() == {hot.number, assigned.number, other_place.number}
    assert listed(hot_spot="on") == {hot.number}
    assert listed(status="assigned") == {assigned.number}
    assert listed(field=world.other_field.pk) == {assigned.number}
    assert listed(lead=world.health.pk) == {assigned.number}
    assert listed(area=world.province.code) == {hot.number, assigned.number, other_place.number}
    assert listed(bucket="open_on_track") == {hot.number, assigned.number, other_place.number}
    assert listed(bucket="open_overdue") == set()
    assert listed(q="hoc phi") == {assigned.number}
    assert client.get(url, {"bucket": "nonsense", "field": "x"}).status_code == 200


def test_the_staff_journey_through_the_pages(client, world, new_case, settings):
    from phoihop.cases.services import create_routing_rule

    from ..factories import system_admin

    create_routing_rule(
        by=system_admin(),
        field=world.field,
        area=world.province,
        organization=world.health,
        valid_from=datetime.date(2025, 7, 1),
    )
    case = new_case()
    client.force_login(world.people.specialist)
    assert client.post(reverse("cases:case_verify", args=[case.pk]), {}).status_code == 302
    page = client.get(reverse("cases:case_assign", args=[case.pk])).content.decode()
    assert 'data-testid="proposed-lead"' in page and world.health.name in page
    response = client.post(
        reverse("cases:case_assign", args=[case.pk]),
        {"lead": f"#{world.health.pk}", "co_agencies": f"#{world.education.pk}"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(world.people.health_focal)
    response = client.post(
        reverse("cases:case_answer", args=[case.pk]), {"answer": "Đã kiểm tra, khắc phục xong"}
    )
    assert response.status_code == 302
    client.force_login(world.people.specialist)
    bad = client.post(reverse("cases:case_close", args=[case.pk]), {"resolved": "0"})
    assert bad.status_code == 400
    done = client.post(reverse("cases:case_close", args=[case.pk]), {"resolved": "1"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED_RESOLVED
    timeline = client.get(case.get_absolute_url()).content.decode()
    assert "Đã trả lời → Đã đóng, đã giải quyết" in timeline


def test_the_contact_page_is_audited_and_closed_to_co_agencies(client, world, new_case, consent):
    case = _assigned(
        new_case(citizen=CitizenDetails(consent_text=consent, consent=True, phone="0912000111")),
        world,
    )
    item = case.items.get()
    url = reverse("cases:item_contact", args=[item.pk])
    client.force_login(world.people.education_specialist)
    assert 'data-testid="contact-link"' not in client.get(case.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(world.people.health_focal)
    response = client.get(url)
    assert response.status_code == 200
    assert "0912000111" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(
        action="other", object_id=str(Citizen.objects.get().pk), actor=world.people.health_focal
    ).exists()


def test_merge_and_the_old_number_redirects(client, world, new_case):
    source, target = new_case(), new_case()
    client.force_login(world.people.specialist)
    response = client.post(
        reverse("cases:case_merge", args=[source.pk]), {"target": target.number.lower()}
    )
    assert response.status_code == 302
    assert client.get(source.get_absolute_url())["Location"] == target.get_absolute_url()
    missing = client.post(reverse("cases:case_merge", args=[target.pk]), {"target": "PA-1"})
    assert missing.status_code == 400


def test_split_through_the_page(client, world, new_case):
    case = new_case()
    letter = services.record_item(
        by=world.people.specialist,
        department=world.propaganda,
        channel="letter",
        received_at=timezone.now(),
        text="Việc khác",
        case=case,
    )
    client.force_login(world.people.specialist)
    response = client.post(reverse("cases:item_split", args=[letter.pk]), {"title": "Việc khác"})
    assert response.status_code == 302
    assert Item.objects.get(pk=letter.pk).case_id != case.pk


def test_outsiders_get_404_and_co_agencies_cannot_act(client, world, new_case):
    case = _assigned(new_case(), world)
    client.force_login(world.people.outsider)
    assert client.get(case.get_absolute_url()).status_code == 404
    client.force_login(world.people.education_specialist)
    assert client.get(case.get_absolute_url()).status_code == 200
    answer = client.post(reverse("cases:case_answer", args=[case.pk]), {"answer": "x"})
    assert answer.status_code == 403
    client.force_login(world.people.collaborator)
    assert client.get(reverse("cases:item_new")).status_code == 403


def test_past_the_cap_the_tabs_and_pages_say_more_than(client, world, new_case, settings):
    """ADR 0025: a list's tabs count at most COUNT_CAP cases each ("1000+" past it), and its
    pages are "n/more than N" until someone pages past what the cap covers."""
    settings.PAGE_SIZE = 2
    for n in range(7):
        new_case(title=f"Vụ việc số {n}")
    client.force_login(world.people.specialist)
    url = reverse("cases:case_list")
    exact = client.get(url, {"bucket": "open_on_track"})
    assert exact.context["tabs"][2]["count"] == "7"  # under the cap: exact
    assert exact.context["page_obj"].paginator.num_pages == 4
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(selectors, "COUNT_CAP", 5)
        first = client.get(url, {"bucket": "open_on_track"})
        assert [tab["count"] for tab in first.context["tabs"]] == ["0", "0", "5+", "0"]
        assert first.context["total_label"] == "5+"
        assert "Trang 1/hơn 3" in first.content.decode()
        assert first.context["page_obj"].has_next()
        last = client.get(url, {"bucket": "open_on_track", "page": "4"})  # past the cap: counted
        assert "Trang 4/4" in last.content.decode()
        assert len(last.context["cases"]) == 1


def test_the_list_reads_a_fixed_number_of_queries(
    client, world, new_case, django_assert_max_num_queries
):
    for n in range(30):
        case = new_case(title=f"Vụ việc số {n}")
        if n % 3 == 0:
            _assigned(case, world)
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("cases:case_list"))
    assert response.status_code == 200


def test_the_case_page_reads_a_fixed_number_of_queries(
    client, world, new_case, django_assert_max_num_queries
):
    case = _assigned(new_case(), world)
    for n in range(10):
        services.record_item(
            by=world.people.specialist,
            department=world.propaganda,
            channel="letter",
            received_at=timezone.now(),
            text=f"Thư số {n}",
            case=case,
        )
    client.force_login(world.people.specialist)
    with django_assert_max_num_queries(22):
        response = client.get(case.get_absolute_url())
    assert response.status_code == 200


def test_hostile_input_is_refused_at_the_boundary(client, world, consent):
    client.force_login(world.people.specialist)
    page = SimpleUploadedFile("don.html", b"<html><script>alert(1)</script></html>", "text/html")
    response = client.post(
        reverse("cases:item_new"),
        _item_form(world, attachment=page, area="99999", received_time="25:99", join="x" * 30),
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    for query in ({"lead": "9" * 30}, {"q": "\x00"}, {"area": "xx"}, {"page": "-1"}):
        assert client.get(reverse("cases:case_list"), query).status_code in (200, 400)


def test_the_identity_is_never_in_the_search_index(client, world, new_case, consent):
    from phoihop.core import search

    new_case(
        title="Tiếng ồn ban đêm",
        citizen=CitizenDetails(consent_text=consent, consent=True, name="Quách Thị Độc Nhất"),
    )
    assert search.search(world.people.specialist, "tieng on")  # the case is indexed
    assert not search.search(world.people.specialist, "quach thi doc nhat")


def test_editing_a_case_flags_an_urgent_hot_spot(client, world, new_case):
    case = new_case(received_at=datetime.datetime(2026, 12, 4, 9, tzinfo=datetime.UTC))
    client.force_login(world.people.education_specialist)
    assert client.get(reverse("cases:case_edit", args=[case.pk])).status_code == 404
    client.force_login(world.people.specialist)
    url = reverse("cases:case_edit", args=[case.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Sạt lở bờ sông Mã",
        "kind": "signal",
        "field": world.field.pk,
        "area": world.commune.code,
        "urgency": "urgent",
        "hot_spot": "on",
    }
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.title, case.hot_spot, case.urgency) == ("Sạt lở bờ sông Mã", True, "urgent")
    assert case.deadline == datetime.date(2026, 12, 7)  # the urgent hot spot rule: 1 day
    assert client.post(url, data | {"area": world.province.code}).status_code == 400
