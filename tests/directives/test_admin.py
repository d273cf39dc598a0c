"""Reference data edited in the Django admin goes through the service: audited, and the
documents' search rows follow the new name. Documents themselves are read-only there."""

import datetime

from django.urls import reverse

from phoihop.core import search
from phoihop.core.audit import entries_for

D = datetime.date


def test_renaming_a_document_type_is_audited_and_refreshes_the_documents_search_rows(
    client, admin_user, make_document
):
    document = make_document("77-CT/TW", D(2016, 5, 15))
    kind = document.type
    client.force_login(admin_user)
    form = {"system": kind.system, "code": kind.code, "name": "Chỉ thị mới"}
    response = client.post(
        reverse("admin:directives_documenttype_change", args=[kind.pk]),
        form | {"position": kind.position},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert entries_for(kind).first().changes == {"name": [kind.name, "Chỉ thị mới"]}
    titles = [hit.title for hit in search.search(admin_user, "77-CT/TW", kinds=["directive"])]
    assert titles == ["Chỉ thị mới 77-CT/TW ngày 15-5-2016"]


def test_documents_cannot_be_changed_in_the_admin(client, admin_user, make_document):
    document = make_document("77-CT/TW", D(2016, 5, 15))
    client.force_login(admin_user)
    url = reverse("admin:directives_document_change", args=[document.pk])
    client.post(url, {"abstract": "Sửa lén"})
    document.refresh_from_db()
    assert document.abstract != "Sửa lén"
    assert client.get(reverse("admin:directives_document_add")).status_code == 403
