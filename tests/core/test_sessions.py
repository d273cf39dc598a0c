"""Sessions are Django's database sessions: signed in until they expire or the user signs out."""

import datetime

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ..factories import UserFactory

PROFILE = reverse("profile")


def test_a_signed_in_session_is_read_back(client, db):
    client.force_login(UserFactory(full_name="Lê Văn Phiên"))
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert "Lê Văn Phiên" in response.content.decode()


def test_an_expired_session_signs_the_user_out(client, db):
    client.force_login(UserFactory())
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(PROFILE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_after_logout_the_old_cookie_is_refused(client, db):
    client.force_login(UserFactory())
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = key  # someone replays the cookie
    assert client.get(PROFILE).status_code == 302
