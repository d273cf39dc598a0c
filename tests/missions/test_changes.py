"""Changing and removing a mission: the conducting organisation's staff change it (page and API,
audited), link a decision already in the registry or number a new one; new dates must hold what
was recorded; a mission is removed only while nothing of its work was recorded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry
from phoihop.directives.models import Document
from phoihop.missions import services
from phoihop.missions.models import Mission

D = datetime.date
NOW = datetime.datetime(2026, 9, 15, 3, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def _mission(world, **attrs):
    values = {
        "kind": Mission.Kind.INSPECTION,
        "title": "Kiểm tra việc thực hiện Chỉ thị 05-CT/TW",
        "starts_on": D(2026, 9, 1),
        "ends_on": D(2026, 9, 10),
    }
    return services.create_mission(
        by=world.people.head, organization=world.propaganda, **(values | attrs)
    )


@time_machine.travel(NOW, tick=False)
def test_a_mission_is_changed_and_the_change_audited(world):
    mission = _mission(world)
    services.update_mission(
        mission=mission,
        by=world.people.specialist,
        title="Kiểm tra việc học tập và làm theo tư tưởng Hồ Chí Minh",
        leader=world.people.head,
        members=[world.people.specialist],
    )
    mission.refresh_from_db()
    assert mission.leader == world.people.head
    assert list(mission.members.all()) == [world.people.specialist]
    entry = entries_for(mission)[0]
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["members"] == [[], ["Nguyễn Thị Chuyên"]]
    hits = search.search(world.people.head, "lam theo tu tuong", kinds=["mission"])
    assert [hit.id for hit in hits] == [mission.pk]
    with pytest.raises(PermissionDenied):
        services.update_mission(mission=mission, by=world.people.outsider, title="Khác")
    with pytest.raises(PermissionDenied):
        services.update_mission(mission=mission, by=world.people.collaborator, title="Khác")


@time_machine.travel(NOW, tick=False)
def test_a_decision_is_linked_or_numbered_once(world):
    first = _mission(world, decision_issued_on=D(2026, 8, 28))
    second = _mission(world, title="Kiểm tra việc thực hiện Kết luận 80-KL/TW")
    services.update_mission(mission=second, by=world.people.head, decision=first.decision)
    assert Mission.objects.get(pk=second.pk).decision == first.decision
    with pytest.raises(ValidationError) as exc:
        services.update_mission(
            mission=second, by=world.people.head, decision_issued_on=D(2026, 9, 1)
        )
    assert "01-QĐ/BTGDVTU" in exc.value.message_dict["decision_issued_on"][0]
    # Unlinked, it takes the next number of the conducting organisation's sequence.
    services.update_mission(
        mission=second, by=world.people.head, decision=None, decision_issued_on=D(2026, 9, 1)
    )
    assert Mission.objects.get(pk=second.pk).decision.symbol == "02-QĐ/BTGDVTU"


@time_machine.travel(NOW, tick=False)
def test_new_dates_must_hold_the_visits(world):
    mission = _mission(world)
    services.add_visit(
        mission=mission,
        by=world.people.specialist,
        organization=world.health,
        visited_on=D(2026, 9, 8),
    )
    with pytest.raises(ValidationError) as exc:
        services.update_mission(
            mission=mission, by=world.people.head, starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 5)
        )
    assert "08/09/2026" in exc.value.message_dict["starts_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.update_mission(mission=mission, by=world.people.head, ends_on=D(2026, 8, 1))
    assert "ends_on" in exc.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_only_a_mission_without_a_record_is_removed(world):
    mission = _mission(world, decision_issued_on=D(2026, 8, 28))
    services.add_visit(
        mission=mission,
        by=world.people.specialist,
        organization=world.health,
        visited_on=D(2026, 9, 2),
    )
    with pytest.raises(ValidationError) as exc:
        services.delete_mission(mission=mission, by=world.people.head)
    assert "buổi làm việc" in exc.value.messages[0]
    mission.visits.all().delete()
    with pytest.raises(PermissionDenied):
        services.delete_mission(mission=mission, by=world.people.outsider)
    decision = mission.decision
    services.delete_mission(mission=mission, by=world.people.specialist)
    assert not Mission.objects.filter(pk=mission.pk).exists()
    # The numbered decision stays in the registry.
    assert Document.objects.filter(pk=decision.pk).exists()
    assert search.search(world.people.head, "chi thi 05", kinds=["mission"]) == []


@time_machine.travel(NOW, tick=False)
def test_the_pages(client, world, django_assert_max_num_queries):
    first = _mission(world, decision_issued_on=D(2026, 8, 28))
    mission = _mission(world, title="Khảo sát công tác tuyên truyền chuyển đổi số")
    edit = reverse("missions:mission_edit", args=[mission.pk])
    client.force_login(world.people.health_focal)
    assert client.get(edit).status_code == 404  # not theirs to see
    client.force_login(world.people.head)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert 'data-testid="mission-edit-link"' in page and 'data-testid="mission-delete"' in page
    with django_assert_max_num_queries(14):
        form = client.get(edit)
    assert "Sửa thông tin đoàn" in form.content.decode()
    answer = client.get(edit, {"suggest": "decision", "decision": "01-QĐ"}).content.decode()
    assert "01-QĐ/BTGDVTU" in answer
    data = {
        "kind": "survey",
        "title": "Khảo sát công tác tuyên truyền chuyển đổi số (đã sửa)",
        "starts_on": "01/09/2026",
        "ends_on": "12/09/2026",
        "leader": world.people.head.pk,
        "members": [world.people.specialist.pk],
        "decision": "1-QĐ/BTGDVTU",  # the registry's number, its leading zero left out
    }
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    mission.refresh_from_db()
    assert mission.decision == first.decision and mission.ends_on == D(2026, 9, 12)
    for bad in (
        {"decision": "99-QĐ/KHONGCO"},
        {"decision": "#99999999999999999999999"},
        {"ends_on": "31/02/2026"},
        {"starts_on": "20/09/2026"},
        {"leader": "abc"},
        {"kind": "audit"},
    ):
        assert client.post(edit, data | bad).status_code == 400, bad

    services.add_visit(
        mission=mission,
        by=world.people.specialist,
        organization=world.health,
        visited_on=D(2026, 9, 2),
    )
    delete = reverse("missions:mission_delete", args=[mission.pk])
    refused = client.post(delete, follow=True).content.decode()
    assert "Không xóa được: đoàn đã ghi buổi làm việc" in refused
    mission.visits.all().delete()
    removed = client.post(delete, follow=True)
    assert removed.redirect_chain[-1][0] == reverse("missions:mission_list")
    assert not Mission.objects.filter(pk=mission.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_api(client, world):
    first = _mission(world, decision_issued_on=D(2026, 8, 28))
    mission = _mission(world, title="Khảo sát công tác tuyên truyền chuyển đổi số")
    url = f"/api/v1/missions/{mission.pk}"
    client.force_login(world.people.head)
    changed = client.patch(
        url,
        {"decision": first.decision.pk, "leader": world.people.specialist.pk, "topics": None},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["decision"]["name"] == "01-QĐ/BTGDVTU"
    assert changed.json()["leader"]["id"] == world.people.specialist.pk
    assert (
        client.patch(url, {"leader": None}, content_type="application/json").json()["leader"]
        is None
    )
    for body in (
        {"title": None},
        {"kind": "audit"},
        {"decision": 10**18},
        {"members": [world.people.outsider.pk]},
        {"ends_on": "2026-08-01"},
    ):
        answer = client.patch(url, body, content_type="application/json")
        assert answer.status_code in (400, 422), body
        assert set(answer.json()) == {"detail", "errors"}
    services.add_visit(
        mission=mission,
        by=world.people.specialist,
        organization=world.health,
        visited_on=D(2026, 9, 2),
    )
    refused = client.delete(url)
    assert refused.status_code == 400 and "buổi làm việc" in refused.json()["errors"]["__all__"][0]
    mission.visits.all().delete()
    client.force_login(world.people.outsider)
    assert client.delete(url).status_code == 404
    client.force_login(world.people.head)
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
