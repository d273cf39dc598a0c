import pytest
from django.core import mail
from django.db import transaction

from phoihop.core.models import Notification
from phoihop.core.notifications import notify, unread_count

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_same_key_notifies_a_person_only_once():
    person = UserFactory()
    first = notify(person, key="task:1:overdue:2026-11-20", title="Quá hạn")
    second = notify(person, key="task:1:overdue:2026-11-20", title="Quá hạn")
    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=person).count() == 1
    assert unread_count(person) == 1


def test_the_same_key_reaches_different_people():
    a, b = UserFactory(), UserFactory()
    notify(a, key="k", title="Tiêu đề")
    notify(b, key="k", title="Tiêu đề")
    assert Notification.objects.count() == 2


def test_email_leaves_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    person = UserFactory(email="canbo@thanhhoa.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            person,
            key="k",
            title="Sắp đến hạn",
            body="Hạn 30/11",
            url="/plans/tasks/1/",
            email=True,
        )
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Sắp đến hạn"
    assert "/plans/tasks/1/" in mail.outbox[0].body


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    person = UserFactory(email="canbo@thanhhoa.gov.vn")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(person, key="k", title="Tiêu đề", email=True)
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_inactive_people_are_not_notified():
    person = UserFactory(is_active=False)
    assert notify(person, key="k", title="Tiêu đề") is None
    assert not Notification.objects.exists()


def test_the_menu_shows_the_unread_count_and_fragments_do_not_count(client, province_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    person = UserFactory(is_superuser=True)
    notify(person, key="a", title="Một")
    notify(person, key="b", title="Hai")
    client.force_login(person)
    page = client.get(reverse("org:organization_tree")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    with CaptureQueriesContext(connection) as captured:
        client.get(
            reverse("org:organization_tree"),
            {"parent": province_tree["committee"].pk},
            HTTP_HX_REQUEST="true",
        )
    assert not [q for q in captured.captured_queries if "core_notification" in q["sql"]]
