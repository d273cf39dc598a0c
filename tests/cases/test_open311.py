"""Open311 GeoReport v2, driven as the specification's examples do: form-encoded POST with
`api_key` and `attribute[code]` values, JSON and XML answers parsed. Nothing personal and no
hidden text ever appears in an answer."""

import datetime
import json
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from phoihop.cases import services, tracking
from phoihop.cases.models import Channel, Citizen, ConsentText, Item, Open311Key
from phoihop.cases.services import CitizenDetails, PublicDraft

from .test_portal import HIDDEN_SPAN, ORIGINAL, SECRET_EMAIL, SECRET_NAME, assert_nothing_private

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def consent(db):
    text, _ = ConsentText.objects.get_or_create(
        version="2026-01",
        defaults={"text": "Tôi đồng ý …", "valid_from": datetime.date(2026, 1, 1)},
    )
    return text


@pytest.fixture
def api_key(world):
    out = StringIO()
    call_command("open311_key", "Ứng dụng phản ánh hiện trường", stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def _json(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ElementTree.fromstring(response.content)


def test_the_key_is_printed_once_and_stored_hashed(api_key):
    key = Open311Key.objects.get()
    assert api_key.startswith(key.prefix)
    assert api_key not in key.key_hash
    assert Open311Key.objects.matching(api_key) == key


def test_discovery_and_services_in_both_formats(world):
    client = Client()
    discovery = _json(client.get(f"{BASE}/discovery.json"))
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    root = _xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/formats/format").text == "text/xml"
    services_json = _json(client.get(f"{BASE}/services.json"))
    codes = {s["service_code"] for s in services_json}
    assert {"y-te", "giao-duc"} <= codes
    assert all(s["metadata"] is True and s["type"] == "realtime" for s in services_json)
    services_xml = _xml(client.get(f"{BASE}/services.xml"))
    assert services_xml.tag == "services"
    assert {e.text for e in services_xml.findall("service/service_code")} == codes
    definition = _json(client.get(f"{BASE}/services/y-te.json"))
    assert definition["service_code"] == "y-te"
    assert [a["code"] for a in definition["attributes"]] == ["commune", "kind", "consent"]
    definition_xml = _xml(client.get(f"{BASE}/services/y-te.xml"))
    assert definition_xml.tag == "service_definition"
    assert definition_xml.find("attributes/attribute/code").text == "commune"
    missing = client.get(f"{BASE}/services/khong-co.xml")
    assert missing.status_code == 404
    assert _xml(missing).find("error/code").text == "404"


def test_post_a_request_as_the_spec_shows(world, api_key, consent):
    client = Client()
    response = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": api_key,
            "service_code": "y-te",
            "description": "Trạm y tế xã đóng cửa vào giờ hành chính.",
            "attribute[commune]": world.commune.code,
            "attribute[kind]": "complaint",
            "first_name": "Hoàng",
            "last_name": "Văn Gửi",
            "email": "gui@example.vn",
            "attribute[consent]": consent.version,
            "lat": "19.8",
            "long": "105.7",
        },
    )
    assert response.status_code == 200, response.content
    [answer] = _json(response)
    code = answer["service_request_id"]
    item = Item.objects.get()
    assert tracking.display(item.case.tracking_code) == code
    assert item.channel == Channel.WEB
    assert item.source.startswith("Open311: Ứng dụng phản ánh")
    citizen = Citizen.objects.get(item=item)
    assert (citizen.name, citizen.consent_text) == ("Hoàng Văn Gửi", consent)
    # Its status is public, its text and sender are not (not published)
    [status] = _json(client.get(f"{BASE}/requests/{code}.json"))
    assert status["status"] == "open"
    assert status["service_code"] == "y-te"
    assert status["expected_datetime"].startswith(item.case.effective_deadline.isoformat())
    assert "description" not in status
    detail = client.get(f"{BASE}/requests/{code}.xml")
    assert _xml(detail).find("request/status").text == "open"
    for body in (detail.content, client.get(f"{BASE}/requests/{code}.json").content):
        assert b"Tr\xe1\xba\xa1m y t\xe1\xba\xbf" not in body
        assert "Gửi".encode() not in body and b"gui@example.vn" not in body
    [token] = _json(client.get(f"{BASE}/tokens/{code}.json"))
    assert token == {"service_request_id": code, "token": code}


