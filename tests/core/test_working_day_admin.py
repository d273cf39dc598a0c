"""System administrators keep the annual substitution decisions in the admin: every addition,
change and deletion is audited, and the next working-day computation follows it."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from phoihop.core.audit import entries_for
from phoihop.core.models import AuditEntry, WorkingDayChange
from phoihop.core.periods import add_working_days
from tests.factories import UserFactory

D = datetime.date
DECISION = "Thông báo 6150/TB-BLĐTBXH"


def form(**changes) -> dict:
    data = {"date": "2027-12-31", "kind": "day_off", "decision": DECISION, "note": ""}
    return data | changes


NEW_YEARS_EVE = D(2027, 12, 31)


def row(day=NEW_YEARS_EVE, kind=WorkingDayChange.Kind.DAY_OFF) -> WorkingDayChange:
    return WorkingDayChange.objects.create(date=day, kind=kind, decision=DECISION)


def test_a_system_administrator_adds_a_day_off_and_deadlines_follow(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_workingdaychange_add"), form())
    assert response.status_code == 302, response.content.decode()[:2000]
    change = WorkingDayChange.objects.get()
    assert change.date == D(2027, 12, 31)
    entry = entries_for(change).get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, admin_user)
    assert entry.changes["decision"] == [None, DECISION]
    # Thursday 30/12/2027 + 1 working day: 31/12 is now off, 1/1 a Saturday, 3/1 its day off.
    assert add_working_days(D(2027, 12, 30), 1) == D(2028, 1, 4)


def test_a_change_is_audited_with_what_it_was(client, admin_user):
    change = row()
    client.force_login(admin_user)
    url = reverse("admin:core_workingdaychange_change", args=[change.pk])
    response = client.post(url, form(kind="working_day", note="Đính chính"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert entries_for(change).get().changes == {
        "kind": ["day_off", "working_day"],
        "note": ["", "Đính chính"],
    }


def test_a_row_recorded_by_mistake_is_deleted_and_the_audit_keeps_it(client, admin_user):
    change = row()
    pk = change.pk
    client.force_login(admin_user)
    url = reverse("admin:core_workingdaychange_delete", args=[pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not WorkingDayChange.objects.exists()
    entry = entries_for(change).get()
    assert entry.action == AuditEntry.Action.DELETE
    assert entry.changes["date"] == ["2027-12-31", None]
    assert entry.changes["decision"] == [DECISION, None]


def test_deleting_a_selection_audits_each_row(client, admin_user):
    rows = [row(D(2027, 12, 31)), row(D(2028, 1, 8), WorkingDayChange.Kind.WORKING_DAY)]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_workingdaychange_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )
    assert response.status_code == 302
    assert not WorkingDayChange.objects.exists()
    for deleted in rows:
        assert entries_for(deleted).get().action == AuditEntry.Action.DELETE


@pytest.mark.parametrize("date", ["1900-01-01", "31/02/2027", "2027-12-31\x00"])
def test_a_date_out_of_range_or_not_a_date_is_refused_with_the_form(client, admin_user, date):
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_workingdaychange_add"), form(date=date))
    assert response.status_code == 200
    assert not WorkingDayChange.objects.exists()


def test_a_date_recorded_twice_is_refused(client, admin_user):
    row()
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_workingdaychange_add"), form())
    assert response.status_code == 200
    assert "đã tồn tại" in response.content.decode()
    assert WorkingDayChange.objects.count() == 1


def test_staff_without_system_administration_change_nothing(client, db):
    change = row()
    staff = UserFactory(is_staff=True)
    codenames = [f"{verb}_workingdaychange" for verb in ("view", "add", "change", "delete")]
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    add = reverse("admin:core_workingdaychange_add")
    assert client.post(add, form(date="2028-01-03")).status_code == 403
    url = reverse("admin:core_workingdaychange_change", args=[change.pk])
    assert client.post(url, form(kind="working_day")).status_code == 403
    delete = reverse("admin:core_workingdaychange_delete", args=[change.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert list(WorkingDayChange.objects.values_list("date", "kind")) == [
        (D(2027, 12, 31), "day_off")
    ]
    writes = [AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE, AuditEntry.Action.DELETE]
    assert not AuditEntry.objects.filter(action__in=writes).exists()


def test_the_list_shows_what_each_date_would_be_without_the_row(
    client, admin_user, django_assert_max_num_queries
):
    row(D(2026, 8, 31), WorkingDayChange.Kind.WORKING_DAY)  # the package has it off
    row(D(2027, 12, 31))
    for day in range(1, 30):
        row(D(2029, 3, day))
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:core_workingdaychange_changelist")).content.decode()
    assert "Chọn điều chỉnh ngày làm việc để thay đổi" in page
    assert "Ngày nghỉ (thay cho ngày 22/08/2026)" in page
    assert "Thứ 2" in page  # 31/8/2026, Django's Vietnamese weekday
