"""The public side of cases: tracking codes, publication with redaction, the portal pages and
their flood protection. Every public answer is checked for the hidden text and the contact
details (`assert_nothing_private`)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from phoihop.cases import services, tracking
from phoihop.cases.models import Case, Channel, Citizen, ConsentText, Item, Publication
from phoihop.cases.portal.selectors import case_by_code
from phoihop.cases.services import CitizenDetails, PublicDraft

pytestmark = pytest.mark.django_db

SECRET_NAME = "Lê Thị Bí Mật"
SECRET_PHONE = "0912 345 678"
SECRET_EMAIL = "bimat.le@example.vn"
HIDDEN_SPAN = "nhà số 17 ngõ Hoa Sữa"
ORIGINAL = (
    f"Tôi là {SECRET_NAME}, ở {HIDDEN_SPAN}. Cống thoát nước bị tắc, gọi tôi số 0912.345.678 "
    f"hoặc thư {SECRET_EMAIL}; CCCD 038123456789."
)
PRIVATE = (SECRET_NAME, "345 678", "345.678", "0912", SECRET_EMAIL, HIDDEN_SPAN, "038123456789")


def assert_nothing_private(body: str | bytes) -> None:
    text = body.decode() if isinstance(body, bytes) else body
    for secret in PRIVATE:
        assert secret.casefold() not in text.casefold(), secret


@pytest.fixture
def consent(db):
    text, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    return text


@pytest.fixture
def published(world, new_case, consent):
    """An answered case whose caller left contact details, published with a span hidden."""
    by = world.people.specialist
    case = new_case(
        text=ORIGINAL,
        citizen=CitizenDetails(
            consent_text=consent,
            consent=True,
            name=SECRET_NAME,
            phone=SECRET_PHONE,
            email=SECRET_EMAIL,
        ),
    )
    case = services.verify_case(case=case, by=by)
    case = services.answer_case(case=case, by=by, answer="Đã nạo vét cống, thông báo tới bà con.")
    services.publish_case(
        case=case,
        by=by,
        draft=PublicDraft(
            title="Cống thoát nước bị tắc ở phường Hạc Thành",
            question=ORIGINAL,
            answer=f"Trả lời bà {SECRET_NAME}: đã nạo vét cống.",
            hidden_spans=(HIDDEN_SPAN,),
        ),
    )
    return Case.objects.get(pk=case.pk)


# Tracking codes ---------------------------------------------------------------------------------


def test_every_case_gets_a_readable_unguessable_code(new_case):
    codes = {new_case().tracking_code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert re.fullmatch(f"[{tracking.ALPHABET}]{{10}}", code)
        assert re.fullmatch(r"\w{4}-\w{4}-\w{2}", tracking.display(code))


def test_lookup_ignores_case_spaces_and_dashes_and_follows_merges(world, new_case):
    source, target = new_case(), new_case()
    shown = tracking.display(source.tracking_code)
    assert case_by_code(tracking.normalize(shown.lower())) == source
    assert case_by_code(tracking.normalize(" " + shown.replace("-", " ") + " ")) == source
    services.merge_cases(source=source, target=target, by=world.people.specialist)
    assert case_by_code(tracking.normalize(shown)) == target


def test_a_guessed_or_malformed_code_finds_nothing(new_case):
    new_case()
    assert tracking.normalize("0000-0000-00") == ""  # 0 is not in the alphabet
    assert tracking.normalize("ABC") == ""
    assert case_by_code(tracking.normalize("2222-2222-22")) is None
    response = Client().get(reverse("portal:track"), {"code": "2222-2222-22"})
    assert response.status_code == 200
    assert "Không tìm thấy" in response.content.decode()


@override_settings(THROTTLE_PORTAL_LOOKUP_PER_ADDRESS="3/m")
def test_lookups_are_limited_per_address(new_case):
    client = Client()
    for _ in range(3):
        assert client.get(reverse("portal:track"), {"code": "2222-2222-22"}).status_code == 200
    response = client.get(reverse("portal:track"), {"code": "2222-2222-22"})
    assert response.status_code == 429
    assert "thử lại sau" in response.content.decode()
    assert response["Retry-After"]
    # Another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(reverse("portal:track"), {"code": "2222-2222-22"}).status_code == 200


@pytest.fixture
def wsgi_application():
    """The served application (phoihop.wsgi), with the test's database connection kept open
    across requests (as Django's test client does), and no refusal remembered."""
    from django.core import signals
    from django.db import close_old_connections

    from phoihop.core import refusals
    from phoihop.wsgi import application

    refusals.forget_all()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    refusals.forget_all()


@override_settings(THROTTLE_PORTAL_LOOKUP_PER_ADDRESS="2/m")
def test_a_flooding_address_is_refused_before_django(world, wsgi_application):
    from django.core import signals
    from django.test import RequestFactory

    entered = []

    def served(address="10.0.0.5"):
        environ = (
            RequestFactory()
            .get(reverse("portal:track"), {"code": "2222-2222-22"}, REMOTE_ADDR=address)
            .environ
        )
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, dict(headers)

        result = wsgi_application(environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
        return int(answer["status"][:3]), answer["headers"], body.decode()

    def django_entered(**kwargs):
        entered.append(1)

    signals.request_started.connect(django_entered)
    try:
        assert [served()[0] for _ in range(3)] == [200, 200, 429]
        assert len(entered) == 3
        status, headers, body = served()
        assert len(entered) == 3  # answered before Django
        assert status == 429
        assert "quá nhiều ý kiến hoặc lượt tra cứu" in body
        assert 1 <= int(headers["Retry-After"]) <= 60
        assert "Content-Security-Policy" in headers  # as the middleware made it
        assert served("10.0.0.6")[0] == 200  # another address is counted apart
        assert len(entered) == 4
    finally:
        signals.request_started.disconnect(django_entered)


def test_a_honeypot_refusal_is_not_replayed(world):
    response = Client().post(_send_url(world), _form(world, website="http://spam.example"))
    assert response.status_code == 429
    assert getattr(response, "replay_seconds", None) is None


# Publication and redaction ------------------------------------------------------------------------


def test_publication_hides_spans_contacts_and_numbers_and_keeps_the_original(published):
    publication = published.publication
    assert publication.published
    assert_nothing_private(publication.title + publication.question + publication.answer)
    assert "Cống thoát nước bị tắc" in publication.question
    assert "[…]" in publication.question
    item = published.items.get()
    assert item.text == ORIGINAL  # the original stays, for the staff
    assert Citizen.objects.get(item=item).name == SECRET_NAME


def test_publishing_needs_an_answer_and_the_handlers(world, new_case):
    case = new_case()
    draft = PublicDraft(title="T", question="Q", answer="A")
    with pytest.raises(ValidationError) as refused:
        services.publish_case(case=case, draft=draft, by=world.people.specialist)
    assert "trả lời" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.publish_case(case=case, draft=draft, by=world.people.health_specialist)


def test_unpublished_texts_leave_the_portal(published, world):
    client = Client()
    detail = reverse("portal:answer_detail", args=[published.publication.pk])
    assert client.get(detail).status_code == 200
    services.unpublish_case(case=published, by=world.people.specialist)
    assert client.get(detail).status_code == 404
    assert "Cống thoát nước" not in client.get(reverse("portal:answers")).content.decode()


def test_every_public_page_is_free_of_private_text(published):
    client = Client()
    code = tracking.display(published.tracking_code)
    publication = published.publication
    pages = [
        client.get(reverse("portal:home")),
        client.get(reverse("portal:answers")),
        client.get(reverse("portal:answers"), {"q": "cong thoat nuoc"}),
        client.get(reverse("portal:answer_detail", args=[publication.pk])),
        client.get(reverse("portal:track"), {"code": code}),
    ]
    for response in pages:
        assert response.status_code == 200
        assert_nothing_private(response.content)
    assert "Cống thoát nước bị tắc" in pages[2].content.decode()  # found without diacritics
    assert "đã nạo vét cống" in pages[4].content.decode()


def test_answers_filter_by_field_and_province(published, world):
    client = Client()
    by_field = client.get(reverse("portal:answers"), {"field": world.other_field.pk})
    assert "Cống thoát nước" not in by_field.content.decode()
    by_province = client.get(reverse("portal:answers"), {"province": world.province.code})
    assert "Cống thoát nước" in by_province.content.decode()
    nonsense = client.get(reverse("portal:answers"), {"field": "x'; drop", "page": "999"})
    assert nonsense.status_code == 200


def test_staff_publish_page_previews_then_publishes(client, world, new_case):
    by = world.people.specialist
    case = new_case(text="Bà Hoa ở ngõ 5 gọi 0987 654 321 phản ánh đèn đường hỏng.")
    case = services.verify_case(case=case, by=by)
    services.answer_case(case=case, by=by, answer="Đã thay bóng đèn.")
    client.force_login(by)
    url = reverse("cases:case_publish", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "title": "Đèn đường hỏng",
        "question": "Bà Hoa ở ngõ 5 gọi 0987 654 321 phản ánh đèn đường hỏng.",
        "answer": "Đã thay bóng đèn.",
        "hidden_spans": "Bà Hoa\nngõ 5",
        "detect": "on",
    }
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert "[…] ở […] gọi […] phản ánh" in shown
    assert not Publication.objects.filter(case=case).exists()
    done = client.post(url, {**data, "action": "publish"})
    assert done.status_code == 302
    publication = Publication.objects.get(case=case)
    assert publication.question == "[…] ở […] gọi […] phản ánh đèn đường hỏng."
    assert publication.hidden_spans == ["Bà Hoa", "ngõ 5"]
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Đang công khai" in detail


def test_outsiders_cannot_publish(client, world, published):
    client.force_login(world.people.collaborator)  # reads the case, does not handle it
    url = reverse("cases:case_publish", args=[published.pk])
    assert client.get(url).status_code == 403
    client.force_login(world.people.outsider)
    assert client.get(url).status_code == 404


# Submitting on the portal ------------------------------------------------------------------------


def _form(world, **changes):
    data = {
        "kind": "complaint",
        "field": world.field.pk,
        "area": world.commune.code,
        "text": "Đường vào trường tiểu học ngập sâu mỗi khi mưa.",
        "consent_version": "",
    }
    return data | changes


def _send_url(world):
    return reverse("portal:send") + f"?province={world.province.code}"


def test_an_anonymous_citizen_sends_feedback_and_gets_a_code(world):
    client = Client()
    assert client.get(reverse("portal:send")).status_code == 200
    assert client.get(_send_url(world)).status_code == 200
    response = client.post(_send_url(world), _form(world))
    assert response.status_code == 302
    item = Item.objects.get(text__startswith="Đường vào trường")
    assert item.channel == Channel.WEB
    assert item.anonymous
    assert item.case.department == world.propaganda
    assert item.case.area == world.commune
    assert item.recorded_by is None
    sent = client.get(response["Location"]).content.decode()
    assert tracking.display(item.case.tracking_code) in sent


def test_contact_details_need_explicit_consent_and_store_its_version(world, consent):
    client = Client()
    contact = {"name": "Phạm Văn Gửi", "phone": "0900000099"}
    refused = client.post(_send_url(world), _form(world, **contact))
    assert refused.status_code == 400
    assert not Item.objects.exists()
    newer = ConsentText.objects.create(
        version="2026-12", text="Phiên bản mới", valid_from=datetime.date(2026, 12, 1)
    )
    shown = client.get(_send_url(world)).content.decode()
    assert "Phiên bản mới" in shown
    response = client.post(
        _send_url(world),
        _form(world, consent="on", consent_version=consent.version, **contact),
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get()
    assert citizen.consent_text == consent  # the version the person was shown and agreed to
    assert citizen.consent_text != newer
    assert citizen.name == "Phạm Văn Gửi"
    assert not citizen.item.anonymous


def test_the_honeypot_is_answered_429(world):
    response = Client().post(_send_url(world), _form(world, website="http://spam.example"))
    assert response.status_code == 429
    assert "thử lại sau" in response.content.decode()
    assert not Item.objects.exists()


@override_settings(THROTTLE_PORTAL_SUBMIT_PER_ADDRESS="2/h")
def test_submissions_are_limited_per_address_not_for_staff(world, client):
    anonymous = Client()
    for _ in range(2):
        assert anonymous.post(_send_url(world), _form(world)).status_code == 302
    flood = anonymous.post(_send_url(world), _form(world))
    assert flood.status_code == 429
    assert "Vui lòng chờ" in flood.content.decode()
    assert "quá nhiều ý kiến hoặc lượt tra cứu" in flood.content.decode()
    client.force_login(world.people.specialist)
    assert client.get(reverse("cases:case_list")).status_code == 200


def test_hostile_input_is_a_form_error_not_a_crash(world):
    client = Client()
    for changes in (
        {"area": "99999"},
        {"field": "abc"},
        {"kind": "signal"},
        {"text": "x" * 6000},
        {"text": ""},
    ):
        assert client.post(_send_url(world), _form(world, **changes)).status_code == 400
    assert client.get(reverse("portal:send"), {"province": "\u0000"}).status_code in (200, 400)
    assert client.get(reverse("portal:send"), {"province": "99"}).status_code == 200
    assert not Item.objects.exists()


def test_a_photo_is_stored_and_a_document_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
        b"\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    client = Client()
    pdf = SimpleUploadedFile("don.pdf", b"%PDF-1.4 thu", content_type="application/pdf")
    refused = client.post(_send_url(world), _form(world, photo_1=pdf))
    assert refused.status_code == 400
    photo = SimpleUploadedFile("anh.png", png, content_type="image/png")
    assert client.post(_send_url(world), _form(world, photo_1=photo)).status_code == 302
    assert Item.objects.get().attachments.count() == 1


def test_the_sign_in_page_links_to_the_portal():
    page = Client().get(reverse("login")).content.decode()
    assert reverse("portal:home") in page


# Query counts -------------------------------------------------------------------------------------


def test_answer_list_and_detail_query_counts(
    published, world, new_case, django_assert_max_num_queries
):
    by = world.people.specialist
    for index in range(6):
        case = services.verify_case(case=new_case(), by=by)
        case = services.answer_case(case=case, by=by, answer=f"Trả lời {index}")
        services.publish_case(
            case=case, by=by, draft=PublicDraft(title=f"Câu {index}", question="Q", answer="A")
        )
    client = Client()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("portal:answers")).status_code == 200
    with django_assert_max_num_queries(5):
        assert (
            client.get(reverse("portal:answers"), {"q": "cau", "province": "38"}).status_code == 200
        )
    with django_assert_max_num_queries(3):
        detail = reverse("portal:answer_detail", args=[published.publication.pk])
        assert client.get(detail).status_code == 200
    # The lookup: the case with its publication in one query; the rest is the rate limit's
    # counter (opening its window the first time: savepoints, insert, clean-up, read).
    with django_assert_max_num_queries(10):
        code = tracking.display(published.tracking_code)
        assert client.get(reverse("portal:track"), {"code": code}).status_code == 200


def test_staff_publish_and_keys_pages_query_counts(
    client, world, published, admin_user, django_assert_max_num_queries
):
    client.force_login(world.people.specialist)
    url = reverse("cases:case_publish", args=[published.pk])
    client.get(url)  # warm: the session's user, scopes
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    services.issue_open311_key(name="Ứng dụng A", by=admin_user)
    services.issue_open311_key(name="Ứng dụng B", by=admin_user)
    client.force_login(admin_user)
    client.get(reverse("cases:open311_keys"))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("cases:open311_keys")).status_code == 200