def test_contact_without_consent_is_not_kept(world, api_key):
    response = Client().post(
        f"{BASE}/requests.xml",
        {
            "api_key": api_key,
            "service_code": "y-te",
            "description": "Đèn tín hiệu giao thông hỏng.",
            "attribute[commune]": world.commune.code,
            "email": "khongdongy@example.vn",
        },
    )
    assert response.status_code == 200
    root = _xml(response)
    assert root.tag == "service_requests"
    assert "ẩn danh" in root.find("request/service_notice").text
    assert not Citizen.objects.exists()
    assert Item.objects.get().anonymous


def test_refusals_in_the_spec_error_shape(world, api_key):
    client = Client()
    good = {
        "api_key": api_key,
        "service_code": "y-te",
        "description": "Nội dung",
        "attribute[commune]": world.commune.code,
    }
    cases = [
        ({**good, "api_key": "sai"}, 403),
        ({**good, "service_code": "khong-co"}, 400),
        ({**good, "attribute[commune]": "00000"}, 400),
        ({**good, "description": ""}, 400),
        ({**good, "attribute[kind]": "signal"}, 400),
    ]
    for data, status in cases:
        response = client.post(f"{BASE}/requests.json", data)
        assert response.status_code == status
        [error] = _json(response)
        assert error["code"] == status and error["description"]
    Open311Key.objects.update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert client.post(f"{BASE}/requests.json", good).status_code == 403
    assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
    assert client.get(f"{BASE}/requests.json", {"start_date": "hôm qua"}).status_code == 400
    assert client.get(f"{BASE}/requests/ZZZZ-ZZZZ-ZZ.json").status_code == 404
    assert not Item.objects.exists()


@override_settings(THROTTLE_OPEN311_PER_ADDRESS="3/m")
def test_flooding_is_answered_429_in_the_error_shape(world):
    client = Client()
    for _ in range(3):
        assert client.get(f"{BASE}/services.json").status_code == 200
    response = client.get(f"{BASE}/services.xml")
    assert response.status_code == 429
    assert _xml(response).find("error/code").text == "429"


def test_published_requests_only_redacted(world, new_case, consent):
    by = world.people.specialist
    published = new_case(
        text=ORIGINAL,
        citizen=CitizenDetails(
            consent_text=consent, consent=True, name=SECRET_NAME, email=SECRET_EMAIL
        ),
    )
    published = services.verify_case(case=published, by=by)
    published = services.answer_case(case=published, by=by, answer="Đã xử lý xong.")
    services.publish_case(
        case=published,
        by=by,
        draft=PublicDraft(
            title="Cống tắc",
            question=ORIGINAL,
            answer="Đã xử lý xong.",
            hidden_spans=(HIDDEN_SPAN,),
        ),
    )
    hidden = new_case(text="Vụ việc chưa công khai, không được hiện ra")
    client = Client()
    listing = client.get(f"{BASE}/requests.json")
    rows = _json(listing)
    assert [r["service_request_id"] for r in rows] == [tracking.display(published.tracking_code)]
    row = rows[0]
    assert row["status"] == "closed"
    assert row["status_notes"] == "Đã xử lý xong."
    assert row["address_id"] == world.commune.code
    assert "[…]" in row["description"]
    xml = client.get(f"{BASE}/requests.xml", {"service_code": "y-te", "status": "closed"})
    assert _xml(xml).find("request/description").text == row["description"]
    one = client.get(f"{BASE}/requests/{row['service_request_id']}.xml")
    by_id = client.get(f"{BASE}/requests.json", {"service_request_id": row["service_request_id"]})
    for response in (listing, xml, one, by_id):
        assert response.status_code == 200
        assert_nothing_private(response.content)
        assert "không được hiện ra" not in response.content.decode()
    assert _json(client.get(f"{BASE}/requests.json", {"status": "open"})) == []
    assert _json(client.get(f"{BASE}/requests.json", {"service_code": "giao-duc"})) == []
    end = (published.received_on - datetime.timedelta(days=1)).isoformat() + "T00:00:00Z"
    assert _json(client.get(f"{BASE}/requests.json", {"end_date": end})) == []
    status_only = client.get(f"{BASE}/requests/{tracking.display(hidden.tracking_code)}.json")
    assert "không được hiện ra" not in status_only.content.decode()


def test_staff_key_page_is_for_system_administrators(client, world, admin_user):
    client.force_login(world.people.leader)
    assert client.get("/cases/open311-keys/").status_code == 403
    client.force_login(admin_user)
    issued = client.post("/cases/open311-keys/", {"name": "Zalo mini app"})
    assert issued.status_code == 200
    key = Open311Key.objects.get()
    page = issued.content.decode()
    assert key.prefix in page
    revoke = client.post(f"/cases/open311-keys/{key.pk}/revoke/")
    assert revoke.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
