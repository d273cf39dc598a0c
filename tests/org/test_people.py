"""The people directory and the members page of an organisation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from phoihop.core import search
from phoihop.core.models import AuditEntry
from phoihop.org.models import Membership, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


Role = Membership.Role


@pytest.fixture
def staff(province_tree, make_member):
    """A few people in the Thanh Hóa tree, indexed for search like the services would do."""
    people = {
        "head": make_member(
            province_tree["propaganda"],
            role=Role.ORG_ADMIN,
            username="hung",
            full_name="Nguyễn Văn Hùng",
            position="Trưởng ban",
        ),
        "specialist": make_member(
            province_tree["propaganda"],
            role=Role.SPECIALIST,
            username="duc",
            full_name="Đỗ Minh Đức",
        ),
        "doctor": make_member(
            province_tree["health"],
            role=Role.FOCAL_POINT,
            username="thuy",
            full_name="Phạm Thị Thủy",
        ),
    }
    search.index_many(people.values())
    return people


def _names(response) -> list[str]:
    return re.findall(r'href="/people/\d+/">([^<]+)</a>', response.content.decode())


# The people list --------------------------------------------------------------------------------


def test_people_list_shows_only_people_in_visible_organisations(client, staff, outsider):
    client.force_login(staff["specialist"])
    response = client.get(reverse("org:person_list"))
    assert response.status_code == 200
    names = _names(response)
    assert "Nguyễn Văn Hùng" in names and "Đỗ Minh Đức" in names
    assert "Phạm Thị Thủy" not in names  # the health department is another tree
    assert "Trần Thị Ngoài" not in names


def test_people_list_shows_roles_but_hides_organisations_the_viewer_cannot_see(
    client, staff, province_tree
):
    MembershipFactory(
        user=staff["specialist"], organization=province_tree["health"], role=Role.COLLABORATOR
    )
    client.force_login(staff["head"])
    page = client.get(reverse("org:person_list")).content.decode()
    assert "Chuyên viên" in page
    assert "Sở Y tế tỉnh Thanh Hóa" not in page


def test_system_admins_see_everyone(client, staff, admin_user, outsider):
    client.force_login(admin_user)
    names = _names(client.get(reverse("org:person_list")))
    assert {"Phạm Thị Thủy", "Trần Thị Ngoài", "Nguyễn Văn Hùng"} <= set(names)


def test_text_filter_ignores_diacritics(client, staff, admin_user):
    client.force_login(admin_user)
    names = _names(client.get(reverse("org:person_list"), {"q": "do minh duc"}))
    assert names == ["Đỗ Minh Đức"]
    names = _names(client.get(reverse("org:person_list"), {"q": "Thủy"}))
    assert names == ["Phạm Thị Thủy"]


def test_organisation_filter_includes_units_below(client, staff, admin_user, province_tree):
    client.force_login(admin_user)
    response = client.get(
        reverse("org:person_list"), {"organization": province_tree["committee"].pk}
    )
    assert _names(response) == ["Phạm Thị Thủy"]
    response = client.get(reverse("org:person_list"), {"organization": province_tree["party"].pk})
    assert set(_names(response)) == {"Nguyễn Văn Hùng", "Đỗ Minh Đức"}


def test_filtering_by_an_invisible_organisation_shows_nothing(client, staff, province_tree):
    client.force_login(staff["specialist"])
    response = client.get(reverse("org:person_list"), {"organization": province_tree["health"].pk})
    assert response.status_code == 200
    assert _names(response) == []
    assert 'data-testid="people-empty"' in response.content.decode()


def test_htmx_filtering_returns_only_the_results(client, staff):
    client.force_login(staff["head"])
    response = client.get(reverse("org:person_list"), {"q": "hung"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Nguyễn Văn Hùng" in page


def test_people_list_is_paginated(client, province_tree, admin_user, settings):
    settings.PAGE_SIZE = 5
    for _ in range(12):
        MembershipFactory(organization=province_tree["health"])
    client.force_login(admin_user)
    page = client.get(reverse("org:person_list"), {"page": 3}).content.decode()
    assert "Trang 3/3" in page


def test_people_list_queries_do_not_grow_with_people(
    client, province_tree, make_member, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 50  # every row on one page
    viewer = make_member(province_tree["party"], role=Role.ORG_ADMIN)
    for i in range(30):
        person = make_member(province_tree["propaganda"])
        MembershipFactory(user=person, organization=province_tree["party"], role=Role.LEADER)
        if i % 3 == 0:
            MembershipFactory(user=person, organization=OrganizationFactory())
    client.force_login(viewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("org:person_list"))
    assert response.status_code == 200
    assert len(_names(response)) == 31


# One person -------------------------------------------------------------------------------------


def test_person_page_shows_contact_and_roles(client, staff):
    client.force_login(staff["specialist"])
    response = client.get(reverse("org:person_detail", args=[staff["head"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in page and "Trưởng ban" in page
    assert "Quản trị tổ chức" in page
    assert "hung@example.gov.vn" in page
    assert "Quản lý thành viên" not in page


def test_person_page_offers_member_management_to_admins(client, staff):
    client.force_login(staff["head"])
    page = client.get(reverse("org:person_detail", args=[staff["specialist"].pk])).content.decode()
    assert "Quản lý thành viên" in page


def test_person_outside_scope_is_not_found(client, staff, outsider):
    client.force_login(outsider)
    assert client.get(reverse("org:person_detail", args=[staff["head"].pk])).status_code == 404


def test_people_without_memberships_see_themselves(client):
    loner = UserFactory(full_name="Hoàng Văn Một")
    client.force_login(loner)
    assert client.get(reverse("org:person_detail", args=[loner.pk])).status_code == 200
    assert _names(client.get(reverse("org:person_list"))) == ["Hoàng Văn Một"]


def test_person_page_queries_are_bounded(
    client, staff, province_tree, django_assert_max_num_queries
):
    for _ in range(10):
        MembershipFactory(
            user=staff["head"], organization=OrganizationFactory(parent=province_tree["party"])
        )
    client.force_login(staff["head"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("org:person_detail", args=[staff["head"].pk])).status_code == 200


# Members of an organisation ---------------------------------------------------------------------


def _members_url(organization):
    return reverse("org:member_list", args=[organization.pk])


def test_admins_see_forms_to_manage_members(client, staff, province_tree):
    client.force_login(staff["head"])
    page = client.get(_members_url(province_tree["propaganda"])).content.decode()
    assert "Thêm thành viên" in page
    assert 'data-testid="add-new"' in page
    assert "/role/" in page and "/remove/" in page
    # one role select a member, named "role", each with its own id and label, set to its role
    for person, role in ((staff["head"], Role.ORG_ADMIN), (staff["specialist"], Role.SPECIALIST)):
        pk = Membership.objects.get(user=person).pk
        assert f'<label class="form-label visually-hidden" for="role-{pk}">Vai trò</label>' in page
        select = page.split(f'id="role-{pk}"')[0].rsplit("<select", 1)[1]
        assert 'name="role"' in select
        assert (
            f'<option value="{role}" selected>'
            in page.split(f'id="role-{pk}"')[1].split("</select>")[0]
        )


def test_admins_cannot_remove_their_own_admin_role_from_the_page(client, staff, province_tree):
    client.force_login(staff["head"])
    page = client.get(_members_url(province_tree["propaganda"])).content.decode()
    own = Membership.objects.get(user=staff["head"])
    assert f"/members/{own.pk}/remove/" not in page


def test_members_see_the_list_read_only(client, staff, province_tree):
    client.force_login(staff["specialist"])
    response = client.get(_members_url(province_tree["propaganda"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Hùng" in page and "Quản trị tổ chức" in page
    assert "Thêm thành viên" not in page
    assert "/role/" not in page and "/remove/" not in page


def test_members_of_a_parent_see_members_of_units_below(client, staff, province_tree, make_member):
    party_member = make_member(province_tree["party"])
    client.force_login(party_member)
    assert client.get(_members_url(province_tree["propaganda"])).status_code == 200


def test_outsiders_get_not_found(client, staff, outsider, province_tree):
    client.force_login(outsider)
    assert client.get(_members_url(province_tree["propaganda"])).status_code == 404
    membership = Membership.objects.get(user=staff["specialist"])
    url = reverse("org:member_remove", args=[province_tree["propaganda"].pk, membership.pk])
    assert client.post(url).status_code == 404


@pytest.fixture
def party_head(province_tree, make_member):
    """The administrator of the Tỉnh ủy: the propaganda department is within their scope."""
    return make_member(
        province_tree["party"], role=Role.ORG_ADMIN, username="tinhuy", full_name="Lê Văn Tỉnh"
    )


def test_adding_an_existing_person_within_scope_by_username(
    client, staff, province_tree, party_head
):
    client.force_login(party_head)
    response = client.post(
        _members_url(province_tree["party"]),
        {"action": "existing", "existing-username": "DUC", "existing-role": Role.COLLABORATOR},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(
        user=staff["specialist"], organization=province_tree["party"]
    )
    assert membership.role == Role.COLLABORATOR
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(membership.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm Đỗ Minh Đức với vai trò Cộng tác viên." in page


NOT_FOUND = "Không tìm thấy tài khoản đang hoạt động «{}» trong phạm vi của bạn."


def _add_existing(client, organization, username):
    return client.post(
        _members_url(organization),
        {"action": "existing", "existing-username": username, "existing-role": Role.LEADER},
    )


def test_adding_an_unknown_username_explains_and_keeps_the_input(client, staff, province_tree):
    client.force_login(staff["head"])
    response = _add_existing(client, province_tree["propaganda"], "khongco")
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_FOUND.format("khongco") in page
    assert "«Người mới» để tạo tài khoản và gửi thư mời qua thư điện tử" in page
    assert 'value="khongco"' in page


def _errors(page: str, username: str) -> str:
    """The form's error text with the typed name taken out."""
    found = re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', page)
    return "|".join(found).replace(username, "…")


