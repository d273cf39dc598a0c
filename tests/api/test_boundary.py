"""Input is valid at the boundary: nothing a user can send makes a page or the API fail, and
nothing stored through a form or the API can break a page for someone else (issue 13, item 5).

Each class of hostile input is tried through a form and through the API; on PostgreSQL these
were 500s (NUL bytes, over-long strings, ids beyond 64 bits)."""

import datetime
import json

import pytest
from django.urls import reverse

from phoihop.plans.models import Task

HUGE = str(2**64)
TITLE = "Tuyên truyền phòng chống đuối nước"


def task_payload(world, **changes):
    payload = {
        "plan": world.plan.pk,
        "title": TITLE,
        "deadline": "2026-06-30",
        "participants": [{"organization": world.health.pk, "role": "lead"}],
    }
    return {**payload, **changes}


def post_json(client, url, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **extra)


def task_form_data(world, **changes):
    data = {
        "title": TITLE,
        "deadline": "2026-06-30",
        "report_frequency": "none",
        "participants-TOTAL_FORMS": "1",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-organization": world.health.pk,
        "participants-0-role": "lead",
    }
    return {**data, **changes}


@pytest.fixture
def specialist(client, world):
    client.force_login(world.people.specialist)
    return client


def assert_error_shape(response, status, field=None):
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert set(body) == {"detail", "errors"}
    if field:
        assert field in body["errors"], body


# Dates far in the future ------------------------------------------------------------------------


def test_a_year_9999_deadline_is_refused_by_the_api(specialist, world):
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, deadline="9999-12-31"))
    assert_error_shape(response, 422, "deadline")
    assert "31/12/2100" in response.json()["errors"]["deadline"][0]
    assert not Task.objects.exists()


def test_a_year_9999_deadline_is_refused_by_the_form(specialist, world):
    url = reverse("plans:task_create", args=[world.plan.pk])
    response = specialist.post(url, task_form_data(world, deadline="9999-12-31"))
    assert response.status_code == 200
    assert "Ngày phải từ 01/01/1945 đến 31/12/2100." in response.content.decode()
    assert not Task.objects.exists()


def test_the_date_range_is_a_setting(specialist, world, settings):
    settings.DATE_MAX = datetime.date(2030, 12, 31)
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, deadline="2031-01-01"))
    assert_error_shape(response, 422, "deadline")


# Control characters and surrogates ----------------------------------------------------------------


def test_a_nul_in_a_title_is_refused_by_the_api(specialist, world):
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, title="Tuyên\x00truyền"))
    assert_error_shape(response, 422, "title")
    assert not Task.objects.exists()


def test_a_control_character_in_a_title_is_refused_by_the_form(specialist, world):
    url = reverse("plans:task_create", args=[world.plan.pk])
    for title in ("Tuyên\x00truyền", "Tuyên\x1btruyền", "Tuyên\x7ftruyền"):
        response = specialist.post(url, task_form_data(world, title=title))
        assert response.status_code == 200
        page = response.content.decode()
        assert "ký tự điều khiển" in page or "Null characters are not allowed" in page
    assert not Task.objects.exists()


def test_line_breaks_stay_allowed_in_multi_line_text(specialist, world):
    description = "Dòng một\r\nDòng hai\tcột"
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, description=description))
    assert response.status_code == 201, response.json()
    assert Task.objects.get().description == description


def test_a_lone_surrogate_in_json_is_refused(specialist, world):
    body = json.dumps(task_payload(world, title="SURROGATE")).replace("SURROGATE", "a\\ud800b")
    assert "\\ud800" in body
    response = post_json(specialist, "/api/v1/tasks", body)
    assert_error_shape(response, 422, "title")


def test_control_characters_in_a_page_query_string_are_a_400_page(specialist):
    for url in ("/search/?q=a%00b", "/organizations/?q=%00", "/plans/tasks/?q=%1b"):
        response = specialist.get(url)
        assert response.status_code == 400, url
        assert "Yêu cầu không hợp lệ." in response.content.decode()


def test_control_characters_in_api_query_parameters_are_a_422(specialist):
    response = specialist.get("/api/v1/organizations", {"q": "a\x00b"})
    assert_error_shape(response, 422, "q")


def test_anonymous_login_with_a_nul_and_an_overlong_name_is_a_form_error(client, world):
    for username in ("quan\x00tri", "x" * 10_000):
        response = client.post(reverse("login"), {"username": username, "password": "x\x00"})
        assert response.status_code == 200
        assert 'class="form-control is-invalid"' in response.content.decode()


