"""Numbers for outgoing documents: Party per issuer, type and committee term; State per issuer
and calendar year; safe when many people ask at once."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from phoihop.core.audit import entries_for
from phoihop.directives import services
from phoihop.directives.models import DocumentType, NumberReservation
from phoihop.org.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

D = datetime.date


def kind(system, code):
    return DocumentType.objects.get(system=system, code=code)


def reserve(organization, system, code, by, on=None):
    return services.reserve_number(organization=organization, type=kind(system, code), by=by, on=on)


def test_party_numbers_run_per_type(tree, editor):
    department = tree["propaganda"]
    plans = [reserve(department, "party", "KH", editor).symbol for _ in range(3)]
    report = reserve(department, "party", "BC", editor).symbol
    assert plans == ["01-KH/BTGDVTU", "02-KH/BTGDVTU", "03-KH/BTGDVTU"]
    assert report == "01-BC/BTGDVTU"


def test_party_numbers_restart_with_a_new_term(tree, editor):
    department = tree["propaganda"]
    before = reserve(department, "party", "KH", editor, on=D(2026, 1, 22))
    reserve(department, "party", "KH", editor, on=D(2026, 1, 22))
    after = reserve(department, "party", "KH", editor, on=D(2026, 1, 23))
    assert (before.number, after.number) == (1, 1)
    assert before.counter.period == "XIII" and after.counter.period == "XIV"


def test_state_numbers_are_shared_by_all_types_and_restart_each_year(tree, make_member):
    health = tree["health"]
    officer = make_member(health, Membership.Role.SPECIALIST)
    first = reserve(health, "state", "QĐ", officer, on=D(2026, 3, 1))
    second = reserve(health, "state", "KH", officer, on=D(2026, 3, 2))
    next_year = reserve(health, "state", "QĐ", officer, on=D(2027, 1, 2))
    assert [first.symbol, second.symbol, next_year.symbol] == [
        "01/QĐ-SYT",
        "02/KH-SYT",
        "01/QĐ-SYT",
    ]


def test_the_sequence_starts_after_numbers_already_in_the_registry(tree, editor, make_document):
    make_document("45-KH/BTGDVTU", D(2026, 3, 20), by=editor, organization=tree["propaganda"])
    assert services.preview_next_number(
        organization=tree["propaganda"], type=kind("party", "KH")
    ) == (
        46,
        "46-KH/BTGDVTU",
    )
    assert reserve(tree["propaganda"], "party", "KH", editor).number == 46
    # Registering a higher number by hand moves the sequence past it.
    make_document("50-KH/BTGDVTU", D(2026, 4, 2), by=editor, organization=tree["propaganda"])
    assert reserve(tree["propaganda"], "party", "KH", editor).number == 51


def test_each_number_is_audited(tree, editor):
    reservation = services.reserve_number(
        organization=tree["propaganda"],
        type=kind("party", "KH"),
        by=editor,
        abstract="Tuyên truyền",
    )
    [entry] = entries_for(reservation)
    assert entry.actor == editor
    assert entry.changes["symbol"] == [None, "01-KH/BTGDVTU"]
    assert entry.organization_id == tree["propaganda"].pk


def test_numbering_needs_an_abbreviation_and_the_right_system(tree, editor):
    tree["propaganda"].abbreviation = ""
    tree["propaganda"].save()
    with pytest.raises(ValidationError, match="chưa có ký hiệu viết tắt"):
        reserve(tree["propaganda"], "party", "KH", editor)
    with pytest.raises(ValidationError, match="không dùng cho văn bản của đảng"):
        reserve(tree["propaganda"], "state", "QĐ", editor)


def test_only_editor_roles_of_the_organisation_give_numbers(tree, focal_point, outsider, editor):
    for user, organization in (
        (focal_point, tree["health"]),
        (outsider, tree["propaganda"]),
        (editor, tree["party"]),
    ):
        with pytest.raises(PermissionDenied):
            reserve(organization, "party", "KH", user)
    assert not NumberReservation.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises writers: nothing to race",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reservations_never_share_a_number():
    """Eight people press "Cấp số" at the same moment."""
    department = OrganizationFactory(
        name="Ban Tuyên giáo và Dân vận", kind="propaganda_department", abbreviation="BTGDVTU"
    )
    user = UserFactory(username="capso")
    MembershipFactory(user=user, organization=department, role=Membership.Role.SPECIALIST)
    plan = kind("party", "KH")
    barrier = threading.Barrier(8)
    numbers, errors = [], []

    def work():
        try:
            barrier.wait(timeout=10)
            reservation = services.reserve_number(organization=department, type=plan, by=user)
            numbers.append(reservation.number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(numbers) == list(range(1, 9))