def test_an_account_outside_the_admins_scope_answers_like_an_unknown_one(
    client, staff, province_tree, outsider
):
    """The administrator of the propaganda department may not attach (or learn about) accounts
    of the health department or of another province."""
    client.force_login(staff["head"])
    pages = {
        name: _add_existing(client, province_tree["propaganda"], name)
        for name in ("thuy", "nguoingoai", "khongco")
    }
    assert {response.status_code for response in pages.values()} == {200}
    texts = {name: _errors(r.content.decode(), name) for name, r in pages.items()}
    assert texts["thuy"] == texts["nguoingoai"] == texts["khongco"] != ""
    assert not Membership.objects.filter(
        organization=province_tree["propaganda"], user__in=[staff["doctor"], outsider]
    ).exists()


def test_the_service_refuses_an_account_outside_the_admins_scope(staff, province_tree, outsider):
    from django.core.exceptions import ValidationError

    from phoihop.org import services

    with pytest.raises(ValidationError) as refused:
        services.add_member(
            organization=province_tree["propaganda"],
            by=staff["head"],
            role=Role.SPECIALIST,
            user=outsider,
        )
    assert refused.value.message_dict == {
        "user": ["Không tìm thấy tài khoản này trong phạm vi của bạn."]
    }
    assert not Membership.objects.filter(user=outsider, organization=province_tree["propaganda"])


