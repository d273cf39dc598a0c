"""The app's own error pages: Vietnamese, in the site's layout, and the API's error shape under
/api/ (Django's defaults are English and unstyled)."""

from django.test import Client, RequestFactory
from django.urls import reverse

from phoihop.core.views import server_error


def test_an_unknown_page_is_the_apps_own_404_in_vietnamese(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang này." in html
    assert 'id="mainnav"' in html  # the menu: the user can carry on from here
    assert "Not Found" not in html


def test_an_object_out_of_scope_reads_as_the_same_404(client, outsider, province_tree):
    client.force_login(outsider)
    url = reverse("org:organization_detail", args=[province_tree["health"].pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy trang này." in response.content.decode()


def test_an_unknown_api_path_answers_in_the_error_shape(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": {}}


def test_a_stale_form_is_a_vietnamese_page_not_djangos_csrf_page(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hạn." in html
    assert "CSRF verification failed" not in html


def test_the_500_page_needs_no_database_and_is_vietnamese():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Máy chủ gặp lỗi khi xử lý yêu cầu." in response.content.decode()


def test_an_english_browser_still_gets_vietnamese_validation_messages(client):
    response = client.post(
        reverse("login"), {"username": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    html = response.content.decode()
    assert "This field is required" not in html
    assert "Hãy nhập trường này" in html
