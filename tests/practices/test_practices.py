"""The good-models registry: entries with evidence, commendations and replications; searchable,
countable, read by every signed-in user and written by its keepers."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.org.models import Field
from phoihop.practices import counts, services
from phoihop.practices.models import GoodModel

D = datetime.date
NOW = datetime.datetime(2026, 9, 15, 3, 0, tzinfo=datetime.UTC)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def model(world):
    with time_machine.travel(NOW, tick=False):
        practice = services.create_model(
            by=world.people.specialist,
            keeper=world.propaganda,
            organization=world.health,
            title="Tổ truyền thông cộng đồng về phòng chống sốt xuất huyết",
            summary="Mỗi khu phố một tổ truyền thông gồm y tế, hội phụ nữ và đoàn thanh niên.",
            started_on=D(2024, 3, 1),
            area=world.commune,
            field=Field.objects.filter(code="health").first(),
            figures="Số ca mắc giảm 42% so với năm 2023\n120 buổi truyền thông tại khu dân cư",
        )
        services.add_commendation(
            practice=practice,
            by=world.people.specialist,
            title="Bằng khen",
            conferred_by="Chủ tịch UBND tỉnh Thanh Hóa",
            reference="1520/QĐ-UBND",
            conferred_on=D(2025, 6, 20),
        )
        services.add_replication(
            practice=practice,
            by=world.people.specialist,
            organization=world.education,
            started_on=D(2026, 2, 10),
            note="Trường học áp dụng trong mùa mưa",
        )
    return practice


@time_machine.travel(NOW, tick=False)
def test_an_entry_is_checked_and_audited(world, model):
    assert entries_for(model)[0].message == "Thêm nơi nhân rộng"
    with pytest.raises(ValidationError) as exc:
        services.create_model(
            by=world.people.specialist,
            keeper=world.propaganda,
            organization=world.health,
            title=" ",
            summary="",
            started_on=D(2027, 1, 1),
        )
    assert set(exc.value.message_dict) == {"title", "summary", "started_on"}
    with pytest.raises(ValidationError) as exc:
        services.add_replication(
            practice=model, by=world.people.specialist, started_on=D(2026, 1, 1)
        )
    assert "organization" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_commendation(
            practice=model,
            by=world.people.specialist,
            title="Giấy khen",
            conferred_by="Sở Y tế",
            conferred_on=D(2020, 1, 1),
        )
    assert "conferred_on" in exc.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_who_writes(world, model):
    with pytest.raises(PermissionDenied):
        services.add_commendation(
            practice=model,
            by=world.people.outsider,
            title="Giấy khen",
            conferred_by="Sở Y tế",
            conferred_on=D(2026, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.create_model(
            by=world.people.collaborator,
            keeper=world.propaganda,
            organization=world.health,
            title="Mô hình",
            summary="Nội dung",
            started_on=D(2026, 1, 1),
        )


@time_machine.travel(NOW, tick=False)
def test_evidence_is_checked_by_content(world, model):
    with pytest.raises(ValidationError) as exc:
        services.add_evidence(
            practice=model,
            by=world.people.specialist,
            upload=SimpleUploadedFile("anh.png", b"<svg><script>alert(1)</script></svg>"),
        )
    assert "file" in exc.value.message_dict
    photo = services.add_evidence(
        practice=model,
        by=world.people.specialist,
        upload=SimpleUploadedFile("Ảnh buổi truyền thông.png", PNG),
        caption="Buổi truyền thông tại phường Hạc Thành",
    )
    assert photo.is_photo and photo.name == "Ảnh buổi truyền thông.png"


@time_machine.travel(NOW, tick=False)
def test_searchable_without_diacritics(world, model):
    hits = search.search(world.people.outsider, "sot xuat huyet", kinds=["good_model"])
    assert [hit.title for hit in hits] == [model.title]


@time_machine.travel(NOW, tick=False)
def test_review_figures(world, model):
    figures = counts.review_figures(world.people.outsider, start=D(2026, 1, 1), end=D(2026, 12, 31))
    values = {str(f.label): f.value for f in figures}
    assert values == {
        "Mô hình, cách làm mới": 0,
        "Mô hình được khen thưởng": 0,
        "Mô hình được nhân rộng": 1,
    }
    earlier = counts.review_figures(
        world.people.outsider,
        start=D(2024, 1, 1),
        end=D(2025, 12, 31),
        organization=world.committee,
    )
    assert [f.value for f in earlier] == [1, 1, 0]
    assert (
        counts.review_figures(
            world.people.outsider,
            start=D(2024, 1, 1),
            end=D(2025, 12, 31),
            organization=world.propaganda,
        )[0].value
        == 0
    )


@time_machine.travel(NOW, tick=False)
def test_the_figures_link_to_lists_of_the_same_number(client, world, model):
    client.force_login(world.people.specialist)
    for start, end in ((D(2024, 1, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 12, 31))):
        for figure in counts.review_figures(world.people.specialist, start=start, end=end):
            page = client.get(figure.url).content.decode()
            rows = page.count("<tr>") - 1 if "<tbody>" in page else 0
            assert rows == figure.value, (figure.label, figure.url)


@time_machine.travel(NOW, tick=False)
def test_pages(client, world, model, django_assert_max_num_queries):
    client.force_login(world.people.outsider)
    with django_assert_max_num_queries(9):
        page = client.get(reverse("practices:model_list"), {"q": "sot xuat huyet"})
    assert model.title in page.content.decode()
    with django_assert_max_num_queries(14):
        page = client.get(model.get_absolute_url()).content.decode()
    assert "Bằng khen" in page and world.education.name in page
    assert 'data-testid="commendation-form"' not in page
    assert (
        client.post(reverse("practices:commendation_add", args=[model.pk]), {}).status_code == 403
    )
    bad = client.get(reverse("practices:model_list"), {"year": "abc", "start": "31/02/2026"})
    assert bad.status_code == 200

    client.force_login(world.people.specialist)
    response = client.post(
        reverse("practices:model_create"),
        {
            "title": "Dân vận khéo trong giải phóng mặt bằng",
            "organization": f"#{world.committee.pk}",
            "keeper": f"#{world.propaganda.pk}",
            "started_on": "01/04/2025",
            "summary": "Cán bộ đến từng nhà lắng nghe, giải thích chính sách bồi thường.",
            "figures": "100% hộ dân bàn giao mặt bằng đúng hạn",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = GoodModel.objects.get(title__startswith="Dân vận khéo")
    response = client.post(
        reverse("practices:evidence_add", args=[created.pk]),
        {"upload": SimpleUploadedFile("anh.png", PNG), "caption": "Ảnh"},
    )
    assert response.status_code == 302
    evidence = created.evidence.get()
    download = client.get(reverse("practices:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    response = client.post(
        reverse("practices:replication_add", args=[created.pk]),
        {"area": "14935", "started_on": "01/06/2026"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("practices:commendation_add", args=[created.pk]),
        {"title": "", "conferred_by": "", "conferred_on": "01/01/2099"},
    )
    assert response.status_code == 400


@time_machine.travel(NOW, tick=False)
def test_the_api(client, world, model):
    client.force_login(world.people.specialist)
    listed = client.get("/api/v1/models", {"q": "sot xuat huyet", "commended": "true"}).json()
    assert listed["count"] == 1 and listed["items"][0]["replication_count"] == 1
    detail = client.get(f"/api/v1/models/{model.pk}").json()
    assert detail["commendations"][0]["reference"] == "1520/QĐ-UBND"
    assert detail["figures"][0].startswith("Số ca mắc giảm")
    created = client.post(
        "/api/v1/models",
        {
            "title": "Mô hình Chi bộ 4 tốt",
            "summary": "Chi bộ khu dân cư sinh hoạt chuyên đề hằng tháng.",
            "organization": world.party.pk,
            "keeper": world.propaganda.pk,
            "started_on": "2025-01-15",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    replication = client.post(
        f"/api/v1/models/{created.json()['id']}/replications",
        {"started_on": "2026-03-01"},
        content_type="application/json",
    )
    assert replication.status_code == 400 and "organization" in replication.json()["errors"]
    commendation = client.post(
        f"/api/v1/models/{created.json()['id']}/commendations",
        {"title": "Giấy khen", "conferred_by": "Tỉnh ủy Thanh Hóa", "conferred_on": "2026-02-03"},
        content_type="application/json",
    )
    assert commendation.status_code == 201
    client.force_login(world.people.outsider)
    denied = client.post(
        f"/api/v1/models/{model.pk}/commendations",
        {"title": "Giấy khen", "conferred_by": "X", "conferred_on": "2026-02-03"},
        content_type="application/json",
    )
    assert denied.status_code == 403
