"""Citations: resolution by symbol and date, record_citations (the contract with other apps),
"cited by", manual picks and the link_citations filter."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from phoihop.directives import services
from phoihop.directives.models import Citation
from phoihop.directives.selectors import cited_by
from tests.factories import OrganizationFactory

D = datetime.date


def extract(text, user=None):
    return services.extract_and_resolve(text, user=user)


def test_a_dated_citation_resolves_to_the_document_of_that_term(twenty_nq):
    older, newer = twenty_nq
    [with_date] = extract("Nghị quyết số 20-NQ/TW, ngày 25-10-2017 của Ban Chấp hành Trung ương")
    [older_date] = extract("Nghị quyết 20-NQ/TW ngày 1/11/2012")
    assert (with_date["document_id"], with_date["ambiguous"]) == (newer.pk, False)
    assert (older_date["document_id"], older_date["ambiguous"]) == (older.pk, False)


def test_an_undated_citation_of_a_shared_symbol_is_ambiguous(twenty_nq):
    [citation] = extract("Tiếp tục thực hiện Nghị quyết 20-NQ/TW.")
    assert citation["document_id"] is None
    assert citation["ambiguous"] is True


def test_a_wrong_day_inside_the_right_term_still_picks_the_term(twenty_nq):
    # Officials often cite the promulgation day of the plenum or a typo'd day.
    [citation] = extract("Nghị quyết 20-NQ/TW ngày 30-10-2017")
    assert citation["document_id"] == twenty_nq[1].pk


def test_a_symbol_naming_one_document_resolves_without_a_date(make_document):
    document = make_document("38-CT/TW", D(2009, 9, 7))
    [citation] = extract("Chỉ thị 38-CT/TW")
    assert (citation["document_id"], citation["ambiguous"]) == (document.pk, False)


def test_a_symbol_not_in_the_registry_is_neither_resolved_nor_ambiguous(make_document):
    [citation] = extract("Công văn 4699/VPCP-KSTT")
    assert citation == {
        "raw": "Công văn 4699/VPCP-KSTT",
        "start": 0,
        "end": 23,
        "system": "state",
        "number": "4699",
        "type": None,
        "issuer": "VPCP-KSTT",
        "year": None,
        "date": None,
        "symbol": "4699/VPCP-KSTT",
        "document_id": None,
        "ambiguous": False,
        "date_mismatch": False,
    }


def test_resolution_only_sees_what_the_user_may_see(make_document, tree, outsider):
    plan = make_document("15-KH/TU", D(2009, 11, 10), organization=tree["party"])
    assert extract("Kế hoạch 15-KH/TU")[0]["document_id"] == plan.pk  # the system sees all
    assert extract("Kế hoạch 15-KH/TU", user=outsider)[0]["document_id"] is None


# --- record_citations --------------------------------------------------------------------------


@pytest.fixture
def citing(tree):
    """Any model instance can cite documents; an organisation stands in for a task here."""
    return OrganizationFactory(name="Đơn vị trích dẫn", parent=tree["propaganda"])


def test_record_citations_stores_each_citation_and_is_idempotent(twenty_nq, citing, admin_user):
    text = "Thực hiện Nghị quyết 20-NQ/TW ngày 25-10-2017 và Nghị quyết 20-NQ/TW."
    first = services.record_citations(obj=citing, text=text, by=admin_user)
    second = services.record_citations(obj=citing, text=text, by=admin_user)
    rows = list(Citation.objects.of(citing))
    assert len(first) == len(second) == len(rows) == 2
    assert rows[0].content_type == ContentType.objects.get_for_model(citing)
    assert (rows[0].document, rows[0].ambiguous, rows[0].date) == (
        twenty_nq[1],
        False,
        D(2017, 10, 25),
    )
    assert (rows[1].document, rows[1].ambiguous) == (None, True)
    assert rows[0].raw == "Nghị quyết 20-NQ/TW ngày 25-10-2017"


def test_saving_new_text_replaces_the_citations(twenty_nq, citing, admin_user):
    services.record_citations(obj=citing, text="Nghị quyết 20-NQ/TW ngày 25-10-2017", by=admin_user)
    services.record_citations(obj=citing, text="", by=admin_user)
    assert not Citation.objects.of(citing).exists()


def test_a_persons_pick_survives_saving_the_text_again(twenty_nq, citing, admin_user):
    text = "Tiếp tục thực hiện Nghị quyết 20-NQ/TW."
    [citation] = services.record_citations(obj=citing, text=text, by=admin_user)
    services.resolve_citation(citation=citation, document=twenty_nq[0], by=admin_user)
    [again] = services.record_citations(obj=citing, text=text + " Cập nhật.", by=admin_user)
    assert (again.document, again.ambiguous, again.resolved_manually) == (twenty_nq[0], False, True)


def test_a_pick_must_carry_the_cited_symbol(twenty_nq, make_document, citing, admin_user):
    other = make_document("38-CT/TW", D(2009, 9, 7))
    [citation] = services.record_citations(obj=citing, text="Nghị quyết 20-NQ/TW", by=admin_user)
    with pytest.raises(Exception, match="không mang số ký hiệu 20-NQ/TW"):
        services.resolve_citation(citation=citation, document=other, by=admin_user)


def test_focal_points_cannot_pick(twenty_nq, citing, admin_user, focal_point):
    [citation] = services.record_citations(obj=citing, text="Nghị quyết 20-NQ/TW", by=admin_user)
    with pytest.raises(PermissionDenied):
        services.resolve_citation(citation=citation, document=twenty_nq[0], by=focal_point)


def test_adding_the_cited_document_later_resolves_earlier_citations(
    make_document, citing, admin_user
):
    [citation] = services.record_citations(obj=citing, text="Chỉ thị 38-CT/TW", by=admin_user)
    assert citation.document is None
    document = make_document("38-CT/TW", D(2009, 9, 7))
    citation.refresh_from_db()
    assert citation.document == document


def test_a_second_document_with_the_symbol_makes_undated_citations_ambiguous(
    make_document, citing, admin_user
):
    make_document("20-NQ/TW", D(2012, 11, 1))
    [citation] = services.record_citations(obj=citing, text="Nghị quyết 20-NQ/TW", by=admin_user)
    assert not citation.ambiguous
    make_document("20-NQ/TW", D(2017, 10, 25))
    citation.refresh_from_db()
    assert (citation.document, citation.ambiguous) == (None, True)


def test_a_documents_full_text_cites_others_but_not_itself(make_document):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    plan = make_document(
        "15-KH/TU",
        D(2009, 11, 10),
        full_text="Số 15-KH/TU\nThực hiện Chỉ thị số 38-CT/TW ngày 7-9-2009 của Ban Bí thư…",
    )
    assert [c.document for c in Citation.objects.of(plan)] == [central]


# --- cited by ----------------------------------------------------------------------------------


def test_cited_by_groups_the_citing_objects_the_viewer_may_see(
    make_document, tree, admin_user, editor, outsider
):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    plan = make_document(
        "15-KH/TU", D(2009, 11, 10), organization=tree["party"], full_text="Chỉ thị 38-CT/TW"
    )
    unit = OrganizationFactory(name="Chi bộ thử nghiệm", parent=tree["propaganda"])
    services.record_citations(obj=unit, text="Chỉ thị 38-CT/TW ngày 7-9-2009", by=admin_user)
    groups = {group.label: group.items for group in cited_by(central, editor)}
    assert groups == {"Văn bản": [plan], "Tổ chức": [unit]}
    assert cited_by(central, outsider) == []


def test_cited_by_costs_two_queries_per_kind_of_citing_object(
    make_document, tree, admin_user, django_assert_max_num_queries
):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    for n in range(12):
        unit = OrganizationFactory(name=f"Đơn vị {n}", parent=tree["propaganda"])
        services.record_citations(obj=unit, text="Chỉ thị 38-CT/TW", by=admin_user)
        make_document(
            f"{n + 1}-KH/TU", D(2010, 1, 5), organization=tree["party"], full_text="38-CT/TW"
        )
    # The kinds, then per kind the visible ids and the first rows: not a query per object.
    with django_assert_max_num_queries(5):
        groups = cited_by(central, admin_user)
    assert sorted(len(group.items) for group in groups) == [12, 12]


# --- the template filter -----------------------------------------------------------------------


def render(text):
    return Template("{% load directive_links %}{{ text|link_citations }}").render(
        Context({"text": text})
    )


def test_link_citations_links_symbols_and_escapes_everything_else(db):
    html = render(
        '<script>alert(1)</script> Theo Chỉ thị 38-CT/TW & "Nghị quyết 20-NQ/TW ngày 25-10-2017"'
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;" in html
    link = '<a class="citation-link" href="/directives/lookup/?symbol=38-CT%2FTW" '
    assert link + 'data-symbol="38-CT/TW"' in html
    assert "symbol=20-NQ%2FTW&amp;date=2017-10-25" in html
    assert html.count('class="citation-link"') == 2


def test_link_citations_runs_no_query_once_the_codes_are_cached(db, django_assert_num_queries):
    render("Chỉ thị 38-CT/TW")
    with django_assert_num_queries(0):
        render("Nghị quyết 20-NQ/TW và Nghị định 09/2019/NĐ-CP")


def test_link_citations_leaves_text_without_citations_alone(db):
    assert render("Tỷ lệ 34/34 xã, số nhà 12/3") == "Tỷ lệ 34/34 xã, số nhà 12/3"
    assert render("") == ""


def test_cited_by_lists_the_first_objects_and_counts_the_rest(make_document, tree, admin_user):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    for n in range(12):
        unit = OrganizationFactory(name=f"Đơn vị {n:02d}", parent=tree["propaganda"])
        services.record_citations(obj=unit, text="Chỉ thị 38-CT/TW", by=admin_user)
    [group] = cited_by(central, admin_user, limit=5)
    assert (len(group.items), group.total, group.more) == (5, 12, 7)


# --- a dated citation that fits no registered document -------------------------------------------

MISDATED = "Tiếp tục thực hiện Chỉ thị 38-CT/TW ngày 27/3/2015 về bảo hiểm y tế."


def render_for(obj, text):
    return Template("{% load directive_links %}{{ text|link_citations:obj }}").render(
        Context({"text": text, "obj": obj})
    )


def test_a_date_outside_the_only_registered_document_is_not_linked_to_it(make_document):
    make_document("38-CT/TW", D(2009, 9, 7))
    [citation] = extract(MISDATED)
    assert (citation["document_id"], citation["ambiguous"], citation["date_mismatch"]) == (
        None,
        False,
        True,
    )


def test_a_misdated_citation_is_stored_unlinked_and_shown_as_a_date_mismatch(
    make_document, citing, admin_user
):
    directive = make_document("38-CT/TW", D(2009, 9, 7))
    [row] = services.record_citations(obj=citing, text=MISDATED, by=admin_user)
    assert (row.document, row.date_mismatch) == (None, True)
    html = render_for(citing, MISDATED)
    assert directive.get_absolute_url() not in html
    assert 'class="citation-link"' not in html
    assert 'data-citation-state="date-mismatch"' in html
    assert "ngày không khớp" in html
    assert "/directives/lookup/?symbol=38-CT%2FTW&amp;date=2015-03-27" in html
    assert cited_by(directive, admin_user) == []


def test_an_editor_says_the_misdated_citation_means_the_registered_document(
    make_document, citing, admin_user, editor
):
    directive = make_document("38-CT/TW", D(2009, 9, 7))
    [row] = services.record_citations(obj=citing, text=MISDATED, by=admin_user)
    services.resolve_citation(citation=row, document=directive, by=editor)
    [again] = services.record_citations(obj=citing, text=MISDATED + " ", by=admin_user)
    assert (again.document, again.date_mismatch, again.resolved_manually) == (
        directive,
        False,
        True,
    )
    html = render_for(citing, MISDATED)
    assert f'<a class="citation-link" href="{directive.get_absolute_url()}"' in html
    assert "ngày không khớp" not in html


def test_an_editor_confirms_the_cited_document_is_not_in_the_registry(
    make_document, citing, admin_user, editor
):
    make_document("38-CT/TW", D(2009, 9, 7))
    [row] = services.record_citations(obj=citing, text=MISDATED, by=admin_user)
    services.resolve_citation(citation=row, document=None, by=editor)
    [again] = services.record_citations(obj=citing, text=MISDATED + " ", by=admin_user)
    assert (again.document, again.date_mismatch, again.resolved_manually) == (None, False, True)
    html = render_for(citing, MISDATED)
    assert 'data-citation-state="unregistered"' in html
    assert "<a " not in html and "ngày không khớp" not in html


def test_only_registry_editors_confirm_a_citation_is_not_in_the_registry(
    make_document, citing, admin_user, focal_point
):
    make_document("38-CT/TW", D(2009, 9, 7))
    [row] = services.record_citations(obj=citing, text=MISDATED, by=admin_user)
    with pytest.raises(PermissionDenied):
        services.resolve_citation(citation=row, document=None, by=focal_point)


def test_registering_the_document_of_that_date_links_the_misdated_citation(
    make_document, citing, admin_user
):
    make_document("38-CT/TW", D(2009, 9, 7))
    [row] = services.record_citations(obj=citing, text=MISDATED, by=admin_user)
    # Not a real 2015 directive: a second 38-CT/TW of another term, for the test.
    later = make_document("38-CT/TW", D(2015, 3, 27))
    row.refresh_from_db()
    assert (row.document, row.date_mismatch) == (later, False)


def test_an_undated_citation_with_one_candidate_links_to_it(make_document, citing, admin_user):
    directive = make_document("38-CT/TW", D(2009, 9, 7))
    services.record_citations(obj=citing, text="Theo Chỉ thị 38-CT/TW.", by=admin_user)
    html = render_for(citing, "Theo Chỉ thị 38-CT/TW.")
    assert f'<a class="citation-link" href="{directive.get_absolute_url()}"' in html
    assert "citation-unresolved" not in html


def test_the_stored_citations_cost_one_query_per_object(
    make_document, citing, admin_user, django_assert_num_queries
):
    make_document("38-CT/TW", D(2009, 9, 7))
    text = f"{MISDATED} Chỉ thị 38-CT/TW ngày 7-9-2009."
    services.record_citations(obj=citing, text=text, by=admin_user)
    render("Chỉ thị 38-CT/TW")  # the code lists are cached
    template = Template(
        "{% load directive_links %}{{ text|link_citations:obj }}{{ text|link_citations:obj }}"
    )
    with django_assert_num_queries(1):
        template.render(Context({"text": text, "obj": citing}))
