"""Changing and removing a good-model entry: the keeper's or the organisation's staff change it
(page and API, audited); an entry is removed only while nothing was recorded against it."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry
from phoihop.practices import services
from phoihop.practices.models import GoodModel

D = datetime.date
NOW = datetime.datetime(2026, 9, 15, 3, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def _entry(world, **extra):
    with time_machine.travel(NOW, tick=False):
        return services.create_model(
            by=world.people.specialist,
            keeper=world.propaganda,
            organization=world.health,
            title=extra.pop("title", "Tổ truyền thông cộng đồng phòng chống sốt xuất huyết"),
            summary="Mỗi khu phố một tổ truyền thông.",
            started_on=D(2024, 3, 1),
            **extra,
        )


@time_machine.travel(NOW, tick=False)
def test_the_keeper_changes_an_entry_and_the_change_is_audited(world):
    practice = _entry(world)
    services.update_model(
        practice=practice,
        by=world.people.specialist,
        title="Tổ truyền thông cộng đồng phòng, chống dịch bệnh",
        organization=world.education,
    )
    practice.refresh_from_db()
    assert practice.organization == world.education
    entry = entries_for(practice)[0]
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["organization"] == [world.health.name, world.education.name]
    hits = search.search(world.people.outsider, "phong chong dich benh", kinds=["good_model"])
    assert [hit.id for hit in hits] == [practice.pk]
    with pytest.raises(ValidationError) as exc:
        services.update_model(practice=practice, by=world.people.specialist, title=" ")
    assert "title" in exc.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_who_changes_and_removes(world, make_member):
    practice = _entry(world)
    for person in (world.people.outsider, world.people.collaborator):
        with pytest.raises(PermissionDenied):
            services.update_model(practice=practice, by=person, title="Khác")
        with pytest.raises(PermissionDenied):
            services.delete_model(practice=practice, by=person)
    # The keeper may not hand the entry to an organisation they do not keep entries for.
    with pytest.raises(PermissionDenied):
        services.update_model(practice=practice, by=world.people.specialist, keeper=world.elsewhere)
    # The staff of the organisation behind the model change its entry too.
    health_specialist = make_member(world.health, "specialist", full_name="Đỗ Thị Y")
    services.update_model(practice=practice, by=health_specialist, figures="Giảm 40% ca")
    assert GoodModel.objects.get(pk=practice.pk).figures == "Giảm 40% ca"


@time_machine.travel(NOW, tick=False)
def test_an_entry_with_a_record_is_not_removed(world):
    practice = _entry(world)
    services.add_commendation(
        practice=practice,
        by=world.people.specialist,
        title="Bằng khen",
        conferred_by="Chủ tịch UBND tỉnh",
        conferred_on=D(2025, 6, 20),
    )
    with pytest.raises(ValidationError) as exc:
        services.delete_model(practice=practice, by=world.people.specialist)
    assert "khen thưởng" in exc.value.messages[0]
    assert GoodModel.objects.filter(pk=practice.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_a_mistaken_entry_is_removed_with_its_search_row(world):
    practice = _entry(world, title="Mô hình ghi nhầm về nước sạch")
    pk = practice.pk
    services.delete_model(practice=practice, by=world.people.head)
    assert not GoodModel.objects.filter(pk=pk).exists()
    assert search.search(world.people.outsider, "ghi nham nuoc sach") == []
    entry = AuditEntry.objects.filter(object_id=str(pk), action=AuditEntry.Action.DELETE).get()
    assert entry.changes["title"] == ["Mô hình ghi nhầm về nước sạch", None]


@time_machine.travel(NOW, tick=False)
def test_the_pages(client, world, django_assert_max_num_queries):
    practice = _entry(world)
    client.force_login(world.people.outsider)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert 'data-testid="model-edit-link"' not in page
    assert client.get(reverse("practices:model_edit", args=[practice.pk])).status_code == 403
    assert client.post(reverse("practices:model_delete", args=[practice.pk])).status_code == 403

    client.force_login(world.people.specialist)
    assert 'data-testid="model-delete"' in client.get(practice.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(12):
        form = client.get(reverse("practices:model_edit", args=[practice.pk]))
    assert "Sửa mô hình hay, cách làm hiệu quả" in form.content.decode()
    assert world.health.name in form.content.decode()
    data = {
        "title": "Tổ truyền thông cộng đồng (đã sửa)",
        "organization": f"#{world.health.pk}",
        "keeper": f"#{world.propaganda.pk}",
        "started_on": "01/03/2024",
        "summary": "Mỗi khu phố một tổ truyền thông.",
    }
    response = client.post(reverse("practices:model_edit", args=[practice.pk]), data)
    assert response.status_code == 302
    assert GoodModel.objects.get(pk=practice.pk).title == "Tổ truyền thông cộng đồng (đã sửa)"
    # Hostile or wrong input is a form error, never a server error.
    for bad in (
        {"started_on": "31/02/2026"},
        {"started_on": "01/01/2099"},
        {"organization": "#999999999999999999999"},
        {"title": "x" * 600},
        {"area": "không-có"},
    ):
        response = client.post(reverse("practices:model_edit", args=[practice.pk]), data | bad)
        assert response.status_code == 400, bad
    assert client.get(reverse("practices:model_edit", args=[99999999])).status_code == 404

    services.add_replication(
        practice=practice, by=world.people.specialist, area=world.commune, started_on=D(2026, 1, 1)
    )
    refused = client.post(reverse("practices:model_delete", args=[practice.pk]), follow=True)
    assert "Không xóa được" in refused.content.decode()
    practice.replications.all().delete()
    removed = client.post(reverse("practices:model_delete", args=[practice.pk]), follow=True)
    assert removed.redirect_chain[-1][0] == reverse("practices:model_list")
    assert "Đã xóa mô hình" in removed.content.decode()
    assert not GoodModel.objects.filter(pk=practice.pk).exists()


@time_machine.travel(NOW, tick=False)
def test_the_api(client, world):
    practice = _entry(world)
    url = f"/api/v1/models/{practice.pk}"
    client.force_login(world.people.specialist)
    changed = client.patch(
        url, {"figures": "120 buổi truyền thông", "field": None}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["figures"] == ["120 buổi truyền thông"]
    for body in ({"title": None}, {"keeper": 10**18}, {"started_on": "2099-01-01"}, {"area": -1}):
        answer = client.patch(url, body, content_type="application/json")
        assert answer.status_code in (400, 422), body
        assert set(answer.json()) == {"detail", "errors"}
    services.add_commendation(
        practice=practice,
        by=world.people.specialist,
        title="Giấy khen",
        conferred_by="Sở Y tế",
        conferred_on=D(2025, 1, 1),
    )
    refused = client.delete(url)
    assert refused.status_code == 400 and "Không xóa được" in refused.json()["errors"]["__all__"][0]
    practice.commendations.all().delete()
    client.force_login(world.people.outsider)
    assert client.delete(url).status_code == 403
    client.force_login(world.people.specialist)
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