def test_adding_someone_twice_is_refused(client, staff, province_tree):
    client.force_login(staff["head"])
    response = client.post(
        _members_url(province_tree["propaganda"]),
        {"action": "existing", "existing-username": "duc", "existing-role": Role.LEADER},
    )
    assert response.status_code == 200
    assert "Người này đã là thành viên của tổ chức." in response.content.decode()
    assert Membership.objects.get(user=staff["specialist"]).role == Role.SPECIALIST


def test_adding_a_new_person_creates_the_account_and_emails_a_password_link(
    client, staff, province_tree
):
    client.force_login(staff["head"])
    response = client.post(
        _members_url(province_tree["propaganda"]),
        {
            "action": "new",
            "new-username": "mai.lt",
            "new-full_name": "Lê Thị Mai",
            "new-email": "mai@btgdv.thanhhoa.gov.vn",
            "new-position": "Chuyên viên",
            "new-role": Role.SPECIALIST,
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="mai.lt")
    assert person.full_name == "Lê Thị Mai"
    assert not person.has_usable_password()
    assert person.memberships.get().organization == province_tree["propaganda"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mai@btgdv.thanhhoa.gov.vn"]
    assert message.subject == "Tài khoản phoihop của bạn đã được tạo"
    assert "Nguyễn Văn Hùng đã tạo cho bạn một tài khoản" in message.body
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Thanh Hóa" in message.body

    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Mai-vang-2026!", "new_password2": "Mai-vang-2026!"})
    person.refresh_from_db()
    assert person.check_password("Mai-vang-2026!")
    # The new person is findable right away.
    assert [hit.title for hit in search.search(staff["head"], "le thi mai")] == ["Lê Thị Mai"]


def test_new_person_form_errors_keep_what_was_typed(client, staff, province_tree):
    client.force_login(staff["head"])
    response = client.post(
        _members_url(province_tree["propaganda"]),
        {
            "action": "new",
            "new-username": "duc",
            "new-full_name": "Đỗ Minh Đức Hai",
            "new-email": "",
            "new-role": Role.SPECIALIST,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Đỗ Minh Đức Hai"' in page
    assert "Tên đăng nhập này đã có người dùng." in page or "is-invalid" in page
    assert not User.objects.filter(full_name="Đỗ Minh Đức Hai").exists()
    assert mail.outbox == []


def test_changing_a_role(client, staff, province_tree):
    client.force_login(staff["head"])
    membership = Membership.objects.get(user=staff["specialist"])
    url = reverse("org:member_change_role", args=[province_tree["propaganda"].pk, membership.pk])
    response = client.post(url, {"role": Role.LEADER})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.LEADER
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_id=str(membership.pk))
    assert entry.changes == {"role": ["Chuyên viên", "Lãnh đạo"]}


def test_an_unknown_role_is_refused_with_a_message(client, staff, province_tree):
    client.force_login(staff["head"])
    membership = Membership.objects.get(user=staff["specialist"])
    url = reverse("org:member_change_role", args=[province_tree["propaganda"].pk, membership.pk])
    response = client.post(url, {"role": "emperor"}, follow=True)
    assert "Vai trò không hợp lệ." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.SPECIALIST


def test_removing_a_member(client, staff, province_tree):
    client.force_login(staff["head"])
    membership = Membership.objects.get(user=staff["specialist"])
    url = reverse("org:member_remove", args=[province_tree["propaganda"].pk, membership.pk])
    response = client.post(url, follow=True)
    assert "Đã gỡ Đỗ Minh Đức khỏi" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE).exists()


def test_admins_cannot_remove_themselves(client, staff, province_tree):
    client.force_login(staff["head"])
    membership = Membership.objects.get(user=staff["head"])
    url = reverse("org:member_remove", args=[province_tree["propaganda"].pk, membership.pk])
    response = client.post(url, follow=True)
    assert "Bạn không thể tự gỡ quyền quản trị của mình." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_without_admin_rights_are_forbidden_to_change_anything(
    client, staff, province_tree
):
    client.force_login(staff["specialist"])
    organization = province_tree["propaganda"]
    membership = Membership.objects.get(user=staff["head"])
    role_url = reverse("org:member_change_role", args=[organization.pk, membership.pk])
    remove_url = reverse("org:member_remove", args=[organization.pk, membership.pk])
    assert client.post(role_url, {"role": Role.SPECIALIST}).status_code == 403
    assert client.post(remove_url).status_code == 403
    add = {"action": "existing", "existing-username": "thuy", "existing-role": Role.LEADER}
    assert client.post(_members_url(organization), add).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.ORG_ADMIN


def test_a_membership_of_another_organisation_is_not_found(client, staff, province_tree):
    client.force_login(staff["head"])
    doctor = Membership.objects.get(user=staff["doctor"])
    url = reverse("org:member_remove", args=[province_tree["propaganda"].pk, doctor.pk])
    assert client.post(url).status_code == 404


def test_archived_organisations_take_no_new_members(client, staff, province_tree, make_member):
    from django.utils import timezone

    organization = province_tree["propaganda"]
    organization.archived_at = timezone.now()
    organization.save()
    # The administrators above it still see it; its own administrator's membership grants
    # nothing any more (ADR 0010).
    client.force_login(make_member(province_tree["party"], role=Role.ORG_ADMIN))
    page = client.get(_members_url(organization)).content.decode()
    assert 'data-testid="add-existing"' not in page
    add = {"action": "existing", "existing-username": "thuy", "existing-role": Role.LEADER}
    assert client.post(_members_url(organization), add).status_code == 403
    client.force_login(staff["head"])
    assert client.post(_members_url(organization), add).status_code == 404


def test_member_list_queries_do_not_grow_with_members(
    client, staff, province_tree, make_member, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 50  # every row on one page
    for _ in range(25):
        make_member(province_tree["propaganda"])
    client.force_login(staff["head"])
    with django_assert_max_num_queries(10):
        response = client.get(_members_url(province_tree["propaganda"]))
    assert response.status_code == 200
    assert response.content.decode().count("/remove/") == 26
