"""The central catalogue is guarded: only system administrators and granted catalogue editors
create, change or move central documents, or move documents into or out of the catalogue.
A province's editors propose a central document through their own organisation's registry.
The same rules hold for the service, the pages and the API, and every move is audited."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.directives import permissions, services
from phoihop.directives.models import Document
from phoihop.org.models import Membership
from tests.factories import OrganizationFactory

D = datetime.date
CENTRAL_CHOICE = "— Văn bản Trung ương dùng chung —"
PROPOSE_HELP = "hãy đăng ký văn bản đó vào danh mục của tổ chức mình"


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def central(make_document):
    return make_document("38-CT/TW", D(2009, 9, 7), abstract="Về đẩy mạnh bảo hiểm y tế")


@pytest.fixture
def own(make_document, tree):
    """A document of the propaganda department, which its editor may write."""
    return make_document("45-KH/BTGDVTU", D(2025, 3, 20), organization=tree["propaganda"])


@pytest.fixture
def province_editor(editor):
    """The administrators, leaders and specialists of a propaganda department used to edit the
    central catalogue; they no longer do."""
    return editor


def _unchanged(document: Document, **expected) -> None:
    document.refresh_from_db()
    for name, value in expected.items():
        assert getattr(document, name) == value, name


# --- the rule ----------------------------------------------------------------------------------


def test_a_province_editor_has_no_catalogue_right(province_editor, catalogue_editor, admin_user):
    assert not permissions.can_edit_central_catalogue(province_editor)
    assert permissions.can_edit_central_catalogue(catalogue_editor)
    assert permissions.can_edit_central_catalogue(admin_user)


def test_the_right_can_be_granted_to_a_person_directly(province_editor):
    province_editor.user_permissions.add(Permission.objects.get(codename="edit_central_catalogue"))
    fresh = type(province_editor).objects.get(pk=province_editor.pk)  # no cached permissions
    assert permissions.can_edit_central_catalogue(fresh)


def test_a_deactivated_catalogue_editor_loses_the_right(catalogue_editor):
    catalogue_editor.is_active = False
    catalogue_editor.save()
    assert not permissions.can_edit_central_catalogue(catalogue_editor)


# --- service -----------------------------------------------------------------------------------


def test_a_province_editor_cannot_create_a_central_document(province_editor, empty_registry):
    with pytest.raises(PermissionDenied):
        services.create_document(
            by=province_editor, symbol="1-CT/TW", issued_on=D(2020, 1, 1), abstract="Chỉ thị"
        )
    assert not Document.objects.exists()


def test_a_province_editor_cannot_move_a_central_document_into_their_organisation(
    province_editor, central, tree
):
    with pytest.raises(PermissionDenied):
        services.update_document(
            document=central, by=province_editor, organization=tree["propaganda"]
        )
    _unchanged(central, organization=None)


def test_a_province_editor_cannot_move_their_document_into_the_central_catalogue(
    province_editor, own, tree
):
    with pytest.raises(PermissionDenied):
        services.update_document(document=own, by=province_editor, organization=None)
    _unchanged(own, organization=tree["propaganda"])


def test_a_province_editor_cannot_rewrite_a_central_abstract_or_file(province_editor, central):
    with pytest.raises(PermissionDenied):
        services.update_document(document=central, by=province_editor, abstract="Đã bị sửa")
    with pytest.raises(PermissionDenied):
        services.update_document(
            document=central, by=province_editor, file=ContentFile(b"%PDF-1.4", name="gia.pdf")
        )
    _unchanged(central, abstract="Về đẩy mạnh bảo hiểm y tế", file="")


def test_a_province_editor_still_writes_their_own_documents(province_editor, own):
    services.update_document(document=own, by=province_editor, abstract="Kế hoạch mới")
    _unchanged(own, abstract="Kế hoạch mới")


def test_a_system_administrator_moves_documents_both_ways_and_the_audit_says_from_where(
    admin_user, central, tree
):
    services.update_document(document=central, by=admin_user, organization=tree["propaganda"])
    into = entries_for(central).first()
    assert into.changes["organization"] == [
        "Văn bản Trung ương dùng chung",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
    ]
    assert into.message == (
        "Chuyển tổ chức sở hữu: Văn bản Trung ương dùng chung → "
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa"
    )
    services.update_document(document=central, by=admin_user, organization=None)
    back = entries_for(central).first()
    assert back.changes["organization"] == [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa",
        "Văn bản Trung ương dùng chung",
    ]
    # The department's administrators still find the move in their own audit.
    assert back.organization_path == tree["propaganda"].path
    _unchanged(central, organization=None)


def test_a_catalogue_editor_promotes_their_document_and_edits_central_ones(
    catalogue_editor, own, central
):
    services.update_document(document=own, by=catalogue_editor, organization=None)
    services.update_document(document=central, by=catalogue_editor, abstract="Trích yếu mới")
    _unchanged(own, organization=None)
    _unchanged(central, abstract="Trích yếu mới")
    assert entries_for(own).first().actor == catalogue_editor


def test_a_catalogue_editor_moves_only_into_organisations_they_write_for(
    catalogue_editor, central, tree
):
    with pytest.raises(PermissionDenied):
        services.update_document(document=central, by=catalogue_editor, organization=tree["health"])
    services.update_document(document=central, by=catalogue_editor, organization=tree["party"])
    _unchanged(central, organization=tree["party"])


def test_creating_a_central_document_is_audited_as_central(admin_user, central):
    created = entries_for(central).first()
    assert created.changes["organization"] == [None, "Văn bản Trung ương dùng chung"]


# --- pages -------------------------------------------------------------------------------------


def _form_data(document: Document, **changes) -> dict:
    data = {
        "symbol": document.symbol,
        "issued_on": document.issued_on.isoformat(),
        "abstract": document.abstract,
        "status": document.status,
        "organization": document.organization_id or "",
    }
    return data | changes


def test_the_edit_page_of_a_central_document_is_refused_to_a_province_editor(
    province_editor, central, tree
):
    client = login(province_editor)
    url = reverse("directives:document_edit", args=[central.pk])
    assert client.get(url).status_code == 403
    moved = _form_data(central, organization=tree["propaganda"].pk)
    assert client.post(url, moved).status_code == 403
    rewritten = _form_data(central, abstract="Đã bị sửa")
    assert client.post(url, rewritten).status_code == 403
    _unchanged(central, organization=None, abstract="Về đẩy mạnh bảo hiểm y tế")


def test_the_form_offers_no_central_choice_to_a_province_editor(province_editor, own, tree):
    client = login(province_editor)
    url = reverse("directives:document_edit", args=[own.pk])
    page = client.get(url).content.decode()
    assert CENTRAL_CHOICE not in page
    assert PROPOSE_HELP in page
    response = client.post(url, _form_data(own, organization=""))
    assert response.status_code == 200
    assert "Hãy chọn tổ chức sở hữu văn bản." in response.content.decode()
    _unchanged(own, organization=tree["propaganda"])


def test_a_province_editor_cannot_create_a_central_document_from_the_page(
    province_editor, empty_registry
):
    client = login(province_editor)
    assert PROPOSE_HELP in client.get(reverse("directives:document_create")).content.decode()
    response = client.post(
        reverse("directives:document_create"),
        {
            "symbol": "1-CT/TW",
            "issued_on": "2020-01-01",
            "abstract": "Chỉ thị",
            "status": "in_force",
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_a_catalogue_editor_moves_a_document_into_the_catalogue_from_the_page(
    catalogue_editor, own
):
    client = login(catalogue_editor)
    url = reverse("directives:document_edit", args=[own.pk])
    assert CENTRAL_CHOICE in client.get(url).content.decode()
    response = client.post(url, _form_data(own, organization=""))
    assert response.status_code == 302
    _unchanged(own, organization=None)


# --- API ---------------------------------------------------------------------------------------


def test_the_api_refuses_every_catalogue_move_to_a_province_editor(
    province_editor, central, own, tree
):
    client = login(province_editor)
    patch = "application/json"
    into_own = {"organization_id": tree["propaganda"].pk}
    responses = [
        client.patch(f"/api/v1/directives/{central.pk}", into_own, content_type=patch),
        client.patch(f"/api/v1/directives/{central.pk}", {"abstract": "x"}, content_type=patch),
        client.patch(f"/api/v1/directives/{own.pk}", {"organization_id": None}, content_type=patch),
        client.post(
            "/api/v1/directives",
            {"symbol": "1-CT/TW", "issued_on": "2020-01-01", "abstract": "Chỉ thị"},
            content_type=patch,
        ),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403, 403]
    assert set(responses[0].json()) == {"detail", "errors"}
    _unchanged(central, organization=None, abstract="Về đẩy mạnh bảo hiểm y tế")
    _unchanged(own, organization=tree["propaganda"])
    assert not Document.objects.filter(symbol="1-CT/TW").exists()


def test_the_api_lets_administrators_and_catalogue_editors_move_documents(
    admin_user, catalogue_editor, central, own, tree
):
    patch = "application/json"
    moved = login(admin_user).patch(
        f"/api/v1/directives/{central.pk}",
        {"organization_id": tree["propaganda"].pk},
        content_type=patch,
    )
    assert moved.status_code == 200 and moved.json()["organization_id"] == tree["propaganda"].pk
    promoted = login(catalogue_editor).patch(
        f"/api/v1/directives/{own.pk}", {"organization_id": None}, content_type=patch
    )
    assert promoted.status_code == 200 and promoted.json()["organization_id"] is None


# --- granting the right is audited -------------------------------------------------------------


def _user_change_data(user, **changes) -> dict:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "position": user.position,
        "phone": user.phone,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    return data | changes


def test_granting_the_right_in_the_admin_is_audited(admin_user, province_editor, catalogue_group):
    client = login(admin_user)
    right = Permission.objects.get(codename="edit_central_catalogue")
    url = reverse("admin:org_user_change", args=[province_editor.pk])
    response = client.post(url, _user_change_data(province_editor, user_permissions=[right.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = entries_for(province_editor).first()
    assert entry.actor == admin_user
    assert entry.changes["user_permissions"] == [[], [str(right)]]
    response = client.post(url, _user_change_data(province_editor, groups=[catalogue_group.pk]))
    assert response.status_code == 302
    assert entries_for(province_editor).first().changes["groups"] == [
        [],
        ["Biên tập danh mục Trung ương"],
    ]


def test_giving_a_group_the_right_in_the_admin_is_audited(admin_user):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Ban biên tập")
    right = Permission.objects.get(codename="edit_central_catalogue")
    response = login(admin_user).post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Ban biên tập", "permissions": [right.pk]},
    )
    assert response.status_code == 302
    assert entries_for(group).first().changes["permissions"] == [[], [str(right)]]


def test_a_province_editor_of_another_province_gains_nothing_from_their_department(
    make_member, central
):
    """The issue's attacker: an editor of another province's propaganda department."""
    party = OrganizationFactory(name="Tỉnh ủy Nghệ An", kind="party_committee")
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Nghệ An",
        kind="propaganda_department",
        parent=party,
    )
    attacker = make_member(department, Membership.Role.ORG_ADMIN, username="nghean")
    with pytest.raises(PermissionDenied):
        services.update_document(document=central, by=attacker, organization=department)
    _unchanged(central, organization=None)
