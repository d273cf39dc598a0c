"""The registry: symbols, terms, periods, validation, permissions, audit and search."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phoihop.core import search
from phoihop.core.audit import entries_for
from phoihop.directives import services
from phoihop.directives.models import Document, PartyTerm
from tests.factories import OrganizationFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (D(2009, 9, 7), "X"),
        (D(2011, 1, 18), "X"),
        (D(2011, 1, 19), "XI"),  # closing day of the XI congress opens the new term
        (D(2021, 1, 31), "XII"),
        (D(2021, 2, 1), "XIII"),
        (D(2026, 1, 22), "XIII"),
        (D(2026, 1, 23), "XIV"),
        (D(2026, 11, 23), "XIV"),
    ],
)
def test_party_term_is_the_one_whose_range_contains_the_date(day, term):
    assert PartyTerm.objects.on(day).name == term


def test_the_xiii_term_end_is_marked_uncertain():
    assert PartyTerm.objects.get(organization=None, name="XIII").uncertain


def test_a_committee_own_terms_win_over_the_central_ones(tree, make_document):
    PartyTerm.objects.create(
        organization=tree["party"],
        number=19,
        name="XIX",
        starts_on=D(2020, 10, 16),
        ends_on=D(2025, 10, 15),
    )
    provincial = make_document("12-CTr/TU", D(2025, 2, 10), organization=tree["party"])
    # Its propaganda department follows the Tỉnh ủy's term; a central document does not.
    department = make_document("45-KH/BTGDVTU", D(2025, 3, 20), organization=tree["propaganda"])
    central = make_document("57-NQ/TW", D(2024, 12, 22))
    assert (provincial.term.name, department.term.name, central.term.name) == ("XIX", "XIX", "XIII")


def test_creating_a_party_document_derives_everything_from_symbol_and_date(make_document):
    document = make_document("Số 238 - QĐ/ TW", D(2020, 9, 30), issuing_body="Ban Bí thư")
    assert document.system == "party"
    assert (document.number, document.type.code, document.issuer) == ("238", "QĐ", "TW")
    assert document.symbol == "238-QĐ/TW"
    assert document.term.name == "XII"
    assert document.citation_label == "Quyết định 238-QĐ/TW ngày 30-9-2020"


def test_a_normative_state_document_keeps_its_year_and_a_law_its_kind(make_document):
    decree = make_document("09/2019/NĐ-CP", D(2019, 1, 24))
    law = make_document("91/2025/QH15", D(2025, 6, 26), kind_label="Luật")
    assert (decree.system, decree.year, decree.type.name, decree.term) == (
        "state",
        2019,
        "Nghị định",
        None,
    )
    assert str(law) == "Luật 91/2025/QH15"
    assert decree.citation_label == "Nghị định 09/2019/NĐ-CP ngày 24/1/2019"


def test_leading_zeros_do_not_make_a_second_document(make_document):
    make_document("09/2019/NĐ-CP", D(2019, 1, 24))
    with pytest.raises(ValidationError) as raised:
        make_document("9/2019/NĐ-CP", D(2019, 1, 24))
    assert "Đã có văn bản 09/2019/NĐ-CP năm 2019" in str(raised.value)


def test_the_same_party_symbol_in_two_terms_is_two_documents(twenty_nq):
    older, newer = twenty_nq
    assert older.symbol == newer.symbol == "20-NQ/TW"
    assert (older.term.name, newer.term.name) == ("XI", "XII")


def test_the_same_symbol_twice_in_one_term_is_refused_in_vietnamese(make_document):
    make_document("20-NQ/TW", D(2017, 10, 25))
    with pytest.raises(ValidationError) as raised:
        make_document("20-NQ/TW", D(2018, 1, 5))
    assert raised.value.message_dict["symbol"] == [
        "Đã có văn bản 20-NQ/TW khóa XII (ngày 25-10-2017) trong danh mục."
    ]


def test_two_provinces_may_have_the_same_symbol(make_document, tree):
    other = OrganizationFactory(name="Tỉnh ủy Nghệ An", kind="party_committee", abbreviation="TU")
    make_document("15-KH/TU", D(2009, 11, 10), organization=tree["party"])
    assert make_document("15-KH/TU", D(2009, 11, 12), organization=other).pk


@pytest.mark.parametrize(
    ("symbol", "issued_on", "field", "message"),
    [
        ("238-QD", D(2020, 9, 30), "symbol", "Số ký hiệu không hợp lệ: «238-QD»"),
        ("238-XY/TW", D(2020, 9, 30), "symbol", "loại văn bản không xác định: XY"),
        ("09/2019/NĐ-CP", D(2020, 1, 24), "issued_on", "Năm trong số ký hiệu (2019) khác năm"),
        ("238-QĐ/TW", D(2099, 1, 1), "issued_on", "không được sau ngày hôm nay"),
        ("238-QĐ/TW", D(1990, 1, 1), "issued_on", "Chưa có dữ liệu khóa nào chứa ngày 01/01/1990"),
    ],
)
def test_bad_input_gets_a_clear_vietnamese_error(make_document, symbol, issued_on, field, message):
    with pytest.raises(ValidationError) as raised:
        make_document(symbol, issued_on)
    assert message in " ".join(raised.value.message_dict[field])
    assert not Document.objects.filter(symbol__startswith="238").exists()


def test_an_empty_abstract_is_refused(admin_user):
    with pytest.raises(ValidationError) as raised:
        services.create_document(
            by=admin_user, symbol="238-QĐ/TW", issued_on=D(2020, 9, 30), abstract=" "
        )
    assert raised.value.message_dict["abstract"] == ["Trích yếu không được để trống."]


def test_linking_a_replacement_marks_the_document_replaced(make_document):
    new = make_document("238-QĐ/TW", D(2020, 9, 30))
    old = make_document("221-QĐ/TW", D(2009, 4, 27), replaced_by=new)
    assert old.status == Document.Status.REPLACED
    assert list(new.replaces.all()) == [old]


def test_every_change_is_audited_and_indexed(make_document, admin_user):
    document = make_document("38-CT/TW", D(2009, 9, 7), abstract="Về bảo hiểm y tế")
    services.update_document(document=document, by=admin_user, abstract="Về đẩy mạnh bảo hiểm y tế")
    actions = [entry.action for entry in entries_for(document)]
    assert actions == ["update", "create"]
    assert entries_for(document)[0].changes["abstract"] == [
        "Về bảo hiểm y tế",
        "Về đẩy mạnh bảo hiểm y tế",
    ]
    hits = search.search(admin_user, "day manh bao hiem y te", kinds=["directive"])
    # The pre-loaded catalogue's own 38-CT/TW is about the same subject and may match too.
    assert document.pk in [hit.id for hit in hits]
    assert not search.search(admin_user, "ve bao hiem y te cu", kinds=["directive"])


def test_the_full_text_is_audited_by_size_not_copied(make_document, admin_user):
    document = make_document("38-CT/TW", D(2009, 9, 7), full_text="x" * 5000)
    assert entries_for(document)[0].changes["full_text"] == [None, "5000 ký tự"]


# --- permissions -------------------------------------------------------------------------------


def test_admins_and_catalogue_editors_write_the_central_catalogue(
    catalogue_editor, admin_user, tree
):
    for user in (catalogue_editor, admin_user):
        services.create_document(
            by=user, symbol=f"{user.pk}-CT/TW", issued_on=D(2015, 3, 24), abstract="Chỉ thị"
        )


def test_focal_points_and_outsiders_cannot_write_the_registry(focal_point, outsider, tree):
    for user, organization in (
        (focal_point, None),
        (focal_point, tree["health"]),
        (outsider, tree["party"]),
    ):
        with pytest.raises(PermissionDenied):
            services.create_document(
                by=user,
                symbol="1-KH/TU",
                issued_on=D(2020, 1, 1),
                abstract="x",
                organization=organization,
            )


def test_a_department_editor_registers_its_party_committee_documents(editor, tree):
    document = services.create_document(
        by=editor,
        symbol="15-KH/TU",
        issued_on=D(2009, 11, 10),
        abstract="Kế hoạch",
        organization=tree["party"],
    )
    assert document.organization == tree["party"]


def test_a_committee_document_is_seen_up_and_down_the_tree_but_not_outside(
    make_document, tree, editor, outsider, make_member
):
    plan = make_document("15-KH/TU", D(2009, 11, 10), organization=tree["party"])
    central = make_document("38-CT/TW", D(2009, 9, 7))
    committee_admin = make_member(tree["party"], "org_admin")
    health = make_member(tree["health"], "focal_point")
    assert set(Document.objects.visible_to(editor)) == {plan, central}  # the department is below
    assert set(Document.objects.visible_to(committee_admin)) == {plan, central}
    assert set(Document.objects.visible_to(health)) == {central}  # the UBND tree is separate
    assert set(Document.objects.visible_to(outsider)) == {central}