def test_password_reset_with_a_nul_is_a_form_error(client, world):
    response = client.post(reverse("password_reset"), {"email": "a\x00@example.com"})
    assert response.status_code == 200


# Lengths ----------------------------------------------------------------------------------------


def test_an_overlong_title_is_a_4xx_not_a_database_error(specialist, world):
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, title="x" * 501))
    assert_error_shape(response, 422, "title")
    response = specialist.patch(
        f"/api/v1/plans/{world.plan.pk}",
        json.dumps({"number": "9" * 61}),
        content_type="application/json",
    )
    assert_error_shape(response, 422, "number")


def test_api_texts_carry_their_column_length_in_the_openapi_document(specialist):
    schemas = specialist.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["TaskIn"]["properties"]["title"]["maxLength"] == 500
    assert schemas["PlanPatch"]["properties"]["number"]["anyOf"][0]["maxLength"] == 60


def test_the_openapi_document_has_no_key_twice(specialist):
    """Strict parsers (the API docs page's) refuse a document with a key twice, e.g. an answer
    code given as 200 by one part and as "200" by another."""

    def refuse_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return dict(pairs)

    body = specialist.get("/api/v1/openapi.json").content
    document = json.loads(body, object_pairs_hook=refuse_duplicates)
    answer = document["paths"]["/api/v1/reporting/values"]["get"]["responses"]["200"]
    assert set(answer["content"]) == {"application/json", "text/csv"}


# Numbers beyond 64 bits and odd digits ----------------------------------------------------------


def test_an_id_beyond_64_bits_in_a_path_is_a_404(specialist):
    assert specialist.get(f"/plans/{HUGE}/").status_code == 404
    assert specialist.get(f"/organizations/{HUGE}/").status_code == 404
    assert_error_shape(specialist.get(f"/api/v1/tasks/{HUGE}"), 404)
    assert_error_shape(specialist.get(f"/api/v1/areas/{HUGE}"), 404)


def test_a_page_beyond_64_bits_is_a_4xx_or_the_last_page(specialist, world):
    assert_error_shape(specialist.get("/api/v1/tasks", {"page": HUGE}), 422, "page")
    response = specialist.get("/api/v1/plans", {"page": str(2**62)})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert specialist.get("/organizations/", {"page": HUGE}).status_code == 200
    assert specialist.get("/plans/tasks/", {"page": HUGE}).status_code == 200


def test_a_year_no_date_can_have_is_a_422_in_filters(specialist):
    for url in ("/api/v1/directives", "/api/v1/plans"):
        assert_error_shape(specialist.get(url, {"year": "11224327081696"}), 422, "year")
    assert specialist.get("/api/v1/directives", {"year": "2024"}).status_code == 200


def test_ids_beyond_64_bits_in_a_body_are_a_422(specialist, world):
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, plan=2**64))
    assert_error_shape(response, 422, "plan")


def test_odd_unicode_digits_in_filters_are_ignored_not_a_500(specialist, world):
    for value in ("٢٠٢٦", "²", HUGE):
        assert specialist.get("/plans/", {"year": value, "programme": value}).status_code == 200
        assert specialist.get("/organizations/tree/", {"parent": value}).status_code in (200, 404)


def test_a_non_numeric_formset_count_is_a_form_error(specialist, world):
    url = reverse("plans:task_create", args=[world.plan.pk])
    for count in ("abc", "²", HUGE):
        data = task_form_data(world, **{"participants-TOTAL_FORMS": count, "add_row": "1"})
        assert specialist.post(url, data).status_code == 200
        data = task_form_data(world, **{"participants-TOTAL_FORMS": count})
        assert specialist.post(url, data).status_code == 200
    assert not Task.objects.exists()


# null for a required field, oversize bodies ------------------------------------------------------


def test_null_for_a_required_field_is_a_field_error(specialist, world):
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, title=None))
    assert_error_shape(response, 422, "title")
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, participants=[None]))
    assert_error_shape(response, 422)


def test_an_oversize_api_body_is_a_413_in_the_error_shape(specialist, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_json(specialist, "/api/v1/tasks", task_payload(world, description="x" * 2000))
    assert_error_shape(response, 413)
    assert response.json()["detail"] == "Dữ liệu gửi lên quá lớn."


def test_an_oversize_form_is_a_413_page(specialist, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    url = reverse("plans:task_create", args=[world.plan.pk])
    response = specialist.post(url, task_form_data(world, description="x" * 2000))
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn." in response.content.decode()
