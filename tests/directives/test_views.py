"""The pages: who sees what, forms that keep input, HTMX fragments and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from phoihop.core import search
from phoihop.directives import selectors, services
from phoihop.directives.models import (
    Citation,
    Document,
    DocumentType,
    NumberReservation,
)
from phoihop.org.models import Membership
from phoihop.reviews import services as reviews
from phoihop.reviews.models import Review
from tests.factories import OrganizationFactory
from tests.spreadsheet_files import dimension_bomb, malformed_xml, shared_strings_bomb

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def registry(make_document, tree, admin_user):
    """A small registry: two 20-NQ/TW, a directive, a provincial plan implementing it (with a
    citing full text) and review milestones."""
    older = make_document("20-NQ/TW", D(2012, 11, 1), abstract="Về khoa học và công nghệ")
    newer = make_document("20-NQ/TW", D(2017, 10, 25), abstract="Về sức khỏe Nhân dân")
    directive = make_document("38-CT/TW", D(2009, 9, 7), abstract="Về đẩy mạnh bảo hiểm y tế")
    plan = make_document(
        "15-KH/TU",
        D(2009, 11, 10),
        organization=tree["party"],
        implements=[directive],
        abstract="Thực hiện Chỉ thị 38",
        full_text="Thực hiện Chỉ thị số 38-CT/TW ngày 7-9-2009 <b>và</b> Nghị quyết 20-NQ/TW.",
    )
    review = reviews.create_review(
        subject=directive,
        by=admin_user,
        kind="final",
        years_after=10,
        responsible=tree["propaganda"],
    )
    return {"older": older, "newer": newer, "directive": directive, "plan": plan, "review": review}


# --- access ------------------------------------------------------------------------------------

PAGES = [
    ("directives:document_list", None),
    ("reviews:calendar", None),
    ("directives:numbering_index", None),
    ("directives:document_detail", "directive"),
]


@pytest.mark.parametrize(("name", "target"), PAGES)
def test_anonymous_visitors_are_sent_to_login(registry, name, target):
    url = reverse(name, args=[registry[target].pk] if target else [])
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("name", "target"), PAGES)
def test_every_signed_in_person_reads_the_central_pages(registry, outsider, name, target):
    url = reverse(name, args=[registry[target].pk] if target else [])
    assert login(outsider).get(url).status_code == 200


def test_own_documents_are_404_outside_their_scope(registry, outsider, editor):
    url = reverse("directives:document_detail", args=[registry["plan"].pk])
    assert login(outsider).get(url).status_code == 404
    assert login(editor).get(url).status_code == 200


@pytest.mark.parametrize("name", ["directives:document_create", "directives:document_import"])
def test_readers_get_no_write_pages(registry, focal_point, name):
    assert login(focal_point).get(reverse(name)).status_code == 403


def test_buttons_follow_permissions(registry, focal_point, editor):
    url = reverse("directives:document_detail", args=[registry["directive"].pk])
    assert "Thêm mốc sơ kết" not in login(focal_point).get(url).content.decode()
    assert "Thêm mốc sơ kết" in login(editor).get(url).content.decode()
    listing = login(focal_point).get(reverse("directives:document_list")).content.decode()
    assert "Thêm văn bản" not in listing and "Nhập từ bảng tính" not in listing


# --- list --------------------------------------------------------------------------------------


def test_the_list_filters_by_symbol_and_explains_shared_symbols(registry, editor):
    response = login(editor).get(reverse("directives:document_list"), {"symbol": "20-NQ/TW"})
    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 2
    assert "ứng với 2 văn bản khác nhau" in html


def test_the_list_searches_without_diacritics_and_by_symbol(registry, editor):
    client = login(editor)
    by_text = client.get(reverse("directives:document_list"), {"q": "bao hiem y te"})
    by_symbol = client.get(reverse("directives:document_list"), {"q": "38-ct/tw"})
    assert list(by_text.context["documents"]) == [registry["directive"]]
    assert list(by_symbol.context["documents"]) == [registry["directive"]]


def test_htmx_gets_only_the_results_fragment(registry, editor):
    response = login(editor).get(reverse("directives:document_list"), {"system": "party"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="document-table"' in html


def test_bad_filters_are_reported_and_ignored(registry, editor):
    response = login(editor).get(
        reverse("directives:document_list"), {"year": "nam", "status": "x"}
    )
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.content.decode()
    assert (
        response.context["page_obj"].paginator.count == Document.objects.visible_to(editor).count()
    )


def test_the_list_does_not_grow_queries_with_rows(
    make_document, tree, editor, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 50  # every row on one page
    for n in range(40):
        make_document(f"{n + 1}-KH/TU", D(2010, 1, 5), organization=tree["party"], fields=[])
    client = login(editor)
    client.get(reverse("directives:document_list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("directives:document_list"))
    assert len(response.context["documents"]) == 40


# --- detail ------------------------------------------------------------------------------------


def test_the_detail_page_shows_chain_reviews_cited_by_and_linked_text(registry, editor):
    directive, plan = registry["directive"], registry["plan"]
    html = (
        login(editor)
        .get(reverse("directives:document_detail", args=[directive.pk]))
        .content.decode()
    )
    assert 'data-testid="implementation-chain"' in html and "15-KH/TU" in html
    assert "10 năm thực hiện Chỉ thị 38-CT/TW ngày 7-9-2009" in html
    cited_by_url = reverse("directives:document_cited_by", args=[directive.pk])
    assert f'href="{cited_by_url}"' in html[html.index('data-testid="cited-by"') :][:500]
    cited_by = login(editor).get(cited_by_url).content.decode()
    listed = cited_by[cited_by.index('data-testid="cited-by"') :]
    assert f'href="{plan.get_absolute_url()}"' in listed
    plan_html = (
        login(editor).get(reverse("directives:document_detail", args=[plan.pk])).content.decode()
    )
    # 38-CT/TW names one document: a link to it; 20-NQ/TW undated names two: flagged.
    assert plan_html.count('class="citation-link"') == 1
    assert f'href="{directive.get_absolute_url()}"' in plan_html
    assert 'data-citation-state="ambiguous"' in plan_html and "chưa rõ văn bản" in plan_html
    assert "&lt;b&gt;và&lt;/b&gt;" in plan_html


def test_a_citation_hidden_from_the_user_cannot_be_picked(registry, outsider, make_member, tree):
    citation = Citation.objects.get(symbol_key="20-NQ/TW")  # held by the Tỉnh ủy's plan
    other_editor = make_member(
        OrganizationFactory(name="Ban Tuyên giáo Nghệ An", kind="propaganda_department"),
        "specialist",
    )
    response = login(other_editor).post(
        reverse("directives:citation_resolve", args=[citation.pk]),
        {"document": registry["older"].pk},
    )
    assert response.status_code == 404


def test_the_detail_page_lets_an_editor_pick_an_ambiguous_citation(registry, editor):
    client = login(editor)
    older = registry["older"]
    html = client.get(reverse("directives:document_detail", args=[older.pk])).content.decode()
    assert 'data-testid="ambiguous-citations"' in html
    citation = Citation.objects.get(symbol_key="20-NQ/TW")
    response = client.post(
        reverse("directives:citation_resolve", args=[citation.pk]), {"document": older.pk}
    )
    assert response.status_code == 302
    citation.refresh_from_db()
    assert (citation.document, citation.ambiguous) == (older, False)


def test_the_cited_by_page_query_count_does_not_grow_with_citations(
    registry, tree, admin_user, editor, django_assert_max_num_queries
):
    for n in range(15):
        unit = OrganizationFactory(name=f"Đơn vị {n}", parent=tree["propaganda"])
        services.record_citations(
            obj=unit, text="Chỉ thị 38-CT/TW; Nghị quyết 20-NQ/TW", by=admin_user
        )
        reviews.create_review(
            subject=registry["directive"],
            by=admin_user,
            kind="other",
            due_on=D(2030, 1, n + 1),
            responsible=tree["propaganda"],
        )
    client = login(editor)
    detail = reverse("directives:document_detail", args=[registry["directive"].pk])
    cited_by = reverse("directives:document_cited_by", args=[registry["directive"].pk])
    client.get(detail)
    with django_assert_max_num_queries(16):
        client.get(detail)
    client.get(cited_by)
    with django_assert_max_num_queries(10):  # two kinds: their ids, then one page of rows
        response = client.get(cited_by)
    kinds = {kind.label: len(kind.ids) for kind in response.context["kinds"]}
    assert sum(kinds.values()) == 16, kinds
    assert len(response.context["objects"]) == len(response.context["kind"].ids)


def test_the_cited_by_page_shows_one_kind_a_page_at_a_time_newest_first(
    make_document, tree, admin_user, editor, settings
):
    settings.PAGE_SIZE = 5
    central = make_document("38-CT/TW", D(2009, 9, 7))
    plans = [
        make_document(
            f"{n + 1}-KH/TU",
            D(2010, 1, 5),
            organization=tree["party"],
            full_text="Thực hiện Chỉ thị 38-CT/TW",
        )
        for n in range(7)
    ]
    for plan in plans:
        services.record_citations(obj=plan, text=plan.full_text, by=admin_user)
    unit = OrganizationFactory(name="Đơn vị trích dẫn", parent=tree["propaganda"])
    services.record_citations(obj=unit, text="Chỉ thị 38-CT/TW", by=admin_user)
    client = login(editor)
    url = reverse("directives:document_cited_by", args=[central.pk])
    first = client.get(url, {"kind": "directives.document"})
    second = client.get(url, {"kind": "directives.document", "page": "2"})
    assert [doc.pk for doc in first.context["objects"]] == [p.pk for p in reversed(plans)][:5]
    assert [doc.pk for doc in second.context["objects"]] == [plans[1].pk, plans[0].pk]
    assert "Trang 1/2" in first.content.decode()
    organizations = client.get(url, {"kind": "org.organization"})
    assert organizations.context["objects"] == [unit]
    # An unknown kind shows the first kind rather than failing.
    assert client.get(url, {"kind": "<script>"}).status_code == 200


def test_the_cited_by_page_hides_what_the_reader_may_not_see(
    make_document, tree, admin_user, outsider
):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    plan = make_document("1-KH/TU", D(2010, 1, 5), organization=tree["party"])
    services.record_citations(obj=plan, text="Chỉ thị 38-CT/TW", by=admin_user)
    response = login(outsider).get(reverse("directives:document_cited_by", args=[central.pk]))
    assert response.status_code == 200 and response.context["kinds"] == []
    assert plan.symbol not in response.content.decode()
    hidden = login(outsider).get(reverse("directives:document_cited_by", args=[plan.pk]))
    assert hidden.status_code == 404


def test_lookup_opens_the_document_or_lists_the_candidates(registry, editor):
    client = login(editor)
    lookup = reverse("directives:document_lookup")
    single = client.get(lookup, {"symbol": "38-CT/TW"})
    dated = client.get(lookup, {"symbol": "20-NQ/TW", "date": "2017-10-25"})
    ambiguous = client.get(lookup, {"symbol": "20-NQ/TW"})
    assert single["Location"] == registry["directive"].get_absolute_url()
    assert dated["Location"] == registry["newer"].get_absolute_url()
    assert ambiguous["Location"] == "/directives/?symbol=20-NQ%2FTW"
    assert client.get(lookup, {"symbol": "không phải"}).status_code == 404


def test_lookup_of_a_date_no_registered_document_fits_lists_the_candidates(registry, editor):
    client = login(editor)
    lookup = reverse("directives:document_lookup")
    response = client.get(lookup, {"symbol": "38-CT/TW", "date": "2015-03-27"}, follow=True)
    assert response.redirect_chain[0][0] == "/directives/?symbol=38-CT%2FTW"
    html = response.content.decode()
    assert "Ngày 27/03/2015 trong trích dẫn không khớp văn bản nào mang số 38-CT/TW" in html


def test_an_editor_resolves_a_date_mismatch_from_the_candidates_page(registry, editor, tree):
    directive = registry["directive"]
    unit = OrganizationFactory(name="Đơn vị trích dẫn", parent=tree["propaganda"])
    [citation] = services.record_citations(
        obj=unit, text="Chỉ thị 38-CT/TW ngày 27/3/2015", by=editor
    )
    client = login(editor)
    url = reverse("directives:document_detail", args=[directive.pk])
    html = client.get(url).content.decode()
    panel = html[html.index('data-testid="ambiguous-citations"') :]
    assert "Chỉ thị 38-CT/TW ngày 27/3/2015" in panel and 'data-testid="date-mismatch"' in panel
    resolve = reverse("directives:citation_resolve", args=[citation.pk])
    response = client.post(resolve, {"document": directive.pk, "unregistered": "1"})
    assert response["Location"] == f"{url}#cited-by"
    citation.refresh_from_db()
    assert (citation.document, citation.date_mismatch, citation.resolved_manually) == (
        None,
        False,
        True,
    )
    assert 'data-testid="ambiguous-citations"' not in client.get(url).content.decode()
    client.post(resolve, {"document": directive.pk})  # changed their mind: it is this one
    citation.refresh_from_db()
    assert (citation.document, citation.resolved_manually) == (directive, True)


# --- forms -------------------------------------------------------------------------------------


def test_a_bad_symbol_keeps_what_was_typed(registry, editor, tree):
    response = login(editor).post(
        reverse("directives:document_create"),
        {
            "organization": tree["propaganda"].pk,
            "symbol": "238-QD",
            "issued_on": "2020-09-30",
            "abstract": "Quy chế phối hợp",
            "status": "in_force",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Số ký hiệu không hợp lệ: «238-QD»" in html
    assert 'value="238-QD"' in html and "Quy chế phối hợp" in html


def test_an_ambiguous_implemented_symbol_asks_for_a_date(registry, editor, tree):
    response = login(editor).post(
        reverse("directives:document_create"),
        {
            "symbol": "28-CTr/TU",
            "issued_on": "2018-03-15",
            "abstract": "Chương trình",
            "status": "in_force",
            "organization": tree["party"].pk,
            "implements": "20-NQ/TW",
        },
    )
    assert (
        "20-NQ/TW ứng với nhiều văn bản; hãy ghi thêm ngày ban hành." in response.content.decode()
    )


def test_creating_a_document_from_composed_parts(registry, editor, tree):
    response = login(editor).post(
        reverse("directives:document_create"),
        {
            "compose_system": "party",
            "compose_number": "28",
            "compose_type": "CTr",
            "compose_issuer": "TU",
            "issued_on": "2018-03-15",
            "abstract": "Chương trình hành động",
            "status": "in_force",
            "organization": tree["party"].pk,
            "implements": "20-NQ/TW ngày 25-10-2017",
            "file": SimpleUploadedFile("ctr.txt", b"noi dung"),
        },
    )
    document = Document.objects.get(symbol="28-CTr/TU")
    assert response["Location"] == document.get_absolute_url()
    assert list(document.implements.all()) == [registry["newer"]]
    assert (
        login(editor).get(reverse("directives:document_file", args=[document.pk])).status_code
        == 200
    )


def test_editing_keeps_relations_and_records_changes(registry, editor, tree):
    plan = registry["plan"]
    client = login(editor)
    form = client.get(reverse("directives:document_edit", args=[plan.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        abstract="Kế hoạch thực hiện Chỉ thị 38-CT/TW",
        issued_on="2009-11-10",
        organization=tree["party"].pk,
        fields=[],
    )
    response = client.post(reverse("directives:document_edit", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.abstract == "Kế hoạch thực hiện Chỉ thị 38-CT/TW"
    assert list(plan.implements.all()) == [registry["directive"]]


# --- reviews -----------------------------------------------------------------------------------


def test_the_review_calendar_lists_milestones_by_state(
    registry, editor, admin_user, tree, django_assert_max_num_queries
):
    for n in range(10):
        reviews.create_review(
            subject=registry["newer"],
            by=admin_user,
            kind="other",
            due_on=D(2026, 12, n + 1),
            responsible=tree["propaganda"],
        )
    client = login(editor)
    client.get(reverse("reviews:calendar"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reviews:calendar"), {"window": "90"})
    html = response.content.decode()
    assert 'data-testid="review-calendar"' in html
    assert html.count('data-testid="review-row"') == 11  # + the overdue 10-year review
    fragment = client.get(reverse("reviews:calendar"), {"include_done": "on"}, **HTMX)
    assert "<html" not in fragment.content.decode()


def test_adding_editing_and_completing_a_milestone(registry, editor, tree):
    client = login(editor)
    directive = registry["directive"]
    response = client.post(
        reverse("directives:review_create", args=[directive.pk]),
        {"kind": "preliminary", "years_after": "5", "responsible": tree["propaganda"].pk},
    )
    review = Review.objects.get(kind="preliminary")
    assert response["Location"] == review.get_absolute_url()
    assert review.due_on == D(2014, 9, 7)
    page = client.get(directive.get_absolute_url()).content.decode()
    for name in ("directives:review_edit", "directives:review_complete"):
        assert f'href="{reverse(name, args=[review.pk])}"' in page  # the editor's two links
    client.post(
        reverse("directives:review_edit", args=[review.pk]),
        {"kind": "preliminary", "years_after": "6", "responsible": tree["propaganda"].pk},
    )
    review.refresh_from_db()
    assert review.due_on == D(2015, 9, 7)
    client.post(
        reverse("directives:review_complete", args=[review.pk]),
        {
            "done_on": "2015-10-01",
            "report_file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao"),
            "report_note": "Xong",
        },
    )
    review.refresh_from_db()
    assert review.done_on == D(2015, 10, 1)
    assert client.get(reverse("reviews:report", args=[review.pk])).status_code == 200


def test_a_milestone_form_without_date_or_years_is_refused(registry, editor, tree):
    response = login(editor).post(
        reverse("directives:review_create", args=[registry["directive"].pk]),
        {"kind": "final", "responsible": tree["propaganda"].pk, "title": "Tổng kết"},
    )
    html = response.content.decode()
    assert "Hãy nhập số năm thực hiện hoặc ngày đến hạn." in html and 'value="Tổng kết"' in html


def test_focal_points_cannot_edit_milestones(registry, focal_point):
    url = reverse("directives:review_edit", args=[registry["review"].pk])
    assert login(focal_point).get(url).status_code == 404  # not in their scope at all


# --- numbering ---------------------------------------------------------------------------------


def test_numbering_shows_the_next_number_and_reserves_it(tree, editor):
    client = login(editor)
    url = reverse("directives:numbering", args=[tree["propaganda"].pk])
    plan = DocumentType.objects.get(system="party", code="KH")
    preview = client.get(url, {"type": plan.pk, "preview": "1"}, **HTMX).content.decode()
    assert "01-KH/BTGDVTU" in preview and "<html" not in preview
    response = client.post(url, {"type": plan.pk, "abstract": "Kế hoạch tuyên truyền"})
    assert response.status_code == 302
    assert NumberReservation.objects.get().symbol == "01-KH/BTGDVTU"
    page = client.get(url).content.decode()
    assert 'data-testid="reservation-table"' in page and "Kế hoạch tuyên truyền" in page


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "<script>", "0"])
def test_a_bad_type_on_the_numbering_page_is_a_form_error(tree, editor, value):
    client = login(editor)
    url = reverse("directives:numbering", args=[tree["propaganda"].pk])
    preview = client.get(url, {"type": value, "preview": "1"}, **HTMX)
    assert preview.status_code == 200 and 'data-testid="next-number"' not in preview.text
    page = client.get(url, {"type": value})
    assert page.status_code == 200 and 'data-testid="error-type"' in page.text
    posted = client.post(url, {"type": value})
    assert posted.status_code == 200 and 'data-testid="error-type"' in posted.text
    assert not NumberReservation.objects.exists()


def test_paging_the_numbers_given_shows_no_error_on_the_form(tree, editor):
    page = login(editor).get(
        reverse("directives:numbering", args=[tree["propaganda"].pk]), {"page": 2}
    )
    assert 'data-testid="error-type"' not in page.text and "is-invalid" not in page.text


def test_the_numbering_index_says_when_its_words_are_too_long(tree, editor):
    response = login(editor).get(reverse("directives:numbering_index"), {"q": "ban " * 40})
    assert response.status_code == 200 and 'data-testid="filter-errors"' in response.text


def test_numbering_is_read_only_or_hidden_for_others(tree, make_member, outsider):
    reader = make_member(tree["propaganda"], Membership.Role.COLLABORATOR)
    url = reverse("directives:numbering", args=[tree["propaganda"].pk])
    page = login(reader).get(url).content.decode()
    assert "Cấp số</button>" not in page.replace("\n", "")
    assert login(reader).post(url, {"type": 1}).status_code == 403
    assert login(outsider).get(url).status_code == 404


def test_numbering_pages_keep_query_counts_flat(tree, editor, django_assert_max_num_queries):
    plan = DocumentType.objects.get(system="party", code="KH")
    for _ in range(25):
        services.reserve_number(organization=tree["propaganda"], type=plan, by=editor)
    client = login(editor)
    url = reverse("directives:numbering", args=[tree["propaganda"].pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    with django_assert_max_num_queries(10):
        client.get(reverse("directives:numbering_index"))


# --- import ------------------------------------------------------------------------------------


def test_the_import_page_checks_then_imports(catalogue_editor, empty_registry):
    client = login(catalogue_editor)
    content = "Số ký hiệu,Ngày ban hành,Trích yếu\n38-CT/TW,7/9/2009,Về bảo hiểm y tế\n".encode()
    checked = client.post(
        reverse("directives:document_import"),
        {"file": SimpleUploadedFile("a.csv", content), "action": "check"},
    )
    assert 'data-testid="import-preview"' in checked.content.decode()
    assert not Document.objects.exists()
    imported = client.post(
        reverse("directives:document_import"),
        {"file": SimpleUploadedFile("a.csv", content), "action": "import"},
    )
    assert imported.status_code == 302 and Document.objects.get().symbol == "38-CT/TW"


def test_the_import_page_lists_row_errors(editor, empty_registry):
    content = "Số ký hiệu,Ngày ban hành,Trích yếu\n38-CT/TW,7/9/2009,x\nabc,1/1/2020,y\n".encode()
    response = login(editor).post(
        reverse("directives:document_import"),
        {"file": SimpleUploadedFile("a.csv", content), "action": "import"},
    )
    html = response.content.decode()
    assert 'data-testid="import-errors"' in html
    assert '<tr data-testid="import-error"><td>3</td>' in html  # the shared table of row errors
    assert not Document.objects.exists()


def test_a_long_implementation_chain_is_cut_with_a_link_to_all(make_document, tree, editor):
    central = make_document("38-CT/TW", D(2009, 9, 7))
    for n in range(23):
        make_document(
            f"{n + 1}-KH/TU", D(2010, 1, 5), organization=tree["party"], implements=[central]
        )
    client = login(editor)
    html = client.get(reverse("directives:document_detail", args=[central.pk])).content.decode()
    assert "Đang hiện 10 trong 23 văn bản triển khai." in html
    listing = client.get(reverse("directives:document_list"), {"implements": central.pk})
    assert listing.context["page_obj"].paginator.count == 23
    assert 'data-testid="implements-filter"' in listing.content.decode()


def test_the_numbering_index_finds_organisations_without_diacritics(tree, editor):
    for organization in tree.values():
        search.index(organization)
    response = login(editor).get(reverse("directives:numbering_index"), {"q": "ban tuyen giao"})
    assert list(response.context["page_obj"].object_list) == [tree["propaganda"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (malformed_xml(), "Không đọc được tệp Excel"),
        (b"not a zip at all", "Không đọc được tệp Excel"),
        (shared_strings_bomb(one_of_mb=30), "Tệp quá lớn"),
    ],
    ids=["malformed-xml", "not-a-zip", "shared-strings-bomb"],
)
def test_a_hostile_workbook_is_a_vietnamese_error_on_the_file_field(
    editor, empty_registry, content, message
):
    response = login(editor).post(
        reverse("directives:document_import"),
        {"file": SimpleUploadedFile("a.xlsx", content), "action": "check"},
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["file"][0]
    assert message in response.content.decode()


def test_a_dimension_bomb_imports_its_real_rows_only(catalogue_editor, empty_registry):
    content = dimension_bomb(
        [["Số ký hiệu", "Ngày ban hành", "Trích yếu"], ["38-CT/TW", "7/9/2009", "Về bảo hiểm y tế"]]
    )
    # A central document (no «Tổ chức» column): only a catalogue editor may import it.
    response = login(catalogue_editor).post(
        reverse("directives:document_import"),
        {"file": SimpleUploadedFile("a.xlsx", content), "action": "import"},
    )
    assert response.status_code == 302 and Document.objects.get().symbol == "38-CT/TW"


def test_the_type_filter_names_each_type_in_full(registry, editor):
    page = login(editor).get(reverse("directives:document_list")).content.decode()
    assert ">Chỉ thị (CT)</option>" in page
    assert ">CT</option>" not in page


def test_the_detail_page_lists_the_first_reviews_and_links_to_all(registry, tree, admin_user):
    for n in range(12):
        reviews.create_review(
            subject=registry["directive"],
            by=admin_user,
            kind="other",
            due_on=D(2030, 1, n + 1),
            responsible=tree["propaganda"],
        )
    client = login(admin_user)
    url = reverse("directives:document_detail", args=[registry["directive"].pk])
    page = client.get(url).content.decode()
    shown = page.split('data-testid="review-list"')[1].split("</ul>")[0]
    assert shown.count("<li") == 10 and "01/01/2030" in shown and "11/01/2030" not in shown
    assert "Đang hiện 10 trong 13 mốc." in page and 'href="?reviews=all#reviews"' in page
    everything = client.get(url, {"reviews": "all"}).content.decode()
    assert everything.split('data-testid="review-list"')[1].split("</ul>")[0].count("<li") == 13
    assert 'data-testid="reviews-more"' not in everything


def test_the_detail_page_lists_every_linked_document_the_user_may_see(
    make_document, tree, admin_user, editor, outsider, django_assert_max_num_queries
):
    old = make_document("5-CT/TW", D(2001, 3, 1), abstract="Chỉ thị cũ")
    amender = make_document("9-QĐ/TW", D(2012, 5, 2), abstract="Quyết định sửa đổi")
    document = make_document(
        "5-CT/TW", D(2011, 4, 1), replaced_by=None, abstract="Chỉ thị mới", amended_by=[amender]
    )
    services.update_document(document=old, by=admin_user, replaced_by=document)
    amended = make_document("3-QĐ/TW", D(2010, 1, 1), amended_by=[document])
    own_plan = make_document(
        "1-KH/TU", D(2011, 6, 1), organization=tree["party"], implements=[document]
    )
    plan = make_document("2-KH/TU", D(2011, 7, 1), organization=tree["party"])
    implementer = make_document(
        "7-KH/TU", D(2011, 8, 1), organization=tree["party"], implements=[document]
    )
    services.update_document(document=document, by=admin_user, implements=[plan])
    html = login(editor).get(document.get_absolute_url()).content.decode()
    assert "Thay thế" in html and old.get_absolute_url() in html
    assert amender.get_absolute_url() in html and amended.get_absolute_url() in html
    assert plan.get_absolute_url() in html and implementer.get_absolute_url() in html
    related = selectors.related_documents(document, editor)
    assert related == {
        "replaces": [old],
        "amended_by": [amender],
        "amends": [amended],
        "implements": [plan],
        "same_symbol": [old],
    }
    # It implements this one: the implementation chain lists it, not these relations.
    assert all(own_plan not in documents for documents in related.values())
    hidden = selectors.related_documents(document, outsider)
    assert hidden["implements"] == [] and hidden["replaces"] == [old]
    with django_assert_max_num_queries(2):
        selectors.related_documents(document, editor)
